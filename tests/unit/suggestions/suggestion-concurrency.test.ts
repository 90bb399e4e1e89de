/**
 * The concurrency rules of suggestions that the model decides (header of
 * shared/suggestions/suggestions.ts, docs/decisions/suggestions.md), each in
 * both delivery orders and with the client ids both ways round, on real Y.Docs.
 */
import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  acceptSuggestion,
  createSuggestion,
  readSuggestions,
  rejectSuggestion,
  replyToSuggestion,
  withdrawSuggestion,
  type SuggestionKind,
} from '../../../shared/suggestions/suggestions.ts';
import { anna, bo, cecilia, docWithClient, send } from '../comments/comment-members.ts';

const jamyChapter = { owner: 'jamy' as const };
type Branch = (doc: Y.Doc) => void;

/**
 * Bo's suggestion on three peers; `left` and `right` act offline on two of
 * them; a third receives their work in both orders. Returns what every peer reads.
 */
function concurrently(kind: SuggestionKind, left: Branch, right: Branch, clients: [number, number]) {
  const origin = docWithClient(9);
  createSuggestion(origin, bo, { id: '9.0', kind, at: '2025-03-03T09:00:00.000Z' });
  const [l, r, o1, o2] = [docWithClient(clients[0]), docWithClient(clients[1]), docWithClient(3), docWithClient(4)];
  for (const d of [l, r, o1, o2]) send(origin, d);
  left(l);
  right(r);
  send(l, o1);
  send(r, o1);
  send(r, o2);
  send(l, o2);
  send(l, r);
  send(r, l);
  const readings = [l, r, o1, o2].map((d) => readSuggestions(d));
  for (const reading of readings) expect(reading).toEqual(readings[0]);
  const [s] = readings[0] ?? [];
  if (!s) throw new Error('the suggestion is gone');
  return s;
}

const accept: Branch = (d) => acceptSuggestion(d, cecilia, jamyChapter, '9.0', '2025-03-03T10:00:00.000Z');
const reject: Branch = (d) => rejectSuggestion(d, anna, jamyChapter, '9.0', '2025-03-03T10:00:01.000Z');
const withdraw: Branch = (d) => withdrawSuggestion(d, bo, '9.0', '2025-03-03T10:00:02.000Z');
const reply: Branch = (d) => replyToSuggestion(d, bo, '9.0', { id: 'r1', text: 'Se källan.', at: '2025-03-03T10:00:03.000Z' });

const CLIENT_ORDERS: [number, number][] = [
  [1, 2],
  [2, 1],
];

describe('accept ∥ reject of the same suggestion: the outcome the merged text shows', () => {
  for (const clients of CLIENT_ORDERS) {
    it(`an insertion ends rejected, both decisions in the history (clients ${clients.join(',')})`, () => {
      const s = concurrently('insert', accept, reject, clients);
      expect(s.state).toBe('rejected');
      expect(s.contested).toBe(true);
      expect(s.decision?.by.memberId).toBe(anna.memberId);
      expect(s.events.map((e) => e.type).sort()).toEqual(['accepted', 'created', 'rejected']);
    });

    it(`a deletion ends accepted (clients ${clients.join(',')})`, () => {
      const s = concurrently('delete', reject, accept, clients);
      expect(s.state).toBe('accepted');
      expect(s.contested).toBe(true);
      expect(s.decision?.by.memberId).toBe(cecilia.memberId);
    });

    it(`a formatting and a block change end rejected (clients ${clients.join(',')})`, () => {
      expect(concurrently('format', accept, reject, clients).state).toBe('rejected');
      expect(concurrently('block', reject, accept, clients).state).toBe('rejected');
    });

    it(`accept ∥ withdraw of an insertion ends withdrawn (clients ${clients.join(',')})`, () => {
      expect(concurrently('insert', accept, withdraw, clients).state).toBe('withdrawn');
    });

    it(`accept ∥ accept is accepted once, by the same person on every peer (clients ${clients.join(',')})`, () => {
      const other: Branch = (d) => acceptSuggestion(d, anna, jamyChapter, '9.0', '2025-03-03T10:00:04.000Z');
      const s = concurrently('insert', accept, other, clients);
      expect(s.state).toBe('accepted');
      expect(s.contested).toBe(false);
      expect(s.events.filter((e) => e.type === 'accepted')).toHaveLength(2);
    });
  }
});

describe('reject ∥ reply: both survive', () => {
  for (const clients of CLIENT_ORDERS) {
    it(`the suggestion is rejected and the reply is in its thread (clients ${clients.join(',')})`, () => {
      const s = concurrently('insert', reject, reply, clients);
      expect(s.state).toBe('rejected');
      expect(s.messages.map((m) => m.text)).toEqual(['Se källan.']);
      expect(s.events.map((e) => e.type).sort()).toEqual(['created', 'rejected', 'replied']);
    });
  }
});

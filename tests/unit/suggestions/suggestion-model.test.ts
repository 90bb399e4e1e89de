/** The suggestion model (shared/suggestions/suggestions.ts): operations, history, permissions enforced, defensive reading. */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  acceptSuggestion,
  createSuggestion,
  readSuggestions,
  rejectSuggestion,
  replyToSuggestion,
  suggestionsMap,
  withdrawSuggestion,
  type Suggestion,
} from '../../../shared/suggestions/suggestions.ts';
import { anna, bo, cecilia, david, docWithClient } from '../comments/comment-members.ts';

const jamyChapter = { owner: 'jamy' as const };
const T0 = '2025-03-03T09:00:00.000Z';
const T1 = '2025-03-03T10:00:00.000Z';

function only(doc: Y.Doc): Suggestion {
  const [s, ...rest] = readSuggestions(doc);
  if (!s || rest.length) throw new Error('expected exactly one suggestion');
  return s;
}

function boSuggests(doc: Y.Doc): void {
  createSuggestion(doc, bo, { id: '1.0', kind: 'insert', at: T0 });
}

describe('the suggestion model', () => {
  it('a new suggestion is open, with its author, agency, time and a created event', () => {
    const doc = docWithClient(1);
    boSuggests(doc);
    const s = only(doc);
    expect(s).toMatchObject({ id: '1.0', kind: 'insert', state: 'open', createdAt: T0, decision: null, contested: false });
    expect(s.author).toEqual({ memberId: bo.memberId, name: bo.name, agency: 'sos' });
    expect(s.events.map((e) => e.type)).toEqual(['created']);
  });

  it('a reply is in the thread and the history', () => {
    const doc = docWithClient(1);
    boSuggests(doc);
    replyToSuggestion(doc, bo, '1.0', { id: 'r1', text: '  Tydligare så.  ', at: T1 });
    const s = only(doc);
    expect(s.messages).toEqual([{ id: 'r1', author: expect.objectContaining({ memberId: bo.memberId }), createdAt: T1, text: 'Tydligare så.' }]);
    expect(s.events.map((e) => e.type)).toEqual(['created', 'replied']);
  });

  it('the owner agency accepts; the decision is an event with who and when', () => {
    const doc = docWithClient(1);
    boSuggests(doc);
    acceptSuggestion(doc, cecilia, jamyChapter, '1.0', T1);
    const s = only(doc);
    expect(s.state).toBe('accepted');
    expect(s.decision).toEqual({ by: expect.objectContaining({ memberId: cecilia.memberId }), at: T1 });
    expect(s.events.at(-1)).toMatchObject({ type: 'accepted', at: T1 });
  });

  it('the coordinator rejects; the suggestion stays listable with its history', () => {
    const doc = docWithClient(1);
    boSuggests(doc);
    rejectSuggestion(doc, anna, jamyChapter, '1.0', T1);
    expect(only(doc).state).toBe('rejected');
    expect(only(doc).events.map((e) => e.type)).toEqual(['created', 'rejected']);
  });

  it('the author withdraws their own suggestion', () => {
    const doc = docWithClient(1);
    boSuggests(doc);
    withdrawSuggestion(doc, bo, '1.0', T1);
    expect(only(doc).state).toBe('withdrawn');
  });

  it('a refused operation writes nothing', () => {
    const doc = docWithClient(1);
    boSuggests(doc);
    const before = Y.encodeStateVector(doc);
    expect(() => acceptSuggestion(doc, bo, jamyChapter, '1.0')).toThrow(expect.objectContaining({ code: 'not-allowed' }));
    expect(() => withdrawSuggestion(doc, cecilia, '1.0')).toThrow(expect.objectContaining({ code: 'not-allowed' }));
    expect(() => createSuggestion(doc, david, { id: '9.0', kind: 'insert' })).toThrow(expect.objectContaining({ code: 'not-allowed' }));
    expect(() => replyToSuggestion(doc, david, '1.0', { id: 'r', text: 'x' })).toThrow(expect.objectContaining({ code: 'not-allowed' }));
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('a decided suggestion cannot be decided again', () => {
    const doc = docWithClient(1);
    boSuggests(doc);
    rejectSuggestion(doc, cecilia, jamyChapter, '1.0', T1);
    expect(() => acceptSuggestion(doc, anna, jamyChapter, '1.0')).toThrow(expect.objectContaining({ code: 'already-decided' }));
    expect(only(doc).events.map((e) => e.type)).toEqual(['created', 'rejected']);
  });

  it('an id is used once, and must look like an id', () => {
    const doc = docWithClient(1);
    boSuggests(doc);
    expect(() => boSuggests(doc)).toThrow(expect.objectContaining({ code: 'invalid-suggestion' }));
    expect(() => createSuggestion(doc, bo, { id: 'not an id', kind: 'insert' })).toThrow(expect.objectContaining({ code: 'invalid-suggestion' }));
  });

  it('entries a faulty peer wrote are skipped, and unreadable events do not hide the rest', () => {
    const doc = docWithClient(1);
    boSuggests(doc);
    const map = suggestionsMap(doc);
    map.set('2.0', new Y.Map<unknown>([['id', '2.0'], ['kind', 'teleport']]) );
    map.set('3.0', 'not a map' as unknown as Y.Map<unknown>);
    const events = map.get('1.0')?.get('events') as Y.Array<unknown>;
    events.push([{ type: 'accepted', by: 'nobody', at: T1 }]);
    const s = only(doc);
    expect(s.id).toBe('1.0');
    expect(s.state).toBe('open');
  });
});

/**
 * The concurrency rules of suggestions (docs/decisions/suggestions.md §3) on
 * the text: two members act on one suggestion at the same time, offline,
 * and their changes meet in either delivery order. Each test states the
 * text both intended, the state of the suggestion, and that nothing
 * suggested is lost without a decision someone made.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { decideSuggestions, pendingSuggestionIds } from '../../../shared/suggestions/decide.ts';
import { readSuggestions, replyToSuggestion } from '../../../shared/suggestions/suggestions.ts';
import { doc, p } from '../../support/doc-builders.ts';
import { anna, bo, maja, markup, migrChapter, posOf, select, storedMarkup, suggestingPeers, type, type SuggestingPeer } from '../support/suggestion-peers.ts';

type Action = (peer: SuggestingPeer) => void;

const chapter = doc(p('Målgruppen är kvinnor som har kommit hit.'));

function send(from: SuggestingPeer, to: SuggestingPeer): void {
  Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(to.doc)));
}

/**
 * Bo, Maja and Anna on one chapter; `prepare` runs on Bo's copy and reaches
 * everyone; then `left` acts on one copy and `right` on another, offline,
 * and their updates are delivered in the given order. Returns the three.
 */
function meet(prepare: Action, left: [SuggestingPeer['member'], Action], right: [SuggestingPeer['member'], Action], order: 'left first' | 'right first'): SuggestingPeer[] {
  const peers = suggestingPeers(chapter, [{ member: bo }, { member: maja }, { member: anna, mode: 'suggest' }]);
  const [b] = peers as [SuggestingPeer];
  prepare(b);
  for (const peer of peers) if (peer !== b) send(b, peer);
  const l = peers.find((peer) => peer.member === left[0]) as SuggestingPeer;
  const r = peers.find((peer) => peer.member === right[0]) as SuggestingPeer;
  left[1](l);
  right[1](r);
  const [first, second] = order === 'left first' ? [l, r] : [r, l];
  for (const to of peers) if (to !== first) send(first, to);
  for (const to of peers) if (to !== second) send(second, to);
  for (const from of peers) for (const to of peers) if (from !== to) send(from, to);
  const shown = peers.map((peer) => markup(peer.view.state.doc));
  for (const text of shown) expect(text).toBe(shown[0]);
  expect(storedMarkup(peers[0]!.doc)).toBe(shown[0]);
  return peers;
}

const ORDERS = ['left first', 'right first'] as const;

function openIdsOf(peer: SuggestingPeer): string[] {
  return [...pendingSuggestionIds(peer.doc)];
}

const boInserts: Action = (b) => {
  select(b, posOf(b.view.state.doc, 'kvinnor'));
  type(b, ' och flickor');
};
const boDeletes: Action = (b) => {
  const d = b.view.state.doc;
  select(b, posOf(d, ' som har', true), posOf(d, ' som har'));
  b.view.dispatch(b.view.state.tr.deleteSelection());
};
const decide = (action: 'accept' | 'reject'): Action => (peer) => {
  decideSuggestions(peer.doc, chapterText(peer.doc), peer.member, migrChapter, openIdsOf(peer), action);
};

describe('concurrent decisions and edits on one suggestion, in both delivery orders', () => {
  for (const order of ORDERS) {
    it(`accept ∥ its author typing on inside it (${order}): the words typed inside are accepted with it`, () => {
      // Rule: an accept covers the suggestion as a whole, including what its
      // author added inside it before the accept reached them (Yjs gives
      // text inside a formatted range that range's formatting).
      const peers = meet(
        boInserts,
        [maja, decide('accept')],
        [bo, (b) => {
          select(b, posOf(b.view.state.doc, ' och'));
          type(b, ' unga');
        }],
        order,
      );
      expect(markup(peers[1]!.view.state.doc)).toBe('Målgruppen är kvinnor och unga flickor som har kommit hit.');
      expect(openIdsOf(peers[1]!)).toEqual([]);
    });

    it(`reject ∥ its author typing on inside it (${order}): the rejected words go; the words typed inside were never decided, and stay a suggestion`, () => {
      // The owner rejected what she saw. Bo's new words reached her later:
      // they must not become her chapter's text without a decision (before,
      // the reject's formatting clean-up made them plain), nor be deleted.
      const peers = meet(
        boInserts,
        [maja, decide('reject')],
        [bo, (b) => {
          select(b, posOf(b.view.state.doc, ' och'));
          type(b, ' unga');
        }],
        order,
      );
      const m = peers[1]!;
      expect(markup(m.view.state.doc)).toBe('Målgruppen är kvinnor[+ unga] som har kommit hit.');
      // Pending again (rule 4): the owner can decide the new words.
      expect(openIdsOf(m).length).toBe(1);
      decide('reject')(m);
      for (const peer of peers) send(m, peer);
      expect(markup(peers[0]!.view.state.doc)).toBe('Målgruppen är kvinnor som har kommit hit.');
    });

    it(`accept ∥ the owner typing inside it (${order}): her words are hers; text after it may show as the suggestion again, and deciding again never deletes it`, () => {
      const peers = meet(
        boInserts,
        [anna, decide('accept')],
        [maja, (m) => {
          select(m, posOf(m.view.state.doc, ' och'));
          type(m, ' unga');
        }],
        order,
      );
      const m = peers[1]!;
      // Maja's words were never suggested: they are plain.
      expect(markup(m.view.state.doc)).toMatch(/^Målgruppen är kvinnor och unga/);
      // Yjs may drop the suggestion's end (redundant on Anna's copy) while
      // Maja's typing re-opened it: the words after it then carry the id and
      // the suggestion is pending again (rule 4). Deciding it again is safe.
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(m.doc));
      decideSuggestions(copy, chapterText(copy), maja, migrChapter, [...pendingSuggestionIds(copy)], 'reject');
      // A reject deletes only what Bo wrote: " flickor"; the chapter's own words stay.
      expect(chapterText(copy).toString()).toContain('som har kommit hit.');
      decide('accept')(m);
      expect(markup(m.view.state.doc)).toBe('Målgruppen är kvinnor och unga flickor som har kommit hit.');
    });

    it(`reject ∥ a reply (${order}): the words go, the reply stays in the history`, () => {
      const peers = meet(
        boInserts,
        [maja, decide('reject')],
        [bo, (b) => replyToSuggestion(b.doc, bo, readSuggestions(b.doc)[0]!.id, { id: 'r1', text: 'Se SCB:s statistik.' })],
        order,
      );
      expect(markup(peers[0]!.view.state.doc)).toBe('Målgruppen är kvinnor som har kommit hit.');
      const [suggestion] = readSuggestions(peers[2]!.doc);
      expect(suggestion).toMatchObject({ state: 'rejected', messages: [{ text: 'Se SCB:s statistik.' }] });
      expect(suggestion?.events.map((e) => e.type).sort()).toEqual(['created', 'rejected', 'replied']);
    });

    it(`accept ∥ reject of an insertion (${order}): the reject holds, the words go, and both decisions are kept`, () => {
      const peers = meet(boInserts, [maja, decide('accept')], [anna, decide('reject')], order);
      expect(markup(peers[0]!.view.state.doc)).toBe('Målgruppen är kvinnor som har kommit hit.');
      const [suggestion] = readSuggestions(peers[0]!.doc);
      expect(suggestion).toMatchObject({ state: 'rejected', contested: true });
      expect(suggestion?.events.filter((e) => e.type !== 'created').map((e) => e.type).sort()).toEqual(['accepted', 'rejected']);
    });

    it(`accept ∥ reject of a deletion (${order}): the accept holds, the words go`, () => {
      const peers = meet(boDeletes, [maja, decide('accept')], [anna, decide('reject')], order);
      expect(markup(peers[0]!.view.state.doc)).toBe('Målgruppen är kvinnor kommit hit.');
      expect(readSuggestions(peers[0]!.doc)[0]).toMatchObject({ state: 'accepted', contested: true });
    });

    it(`a suggested insertion inside a sentence the owner deletes at the same time (${order}): the suggested words survive, still a suggestion`, () => {
      const peers = meet(
        () => {},
        [bo, boInserts],
        [maja, (m) => {
          const d = m.view.state.doc;
          select(m, posOf(d, 'Målgruppen', true), posOf(d, 'hit.'));
          m.view.dispatch(m.view.state.tr.deleteSelection());
        }],
        order,
      );
      // Maja deleted the words she saw; Bo's were not among them. Nothing Bo suggested is lost.
      expect(markup(peers[0]!.view.state.doc)).toBe('[+ och flickor]');
      expect(openIdsOf(peers[0]!)).toHaveLength(1);
    });

    it(`a suggested deletion of words the owner deletes for real (${order}): the words go, the suggestion is detached, and can be withdrawn`, () => {
      const peers = meet(
        boDeletes,
        [maja, (m) => {
          const d = m.view.state.doc;
          select(m, posOf(d, ' som', true), posOf(d, ' kommit', true));
          m.view.dispatch(m.view.state.tr.deleteSelection());
        }],
        [bo, () => {}],
        order,
      );
      expect(markup(peers[0]!.view.state.doc)).toBe('Målgruppen är kvinnor kommit hit.');
      const [b] = peers as [SuggestingPeer];
      expect(readSuggestions(b.doc)[0]?.state).toBe('open');
      expect(openIdsOf(b)).toHaveLength(1);
      expect(decideSuggestions(b.doc, chapterText(b.doc), bo, migrChapter, openIdsOf(b), 'withdraw').decided).toHaveLength(1);
    });

    it(`two suggestions on overlapping words (${order}): both stay; deciding one leaves the other`, () => {
      const peers = meet(
        () => {},
        [bo, boDeletes],
        [anna, (a) => {
          const d = a.view.state.doc;
          select(a, posOf(d, 'kvinnor som', true), posOf(d, 'kvinnor som'));
          a.view.dispatch(a.view.state.tr.deleteSelection());
        }],
        order,
      );
      const m = peers[1]!;
      expect(markup(m.view.state.doc)).toBe('Målgruppen är [-kvinnor][- som][- har] kommit hit.');
      const boId = readSuggestions(m.doc).find((s) => s.author.memberId === bo.memberId)!.id;
      const annaId = readSuggestions(m.doc).find((s) => s.author.memberId === anna.memberId)!.id;
      decideSuggestions(m.doc, chapterText(m.doc), maja, migrChapter, [boId], 'reject');
      expect(markup(m.view.state.doc)).toBe('Målgruppen är [-kvinnor som] har kommit hit.');
      decideSuggestions(m.doc, chapterText(m.doc), maja, migrChapter, [annaId], 'accept');
      expect(markup(m.view.state.doc)).toBe('Målgruppen är  har kommit hit.');
    });
  }
});

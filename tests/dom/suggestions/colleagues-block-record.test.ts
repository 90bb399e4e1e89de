/**
 * A colleague's record of a block (`before`, block-marker.ts) on a block
 * that carries Bo's suggestion. Bo (Socialstyrelsen) suggests removing a
 * paragraph break in Migrationsverket's chapter while Anna (the
 * coordinator, in Föreslå) suggests the same paragraph as a heading, both
 * offline. Where Yjs keeps Bo's of the two concurrent `suggestion` writes
 * (his client id the higher), the block carries his suggestion and Anna's
 * `before`, which his suggestion never wrote. Bo then withdraws his
 * suggestion and takes the withdrawal back with undo. The withdrawal took
 * away Anna's `before` with his suggestion, and the undo wrote it back as
 * his: a record of the block for a change he never suggested, which the
 * server refuses (block-field-rule.ts; fuzz seeds 316 and 803 with client
 * ids 9,2,3). A decision takes away only the `before` its suggestion's
 * writers wrote (text-decisions.ts `decideMarker`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { joinBackward, setBlockType } from 'prosemirror-commands';
import { wrapInList } from 'prosemirror-schema-list';
import * as Y from 'yjs';
import { schema } from '../../../shared/schema/schema.ts';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { decideSuggestions, pendingSuggestionIds } from '../../../shared/suggestions/decide.ts';
import { readSuggestions } from '../../../shared/suggestions/suggestions.ts';
import { undoCommand } from '../../../src-renderer/editor/commands.ts';
import { doc, p } from '../../support/doc-builders.ts';
import { serverJudge } from '../support/server-judge.ts';
import { anna, bo, expectSameEverywhere, maja, markup, migrChapter, outlineOf, posOf, select, send, suggestingPeers, syncAll, type SuggestingPeer } from '../support/suggestion-peers.ts';

const chapter = doc(p('Målgruppen är kvinnor.'), p('Andra stycket.'));
const ORDERS = ['Bo first', 'Anna first'] as const;
/** Bo's Yjs client id below and above his colleagues' (2, 3): which of two concurrent writes to a block's `suggestion` Yjs keeps. */
const BO_IDS = [1, 9] as const;

let open: SuggestingPeer[] = [];
afterEach(() => {
  for (const peer of open) peer.destroy();
  open = [];
});

describe('Bo withdraws his suggestion on a block that also has Anna’s concurrent heading suggestion, and takes the withdrawal back', () => {
  for (const boId of BO_IDS) {
    for (const order of ORDERS) {
      it(`Bo's client id ${boId}, ${order}: his undo gives back what his withdrawal took, Anna's heading stays, and the server takes every update`, () => {
        const peers = suggestingPeers(chapter, [{ member: bo }, { member: maja }, { member: anna, mode: 'suggest' }], [boId, 2, 3]);
        open = peers;
        const [b, , a] = peers as [SuggestingPeer, SuggestingPeer, SuggestingPeer];
        const server = serverJudge(peers);
        // Offline, each: Bo suggests joining the two paragraphs, Anna suggests the second as a heading.
        select(b, posOf(b.view.state.doc, 'Andra', true));
        expect(joinBackward(b.view.state, b.view.dispatch)).toBe(true);
        expect(markup(b.view.state.doc)).toBe('Målgruppen är kvinnor. | ¶-Andra stycket.');
        select(a, posOf(a.view.state.doc, 'Andra'));
        expect(setBlockType(schema.nodes.heading, { level: 2 })(a.view.state, a.view.dispatch)).toBe(true);
        expect(markup(a.view.state.doc)).toBe('Målgruppen är kvinnor. | ¶~h2:Andra stycket.');
        const [first, second] = order === 'Bo first' ? [b, a] : [a, b];
        expect(server.receive(first)).toEqual([]);
        expect(server.receive(second)).toEqual([]);
        syncAll(peers);
        // Yjs keeps the higher client id's `suggestion`; Anna's heading (the type field) stays either way.
        const merged = boId === 9 ? 'Målgruppen är kvinnor. | ¶-h2:Andra stycket.' : 'Målgruppen är kvinnor. | ¶~h2:Andra stycket.';
        expectSameEverywhere(peers, merged);

        const bos = readSuggestions(b.doc).filter((s) => s.author.memberId === bo.memberId).map((s) => s.id);
        b.newUndoStep();
        decideSuggestions(b.doc, chapterText(b.doc), bo, migrChapter, bos, 'withdraw');
        expect(server.receive(b)).toEqual([]);
        syncAll(peers);
        expectSameEverywhere(peers, boId === 9 ? 'Målgruppen är kvinnor. | h2:Andra stycket.' : merged);

        // Ctrl+Z: his withdrawal is taken back.
        undoCommand(b.view.state, b.view.dispatch);
        expect(server.receive(b)).toEqual([]);
        syncAll(peers);
        expectSameEverywhere(peers, merged);
      });
    }
  }
});

/**
 * Fuzz seed 789 (client ids 9,2,3): Maja rejects Bo's list suggestion, and
 * Anna, who has the reject, suggests a list of her own on the same block.
 * Bo gets Anna's update but not Maja's: Yjs applies a client's items in
 * order and holds back the first one that builds on an item it lacks (her
 * containers, written over Maja's), and all after it. Bo's copy so shows
 * his own suggestion with Anna's `before`. His withdrawal took that
 * `before` away, and the server, where it is Anna's suggestion's, refused
 * it; and Anna's suggestion lost its record.
 */
describe('Bo withdraws his list suggestion while his copy has Anna’s record of the block but not yet the reject and the suggestion it belongs to', () => {
  for (const boId of BO_IDS) {
    it(`Bo's client id ${boId}: the server takes his withdrawal, and Anna's list suggestion keeps its record, so rejecting it gives back the paragraph`, () => {
      const peers = suggestingPeers(chapter, [{ member: bo }, { member: maja }, { member: anna, mode: 'suggest' }], [boId, 2, 3]);
      open = peers;
      const [b, m, a] = peers as [SuggestingPeer, SuggestingPeer, SuggestingPeer];
      const server = serverJudge(peers);
      select(b, posOf(b.view.state.doc, 'Andra'));
      expect(wrapInList(schema.nodes.bullet_list)(b.view.state, b.view.dispatch)).toBe(true);
      expect(server.receive(b)).toEqual([]);
      syncAll(peers);
      expectSameEverywhere(peers, 'Målgruppen är kvinnor. | ¶~•Andra stycket.');
      // Maja rejects; Anna gets the reject and suggests a numbered list.
      decideSuggestions(m.doc, chapterText(m.doc), maja, migrChapter, [...pendingSuggestionIds(m.doc)], 'reject');
      send(m, a);
      expect(markup(a.view.state.doc)).toBe('Målgruppen är kvinnor. | Andra stycket.');
      const annas: Uint8Array[] = [];
      a.doc.on('update', (update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
        if (transaction.local) annas.push(update);
      });
      select(a, posOf(a.view.state.doc, 'Andra'));
      expect(wrapInList(schema.nodes.ordered_list)(a.view.state, a.view.dispatch)).toBe(true);
      expect(server.receive(m)).toEqual([]);
      expect(server.receive(a)).toEqual([]);
      // Bo gets Anna's update only.
      for (const update of annas) Y.applyUpdate(b.doc, update);
      expect(b.doc.store.pendingStructs).not.toBeNull();
      expect(markup(b.view.state.doc)).toBe('Målgruppen är kvinnor. | ¶~•Andra stycket.');
      decideSuggestions(b.doc, chapterText(b.doc), bo, migrChapter, readSuggestions(b.doc).filter((s) => s.author.memberId === bo.memberId).map((s) => s.id), 'withdraw');
      expect(server.receive(b)).toEqual([]);
      syncAll(peers);
      // Anna's suggestion, pending. Her numbered list and Bo's withdrawal giving back the paragraph's containers are concurrent writes of one field: Yjs keeps the higher client id's.
      expectSameEverywhere(peers, boId === 9 ? 'Målgruppen är kvinnor. | ¶~Andra stycket.' : 'Målgruppen är kvinnor. | ¶~•Andra stycket.');
      expect(outlineOf(m.view.state.doc)).toBe(boId === 9 ? 'Målgruppen är kvinnor. | Andra stycket.' : 'Målgruppen är kvinnor. | ordered_list(li(Andra stycket.))');
      expect(readSuggestions(m.doc).filter((s) => pendingSuggestionIds(m.doc).has(s.id)).map((s) => s.author.memberId)).toEqual([anna.memberId]);
      decideSuggestions(m.doc, chapterText(m.doc), maja, migrChapter, [...pendingSuggestionIds(m.doc)], 'reject');
      syncAll(peers);
      expectSameEverywhere(peers, 'Målgruppen är kvinnor. | Andra stycket.');
    });
  }
});

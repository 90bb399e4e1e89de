/**
 * Words that have no first block: the first paragraph deleted while a
 * colleague typed in it leaves her words before every block marker
 * (docs/decisions/chapter-text.md, scenario 14). What colleagues then do
 * there, offline and at the same time, must leave one first paragraph, and
 * the sync server (which sees Bo's updates after his colleagues' concurrent
 * ones) must take Bo's part. So must two members' first words in a chapter
 * just added in the app, which is written with its first paragraph's marker
 * (`writeEmptyChapter`). Each case runs with Bo's Yjs client id below and
 * above his colleagues' (Yjs orders concurrent inserts at one place by
 * client id), and in both delivery orders where that matters.
 */
import { describe, expect, it } from 'vitest';
import { deleteSelection, splitBlock } from 'prosemirror-commands';
import { NodeSelection } from 'prosemirror-state';
import * as Y from 'yjs';
import { chapterText, writeEmptyChapter } from '../../../shared/chapter-text/chapter-text.ts';
import { decideSuggestions, pendingSuggestionIds } from '../../../shared/suggestions/decide.ts';
import { doc, p } from '../../support/doc-builders.ts';
import { createHeadlessEditor } from '../support/headless-editor.ts';
import { deliver, DELIVERIES, serverJudge, type ServerJudge } from '../support/server-judge.ts';
import { anna, bo, expectSameEverywhere, maja, migrChapter, posOf, select, send, suggestingPeers, syncAll, type, type SuggestingPeer } from '../support/suggestion-peers.ts';

/** Bo's, Maja's and Anna's client ids: Bo's lowest (the fuzz's default), and his highest. */
const CLIENT_IDS = [
  { name: 'Bo’s client id lowest', ids: [1, 2, 3] },
  { name: 'Bo’s client id highest', ids: [9, 2, 3] },
] as const;

/**
 * Maja deletes the first paragraph while Anna types a sentence at its
 * start; everyone, the server included, gets both. Anna's sentence stays,
 * with no block marker before it.
 */
function wordsWithoutFirstBlock(ids: readonly number[]): { peers: SuggestingPeer[]; b: SuggestingPeer; m: SuggestingPeer; server: ServerJudge } {
  const peers = suggestingPeers(doc(p('Inledning som stryks.'), p('Andra stycket.')), [{ member: bo }, { member: maja }, { member: anna }], ids);
  const [b, m, a] = peers as [SuggestingPeer, SuggestingPeer, SuggestingPeer];
  const server = serverJudge(peers);
  m.view.dispatch(m.view.state.tr.delete(0, m.view.state.doc.child(0).nodeSize));
  select(a, posOf(a.view.state.doc, 'Inledning', true));
  type(a, 'Ny mening. ');
  expect(server.receive(m)).toEqual([]);
  expect(server.receive(a)).toEqual([]);
  syncAll(peers);
  expectSameEverywhere(peers, 'Ny mening.  | Andra stycket.');
  return { peers, b, m, server };
}

describe('words that have no first block, as colleagues go on editing', () => {
  for (const { name, ids } of CLIENT_IDS) {
    for (const order of DELIVERIES) {
      it(`Maja typing at their start while Bo, offline, suggests words in the next paragraph (${name}; ${order}): one first paragraph with her words before them, and the server takes Bo’s update`, () => {
        const { peers, b, m, server } = wordsWithoutFirstBlock(ids);
        select(m, 1);
        type(m, 'Först: ');
        select(b, posOf(b.view.state.doc, 'stycket', true));
        type(b, 'gärna ');
        deliver(server, order, m, b);
        syncAll(peers);
        expectSameEverywhere(peers, 'Först: Ny mening.  | Andra [+gärna ]stycket.');
      });
    }

    for (const [action, expected] of [
      ['reject', 'Ny mening.  | Andra stycket.'],
      ['accept', 'Andra stycket.'],
    ] as const) {
      it(`Bo suggesting their deletion (${name}): the server takes it, every copy shows it, and Maja’s ${action} ${action === 'reject' ? 'keeps them' : 'takes the paragraph away, not only its words'}`, () => {
        const { peers, b, m, server } = wordsWithoutFirstBlock(ids);
        b.view.dispatch(b.view.state.tr.setSelection(NodeSelection.create(b.view.state.doc, 0)));
        deleteSelection(b.view.state, b.view.dispatch);
        expect(server.receive(b)).toEqual([]);
        syncAll(peers);
        expectSameEverywhere(peers, '¶-[-Ny mening. ] | Andra stycket.');
        decideSuggestions(m.doc, chapterText(m.doc), m.member, migrChapter, [...pendingSuggestionIds(m.doc)], action);
        expect(server.receive(m)).toEqual([]);
        syncAll(peers);
        expectSameEverywhere(peers, expected);
      });
    }
  }
});

/** Bo's and Maja's editors on a chapter the coordinator has just added in the app (PlanSession.addChapter), before either has written in it. */
function newChapter(ids: readonly number[]): { peers: SuggestingPeer[]; b: SuggestingPeer; m: SuggestingPeer; server: ServerJudge } {
  const added = new Y.Doc();
  added.clientID = 7;
  writeEmptyChapter(added);
  const peers = [bo, maja].map((member, i): SuggestingPeer => {
    const ydoc = new Y.Doc();
    ydoc.clientID = ids[i] as number;
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(added));
    const refusals: string[] = [];
    return { ...createHeadlessEditor(ydoc, { member, chapter: migrChapter }, (reason) => refusals.push(reason)), member, refusals };
  });
  const [b, m] = peers as [SuggestingPeer, SuggestingPeer];
  return { peers, b, m, server: serverJudge(peers) };
}

describe('a chapter just added, written in by two at once', () => {
  for (const { name, ids } of CLIENT_IDS) {
    for (const order of DELIVERIES) {
      it(`Maja writing a sentence while Bo, offline, suggests one (${name}; ${order}): both in the one paragraph, and the server takes Bo’s update`, () => {
        const { peers, b, m, server } = newChapter(ids);
        type(m, 'Målet är arbete.');
        type(b, 'Bakgrund.');
        deliver(server, order, m, b);
        syncAll(peers);
        // Two inserts at one place: Yjs puts the lower client id's first.
        expectSameEverywhere(peers, ids[0] < ids[1] ? '[+Bakgrund.]Målet är arbete.' : 'Målet är arbete.[+Bakgrund.]');
        // Enter after it: the next paragraph is Maja's.
        select(m, m.view.state.doc.child(0).nodeSize - 1);
        splitBlock(m.view.state, m.view.dispatch);
        type(m, 'Nästa.');
        expect(server.receive(m)).toEqual([]);
        syncAll(peers);
        expectSameEverywhere(peers, ids[0] < ids[1] ? '[+Bakgrund.]Målet är arbete. | Nästa.' : 'Målet är arbete.[+Bakgrund.] | Nästa.');
      });
    }

    it(`Maja’s cursor stays where she put it when Bo’s suggestion reaches her (${name})`, () => {
      const { peers, b, m } = newChapter(ids);
      type(m, 'Målet är arbete.');
      select(m, posOf(m.view.state.doc, 'Målet'));
      type(b, 'Bakgrund. ');
      send(b, m);
      type(m, ' nu');
      syncAll(peers);
      expectSameEverywhere(peers, ids[0] < ids[1] ? '[+Bakgrund. ]Målet nu är arbete.' : 'Målet nu är arbete.[+Bakgrund. ]');
    });
  }
});

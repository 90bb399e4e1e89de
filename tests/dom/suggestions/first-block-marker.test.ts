/**
 * Words that have no first block: the first paragraph deleted while a
 * colleague typed in it leaves her words before every block marker
 * (docs/decisions/chapter-text.md, scenario 14). A suggester who suggests
 * deleting them writes their first block's marker with his deletion
 * suggestion on it in the same edit; the sync server takes that, and an
 * accept takes the paragraph away with its words. Each case runs with Bo's
 * Yjs client id below and above his colleagues'.
 *
 * (A binding that wrote that marker only when an edit changed the block,
 * 154b04b, was taken back: without the marker's end sentinel, a
 * colleague's words typed at the end of such a block and a new paragraph
 * after it raced by client id, and the words could land in the new
 * paragraph; tests/unit/exchange/exchange-mixed.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { deleteSelection } from 'prosemirror-commands';
import { NodeSelection } from 'prosemirror-state';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { decideSuggestions, pendingSuggestionIds } from '../../../shared/suggestions/decide.ts';
import { doc, p } from '../../support/doc-builders.ts';
import { serverJudge, type ServerJudge } from '../support/server-judge.ts';
import { anna, bo, expectSameEverywhere, maja, migrChapter, posOf, select, suggestingPeers, syncAll, type, type SuggestingPeer } from '../support/suggestion-peers.ts';

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

/**
 * A suggester's editor repairs what a colleague's change left invalid, like
 * every editor (shared/schema/repair.ts), and the repair must not look like
 * her deleting the colleague's words: the server refuses a suggester's
 * update that deletes anything not her own (shared/rules/chapter-text-rule.ts).
 *
 * The case the suggestion fuzz found: a link arrives over a hard break (a
 * peer formatted a range that spans it), the repair takes the link off the
 * break, and the binding wrote that as deleting the break and inserting a
 * new one under the suggester's client id.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { checkChapterText } from '../../../shared/rules/chapter-text-rule.ts';
import { defineRoots, recordChanges, type TextChange } from '../../../shared/rules/doc-changes.ts';
import { br, doc, p } from '../../support/doc-builders.ts';
import { bo, maja, migrChapter, suggestingPeers, type SuggestingPeer } from '../support/suggestion-peers.ts';

function send(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

/** The Yjs id of the chapter's one hard break, or null. */
function hardBreakId(text: Y.Text): string | null {
  for (let item = (text as unknown as { _start: Y.Item | null })._start; item !== null; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentEmbed) return `${item.id.client}:${item.id.clock}`;
  }
  return null;
}

describe("a suggester's editor repairing a colleague's change", () => {
  it('takes a link off a hard break as formatting: the break stays the colleague’s, and the server accepts the update', () => {
    const [boPeer, majaPeer] = suggestingPeers(doc(p('Läs mer', br(), 'på webben')), [{ member: bo }, { member: maja }]) as [SuggestingPeer, SuggestingPeer];
    const server = new Y.Doc();
    defineRoots(server, 'chapter');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(majaPeer.doc));
    const breakBefore = hardBreakId(chapterText(majaPeer.doc));
    expect(breakBefore).not.toBeNull();

    // What Bo's editor writes is what his app sends; the server judges it.
    const judged: (string | null)[] = [];
    const deleted: number[] = [];
    boPeer.doc.on('update', (update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (!transaction.local) return;
      const text = recordChanges(server, 'chapter', () => Y.applyUpdate(server, update), { deletedText: true }).filter((c): c is TextChange => c.kind === 'text');
      deleted.push(...text.flatMap((c) => (c.deleted ?? []).map((run) => run.length)));
      judged.push(checkChapterText(bo, { chapter: { owner: migrChapter.owner, status: 'draft' } }, text)?.rule ?? null);
    });

    // A peer without an editor (an older client, a script) links the whole
    // paragraph, hard break included, straight in Yjs.
    const peer = new Y.Doc();
    send(majaPeer.doc, peer);
    const text = chapterText(peer);
    text.format(1, text.length - 1, { link: { href: 'https://www.migrationsverket.se', title: null } });
    send(peer, server);
    send(peer, boPeer.doc);

    expect(judged.length, "Bo's editor repaired the break").toBeGreaterThan(0);
    expect(judged.every((rule) => rule === null), 'the server accepts every update of his').toBe(true);
    expect(deleted, 'he deleted nothing').toEqual([]);
    send(boPeer.doc, majaPeer.doc);
    expect(hardBreakId(chapterText(boPeer.doc)), 'the hard break is still the one Maja wrote').toBe(breakBefore);
    expect(boPeer.view.state.doc.textContent).toBe('Läs merpå webben');
    const linkOnBreak = boPeer.view.state.doc.firstChild!.child(1).marks.map((mark) => mark.type.name);
    expect(linkOnBreak).toEqual([]);
    expect(majaPeer.view.state.doc.toJSON()).toEqual(boPeer.view.state.doc.toJSON());
  });
});

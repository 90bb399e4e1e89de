/**
 * Peers of one chapter, as the merge tests and the fuzzes start them: each
 * on its own Y.Doc with a fixed client id, because Yjs orders concurrent
 * inserts at one place by client id and a seeded run must replay exactly.
 * The first peer writes the starting chapter and the others receive it as
 * one update, so all share its history, as colleagues who opened the same
 * plan do, and a later edit by any of them merges with the others'.
 */
import * as Y from 'yjs';
import type { Node as PmNode } from 'prosemirror-model';
import { writeChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { createHeadlessEditor, type HeadlessEditor } from './headless-editor.ts';
import { bold, doc, h2, li, ol, p, table, td, tr, ul } from '../../support/doc-builders.ts';

/**
 * Y.Docs that all hold `chapter`, with client ids 1, 2, … `peers` (a count),
 * or the ids given. `seed` writes the chapter into the first doc: the app's
 * chapter text by default, or another binding's (bindings-under-test.ts).
 */
export function peerDocs(peers: number | readonly number[], chapter: PmNode, seed: (doc: Y.Doc, chapter: PmNode) => void = writeChapterDoc): Y.Doc[] {
  const clientIds = typeof peers === 'number' ? Array.from({ length: peers }, (_, i) => i + 1) : peers;
  const docs = clientIds.map((clientID) => {
    const doc = new Y.Doc();
    doc.clientID = clientID;
    return doc;
  });
  const [first, ...others] = docs;
  if (!first) throw new Error('a chapter needs at least one peer');
  seed(first, chapter);
  const start = Y.encodeStateAsUpdate(first);
  for (const doc of others) Y.applyUpdate(doc, start);
  return docs;
}

/** `count` headless editors (headless-editor.ts) on peers of `chapter` (see `peerDocs`). */
export function editorsOn(chapter: PmNode, count: number): HeadlessEditor[] {
  return peerDocs(count, chapter).map((doc) => createHeadlessEditor(doc));
}

/**
 * The chapter the convergence fuzzes start from (plain, and with
 * suggestions): one of each kind of block and mark.
 */
export function fuzzChapter(): PmNode {
  return doc(
    h2('Insatser för arbetsmarknaden'),
    p('Utrikes födda kvinnor ', bold('ska få stöd'), ' i hela länet.'),
    ul(li(p('Språkstöd')), li(p('Validering'), ol(li(p('Yrkesprov'))))),
    table(tr(td(p('Myndighet')), td(p('Åtgärd'))), tr(td(p('Af')), td(p()))),
    p('Slut.'),
  );
}

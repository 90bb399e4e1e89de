/**
 * What a convergence fuzz requires of its editors once the network has
 * healed: every editor shows the same valid chapter; every Y.Doc has the same
 * state vector and the same inserts and deletes; and what each peer would
 * send a newcomer rebuilds the same content, which an editor opened
 * afterwards shows as the same chapter.
 */
import { expect } from 'vitest';
import * as Y from 'yjs';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { createHeadlessEditor, type HeadlessEditor } from './headless-editor.ts';
import { equalBytes } from './test-connector.ts';
import { describeInvalid } from './valid-docs.ts';

export function expectConverged(editors: readonly HeadlessEditor[]): void {
  const [first, ...rest] = editors;
  if (!first) throw new Error('no editors');
  const chapter = first.view.state.doc.toJSON();
  for (const [i, editor] of editors.entries()) {
    expect(describeInvalid(editor.view.state.doc), `peer ${i} shows a valid doc`).toBeNull();
    expect(editor.view.state.doc.toJSON(), `peer ${i} shows the same chapter as peer 0`).toEqual(chapter);
  }

  const stateVector = Y.encodeStateVector(first.doc);
  const snapshot = Y.snapshot(first.doc);
  for (const editor of rest) {
    expect(equalBytes(Y.encodeStateVector(editor.doc), stateVector), 'same state vector').toBe(true);
    expect(Y.equalSnapshots(Y.snapshot(editor.doc), snapshot), 'same inserts and deletes').toBe(true);
  }

  // What each peer would send a newcomer must rebuild the same Yjs content,
  // and an editor opened on it must show the same chapter as everyone else.
  const rebuilt = editors.map((editor) => {
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(editor.doc));
    return fresh;
  });
  // Compared as data, not as JSON text: a block marker is a Y.Map, whose
  // keys come out in the order its fields were integrated, and that order
  // differs between a doc that saw the fields written one by one and a doc
  // rebuilt from one update (fuzz seeds 52 and 169 of the suggestion fuzz:
  // the same fields, `before` first in one, `type` first in the other).
  const deltas = rebuilt.map((doc): unknown => JSON.parse(JSON.stringify(chapterText(doc).toDelta())));
  for (const [i, content] of deltas.entries()) expect(content, `peer ${i}'s update rebuilds the same content`).toEqual(deltas[0]);
  const [newcomerDoc] = rebuilt;
  if (!newcomerDoc) throw new Error('no rebuilt doc');
  const newcomer = createHeadlessEditor(newcomerDoc);
  try {
    expect(newcomer.view.state.doc.toJSON(), 'an editor opened afterwards shows the same chapter').toEqual(chapter);
  } finally {
    newcomer.destroy();
  }
}

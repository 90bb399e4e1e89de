/**
 * The text a store holds, as the storage tests read it: the stored updates
 * applied to a fresh Y.Doc, and that doc's Y.Text `text`, where the tests
 * and the writer fixture (fixtures/writer.ts) write.
 */
import * as Y from 'yjs';
import { DocStore } from '../../../src-node/storage/doc-store.ts';

/** The text of a doc made of `updates`, in order (null: nothing stored). */
export function textOf(...updates: (Uint8Array | null)[]): string {
  const ydoc = new Y.Doc();
  for (const update of updates) if (update !== null) Y.applyUpdate(ydoc, update);
  return ydoc.getText('text').toString();
}

/** The text of `doc` as stored at `path`, read through a fresh DocStore. */
export function storedText(path: string, doc: string): string {
  const store = DocStore.open(path);
  try {
    return textOf(store.loadDoc(doc));
  } finally {
    store.close();
  }
}

/**
 * Chapters as ProseMirror documents for plan-wide search, read from their
 * Y.Docs without an editor (readChapterDoc) and read again only after the
 * doc changed: a second search in an unchanged plan reads nothing.
 */
import type { Node as PmNode } from 'prosemirror-model';
import type * as Y from 'yjs';
import { readChapterDoc } from '../../shared/chapter-text/chapter-text.ts';

// null: the doc changed since it was read.
const read = new WeakMap<Y.Doc, PmNode | null>();

/** The chapter's document, or null when it cannot be read (a damaged or newer chapter is shown as such elsewhere). */
export function chapterDocOf(doc: Y.Doc): PmNode | null {
  const cached = read.get(doc);
  if (cached) return cached;
  if (cached === undefined) doc.on('update', () => read.set(doc, null));
  try {
    const node = readChapterDoc(doc);
    read.set(doc, node);
    return node;
  } catch (error) {
    console.warn('[search] a chapter could not be read', error);
    return null;
  }
}

/**
 * How a chapter's text is stored in its Y.Doc: one flat Y.Text, every
 * textblock preceded by a block marker (block-marker.ts), marks as Yjs
 * formatting (text-attributes.ts). docs/decisions/chapter-text.md explains
 * the choice; chapter-binding.ts keeps an editor and the text in step.
 */
import type { Node as PmNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import type * as Y from 'yjs';
import { schema } from '../schema/schema.ts';
import { ChapterBinding } from './chapter-binding.ts';
import { buildDoc, readAllBlocks } from './chapter-tree.ts';

/** The root Y.Text of a chapter doc. */
export const CHAPTER_TEXT_FIELD = 'text';

export function chapterText(doc: Y.Doc): Y.Text {
  return doc.getText(CHAPTER_TEXT_FIELD);
}

/** The chapter as a ProseMirror document. */
export function readChapterDoc(doc: Y.Doc): PmNode {
  return buildDoc(schema, readAllBlocks(chapterText(doc), schema));
}

/**
 * Makes the chapter's text `content` (a doc node of the chapter schema), in
 * one Yjs transaction with `origin`. Used to fill new and migrated chapters;
 * the editor writes through its binding instead.
 */
export function writeChapterDoc(doc: Y.Doc, content: PmNode, origin?: unknown): void {
  const binding = new ChapterBinding(chapterText(doc), schema);
  const tr = new Transform(binding.doc);
  tr.replaceWith(0, tr.doc.content.size, content.content);
  doc.transact(() => {
    binding.writeTransaction(tr);
  }, origin);
}

/**
 * A new chapter's text: one empty paragraph, with its block marker and the
 * text's end sentinel, written by the one member who creates the chapter.
 * Colleagues who then start writing in it at the same time share that
 * paragraph. Left empty, each of them would give it a marker of their own
 * (the binding's `#materializeFirstMarker`), and the two markers make two
 * paragraphs, ordered by client id.
 */
export function writeEmptyChapter(doc: Y.Doc, origin?: unknown): void {
  writeChapterDoc(doc, schema.node('doc', null, [schema.node('paragraph')]), origin);
}

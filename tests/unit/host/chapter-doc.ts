/**
 * Plays the renderer's part in host tests: turns stored updates into Y.Docs,
 * edits chapter text the way the editor does (ProseMirror steps written by
 * the chapter-text binding), and reads chapter text and manifests back as
 * plain data.
 */
import * as Y from 'yjs';
import { Transform } from 'prosemirror-transform';
import { ChapterBinding } from '../../../shared/chapter-text/chapter-binding.ts';
import { chapterText, readChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import type { LoadedPlan, StoredDoc } from '../../../shared/host-api/host-api.ts';
import { chapterDocName } from '../../../shared/plan/doc-names.ts';
import { readManifest, type Manifest } from '../../../shared/plan/manifest.ts';
import { schema } from '../../../shared/schema/schema.ts';

export function docFrom(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}

export function manifestOf(plan: LoadedPlan): Manifest {
  return readManifest(docFrom(plan.manifest.update));
}

/** The chapter doc the manifest lists at `index` (in outline order). */
export function chapterAt(plan: LoadedPlan, index: number): StoredDoc {
  const entry = manifestOf(plan).chapters[index];
  if (entry === undefined) throw new Error(`the plan has no chapter at ${index}`);
  const name = chapterDocName(plan.planId, entry.id);
  const stored = plan.chapters.find((chapter) => chapter.name === name);
  if (stored === undefined) throw new Error(`chapter ${name} is listed in the manifest but was not loaded`);
  return stored;
}

/** The chapter's text as ProseMirror JSON, read the way the editor reads it. */
export function chapterJSON(doc: Y.Doc): unknown {
  return readChapterDoc(doc).toJSON();
}

/**
 * Makes the chapter's text equal `json` the way an editor would: one
 * ProseMirror step replacing the range that differs, written by the
 * chapter-text binding. Returns the resulting Yjs update, as the renderer
 * would send it to saveUpdate.
 */
export function editChapter(doc: Y.Doc, json: unknown): Uint8Array {
  const target = schema.nodeFromJSON(json);
  return editChapterWith(doc, (tr) => {
    const start = tr.doc.content.findDiffStart(target.content);
    if (start !== null) {
      const end = tr.doc.content.findDiffEnd(target.content) ?? { a: tr.doc.content.size, b: target.content.size };
      const overlap = start - Math.min(end.a, end.b);
      const endA = overlap > 0 ? end.a + overlap : end.a;
      const endB = overlap > 0 ? end.b + overlap : end.b;
      tr.replace(start, endA, target.slice(start, endB));
    }
    if (!tr.doc.eq(target)) tr.replaceWith(0, tr.doc.content.size, target.content);
  });
}

/**
 * Edits the chapter's text with ProseMirror steps of the caller's choosing,
 * written by the chapter-text binding, for an edit a diff would make
 * ambiguous (deleting one of two paragraphs that end alike). Returns the
 * resulting Yjs update.
 */
export function editChapterWith(doc: Y.Doc, edit: (tr: Transform) => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  const binding = new ChapterBinding(chapterText(doc), schema);
  const tr = new Transform(binding.doc);
  edit(tr);
  if (!binding.writeTransaction(tr)) throw new Error('the binding refused the edit');
  return Y.encodeStateAsUpdate(doc, before);
}

export function paragraphs(...texts: string[]): unknown {
  return {
    type: 'doc',
    // `suggestion: null`: every textblock has the attribute since schema version 3.
    content: texts.map((text) => (text === '' ? { type: 'paragraph', attrs: { suggestion: null } } : { type: 'paragraph', attrs: { suggestion: null }, content: [{ type: 'text', text }] })),
  };
}

/** The first run of a chapter's text holding `words`: where the words start (a block marker counts one, as in Yjs) and the run's formatting attributes. */
export function runOf(doc: Y.Doc, words: string): { index: number; attributes: Record<string, unknown> } {
  let index = 0;
  for (const op of chapterText(doc).toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    const at = typeof op.insert === 'string' ? op.insert.indexOf(words) : -1;
    if (at >= 0) return { index: index + at, attributes: op.attributes ?? {} };
    index += typeof op.insert === 'string' ? op.insert.length : 1;
  }
  throw new Error(`"${words}" is not in the chapter`);
}

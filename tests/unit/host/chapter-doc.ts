/**
 * Plays the renderer's part in host tests: turns stored updates into Y.Docs,
 * edits chapter text the way the editor binding does (y-prosemirror), and
 * reads chapter text and manifests back as plain data.
 */
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import type { LoadedPlan, StoredDoc } from '../../../shared/host-api/host-api.ts';
import { chapterContent } from '../../../shared/plan/chapter.ts';
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

/** The chapter's text as ProseMirror JSON, converted the way the editor reads it. */
export function chapterJSON(doc: Y.Doc): unknown {
  return yXmlFragmentToProseMirrorRootNode(chapterContent(doc), schema).toJSON();
}

/**
 * Makes the chapter's text equal `json` with y-prosemirror's own diffing
 * (what the editor binding does on every transaction) and returns the
 * resulting Yjs update, as the renderer would send it to saveUpdate.
 */
export function editChapter(doc: Y.Doc, json: unknown): Uint8Array {
  const before = Y.encodeStateVector(doc);
  prosemirrorJSONToYXmlFragment(schema, json, chapterContent(doc));
  return Y.encodeStateAsUpdate(doc, before);
}

export function paragraphs(...texts: string[]): unknown {
  return {
    type: 'doc',
    content: texts.map((text) => (text === '' ? { type: 'paragraph' } : { type: 'paragraph', content: [{ type: 'text', text }] })),
  };
}

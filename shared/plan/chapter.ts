/**
 * The chapter Y.Doc.
 *
 * Layout inside the Y.Doc:
 *   meta        Y.Map          { kind: 'chapter', planId, chapterId, schemaVersion }
 *   prosemirror Y.XmlFragment  the chapter text, bound by y-prosemirror
 *
 * Comment threads (DESIGN §6) will live in a further map of the same doc so
 * that an anchor and its thread always sync together.
 */
import type * as Y from 'yjs';
import { SCHEMA_VERSION } from '../schema/version.ts';

/** y-prosemirror's default fragment name; kept so tooling finds the content. */
export const CHAPTER_CONTENT_FIELD = 'prosemirror';

export function chapterContent(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(CHAPTER_CONTENT_FIELD);
}

export function initChapterMeta(doc: Y.Doc, planId: string, chapterId: string): void {
  doc.transact(() => {
    const meta = doc.getMap('meta');
    meta.set('kind', 'chapter');
    meta.set('planId', planId);
    meta.set('chapterId', chapterId);
    meta.set('schemaVersion', SCHEMA_VERSION);
  });
}

export function chapterSchemaVersion(doc: Y.Doc): unknown {
  return doc.getMap('meta').get('schemaVersion');
}

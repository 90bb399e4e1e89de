/**
 * The chapter Y.Doc.
 *
 * Layout inside the Y.Doc:
 *   meta        Y.Map          { kind: 'chapter', planId, chapterId, schemaVersion }
 *   text        Y.Text         the chapter text: flat, with block markers
 *                              (shared/chapter-text/)
 *   threads     Y.Map          comment threads (shared/comments/threads.ts), in
 *                              the same doc so an anchor and its thread always
 *                              sync together
 *   prosemirror Y.XmlFragment  the text as schema version 1 stored it (a
 *                              y-prosemirror tree); read once by the migration
 *                              (shared/chapter-text/migration.ts) and kept
 */
import type * as Y from 'yjs';
import { SCHEMA_VERSION } from '../schema/version.ts';

/** Where schema version 1 (y-prosemirror 1.x) kept the text. */
export const LEGACY_CONTENT_FIELD = 'prosemirror';

export function legacyChapterContent(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(LEGACY_CONTENT_FIELD);
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

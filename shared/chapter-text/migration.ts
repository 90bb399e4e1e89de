/**
 * Schema version 1 → 2: a chapter's text moves from y-prosemirror's tree of
 * XmlElements (`prosemirror` fragment) to the flat chapter text.
 *
 * - **Once, on every peer, idempotently.** The flat text is written in a
 *   scratch doc whose Yjs client id is derived from the content itself and
 *   applied as one update. Two peers that migrate the same chapter offline
 *   produce byte-identical items (same ids, same content), so Yjs keeps one
 *   copy: nothing is duplicated. A chapter whose text already has content
 *   (migrated by someone else) is left alone.
 * - **Nothing is removed.** The old fragment stays in the doc; the old
 *   client sees `schemaVersion: 2` and opens the chapter read-only, as for
 *   any newer schema (shared/schema/version.ts), so it writes no more there.
 * - y-prosemirror reads the old tree (it deletes elements it cannot build,
 *   so it reads a copy and the real doc is never touched).
 *
 * Not covered (see the decision record): two peers that edited the old tree
 * differently and then each migrated offline get two copies of the chapter
 * text; and words an old client writes into the old tree after the
 * migration reached it are kept in the doc but not shown.
 */
import type { Node as PmNode } from 'prosemirror-model';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import * as Y from 'yjs';
import { chapterSchemaVersion, legacyChapterContent } from '../plan/chapter.ts';
import { schema } from '../schema/schema.ts';
import { SCHEMA_VERSION } from '../schema/version.ts';
import { chapterText, writeChapterDoc } from './chapter-text.ts';

/** The version whose chapters this module converts. */
export const LEGACY_SCHEMA_VERSION = 1;

export const MIGRATION_ORIGIN = Symbol('samskriv-chapter-migration');

export function needsMigration(doc: Y.Doc): boolean {
  const version = chapterSchemaVersion(doc);
  if (version !== undefined && version !== LEGACY_SCHEMA_VERSION) return false;
  return legacyChapterContent(doc).length > 0 && chapterText(doc).length === 0;
}

/** Converts a version-1 chapter in place. Returns whether it changed the doc. */
export function migrateChapter(doc: Y.Doc): boolean {
  if (!needsMigration(doc)) return false;
  const content = readLegacyContent(doc);
  const scratch = new Y.Doc();
  scratch.clientID = migrationClientId(content);
  writeChapterDoc(scratch, content);
  const update = Y.encodeStateAsUpdate(scratch);
  scratch.destroy();
  doc.transact(() => {
    Y.applyUpdate(doc, update, MIGRATION_ORIGIN);
    doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION);
  }, MIGRATION_ORIGIN);
  return true;
}

/** The version-1 text as a ProseMirror doc, read from a copy. */
export function readLegacyContent(doc: Y.Doc): PmNode {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  try {
    return yXmlFragmentToProseMirrorRootNode(legacyChapterContent(copy), schema);
  } finally {
    copy.destroy();
  }
}

/** A Yjs client id (uint32) that only this content produces. */
function migrationClientId(content: PmNode): number {
  const json = JSON.stringify(content.toJSON());
  let hash = 0x811c9dc5;
  for (let i = 0; i < json.length; i++) hash = Math.imul(hash ^ json.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

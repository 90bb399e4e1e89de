/**
 * The server migrates a version-1 chapter itself (issue 13: "a doc's schema
 * version changes only through the app's own migration … the server checks
 * that the migrated content is the same text").
 *
 * The migration (shared/chapter-text/migration.ts) writes the flat chapter
 * text under a Yjs client id derived from the old tree's content, so every
 * peer that migrates the same tree writes byte-identical structs. The server
 * runs the same code on its own copy, the moment it holds a version-1
 * chapter: when it loads one from storage, and when an update (an old app's)
 * leaves one. From then on:
 * - an app's own migration of the same tree is structs the server already
 *   has, a no-op, whoever sends it: a drafter of another agency who opens
 *   the chapter is not refused for "adding words" (before, only the owner
 *   agency and the coordinator could migrate a chapter);
 * - a forged migration, other words under the same client id, is skipped
 *   by every copy as structs it already has: the migrated text is the
 *   server's, from the tree it holds;
 * - a migration of a tree the server does not hold (edited offline in an
 *   old app) comes under another client id and is judged as its sender's
 *   writing, by the rules.
 * The migrated update is stored like a member's, so a restart does not
 * migrate again.
 */
import type * as Y from 'yjs';
import { migrateChapter, needsMigration } from '../../shared/chapter-text/migration.ts';
import { parseDocName } from '../../shared/plan/doc-names.ts';

/**
 * Migrates `document` if it is a version-1 chapter; resolves with the
 * migration's update once `store` has it, or null if there was nothing to
 * migrate.
 */
export async function migrateOnServer(document: Y.Doc, name: string, store: (update: Uint8Array) => Promise<void>): Promise<Uint8Array | null> {
  if (parseDocName(name)?.kind !== 'chapter' || !needsMigration(document)) return null;
  let migration = null as Uint8Array | null;
  const collect = (update: Uint8Array): void => {
    migration = update;
  };
  document.on('update', collect);
  try {
    migrateChapter(document);
  } finally {
    document.off('update', collect);
  }
  if (migration !== null) await store(migration);
  return migration;
}

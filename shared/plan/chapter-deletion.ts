/**
 * Deleting and restoring a chapter. Deleting never removes text: the chapter
 * doc stays as it is (with its comments), and its manifest entry only gains
 * `deletedAt` and `deletedBy`, so it leaves the outline and the export and is
 * listed under "Borttagna kapitel" until someone restores it, at its old
 * place. Who may do either is `may(member, 'delete-chapter' | 'restore-chapter')`
 * (shared/comments/comment-permissions.ts), asked again here before writing.
 *
 * Concurrent work: a drafter still typing in a chapter someone deleted keeps
 * every word (the doc is untouched), and a delete and a restore at once end
 * with the later of the two on every peer (Yjs map keys).
 */
import * as Y from 'yjs';
import { may } from '../comments/comment-permissions.ts';
import { authorOf, type Member } from './member.ts';
import type { ChapterEntry } from './manifest.ts';

/** Marks the chapter deleted by `member` at `at` (ISO 8601). False if not allowed or not found. */
export function deleteChapter(doc: Y.Doc, chapter: ChapterEntry, member: Member, at: string): boolean {
  if (!may(member, 'delete-chapter', { chapter })) return false;
  const entry = doc.getMap('chapters').get(chapter.id);
  if (!(entry instanceof Y.Map)) return false;
  doc.transact(() => {
    entry.set('deletedAt', at);
    entry.set('deletedBy', { ...authorOf(member) });
  });
  return true;
}

/** Brings a deleted chapter back at its old place. False if not allowed or not found. */
export function restoreChapter(doc: Y.Doc, chapter: ChapterEntry, member: Member): boolean {
  if (!may(member, 'restore-chapter', { chapter })) return false;
  const entry = doc.getMap('chapters').get(chapter.id);
  if (!(entry instanceof Y.Map)) return false;
  doc.transact(() => {
    entry.delete('deletedAt');
    entry.delete('deletedBy');
  });
  return true;
}

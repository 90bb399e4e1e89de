/**
 * Puts an imported Word document into a chapter's Y.Doc, in one Yjs
 * transaction: the text, one comment thread per Word comment (with its
 * replies) and one open suggestion per tracked change. Peers and the store
 * see all of it or none of it.
 *
 * **Where.** At the end of the chapter (or in place of it when the chapter
 * is empty, as a new one is). Not at the cursor: the import is written to
 * the chapter's document, not through an editor, so it works for a chapter
 * that is not on screen; the end is a place that cannot have moved between
 * choosing it and applying the import (a colleague's edit can move a cursor
 * position offline); and the drafter moves the text with cut and paste
 * afterwards, which keeps its comments and suggestions (their anchors are
 * marks).
 *
 * **Who.** The importing member is the technical author of every thread,
 * reply and suggestion: the sync server accepts only what is signed by its
 * sender (shared/rules/authorship.ts), and it is she who brought them into
 * the plan. The Word author and date stay visible in the text: each message
 * begins "Anna Svensson (från Word, 2026-03-03): …", and each suggestion
 * has a first reply "Anna Svensson (från Word, 2026-03-05)". A comment Word
 * had marked done is imported resolved. docs/decisions/import.md has why.
 */
import { Transform } from 'prosemirror-transform';
import type * as Y from 'yjs';
import { ChapterBinding } from '../chapter-text/chapter-binding.ts';
import { chapterText } from '../chapter-text/chapter-text.ts';
import { createThread, replyToThread, resolveThread, MAX_MESSAGE_LENGTH } from '../comments/threads.ts';
import type { Member } from '../plan/member.ts';
import { may } from '../comments/comment-permissions.ts';
import { schema } from '../schema/schema.ts';
import { nextSuggestionId } from '../suggestions/suggestion-ids.ts';
import { createSuggestion, noteWriting, replyToSuggestion } from '../suggestions/suggestions.ts';
import { importContent } from './import-content.ts';
import type { ImportedDocument } from './imported-document.ts';

/** The origin of the import's Yjs transaction. */
export const IMPORT_ORIGIN = Symbol('samskriv-word-import');

export interface ImportApplied {
  readonly threads: number;
  readonly suggestions: number;
}

/** `newId` makes thread and message ids (crypto.randomUUID in the app). `now` is the import time. */
export function applyImport(doc: Y.Doc, imported: ImportedDocument, member: Member, newId: () => string, now: string = new Date().toISOString()): ImportApplied {
  // Checked before anything is written: a Yjs transaction cannot be rolled back.
  if (!may(member, 'comment') || !may(member, 'suggest')) throw new ImportNotAllowed();
  const threadIds = imported.comments.map(() => newId());
  const suggestionIds = imported.changes.map(() => nextSuggestionId(doc));
  // Built (and checked against the schema) before the transaction: content
  // that cannot be built throws here, and nothing is written.
  const { content, quotes } = importContent(imported, { threads: threadIds, suggestions: suggestionIds });
  const binding = new ChapterBinding(chapterText(doc), schema);
  const tr = new Transform(binding.doc);
  const existing = binding.doc;
  const empty = existing.childCount <= 1 && existing.textContent === '' && existing.firstChild?.isTextblock !== false;
  if (empty) tr.replaceWith(0, existing.content.size, content);
  else tr.insert(existing.content.size, content);

  doc.transact(() => {
    imported.changes.forEach((change, index) => {
      const id = suggestionIds[index] as string;
      createSuggestion(doc, member, { id, kind: change.kind, at: now });
      replyToSuggestion(doc, member, id, { id: newId(), text: wordSignature(change.author, change.date), at: now });
      // An insertion's (and a formatting change's) bounds are the clocks written from here on (its words, below).
      if (change.kind !== 'delete') noteWriting(doc, id, false);
    });
    binding.writeTransaction(tr);
    // A deletion's bounds are the state in which its words exist: after they are written.
    imported.changes.forEach((change, index) => {
      if (change.kind === 'delete') noteWriting(doc, suggestionIds[index] as string, true);
    });
    imported.comments.forEach((comment, index) => {
      const threadId = threadIds[index] as string;
      createThread(doc, member, { id: threadId, messageId: newId(), text: wordMessage(comment.author, comment.date, comment.text), quote: quotes[index] ?? '', assignedAgency: null, at: now });
      for (const reply of comment.replies) replyToThread(doc, member, threadId, { id: newId(), text: wordMessage(reply.author, reply.date, reply.text), at: now });
      if (comment.done) resolveThread(doc, member, threadId, now);
    });
  }, IMPORT_ORIGIN);
  return { threads: imported.comments.length, suggestions: imported.changes.length };
}

/** A reader cannot import: she writes nothing in the plan. */
export class ImportNotAllowed extends Error {
  constructor() {
    super('Readers cannot import into the plan.');
    this.name = 'ImportNotAllowed';
  }
}

/** "Anna Svensson (från Word, 2026-03-03)": who wrote it in Word, and when. */
export function wordSignature(author: string, date: string | null): string {
  const day = date !== null && /^\d{4}-\d{2}-\d{2}/.test(date) ? date.slice(0, 10) : null;
  return day === null ? `${author} (från Word)` : `${author} (från Word, ${day})`;
}

function wordMessage(author: string, date: string | null, text: string): string {
  const message = `${wordSignature(author, date)}: ${text.trim() || '–'}`;
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message;
}

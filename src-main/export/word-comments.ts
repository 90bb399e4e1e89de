/**
 * Open comment threads as Word comments: the thread's first message is the
 * comment, every later message a reply to it (`parentId`), as Word shows a
 * conversation. Deleted messages are left out (their text is gone); a thread
 * whose every message is deleted has nothing to say and is left out too.
 *
 * Word comment ids are numbers unique in the document; they are handed out
 * here, in chapter order, so they are the same on every export of the same plan.
 */
import { Paragraph, type ICommentOptions } from 'docx';
import { agencyByCode } from '../../shared/agencies/agencies.ts';
import type { CommentMessage, CommentThread } from '../../shared/comments/threads.ts';
import type { Author } from '../../shared/plan/member.ts';

export class WordComments {
  readonly #comments: ICommentOptions[] = [];

  /**
   * Adds the open threads among `threads` that `include` accepts, and returns
   * each one's comment ids (the root first, then its replies), which the
   * anchored text must enclose. `prefix` is written before the first
   * message's text (the quote of a thread whose text is gone).
   */
  add(threads: readonly CommentThread[], include: (thread: CommentThread) => boolean, prefix: (thread: CommentThread) => string = () => ''): Map<string, number[]> {
    const placed = new Map<string, number[]>();
    for (const thread of [...threads].sort(byCreation)) {
      if (thread.state !== 'open' || !include(thread)) continue;
      const messages = thread.messages.filter((m) => m.deletedAt === null);
      if (messages.length === 0) continue;
      const ids: number[] = [];
      messages.forEach((message, index) => {
        const id = this.#comments.length;
        const lead = index === 0 ? prefix(thread) : '';
        this.#comments.push({
          id,
          ...(ids[0] !== undefined ? { parentId: ids[0] } : {}),
          author: authorName(message.author),
          initials: initials(message.author.name),
          date: messageDate(message),
          children: paragraphs(lead + message.text),
        });
        ids.push(id);
      });
      placed.set(thread.id, ids);
    }
    return placed;
  }

  get count(): number {
    return this.#comments.length;
  }

  options(): { children: ICommentOptions[] } {
    return { children: this.#comments };
  }
}

function byCreation(a: CommentThread, b: CommentThread): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** "Anna Berg (AF)": the agency is what a reviewer in Word needs to know. */
export function authorName(author: Author): string {
  return `${author.name} (${agencyByCode(author.agency).abbreviation})`;
}

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word) => word[0]!.toUpperCase());
  return letters.slice(0, 3).join('') || '?';
}

function messageDate(message: CommentMessage): Date | undefined {
  const date = new Date(message.createdAt);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function paragraphs(text: string): Paragraph[] {
  return text.split(/\r?\n/).map((line) => new Paragraph({ text: line }));
}

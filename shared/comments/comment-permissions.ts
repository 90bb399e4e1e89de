/**
 * Who may do what with comments: the one place where the rule is written.
 * The UI asks it to decide which buttons to show, and every operation in
 * threads.ts asks it again before writing, so a hidden button is never the
 * only guard.
 *
 * - Readers only read.
 * - Drafters and the coordinator comment, reply and assign threads.
 * - Only a message's author edits or deletes it.
 * - The coordinator resolves and reopens any thread (it is their job before
 *   submission); a thread's author resolves and reopens their own.
 *
 * Suggestions (shared/suggestions/, docs/decisions/suggestions.md) follow the
 * same rule, here, so that there is one place that says who may do what:
 * - Drafters and the coordinator suggest and reply to suggestions.
 * - The chapter's owner agency and the coordinator edit directly, and accept
 *   and reject suggestions. The agencies the owner or the coordinator names
 *   as co-writers (`coWriters` in the manifest) also edit directly; deciding
 *   suggestions stays with the owner, who answers for the chapter. A chapter without an owner is open: every
 *   drafter edits it directly (a new plan's chapters have no owner until the
 *   coordinator assigns them, and a plan nobody could write in until then
 *   would be no use); only the coordinator decides suggestions in it.
 * - A suggestion's author withdraws their own.
 *
 * Chapters (shared/plan/chapter-deletion.ts): the chapter's owner agency and
 * the coordinator delete a chapter and restore a deleted one; a chapter
 * without an owner has only the coordinator.
 */
import type { AgencyCode } from '../agencies/agencies.ts';
import type { Author, Member } from '../plan/member.ts';

export type CommentAction = 'comment' | 'reply' | 'assign' | 'edit-message' | 'delete-message' | 'resolve' | 'reopen';
export type SuggestionAction = 'suggest' | 'edit-directly' | 'accept' | 'reject' | 'withdraw';
export type ChapterAction = 'delete-chapter' | 'restore-chapter';
export type Action = CommentAction | SuggestionAction | ChapterAction;

/**
 * What the rule looks at: the thread's and the message's author, and whether
 * the message is deleted. Only these fields, so that threads.ts (which asks
 * the rule before every write) and this file do not import each other.
 */
export interface PermissionContext {
  readonly thread?: { readonly author: Author };
  readonly message?: { readonly author: Author; readonly deletedAt: string | null };
  /** The chapter acted on (from the plan manifest, shared/plan/manifest.ts); `coWriters` also write it directly. */
  readonly chapter?: { readonly owner: AgencyCode | null; readonly coWriters?: readonly AgencyCode[] };
  readonly suggestion?: { readonly author: Author };
}

export function may(member: Member, action: Action, context: PermissionContext = {}): boolean {
  if (member.role === 'reader') return false;
  switch (action) {
    case 'comment':
    case 'reply':
    case 'assign':
      return true;
    case 'edit-message':
    case 'delete-message':
      return context.message !== undefined && context.message.deletedAt === null && context.message.author.memberId === member.memberId;
    case 'resolve':
    case 'reopen':
      return member.role === 'coordinator' || (context.thread !== undefined && context.thread.author.memberId === member.memberId);
    case 'suggest':
      return true;
    case 'edit-directly':
      if (context.chapter !== undefined && context.chapter.owner === null) return true;
      return (
        member.role === 'coordinator' ||
        (context.chapter !== undefined && (context.chapter.owner === member.agency || (context.chapter.coWriters ?? []).includes(member.agency)))
      );
    case 'accept':
    case 'reject':
    case 'delete-chapter':
    case 'restore-chapter':
      return member.role === 'coordinator' || (context.chapter !== undefined && context.chapter.owner !== null && context.chapter.owner === member.agency);
    case 'withdraw':
      return context.suggestion !== undefined && context.suggestion.author.memberId === member.memberId;
  }
}

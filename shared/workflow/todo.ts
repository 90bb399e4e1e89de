/**
 * "Att göra för <myndighet>": what waits for one agency, computed from the
 * plan as every member's app holds it.
 *
 * - threads assigned to the agency that are open;
 * - open suggestions on the agency's chapters (the owner decides them);
 * - the agency's chapters sent back to it (draft, and the last status
 *   change was the coordinator's "Skicka tillbaka");
 * - replies to the agency's own threads: an open thread started by the
 *   agency whose last message is from another agency;
 * - for the coordinating agency: chapters ready for review.
 */
import type { AgencyCode } from '../agencies/agencies.ts';
import type { CommentThread } from '../comments/threads.ts';
import type { ChapterEntry } from '../plan/manifest.ts';
import { COORDINATING_AGENCY } from '../plan/member.ts';
import type { StatusHistoryEntry } from './status-history.ts';

export interface TodoChapter {
  readonly entry: ChapterEntry;
  readonly threads: readonly CommentThread[];
  readonly openSuggestions: readonly { readonly id: string; readonly authorAgency: AgencyCode }[];
}

export type TodoItem =
  | { readonly kind: 'assigned-thread' | 'reply'; readonly chapterId: string; readonly threadId: string; readonly quote: string }
  | { readonly kind: 'suggestion'; readonly chapterId: string; readonly suggestionId: string }
  | { readonly kind: 'sent-back'; readonly chapterId: string; readonly reason: string; readonly threadId: string | null }
  | { readonly kind: 'to-review'; readonly chapterId: string };

export function todoFor(agency: AgencyCode, chapters: readonly TodoChapter[], history: readonly StatusHistoryEntry[]): TodoItem[] {
  const items: TodoItem[] = [];
  for (const { entry, threads, openSuggestions } of chapters) {
    const chapterId = entry.id;
    if (entry.owner === agency && entry.status === 'draft') {
      const last = lastChange(history, chapterId);
      if (last !== null && last.from === 'in-review' && last.to === 'draft') {
        items.push({ kind: 'sent-back', chapterId, reason: last.reason ?? '', threadId: last.threadId ?? null });
      }
    }
    if (agency === COORDINATING_AGENCY && entry.status === 'in-review') items.push({ kind: 'to-review', chapterId });
    for (const thread of threads) {
      if (thread.state !== 'open') continue;
      if (thread.assignedAgency === agency) {
        items.push({ kind: 'assigned-thread', chapterId, threadId: thread.id, quote: thread.quote });
        continue;
      }
      const lastMessage = thread.messages.filter((m) => m.deletedAt === null).at(-1);
      if (thread.author.agency === agency && lastMessage !== undefined && lastMessage.author.agency !== agency) {
        items.push({ kind: 'reply', chapterId, threadId: thread.id, quote: thread.quote });
      }
    }
    if (entry.owner === agency) for (const s of openSuggestions) items.push({ kind: 'suggestion', chapterId, suggestionId: s.id });
  }
  return items;
}

function lastChange(history: readonly StatusHistoryEntry[], chapterId: string): StatusHistoryEntry | null {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.chapterId === chapterId) return history[i]!;
  return null;
}

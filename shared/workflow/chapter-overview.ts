/**
 * "Översikt": one row per chapter with what the coordinator sorts by —
 * status, owner and deadline risk — and the chapter's last recorded
 * activity.
 *
 * Deadline risk is a plain rule, so that everyone can read it off the
 * table: an approved chapter with nothing open is done; otherwise the
 * fewer days are left and the earlier the status, the higher the risk.
 *
 * | days left          | draft  | in review | approved, things open |
 * |--------------------|--------|-----------|-----------------------|
 * | past, or ≤ 7       | high   | high      | medium                |
 * | ≤ 21               | high   | medium    | low                   |
 * | more, or no date   | medium | low       | low                   |
 *
 * Last activity: Yjs records no time or author for a plain text edit, so
 * the last change that names who and when is the latest of the chapter's
 * status changes, thread events and suggestion events.
 */
import type { CommentThread } from '../comments/threads.ts';
import type { ChapterEntry, ChapterStatus } from '../plan/manifest.ts';
import type { Author } from '../plan/member.ts';
import type { Suggestion } from '../suggestions/suggestions.ts';
import type { StatusHistoryEntry } from './status-history.ts';

export type DeadlineRisk = 'done' | 'low' | 'medium' | 'high';

export const RISK_ORDER: readonly DeadlineRisk[] = ['done', 'low', 'medium', 'high'];
export const STATUS_ORDER: readonly ChapterStatus[] = ['draft', 'in-review', 'approved'];

export function deadlineRisk(status: ChapterStatus, openItems: number, daysLeft: number | null): DeadlineRisk {
  if (status === 'approved' && openItems === 0) return 'done';
  const column = status === 'draft' ? 0 : status === 'in-review' ? 1 : 2;
  const table: readonly (readonly DeadlineRisk[])[] = [
    ['high', 'high', 'medium'],
    ['high', 'medium', 'low'],
    ['medium', 'low', 'low'],
  ];
  const row = daysLeft !== null && daysLeft <= 7 ? 0 : daysLeft !== null && daysLeft <= 21 ? 1 : 2;
  return table[row]![column]!;
}

export interface Activity {
  readonly at: string;
  readonly by: Author;
}

/** The latest change to the chapter that names who and when, or null. */
export function lastActivity(
  chapter: Pick<ChapterEntry, 'id'>,
  history: readonly StatusHistoryEntry[],
  threads: readonly CommentThread[],
  suggestions: readonly Suggestion[],
): Activity | null {
  let latest: Activity | null = null;
  const consider = (at: string, by: Author): void => {
    if (latest === null || at > latest.at) latest = { at, by };
  };
  for (const entry of history) if (entry.chapterId === chapter.id) consider(entry.at, entry.by);
  for (const thread of threads) for (const event of thread.events) consider(event.at, event.by);
  for (const suggestion of suggestions) for (const event of suggestion.events) consider(event.at, event.by);
  return latest;
}

/**
 * The status history of a plan's chapters: who moved which chapter from
 * which status to which, when, and why.
 *
 * Layout in the manifest Y.Doc: one root `statusHistory` Y.Array of plain
 * entries (never nested types), appended to and never changed or removed.
 *
 * Why a root array and not a list inside each chapter entry: a root type
 * exists on every peer from the start, so two members who change statuses
 * offline append to one list. A list created lazily inside an old plan's
 * chapter entry would be created twice, and Yjs would keep only one of
 * the two lists: an entry would be lost.
 *
 * Entries are written by peers, so they are read defensively: an entry
 * that does not read as one is left out of the list, never a crash.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { authorSchema, type Author } from '../plan/member.ts';
import { CHAPTER_STATUSES, type ChapterStatus } from '../plan/manifest.ts';

export const STATUS_HISTORY_FIELD = 'statusHistory';

/** A reason is prose, not an archive. */
export const MAX_REASON_LENGTH = 2_000;

/**
 * `changed`: a member changed the status with a button; `late-edit`: text
 * written before its writer learned of the approval arrived after it
 * (late-edit.ts), and the chapter went back to review.
 */
export const HISTORY_KINDS = ['changed', 'late-edit'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export interface StatusHistoryEntry {
  readonly chapterId: string;
  readonly from: ChapterStatus;
  readonly to: ChapterStatus;
  readonly by: Author;
  /** ISO 8601. */
  readonly at: string;
  readonly kind: HistoryKind;
  /** Why (sent back: required; reopened: optional). */
  readonly reason?: string;
  /** The comment thread the reason became (sent back). */
  readonly threadId?: string;
  /** On an approval: the fingerprint of the text the coordinator approved (late-edit.ts). */
  readonly approvedText?: string;
  /** On an approval: the chapter doc's state vector the coordinator approved, client id → clock (late-edit.ts). */
  readonly approvedState?: Readonly<Record<string, number>>;
}

const statusSchema = z.enum(CHAPTER_STATUSES);

export const historyEntrySchema = z.object({
  chapterId: z.string().min(1).max(100),
  from: statusSchema,
  to: statusSchema,
  by: authorSchema,
  at: z.string().min(1).max(40),
  kind: z.enum(HISTORY_KINDS),
  reason: z.string().max(MAX_REASON_LENGTH).optional(),
  threadId: z.string().max(100).optional(),
  approvedText: z.string().max(100).optional(),
  approvedState: z
    .record(z.string().regex(/^\d{1,10}$/), z.number().int().nonnegative())
    .refine((state) => Object.keys(state).length <= 10_000, 'at most 10 000 clients')
    .optional(),
});

export function statusHistoryArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray(STATUS_HISTORY_FIELD);
}

/** Every readable entry, in the merged order (the same on every peer). */
export function readStatusHistory(doc: Y.Doc): StatusHistoryEntry[] {
  const entries: StatusHistoryEntry[] = [];
  for (const value of statusHistoryArray(doc).toArray()) {
    const parsed = historyEntrySchema.safeParse(value);
    if (parsed.success) entries.push(stripUndefined(parsed.data));
  }
  return entries;
}

/** One chapter's entries, oldest first. */
export function chapterHistory(history: readonly StatusHistoryEntry[], chapterId: string): StatusHistoryEntry[] {
  return history.filter((entry) => entry.chapterId === chapterId);
}

/** The last entry that set the chapter's current status, if the history has one. */
export function lastEntryTo(history: readonly StatusHistoryEntry[], chapterId: string, status: ChapterStatus): StatusHistoryEntry | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i]!;
    if (entry.chapterId === chapterId) return entry.to === status ? entry : null;
  }
  return null;
}

function stripUndefined(entry: z.output<typeof historyEntrySchema>): StatusHistoryEntry {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as unknown as StatusHistoryEntry;
}

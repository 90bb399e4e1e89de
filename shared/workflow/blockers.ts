/**
 * "Förbered inlämning": everything that still stands in the way of
 * submitting the plan, each with the place to fix it. Pure: the app reads
 * the plan's docs into `ReadinessInput` and lists what comes out; a test
 * builds the input and checks that each kind of blocker appears and goes.
 *
 * What it can honestly say about unsynced changes: only this computer's own
 * (the sync engine's ledger of what the server acknowledged). Whether
 * another member has changes on a computer that is offline, the server
 * cannot know until that computer connects; the view says so.
 */
import type { ChapterEntry, ChapterStatus } from '../plan/manifest.ts';
import type { Member } from '../plan/member.ts';
import { DETAIL_FIELDS, type DetailField, type PlanDetails } from './plan-details.ts';
import { placeholdersIn, type PlaceholderMatch } from './placeholders.ts';

export interface ChapterReadiness {
  readonly entry: ChapterEntry;
  /** Open threads, and whether each still has its anchor in the text. */
  readonly openThreads: readonly { readonly id: string; readonly quote: string; readonly anchored: boolean }[];
  /** Suggestions still to decide. */
  readonly openSuggestions: readonly { readonly id: string }[];
  readonly placeholders: readonly PlaceholderMatch[];
  /** Changes made on this computer that the server does not hold yet (null: unknown; 0: none). */
  readonly unsyncedHere: number | null;
  /** Approved, but the text differs from what was approved (late-edit.ts); null when not known. */
  readonly changedSinceApproval: boolean | null;
}

export interface ReadinessInput {
  readonly chapters: readonly ChapterReadiness[];
  readonly details: PlanDetails;
  /** The manifest's own changes not yet on the server (null: unknown; 0: none). */
  readonly manifestUnsyncedHere: number | null;
}

export type Blocker =
  | { readonly kind: 'not-approved'; readonly chapterId: string; readonly status: ChapterStatus }
  | { readonly kind: 'changed-after-approval'; readonly chapterId: string }
  | { readonly kind: 'open-thread' | 'detached-thread'; readonly chapterId: string; readonly threadId: string; readonly quote: string }
  | { readonly kind: 'open-suggestion'; readonly chapterId: string; readonly suggestionId: string }
  | { readonly kind: 'unsynced-here'; readonly chapterId: string | null; readonly pending: number | null }
  | { readonly kind: 'placeholder'; readonly chapterId: string; readonly from: number; readonly to: number; readonly text: string }
  | { readonly kind: 'detail-placeholder'; readonly field: DetailField | 'contact'; readonly text: string }
  | { readonly kind: 'detail-missing'; readonly field: DetailField };

export function findBlockers(input: ReadinessInput): Blocker[] {
  const blockers: Blocker[] = [];
  blockers.push(...detailBlockers(input.details));
  if (input.manifestUnsyncedHere !== 0) blockers.push({ kind: 'unsynced-here', chapterId: null, pending: input.manifestUnsyncedHere });
  for (const chapter of input.chapters) {
    const chapterId = chapter.entry.id;
    if (chapter.entry.status !== 'approved') blockers.push({ kind: 'not-approved', chapterId, status: chapter.entry.status });
    else if (chapter.changedSinceApproval === true) blockers.push({ kind: 'changed-after-approval', chapterId });
    for (const thread of chapter.openThreads) {
      blockers.push({ kind: thread.anchored ? 'open-thread' : 'detached-thread', chapterId, threadId: thread.id, quote: thread.quote });
    }
    for (const suggestion of chapter.openSuggestions) blockers.push({ kind: 'open-suggestion', chapterId, suggestionId: suggestion.id });
    for (const found of chapter.placeholders) blockers.push({ kind: 'placeholder', chapterId, from: found.from, to: found.to, text: found.text });
    if (chapter.unsyncedHere !== 0) blockers.push({ kind: 'unsynced-here', chapterId, pending: chapter.unsyncedHere });
  }
  return blockers;
}

function detailBlockers(details: PlanDetails): Blocker[] {
  const blockers: Blocker[] = [];
  for (const field of DETAIL_FIELDS) {
    const value = details[field];
    if (value === null || value.trim() === '') blockers.push({ kind: 'detail-missing', field });
    else for (const text of placeholdersIn(value)) blockers.push({ kind: 'detail-placeholder', field, text });
  }
  for (const value of Object.values(details.contacts)) {
    for (const text of placeholdersIn(value)) blockers.push({ kind: 'detail-placeholder', field: 'contact', text });
  }
  return blockers;
}

/** Only the coordinator submits, and only a plan with nothing in the way. */
export function maySubmit(member: Pick<Member, 'role'>, blockers: readonly Blocker[]): boolean {
  return member.role === 'coordinator' && blockers.length === 0;
}

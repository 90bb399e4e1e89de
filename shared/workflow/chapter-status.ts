/**
 * The chapter status machine (issue 14): who may move a chapter from which
 * status to which, and the one function that does it, writing the status and
 * its history entry in one Yjs transaction.
 *
 *   draft ──Klar för granskning──▶ in-review ──Godkänn──▶ approved
 *     ▲                              │  ▲                    │
 *     └────────Skicka tillbaka───────┘  └─────Öppna igen─────┘
 *
 * - The owner agency's drafters (and the coordinator) mark a draft ready for
 *   review. A chapter without an owner has only the coordinator.
 * - The coordinator approves, sends back (with a reason, which becomes a
 *   comment thread in the chapter: send-back.ts) and reopens.
 * - An approved chapter is locked (`isChapterLocked`): nobody edits its text,
 *   suggests or starts a thread until the coordinator reopens it; replies to
 *   existing threads stay allowed. A late edit (late-edit.ts) reopens it too.
 *
 * The server checks the same transitions (shared/rules/manifest-rules.ts
 * asks `mayChangeStatus`).
 */
import * as Y from 'yjs';
import type { AgencyCode } from '../agencies/agencies.ts';
import { authorOf, type Member } from '../plan/member.ts';
import type { ChapterEntry, ChapterStatus } from '../plan/manifest.ts';
import { MAX_REASON_LENGTH, statusHistoryArray, type StatusHistoryEntry } from './status-history.ts';

/** The buttons of the machine; each is one transition. */
export type StatusAction = 'mark-ready' | 'approve' | 'send-back' | 'reopen';

export const TRANSITIONS: Readonly<Record<StatusAction, { readonly from: ChapterStatus; readonly to: ChapterStatus }>> = {
  'mark-ready': { from: 'draft', to: 'in-review' },
  approve: { from: 'in-review', to: 'approved' },
  'send-back': { from: 'in-review', to: 'draft' },
  reopen: { from: 'approved', to: 'in-review' },
};

/** The action that moves `from` to `to`, or null when the machine has no such step. */
export function actionFor(from: ChapterStatus, to: ChapterStatus): StatusAction | null {
  for (const [action, step] of Object.entries(TRANSITIONS) as [StatusAction, { from: ChapterStatus; to: ChapterStatus }][]) {
    if (step.from === from && step.to === to) return action;
  }
  return null;
}

/** Whether `member` may take `action` on a chapter owned by `owner`. */
export function mayTakeStatusAction(member: Pick<Member, 'role' | 'agency'>, action: StatusAction, owner: AgencyCode | null): boolean {
  if (member.role === 'reader') return false;
  if (member.role === 'coordinator') return true;
  return action === 'mark-ready' && owner !== null && owner === member.agency;
}

/** Whether `member` may move a chapter owned by `owner` from `from` to `to` with a button. */
export function mayChangeStatus(member: Pick<Member, 'role' | 'agency'>, owner: AgencyCode | null, from: ChapterStatus, to: ChapterStatus): boolean {
  const action = actionFor(from, to);
  return action !== null && mayTakeStatusAction(member, action, owner);
}

/** The actions `member` may take on `chapter` now, in the order the buttons are shown. */
export function availableActions(member: Pick<Member, 'role' | 'agency'>, chapter: Pick<ChapterEntry, 'status' | 'owner'>): StatusAction[] {
  return (Object.keys(TRANSITIONS) as StatusAction[]).filter((action) => TRANSITIONS[action].from === chapter.status && mayTakeStatusAction(member, action, chapter.owner));
}

/**
 * An approved chapter is locked: its text takes no edits, suggestions or new
 * threads (replies to existing threads are still allowed) until the
 * coordinator reopens it. Derived from the status, never stored, so it can
 * never disagree with it.
 */
export function isChapterLocked(entry: Pick<ChapterEntry, 'status'>): boolean {
  return entry.status === 'approved';
}

export type StatusChangeError = 'not-found' | 'not-allowed' | 'wrong-status' | 'reason-required' | 'reason-too-long';

export class StatusError extends Error {
  readonly code: StatusChangeError;

  constructor(code: StatusChangeError, message: string) {
    super(message);
    this.name = 'StatusError';
    this.code = code;
  }
}

export interface StatusChange {
  readonly action: StatusAction;
  readonly at: string;
  readonly reason?: string;
  readonly threadId?: string;
  /** Approve: what the coordinator approved (late-edit.ts, `approvalMark`). */
  readonly approval?: { readonly approvedText: string; readonly approvedState: Readonly<Record<string, number>> };
}

/**
 * Takes `change.action` on the chapter: checks the rule and the current
 * status, then writes the new status and the history entry in one
 * transaction. Throws a StatusError (nothing written) when refused.
 */
export function changeStatus(manifestDoc: Y.Doc, chapterId: string, member: Member, change: StatusChange): StatusHistoryEntry {
  const entry = manifestDoc.getMap('chapters').get(chapterId);
  if (!(entry instanceof Y.Map)) throw new StatusError('not-found', `No chapter ${chapterId} in the plan.`);
  const step = TRANSITIONS[change.action];
  const status = entry.get('status') ?? 'draft';
  if (status !== step.from) throw new StatusError('wrong-status', `Chapter ${chapterId} is ${String(status)}, not ${step.from}.`);
  const owner = entry.get('owner');
  if (!mayTakeStatusAction(member, change.action, typeof owner === 'string' ? (owner as AgencyCode) : null)) {
    throw new StatusError('not-allowed', `A ${member.role} of ${member.agency} may not ${change.action} chapter ${chapterId}.`);
  }
  const reason = change.reason?.trim();
  if (change.action === 'send-back' && (reason === undefined || reason === '')) throw new StatusError('reason-required', 'Sending a chapter back needs a reason.');
  if (reason !== undefined && reason.length > MAX_REASON_LENGTH) throw new StatusError('reason-too-long', `A reason is at most ${MAX_REASON_LENGTH} characters.`);
  const record: StatusHistoryEntry = {
    chapterId,
    from: step.from,
    to: step.to,
    by: { ...authorOf(member) },
    at: change.at,
    kind: 'changed',
    ...(reason !== undefined && reason !== '' ? { reason } : {}),
    ...(change.threadId !== undefined ? { threadId: change.threadId } : {}),
    ...(change.approval !== undefined ? { approvedText: change.approval.approvedText, approvedState: change.approval.approvedState } : {}),
  };
  manifestDoc.transact(() => {
    entry.set('status', step.to);
    statusHistoryArray(manifestDoc).push([record]);
  });
  return record;
}

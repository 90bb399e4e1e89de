/**
 * The plan's details that go with the submission: the government decision's
 * date and reference number (diarienummer), the recipient, the deadline and
 * a contact person per agency; and, once submitted, who submitted it and when.
 *
 * Layout: plain keys of the manifest's `plan` Y.Map beside `title` and
 * `deadline`:
 *   recipient, referenceNumber, decisionDate (ISO date or null),
 *   contact.<agency code>                one key per agency, so that two
 *                                        agencies' contacts never overwrite each other
 *   submittedAt, submittedBy, submissionId   written once by "Lämna in"
 *
 * All optional with safe defaults: a plan written before issue 14 has none
 * of them and reads as "not filled in yet" (docs/decisions/submission.md,
 * why this needs no schema version). Only the coordinator changes them
 * (shared/rules/manifest-rules.ts: the `plan` map is the coordinator's).
 *
 * A value may hold a bracketed placeholder such as "[ange diarienummer]";
 * the readiness check lists every one (placeholders.ts).
 */
import type * as Y from 'yjs';
import { AGENCY_CODES, type AgencyCode } from '../agencies/agencies.ts';
import { authorSchema, type Author } from '../plan/member.ts';

export const MAX_DETAIL_LENGTH = 300;

export const DETAIL_FIELDS = ['recipient', 'referenceNumber', 'decisionDate', 'deadline'] as const;
export type DetailField = (typeof DETAIL_FIELDS)[number];

export interface PlanDetails {
  readonly recipient: string;
  readonly referenceNumber: string;
  /** ISO date (YYYY-MM-DD), or null. */
  readonly decisionDate: string | null;
  /** ISO date (YYYY-MM-DD), or null. */
  readonly deadline: string | null;
  /** The contact person per agency taking part; '' when not given. */
  readonly contacts: Readonly<Record<AgencyCode, string>>;
}

export interface SubmissionMark {
  readonly submissionId: string;
  readonly submittedAt: string;
  readonly submittedBy: Author;
}

export interface DetailsInput {
  readonly recipient?: string;
  readonly referenceNumber?: string;
  readonly decisionDate?: string | null;
  readonly deadline?: string | null;
  readonly contacts?: Partial<Record<AgencyCode, string>>;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function contactKey(agency: AgencyCode): string {
  return `contact.${agency}`;
}

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Reads the details; a wrong type from a peer reads as not filled in. */
export function readPlanDetails(manifestDoc: Y.Doc): PlanDetails {
  const plan = manifestDoc.getMap('plan');
  const text = (key: string): string => {
    const value = plan.get(key);
    return typeof value === 'string' ? value.slice(0, MAX_DETAIL_LENGTH) : '';
  };
  const date = (key: string): string | null => {
    const value = plan.get(key);
    return isIsoDate(value) ? value : null;
  };
  const contacts = Object.fromEntries(AGENCY_CODES.map((code) => [code, text(contactKey(code))])) as Record<AgencyCode, string>;
  return { recipient: text('recipient'), referenceNumber: text('referenceNumber'), decisionDate: date('decisionDate'), deadline: date('deadline'), contacts };
}

export type DetailsError = { readonly field: DetailField | `contact.${AgencyCode}`; readonly problem: 'too-long' | 'not-a-date' };

/** What is wrong with `input`, field by field; empty when it can be written. */
export function checkDetails(input: DetailsInput): DetailsError[] {
  const errors: DetailsError[] = [];
  for (const field of ['recipient', 'referenceNumber'] as const) {
    if ((input[field]?.length ?? 0) > MAX_DETAIL_LENGTH) errors.push({ field, problem: 'too-long' });
  }
  for (const field of ['decisionDate', 'deadline'] as const) {
    const value = input[field];
    if (value !== undefined && value !== null && !isIsoDate(value)) errors.push({ field, problem: 'not-a-date' });
  }
  for (const [code, value] of Object.entries(input.contacts ?? {})) {
    if ((value?.length ?? 0) > MAX_DETAIL_LENGTH) errors.push({ field: `contact.${code as AgencyCode}`, problem: 'too-long' });
  }
  return errors;
}

/**
 * Writes the given fields (only those that changed, so an unchanged form
 * does not overwrite a colleague's concurrent edit of another field). Returns
 * the problems and writes nothing when there are any.
 */
export function writePlanDetails(manifestDoc: Y.Doc, input: DetailsInput): DetailsError[] {
  const errors = checkDetails(input);
  if (errors.length > 0) return errors;
  const plan = manifestDoc.getMap('plan');
  const set = (key: string, value: string | null | undefined): void => {
    if (value === undefined) return;
    const next = typeof value === 'string' ? value.trim() : null;
    if (plan.get(key) !== next) plan.set(key, next);
  };
  manifestDoc.transact(() => {
    set('recipient', input.recipient);
    set('referenceNumber', input.referenceNumber);
    set('decisionDate', input.decisionDate === '' ? null : input.decisionDate);
    set('deadline', input.deadline === '' ? null : input.deadline);
    for (const [code, value] of Object.entries(input.contacts ?? {})) set(contactKey(code as AgencyCode), value);
  });
  return [];
}

/** The submission recorded in the manifest, or null (not submitted, or unreadable). */
export function readSubmissionMark(manifestDoc: Y.Doc): SubmissionMark | null {
  const plan = manifestDoc.getMap('plan');
  const submissionId = plan.get('submissionId');
  const submittedAt = plan.get('submittedAt');
  const by = authorSchema.safeParse(plan.get('submittedBy'));
  if (typeof submissionId !== 'string' || typeof submittedAt !== 'string' || !by.success) return null;
  return { submissionId, submittedAt, submittedBy: by.data };
}

/** Records in the manifest that the plan was submitted, so every member sees it. */
export function writeSubmissionMark(manifestDoc: Y.Doc, mark: SubmissionMark): void {
  const plan = manifestDoc.getMap('plan');
  manifestDoc.transact(() => {
    plan.set('submissionId', mark.submissionId);
    plan.set('submittedAt', mark.submittedAt);
    plan.set('submittedBy', { memberId: mark.submittedBy.memberId, name: mark.submittedBy.name, agency: mark.submittedBy.agency });
  });
}

/** Whole days from `today` to `deadline` (both ISO dates); negative when past. Null without a deadline. */
export function daysLeft(deadline: string | null, today: string): number | null {
  if (deadline === null || !isIsoDate(today)) return null;
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

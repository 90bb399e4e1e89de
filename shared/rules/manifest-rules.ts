/**
 * Who may change what in a plan's manifest (shared/plan/manifest.ts): the
 * workflow rules of issue 13, checked by the server on every update and
 * asked by the app to show or hide the controls.
 *
 * - The coordinator does everything: title, deadline, the chapter list,
 *   titles, owners, order and statuses.
 * - The owner agency's drafters mark their chapter ready for review
 *   (draft → in-review), name its co-writers (`coWriters`: agencies that
 *   write it directly too), and delete and restore it (`may()` in
 *   shared/comments/comment-permissions.ts, as the app already allows).
 * - Every status change goes with an entry in the root `statusHistory`
 *   list, in the same update, signed by the sender, naming the same
 *   chapter, old and new status; the step must be one of the status machine
 *   the sender may take (shared/workflow/chapter-status.ts: the coordinator
 *   approves, sends back and reopens). A `late-edit` entry (approved →
 *   in-review, shared/workflow/late-edit.ts) may come from any drafter: an
 *   edit she made before she learned of the approval. History entries are
 *   only ever appended.
 * - Other drafters change nothing; readers change nothing.
 * - `deletedBy` is always the member who deletes.
 * - `meta.schemaVersion` follows schema-version-rule.ts, for everyone.
 */
import { may } from '../comments/comment-permissions.ts';
import { isAgencyCode, type AgencyCode } from '../agencies/agencies.ts';
import type { Member } from '../plan/member.ts';
import * as Y from 'yjs';
import { isSender } from './authorship.ts';
import type { ArrayChange, DocChange, MapChange } from './doc-changes.ts';
import { breach, type RuleBreach } from './rule-refusal.ts';
import { checkSchemaVersion } from './schema-version-rule.ts';
import { mayChangeStatus } from '../workflow/chapter-status.ts';
import { historyEntrySchema, STATUS_HISTORY_FIELD } from '../workflow/status-history.ts';

/** Whether `member` may change the plan itself: its title, deadline, chapter list, chapter titles, owners and order. */
export function mayChangePlan(member: Pick<Member, 'role'>): boolean {
  return member.role === 'coordinator';
}

/** Whether `member` may name the agencies that write a chapter of `owner` directly besides it: the coordinator, and the owner agency's drafters. */
export function mayNameCoWriters(member: Pick<Member, 'role' | 'agency'>, owner: AgencyCode | null): boolean {
  return mayChangePlan(member) || (member.role === 'drafter' && owner !== null && owner === member.agency);
}

export function checkManifestChanges(member: Member, changes: readonly DocChange[]): RuleBreach | null {
  for (const change of changes) {
    const found = checkChange(member, change, changes);
    if (found !== null) return found;
  }
  return null;
}

function checkChange(member: Member, change: DocChange, all: readonly DocChange[]): RuleBreach | null {
  if (change.kind === 'array' && change.root === STATUS_HISTORY_FIELD && change.path.length === 0) return checkHistory(member, change, all);
  if (change.kind !== 'map') return breach('unknown-part', `the manifest has no ${change.kind === 'array' || change.kind === 'text' ? `${change.kind} in ${change.root}` : `root ${change.root}`}`);
  if (change.root === 'meta' && change.path.length === 0 && change.key === 'schemaVersion') return checkSchemaVersion(change.oldValue, change.newValue);
  const refuse = (what: string): RuleBreach => breach('plan-not-permitted', `a ${member.role} of ${member.agency} may not ${what}`);
  if (change.root === 'chapters' && change.path.length === 1) {
    if (change.key === 'deletedBy' && change.action !== 'delete' && !isSender(change.newValue, member)) return refuse('sign a deletion with another member');
    if (change.key === 'status') {
      // Who may take the step is checked on its history entry (checkHistory).
      return historyEntryFor(change, all) ? null : refuse(`set chapter ${String(change.path[0])}'s status from ${String(change.oldValue)} to ${String(change.newValue)} without its history entry`);
    }
    if (mayChangePlan(member)) return null;
    const owner = ownerBefore(change.map, all);
    if (change.key === 'coWriters') {
      return mayNameCoWriters(member, owner) ? null : refuse(`name the co-writers of chapter ${String(change.path[0])}`);
    }
    if (change.key === 'deletedAt' || change.key === 'deletedBy') {
      return may(member, change.action === 'delete' ? 'restore-chapter' : 'delete-chapter', { chapter: { owner } })
        ? null
        : refuse(`${change.action === 'delete' ? 'restore' : 'delete'} chapter ${String(change.path[0])}`);
    }
    return refuse(`change ${change.key} of chapter ${String(change.path[0])}`);
  }
  if (change.path.length > 0) {
    return breach('unknown-part', `the manifest has no ${[change.root, ...change.path, change.key].join('.')}`);
  }
  return mayChangePlan(member) ? null : refuse(change.root === 'chapters' ? `${change.action === 'add' ? 'add' : 'replace or remove'} chapter ${change.key}` : `change ${change.root}.${change.key}`);
}

/** New status-history entries: appended only, signed by the sender, each with its status change, a step the sender may take. */
function checkHistory(member: Member, change: ArrayChange, all: readonly DocChange[]): RuleBreach | null {
  const refuse = (what: string): RuleBreach => breach('plan-not-permitted', `a ${member.role} of ${member.agency} may not ${what}`);
  if (change.deleted > 0) return refuse('remove entries from the status history');
  for (const value of change.inserted) {
    const parsed = historyEntrySchema.safeParse(value);
    if (!parsed.success) return refuse('add a status-history entry in another form than the app\'s');
    const entry = parsed.data;
    if (!isSender(entry.by, member)) return refuse('sign a status-history entry with another member');
    const status = all.find(
      (c): c is MapChange => c.kind === 'map' && c.root === 'chapters' && c.path.length === 1 && c.path[0] === entry.chapterId && c.key === 'status',
    );
    // No status change here: the sender's status write lost to a concurrent
    // one (Yjs keeps one value per key), and the entry still records the
    // step. With one, the step starts from the status the server held, or
    // changes nothing (a concurrent member took the same step).
    const startsRight = status === undefined || mayChangePlan(member) || (status.oldValue ?? 'draft') === entry.from || status.oldValue === status.newValue;
    const chapter = change.array.doc?.getMap('chapters').get(entry.chapterId);
    const owner = chapter instanceof Y.Map ? ownerBefore(chapter, all) : null;
    const allowed =
      startsRight &&
      (entry.kind === 'late-edit'
        ? entry.from === 'approved' && entry.to === 'in-review' && member.role !== 'reader'
        : mayChangeStatus(member, owner, entry.from, entry.to));
    if (!allowed) return refuse(`set chapter ${entry.chapterId}'s status from ${entry.from} to ${entry.to}`);
  }
  return null;
}

/** Whether a status change comes with its history entry in the same update. */
function historyEntryFor(change: MapChange, all: readonly DocChange[]): boolean {
  const chapterId = change.path[0];
  return all.some(
    (c) =>
      c.kind === 'array' &&
      c.root === STATUS_HISTORY_FIELD &&
      c.inserted.some((value) => {
        const parsed = historyEntrySchema.safeParse(value);
        return parsed.success && parsed.data.chapterId === chapterId && parsed.data.to === change.newValue;
      }),
  );
}

/** The chapter's owner before this update: an owner changed in the same update does not count. */
function ownerBefore(map: Y.Map<unknown>, all: readonly DocChange[]): AgencyCode | null {
  const ownerChange = all.find((c): c is MapChange => c.kind === 'map' && c.map === map && c.key === 'owner');
  const owner = ownerChange !== undefined ? ownerChange.oldValue : map.get('owner');
  return isAgencyCode(owner) ? owner : null;
}

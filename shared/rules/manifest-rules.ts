/**
 * Who may change what in a plan's manifest (shared/plan/manifest.ts): the
 * workflow rules of issue 13, checked by the server on every update and
 * asked by the app to show or hide the controls.
 *
 * - The coordinator does everything: title, deadline, the chapter list,
 *   titles, owners, order and statuses.
 * - The owner agency's drafters mark their chapter ready for review
 *   (draft → in-review), and delete and restore it (`may()` in
 *   shared/comments/comment-permissions.ts, as the app already allows).
 * - Other drafters change nothing; readers change nothing.
 * - `deletedBy` is always the member who deletes.
 * - `meta.schemaVersion` follows schema-version-rule.ts, for everyone.
 */
import { may } from '../comments/comment-permissions.ts';
import { isAgencyCode, type AgencyCode } from '../agencies/agencies.ts';
import type { Member } from '../plan/member.ts';
import { isSender } from './authorship.ts';
import type { DocChange, MapChange } from './doc-changes.ts';
import { breach, type RuleBreach } from './rule-refusal.ts';
import { checkSchemaVersion } from './schema-version-rule.ts';

/** Whether `member` may change the plan itself: its title, deadline, chapter list, chapter titles, owners and order. */
export function mayChangePlan(member: Pick<Member, 'role'>): boolean {
  return member.role === 'coordinator';
}

/** Whether `member` may mark a chapter owned by `owner` ready for review. */
export function mayMarkReadyForReview(member: Member, owner: AgencyCode | null): boolean {
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
  if (change.kind !== 'map') return breach('unknown-part', `the manifest has no ${change.kind === 'array' || change.kind === 'text' ? `${change.kind} in ${change.root}` : `root ${change.root}`}`);
  if (change.root === 'meta' && change.path.length === 0 && change.key === 'schemaVersion') return checkSchemaVersion(change.oldValue, change.newValue);
  const refuse = (what: string): RuleBreach => breach('plan-not-permitted', `a ${member.role} of ${member.agency} may not ${what}`);
  if (change.root === 'chapters' && change.path.length === 1) {
    if (change.key === 'deletedBy' && change.action !== 'delete' && !isSender(change.newValue, member)) return refuse('sign a deletion with another member');
    if (mayChangePlan(member)) return null;
    const owner = ownerBefore(change, all);
    if (change.key === 'status') {
      return mayMarkReadyForReview(member, owner) && change.oldValue === 'draft' && change.newValue === 'in-review'
        ? null
        : refuse(`set chapter ${String(change.path[0])}'s status from ${String(change.oldValue)} to ${String(change.newValue)}`);
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

/** The chapter's owner before this update: an owner changed in the same update does not count. */
function ownerBefore(change: MapChange, all: readonly DocChange[]): AgencyCode | null {
  const ownerChange = all.find((c): c is MapChange => c.kind === 'map' && c.map === change.map && c.key === 'owner');
  const owner = ownerChange !== undefined ? ownerChange.oldValue : change.map.get('owner');
  return isAgencyCode(owner) ? owner : null;
}

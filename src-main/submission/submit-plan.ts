/**
 * "Lämna in" on the host side: the same two checks the app made, made again
 * on what is stored (a hidden button is never the only guard), then the
 * edition is stored.
 *
 * - Only the coordinator: on a shared plan, the role the sync server gave
 *   this computer's member; on a plan only on this computer, the local
 *   profile writing for the coordinating agency (shared/plan/member.ts).
 * - Nothing in the way: the readiness check (shared/workflow/blockers.ts)
 *   run on the stored docs. Whether the server holds everything is the
 *   app's to know (its sync ledger); the app checks that before it calls.
 */
import * as Y from 'yjs';
import { HostError } from '../../shared/host-api/host-error.ts';
import type { LoadedPlan, SubmittedEdition } from '../../shared/host-api/host-api.ts';
import { parseDocName } from '../../shared/plan/doc-names.ts';
import { COORDINATING_AGENCY, type Author } from '../../shared/plan/member.ts';
import type { AgencyCode } from '../../shared/agencies/agencies.ts';
import { planBlockers } from '../../shared/workflow/readiness.ts';
import type { SubmissionStore } from './submission-store.ts';

export function submitPlan(loaded: LoadedPlan, by: Author, localAgency: AgencyCode | null, store: SubmissionStore, now: Date): SubmittedEdition {
  const member = loaded.server?.member ?? null;
  const coordinator =
    member !== null ? member.role === 'coordinator' && member.agency === by.agency && member.name === by.name : by.agency === COORDINATING_AGENCY && localAgency === COORDINATING_AGENCY;
  if (!coordinator) throw new HostError('submission-refused', 'Only the coordinator submits the plan.', 'not-coordinator');
  const manifest = new Y.Doc();
  Y.applyUpdate(manifest, loaded.manifest.update);
  const chapters = new Map<string, Y.Doc>();
  for (const stored of loaded.chapters) {
    const ref = parseDocName(stored.name);
    if (ref?.kind !== 'chapter') continue;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.update);
    chapters.set(ref.chapterId, doc);
  }
  const blockers = planBlockers(manifest, chapters);
  if (blockers.length > 0) {
    throw new HostError('submission-refused', `The plan is not ready: ${blockers.length} things stand in the way (first: ${blockers[0]!.kind}).`, 'not-ready');
  }
  return store.create(loaded.planId, [loaded.manifest, ...loaded.chapters], by, now);
}

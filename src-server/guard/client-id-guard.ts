/**
 * The guard's first question about an update (issue 13): are the Yjs
 * client ids it writes new structs under the sender's own? The rules after
 * it (rule-guard.ts) read authorship from those ids, so this runs first.
 * Who owns which id, and why it matters, is client-owners.ts.
 *
 * "New" means beyond what the server's document holds for that client: a
 * sync step 2 that resends structs the server has is no writing, and a
 * member's app never sends other members' structs the server lacks, since
 * it gets them from the server.
 */
import * as Y from 'yjs';
import type { ClientOwners } from '../members/client-owners.ts';
import { breach, type RuleBreach } from '../../shared/rules/rule-refusal.ts';
import type { ClientWrite } from './update-inspection.ts';

/** The client ids in `writes` under which `document` does not yet hold everything. */
export function newWriters(document: Y.Doc, writes: readonly ClientWrite[]): number[] {
  return writes.filter(([client, end]) => end > Y.getState(document.store, client)).map(([client]) => client);
}

/**
 * Claims the client ids `writes` writes new structs under for `memberId`;
 * a breach if one belongs to another member.
 */
export async function checkClientIds(
  owners: Pick<ClientOwners, 'claim'>,
  planId: string,
  memberId: string,
  document: Y.Doc,
  writes: readonly ClientWrite[],
): Promise<RuleBreach | null> {
  const fresh = newWriters(document, writes);
  if (fresh.length === 0) return null;
  const taken = await owners.claim(planId, memberId, fresh);
  return taken === null ? null : breach('client-not-yours', `the update writes under Yjs client id ${taken.client}, which member ${taken.ownerId} writes under`);
}

/**
 * Who is acting: a member of a plan with a role. On a sync server the member
 * and role come from the server's membership (the server enforces them). For
 * a plan that only exists on this machine, the local profile stands in: the
 * user is the coordinator when they write for the coordinating agency.
 */
import type { AgencyCode } from '../agencies/agencies.ts';

export const ROLES = ['coordinator', 'drafter', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** Arbetsförmedlingen coordinates the joint plan (the government assignment). */
export const COORDINATING_AGENCY: AgencyCode = 'af';

/** The identity stored with everything a member writes (comments, events). */
export interface Author {
  readonly memberId: string;
  readonly name: string;
  readonly agency: AgencyCode;
}

export interface Member extends Author {
  readonly role: Role;
}

/** The role of the local profile on a plan that has no server. */
export function localRole(agency: AgencyCode): Role {
  return agency === COORDINATING_AGENCY ? 'coordinator' : 'drafter';
}

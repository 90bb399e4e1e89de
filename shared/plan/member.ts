/**
 * Who is acting: a member of a plan with a role. On a sync server the member
 * and role come from the server's membership (the server enforces them). For
 * a plan that only exists on this machine, the local profile stands in: the
 * user is the coordinator when they write for the coordinating agency.
 */
import { z } from 'zod';
import { AGENCY_CODES, type AgencyCode } from '../agencies/agencies.ts';

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

/** What is stored of `member` with what they write: never the role, which can change. */
export function authorOf(member: Member): Author {
  return { memberId: member.memberId, name: member.name, agency: member.agency };
}

/** Reads a stored author back; written by other peers, so checked. */
export const authorSchema = z.object({ memberId: z.string(), name: z.string(), agency: z.enum(AGENCY_CODES) });

/** The role of the local profile on a plan that has no server. */
export function localRole(agency: AgencyCode): Role {
  return agency === COORDINATING_AGENCY ? 'coordinator' : 'drafter';
}

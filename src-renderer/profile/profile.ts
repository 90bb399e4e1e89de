/**
 * The local user's profile (name, agency, host-made member id, from the
 * host's preferences) and the Member it stands for on a plan that has no
 * server. Plain data, so the dialog and the context both read it without
 * importing each other.
 */
import type { AgencyCode } from '../../shared/agencies/agencies.ts';
import type { Preferences } from '../../shared/host-api/host-api.ts';
import { localRole, type Member } from '../../shared/plan/member.ts';

export interface Profile {
  readonly name: string | null;
  readonly agency: AgencyCode | null;
  readonly memberId: string | null;
}

export const EMPTY_PROFILE: Profile = { name: null, agency: null, memberId: null };

/** The member the profile signs as, or null until a name and an agency are given. */
export function memberOf(profile: Profile): Member | null {
  if (profile.name === null || profile.agency === null || profile.memberId === null) return null;
  return { memberId: profile.memberId, name: profile.name, agency: profile.agency, role: localRole(profile.agency) };
}

export function profileOf(preferences: Preferences): Profile {
  return { name: preferences.name, agency: preferences.agency, memberId: preferences.memberId };
}

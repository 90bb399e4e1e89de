/**
 * Which threads the sidebar and the overview show: a pure function of the
 * threads, the filter and who is looking, so it is the same everywhere.
 */
import type { AgencyCode } from '../../shared/agencies/agencies.ts';
import type { CommentThread } from '../../shared/comments/threads.ts';
import type { Member } from '../../shared/plan/member.ts';

export type StateFilter = 'open' | 'resolved' | 'all';

export interface ThreadFilter {
  readonly state: StateFilter;
  readonly assignedToMine: boolean;
  readonly writtenByMe: boolean;
  /** Only threads assigned to this agency; 'none' for unassigned ones, null for any. */
  readonly agency: AgencyCode | 'none' | null;
}

export const DEFAULT_FILTER: ThreadFilter = { state: 'open', assignedToMine: false, writtenByMe: false, agency: null };

export function matchesFilter(thread: CommentThread, filter: ThreadFilter, member: Member | null): boolean {
  if (filter.state !== 'all' && thread.state !== filter.state) return false;
  if (filter.assignedToMine && (member === null || thread.assignedAgency !== member.agency)) return false;
  if (filter.writtenByMe && (member === null || thread.author.memberId !== member.memberId)) return false;
  if (filter.agency === 'none' && thread.assignedAgency !== null) return false;
  if (filter.agency !== null && filter.agency !== 'none' && thread.assignedAgency !== filter.agency) return false;
  return true;
}

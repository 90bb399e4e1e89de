/**
 * Who may add and remove a source (issue 16): every member except readers
 * adds one; the member who added it and the coordinator remove it. The app
 * asks these to show its buttons, source-list.ts asks again before writing,
 * and the sync server enforces the same (shared/rules/source-rules.ts).
 */
import type { Member } from '../plan/member.ts';

export function mayAddSource(member: Pick<Member, 'role'>): boolean {
  return member.role !== 'reader';
}

export function mayRemoveSource(member: Pick<Member, 'role' | 'memberId'>, source: { readonly addedBy: { readonly memberId: string } | null }): boolean {
  if (member.role === 'reader') return false;
  return member.role === 'coordinator' || (source.addedBy !== null && source.addedBy.memberId === member.memberId);
}

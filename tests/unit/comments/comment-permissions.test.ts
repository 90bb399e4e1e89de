/**
 * The one rule of who may do what with comments (shared/comments/comment-permissions.ts),
 * as a table: every role against every action, for a thread and a message
 * that are theirs and for ones that are not. The operations in threads.ts
 * enforce the same rule (thread-model.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { may, type CommentAction } from '../../../shared/comments/comment-permissions.ts';
import { localRole, type Member } from '../../../shared/plan/member.ts';
import { anna, bo, cecilia, david } from './comment-members.ts';

const boWrote = { author: { memberId: bo.memberId, name: bo.name, agency: bo.agency }, deletedAt: null };
const boDeleted = { ...boWrote, deletedAt: '2025-03-03T10:00:00.000Z' };
const thread = { author: boWrote.author };
const context = { thread, message: boWrote };

const ACTIONS: readonly CommentAction[] = ['comment', 'reply', 'assign', 'edit-message', 'delete-message', 'resolve', 'reopen'];

function allowed(member: Member, ctx = context): CommentAction[] {
  return ACTIONS.filter((action) => may(member, action, ctx));
}

describe('who may do what with comments', () => {
  it('the coordinator comments, replies, assigns, and resolves and reopens anyone’s thread, but edits only their own words', () => {
    expect(allowed(anna)).toEqual(['comment', 'reply', 'assign', 'resolve', 'reopen']);
  });

  it('the author of a thread and its message may do everything with them', () => {
    expect(allowed(bo)).toEqual(ACTIONS);
  });

  it('another drafter comments, replies and assigns, but cannot touch Bo’s message or resolve his thread', () => {
    expect(allowed(cecilia)).toEqual(['comment', 'reply', 'assign']);
  });

  it('a reader only reads, even their own old messages', () => {
    expect(allowed(david)).toEqual([]);
    const davidWrote = { author: { memberId: david.memberId, name: david.name, agency: david.agency }, deletedAt: null };
    expect(allowed(david, { thread: { author: davidWrote.author }, message: davidWrote })).toEqual([]);
  });

  it('a deleted message can no longer be edited or deleted, by its author either', () => {
    expect(may(bo, 'edit-message', { message: boDeleted })).toBe(false);
    expect(may(bo, 'delete-message', { message: boDeleted })).toBe(false);
  });

  it('without the message or thread at hand, the answer is no for what depends on them', () => {
    expect(may(bo, 'edit-message')).toBe(false);
    expect(may(bo, 'delete-message')).toBe(false);
    expect(may(bo, 'resolve')).toBe(false);
    expect(may(anna, 'resolve')).toBe(true);
  });

  it('authorship is by member id, not by name or agency', () => {
    const namesake: Member = { ...bo, memberId: 'm-other-bo' };
    expect(may(namesake, 'edit-message', { message: boWrote })).toBe(false);
    expect(may(namesake, 'resolve', { thread })).toBe(false);
    const movedAgency: Member = { ...bo, agency: 'lst' };
    expect(may(movedAgency, 'edit-message', { message: boWrote })).toBe(true);
  });

  it('on a plan without a server, whoever writes for Arbetsförmedlingen coordinates', () => {
    expect(localRole('af')).toBe('coordinator');
    for (const agency of ['lst', 'fk', 'jamy', 'migr', 'sos'] as const) expect(localRole(agency)).toBe('drafter');
  });
});

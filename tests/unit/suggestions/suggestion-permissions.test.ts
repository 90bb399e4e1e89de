/**
 * Who may do what with suggestions: the same single rule as comments
 * (shared/comments/comment-permissions.ts), every role against every action.
 */
import { describe, expect, it } from 'vitest';
import { may, type SuggestionAction } from '../../../shared/comments/comment-permissions.ts';
import type { Member } from '../../../shared/plan/member.ts';
import { anna, bo, cecilia, david } from '../comments/comment-members.ts';

const ACTIONS: readonly SuggestionAction[] = ['suggest', 'edit-directly', 'accept', 'reject', 'withdraw'];
const boSuggested = { author: { memberId: bo.memberId, name: bo.name, agency: bo.agency } };
/** A chapter owned by Jämställdhetsmyndigheten (Cecilia's agency). */
const jamyChapter = { owner: 'jamy' as const };

function allowed(member: Member, context: Parameters<typeof may>[2]): SuggestionAction[] {
  return ACTIONS.filter((action) => may(member, action, context));
}

describe('who may do what with suggestions', () => {
  it('a drafter of another agency suggests and withdraws their own suggestion, but does not accept, reject or edit directly', () => {
    expect(allowed(bo, { chapter: jamyChapter, suggestion: boSuggested })).toEqual(['suggest', 'withdraw']);
  });

  it('a drafter of the owner agency edits directly and accepts and rejects others’ suggestions, but does not withdraw them', () => {
    expect(allowed(cecilia, { chapter: jamyChapter, suggestion: boSuggested })).toEqual(['suggest', 'edit-directly', 'accept', 'reject']);
  });

  it('the coordinator accepts and rejects in every chapter, one without an owner too', () => {
    expect(allowed(anna, { chapter: jamyChapter, suggestion: boSuggested })).toEqual(['suggest', 'edit-directly', 'accept', 'reject']);
    expect(allowed(anna, { chapter: { owner: null }, suggestion: boSuggested })).toEqual(['suggest', 'edit-directly', 'accept', 'reject']);
  });

  it('in a chapter without an owner, no drafter accepts or rejects', () => {
    // A chapter without an owner is open for writing; deciding suggestions in it is the coordinator's.
    expect(allowed(cecilia, { chapter: { owner: null }, suggestion: boSuggested })).toEqual(['suggest', 'edit-directly']);
  });

  it('without knowing the chapter, only the coordinator accepts', () => {
    expect(may(cecilia, 'accept')).toBe(false);
    expect(may(anna, 'accept')).toBe(true);
  });

  it('a reader does nothing, not even in their own agency’s chapter', () => {
    expect(allowed(david, { chapter: { owner: 'fk' }, suggestion: { author: { memberId: david.memberId, name: david.name, agency: david.agency } } })).toEqual([]);
  });
});

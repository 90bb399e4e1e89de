/**
 * THE HOOK FOR THE CHAPTER-TEXT RULE (issue 13, "Chapter content"): who may
 * change a chapter's text, and how. Not written yet: the rule belongs with
 * the text representation and the suggestions (shared/chapter-text/,
 * shared/suggestions/), and their owner plugs it in here. Until then every
 * text change is let through, as before the guard.
 *
 * What it gets: the sender, the chapter's manifest entry (owner and status,
 * or null when the chapter is not listed yet) and the text events of the
 * update (`text` and the old schema's `prosemirror` tree), already applied
 * to the server's scratch copy of the chapter, so it can read the text
 * before (the events' deltas) and after (the copy). The rule of the issue:
 * the owner agency, the named co-writers and the coordinator change
 * anything; other drafters add only comment and suggestion marks and
 * suggested text attributed to themselves and remove only their own
 * suggestions; an approved chapter takes changes only from the coordinator.
 */
import type { ChapterStatus } from '../plan/manifest.ts';
import type { AgencyCode } from '../agencies/agencies.ts';
import type { Member } from '../plan/member.ts';
import type { TextChange } from './doc-changes.ts';
import type { RuleBreach } from './rule-refusal.ts';

export interface ChapterTextContext {
  /** The chapter's manifest entry, or null if the manifest does not list it (yet). */
  readonly chapter: { readonly owner: AgencyCode | null; readonly status: ChapterStatus } | null;
}

export function checkChapterText(member: Member, context: ChapterTextContext, changes: readonly TextChange[]): RuleBreach | null {
  void member;
  void context;
  void changes;
  return null;
}

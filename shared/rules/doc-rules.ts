/**
 * The one entry point of the rules: what `member` may change in a document
 * of a plan, given what an update changed (doc-changes.ts). The server's
 * guard (src-server/guard/rule-guard.ts) calls it for every update before
 * the update is applied, stored or broadcast; the table of what it allows
 * is docs/rules.md.
 *
 * Per document kind:
 *  - manifest: manifest-rules.ts;
 *  - chapter: its meta (the doc's own name, once; schemaVersion by
 *    schema-version-rule.ts), its threads (thread-rules.ts), its
 *    suggestions (suggestion-rules.ts) and its text (chapter-text-rule.ts,
 *    the hook for the chapter-text rule).
 * Readers change nothing (the server already drops their updates; this
 * says so again). A root the document kind does not have is refused.
 */
import type { Member } from '../plan/member.ts';
import { checkChapterText, type ChapterRights } from './chapter-text-rule.ts';
import type { DocChange, TextChange } from './doc-changes.ts';
import { checkManifestChanges } from './manifest-rules.ts';
import { breach, type RuleBreach } from './rule-refusal.ts';
import { checkSchemaVersion } from './schema-version-rule.ts';
import { checkSuggestionChanges } from './suggestion-rules.ts';
import { checkThreadChanges } from './thread-rules.ts';
import { checkSourceDocChanges, checkSourceListChanges, withoutSourceList, type SourceTarget } from './source-rules.ts';

export type RuleTarget =
  | { readonly kind: 'manifest'; readonly planId: string }
  | {
      readonly kind: 'chapter';
      readonly planId: string;
      readonly chapterId: string;
      /** The chapter's manifest entry, or null if the manifest does not list it. */
      readonly chapter: ChapterRights | null;
    }
  | SourceTarget;

export function checkDocChanges(member: Member, target: RuleTarget, changes: readonly DocChange[]): RuleBreach | null {
  if (changes.length === 0) return null;
  if (member.role === 'reader') return breach(target.kind === 'manifest' ? 'plan-not-permitted' : 'thread-not-permitted', 'a reader changes nothing');
  const unknown = changes.find((c) => c.kind === 'unknown-root');
  if (unknown !== undefined) return breach('unknown-part', `a ${target.kind} has no root ${unknown.root}`);
  // Sources (issue 16): the manifest's source list and each source's doc, source-rules.ts.
  if (target.kind === 'manifest') return checkSourceListChanges(member, changes) ?? checkManifestChanges(member, withoutSourceList(changes));
  if (target.kind === 'source') return checkSourceDocChanges(member, target, changes);
  return (
    checkChapterMeta(target, changes) ??
    checkThreadChanges(member, changes) ??
    checkSuggestionChanges(member, target.chapter ?? { owner: null }, changes) ??
    checkChapterText(member, { chapter: target.chapter }, changes.filter((c): c is TextChange => c.kind === 'text'))
  );
}

/** A chapter's meta names the doc itself (shared/plan/chapter.ts, set by whoever creates it) and its schema version. */
function checkChapterMeta(target: Extract<RuleTarget, { kind: 'chapter' }>, changes: readonly DocChange[]): RuleBreach | null {
  const own: Record<string, unknown> = { kind: 'chapter', planId: target.planId, chapterId: target.chapterId };
  for (const change of changes) {
    if (change.root !== 'meta') continue;
    if (change.kind !== 'map' || change.path.length > 0) return breach('unknown-part', 'a chapter meta holds plain values only');
    if (change.key === 'schemaVersion') {
      const found = checkSchemaVersion(change.oldValue, change.newValue);
      if (found !== null) return found;
    } else if (!(change.key in own) || change.newValue !== own[change.key]) {
      return breach('unknown-part', `a chapter's meta.${change.key} is not ${JSON.stringify(change.newValue) ?? 'removed'}`);
    }
  }
  return null;
}

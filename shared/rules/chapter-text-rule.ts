/**
 * The chapter-text rule (issue 13, "Chapter content"; the representation is
 * docs/decisions/suggestions.md): who may change a chapter's text, and how.
 *
 * - Whoever may edit the chapter directly (`may(member, 'edit-directly')`:
 *   its owner agency, the agencies it names as co-writers, the coordinator,
 *   everyone in a chapter without an owner) changes anything.
 * - Any other drafter only suggests. Their update may delete only their
 *   own suggested words and block boundaries (what they wrote and take
 *   back), never anyone else's text. ENFORCED. "Their own" is either
 *     marked with their suggestion's id, or written by one of their Yjs
 *     clients under one of their suggestions (the entry's `writers`): Yjs may
 *     drop a suggestion's formatting when updates meet, and their own words
 *     are still theirs to take back (text-decisions.ts has the same bound).
 *   No words of anyone else are lost, whatever the client.
 * - What she adds should be her own suggestion: words and embeds marked
 *   with it, block boundaries carrying it (or an empty block, or the first
 *   block's marker, both the editor's repairs). Measured, NOT ENFORCED (`insertionBreach`): the fuzz finds the
 *   honest editor adding unmarked words in a Yjs formatting race (typing
 *   into her suggestion while it is accepted elsewhere) and unmarked
 *   boundaries from the suggest rewrite; docs/rules.md has the causes.
 * Not checked: formatting changes and block fields (a suggester's format
 * suggestion, her comment anchors, the editor's repair taking a link off a
 * hard break).
 *
 * The deletion rule was measured before it was enforced, and its false
 * refusals had one cause in the editor, fixed first: the binding wrote a
 * repair's node-mark change (a link taken off a hard break) as delete and
 * re-insert, so the suggester's client deleted a colleague's hard break
 * (chapter-binding.ts, `AddNodeMarkStep`).
 *
 * The suggestion fuzz (tests/dom/suggestions/suggestion-convergence.test.ts)
 * passes every update of its suggesting drafter through this rule: an honest
 * suggester is never refused.
 *
 * What it gets: the sender, the chapter's manifest entry (owner and status,
 * or null when the chapter is not listed yet) and the text events of the
 * update, already applied to the server's scratch copy, with the deleted
 * content as it was (doc-changes.ts `deleted`).
 */
import * as Y from 'yjs';
import type { ChapterEntry } from '../plan/manifest.ts';
import type { AgencyCode } from '../agencies/agencies.ts';
import type { Member } from '../plan/member.ts';
import { may } from '../comments/comment-permissions.ts';
import { readBlockSuggestion } from '../chapter-text/block-marker.ts';
import { markName } from '../chapter-text/text-attributes.ts';
import { entryIsBy, suggestionsMap } from '../suggestions/suggestions.ts';
import type { TextChange } from './doc-changes.ts';
import { breach, type RuleBreach } from './rule-refusal.ts';

/**
 * What the rules need of a chapter's manifest entry. Without `coWriters`
 * nobody counts as a co-writer: a caller that forgets them refuses more,
 * never less.
 */
export type ChapterRights = Pick<ChapterEntry, 'owner' | 'status'> & { readonly coWriters?: readonly AgencyCode[] };

export interface ChapterTextContext {
  /** The chapter's manifest entry, or null if the manifest does not list it (yet). */
  readonly chapter: ChapterRights | null;
}

/**
 * The guard's entry point: what a suggester deletes (`deletionBreach`).
 * What she adds (`insertionBreach`) is measured, not enforced yet: see the
 * module comment. Needs the changes recorded with `deletedText`
 * (doc-changes.ts).
 */
export function checkChapterText(member: Member, context: ChapterTextContext, changes: readonly TextChange[]): RuleBreach | null {
  return deletionBreach(member, context, changes);
}

/**
 * What a suggester added that is not her own suggestion, or null: every word
 * and inline embed she inserts carries a `suggestion_insert` mark of one of
 * her suggestions, and every block boundary she adds is her own suggested
 * one (`suggestion: {kind: 'insert'}`) or an empty block the editor's repair
 * adds (a cursor place in an emptied table cell, shared/schema/repair.ts),
 * which holds no words.
 */
export function insertionBreach(member: Member, context: ChapterTextContext, changes: readonly TextChange[]): RuleBreach | null {
  for (const change of suggesterChanges(member, context, changes)) {
    const doc = chapterTextDoc(change);
    if (doc === null) continue;
    const own = ownSuggestion(doc, member);
    const delta = change.event.delta as readonly { insert?: unknown; attributes?: Record<string, unknown> }[];
    for (const op of delta) {
      if (op.insert === undefined) continue;
      if (op.insert instanceof Y.Map) {
        const suggestion = readBlockSuggestion(op.insert.get('suggestion'));
        if (suggestion === null ? !(emptyBlockAfter(op.insert) || firstInText(op.insert)) : !(suggestion.kind === 'insert' && own(suggestion.id))) {
          return breach('text-not-permitted', 'a suggester adds block boundaries only as her own suggestions');
        }
      } else if (!carriesOwn(op.attributes, 'suggestion_insert', own)) {
        return breach('text-not-permitted', 'a suggester adds words only as her own suggestions');
      }
    }
  }
  return null;
}

/**
 * The changes the text rules judge: none for whoever may edit the chapter
 * directly, and none in a chapter the manifest does not list (the manifest
 * check judges those, doc-rules.ts); all of them for anyone who may only
 * suggest.
 */
function suggesterChanges(member: Member, context: ChapterTextContext, changes: readonly TextChange[]): readonly TextChange[] {
  if (context.chapter === null || may(member, 'edit-directly', { chapter: context.chapter })) return [];
  return changes;
}

/** The chapter doc of a change to its text (the `text` root), or null for any other change. */
function chapterTextDoc(change: TextChange): Y.Doc | null {
  if (change.root !== 'text') return null;
  const target = change.event.target;
  return target instanceof Y.Text ? target.doc : null;
}

/** Whether a suggestion id is one of `member`'s own suggestions in `doc`. */
function ownSuggestion(doc: Y.Doc, member: Member): (id: unknown) => boolean {
  return (id) => typeof id === 'string' && entryIsBy(suggestionsMap(doc).get(id), member.memberId);
}

/**
 * Whether `marker` is the first live content of the text: the binding gives
 * words that have no marker before them (their first block's marker was
 * deleted concurrently) one of their own, which splits nobody's block.
 */
function firstInText(marker: Y.Map<unknown>): boolean {
  for (let item = marker._item?.left ?? null; item !== null; item = item.left) {
    if (!item.deleted && !(item.content instanceof Y.ContentFormat)) return false;
  }
  return true;
}

/** Whether no words follow `marker` in its block: the next live content is another marker or the end. */
function emptyBlockAfter(marker: Y.Map<unknown>): boolean {
  for (let item = marker._item?.right ?? null; item !== null; item = item.right) {
    if (item.deleted || item.content instanceof Y.ContentFormat) continue;
    return item.content instanceof Y.ContentType && item.content.type instanceof Y.Map;
  }
  return true;
}

/**
 * What a suggester deleted that was not her own suggestion, or null. Needs
 * the changes recorded with `deletedText` (doc-changes.ts).
 */
export function deletionBreach(member: Member, context: ChapterTextContext, changes: readonly TextChange[]): RuleBreach | null {
  for (const change of suggesterChanges(member, context, changes)) {
    if (change.root === 'prosemirror') return breach('text-not-permitted', 'the old chapter tree takes no writes from a suggester');
    const doc = chapterTextDoc(change);
    if (doc === null) continue;
    const own = ownSuggestion(doc, member);
    const deleted = change.deleted ?? [];
    const written = deleted.length > 0 ? ownWriting(doc, member) : new Map<number, number>();
    for (const run of deleted) {
      const first = written.get(run.client);
      if (first !== undefined && run.clock >= first) continue;
      if (run.marker !== null) {
        const suggestion = readBlockSuggestion(run.marker.get('suggestion'));
        if (!(suggestion?.kind === 'insert' && own(suggestion.id))) return breach('text-not-permitted', 'a suggester removes only their own suggested block boundaries');
      } else if (!carriesOwn(Object.fromEntries(run.attributes), 'suggestion_insert', own)) {
        return breach('text-not-permitted', 'a suggester deletes only their own suggested words');
      }
    }
  }
  return null;
}

/** Whether `attributes` hold a mark `name` whose id is the sender's own. */
function carriesOwn(attributes: Readonly<Record<string, unknown>> | undefined, name: string, own: (id: unknown) => boolean): boolean {
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (markName(key) === name && typeof value === 'object' && value !== null && own((value as { id?: unknown }).id)) return true;
  }
  return false;
}

/** The first clock each of `member`'s Yjs clients wrote under any of their suggestions (the entries' `writers`). */
function ownWriting(doc: Y.Doc, member: Member): Map<number, number> {
  const first = new Map<number, number>();
  suggestionsMap(doc).forEach((entry) => {
    if (!entryIsBy(entry, member.memberId)) return;
    const writers = entry.get('writers');
    if (!(writers instanceof Y.Map)) return;
    writers.forEach((clock, client) => {
      const c = Number(client);
      if (typeof clock === 'number' && Number.isInteger(c) && clock < (first.get(c) ?? Number.POSITIVE_INFINITY)) first.set(c, clock);
    });
  });
  return first;
}

/**
 * The chapter-text rule (issue 13, "Chapter content"; the representation is
 * docs/decisions/suggestions.md): who may change a chapter's text, and how.
 *
 * - Whoever may edit the chapter directly (`may(member, 'edit-directly')`:
 *   its owner agency, the agencies it names as co-writers, the coordinator,
 *   everyone in a chapter without an owner) changes anything.
 * - Any other drafter only suggests. Their update may delete only their
 *   own suggested words and block boundaries (what they wrote and take
 *   back), never anyone else's text. ENFORCED. "Their own" is what one of
 *   their Yjs clients wrote under one of their suggestions (the entries'
 *   `writers`; text-decisions.ts has the same bound for a reject), whatever
 *   marks it carries: Yjs may drop a suggestion's formatting when updates
 *   meet (her own words are still hers to take back) and spread it onto
 *   words she did not write (those are not hers), and a modified client
 *   could put her mark on anyone's words. (Until 2026-12-07 words carrying
 *   her mark counted as hers too: a client could mark the owner's words as
 *   her suggested insertion, which no rule judged, and then delete them.)
 *   No words of anyone else are lost, whatever the client.
 * - What she adds is her own suggestion: words and embeds marked with it,
 *   block boundaries carrying it. ENFORCED (`insertionBreach`). Allowed
 *   besides, because honest editors write them: words typed on from her own
 *   suggested words that a colleague decided at the same moment
 *   (`continuesOwnSuggestions`), an empty block or the first block's marker
 *   (the editor's repairs), any block boundary inside a table cell (every
 *   editor repairs a table's shape), and block-end sentinels.
 * - She does not turn her own suggested words into plain text
 *   (`unmarkingBreach`), nor a colleague's into accepted text: a
 *   suggestion's mark comes off words its author wrote under it only if
 *   another mark of hers stays on them, or it is her undo taking back her
 *   own item over an accepted suggestion's words, which shows them as the
 *   accept's own formatting left them (`acceptedUnderneath`), or over a
 *   decided colleague's suggestion no item of whose mark is left there
 *   (`markedOnlyByHers`). ENFORCED. Before Yjs was patched not
 *   to clean up formatting after remote updates, the honest editor did that
 *   on the server's copy in 2.5 % of her updates; now in 5 of 22,159 (a
 *   withdrawal or undo that meets a colleague's concurrent change;
 *   docs/rules.md), which the refused-change flow absorbs.
 * - How she changes the formatting of words that were there before her
 *   update: text-format-rule.ts (her insertion mark only on her own words,
 *   ENFORCED; nobody else's suggestion marks taken off, ENFORCED; direct
 *   formatting of others' words, MEASURED).
 * - How she changes existing block markers' fields: block-field-rule.ts
 *   (no colleague's suggestion put on a block, no boundary she did not
 *   write marked as her suggested insert, ENFORCED; type and attrs only
 *   under her own change suggestion, a colleague's block suggestion kept,
 *   MEASURED).
 * MEASURED rules run in the suggestion fuzz, not in the guard: honest
 * editors still break them (docs/rules.md has the figures and causes).
 *
 * Each rule was measured before it was enforced, and its false refusals
 * were traced to the editor and fixed first: the binding wrote a repair's
 * node-mark change as delete and re-insert (chapter-binding.ts,
 * `AddNodeMarkStep`); a suggester deleting her own suggested block in a
 * table cell left the cell to the schema repair, which put back a plain
 * paragraph (suggest-transform.ts, `#deleteOwn`).
 *
 * The suggestion fuzz (tests/dom/suggestions/suggestion-convergence.test.ts)
 * passes every update of its suggesting drafter through these rules, an
 * offline drafter's after her colleagues' updates of the meantime: an honest
 * suggester is not refused (docs/rules.md: how often the soak finds one).
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
import { readBlockSuggestion } from '../chapter-text/block-marker.ts';
import { markName, suggestionIdOf, suggestionMarkKey } from '../chapter-text/text-attributes.ts';
import { applyFormat, isStartSentinel } from '../chapter-text/text-cursor.ts';
import { isSuggestionMark } from '../suggestions/text-decisions.ts';
import { entryIsBy, entryIsOpen, suggestionsMap } from '../suggestions/suggestions.ts';
import type { ReformattedRun, TextChange } from './doc-changes.ts';
import { blockFieldBreach } from './block-field-rule.ts';
import { formattingBreach } from './text-format-rule.ts';
import { carriesOwn, chapterTextOf, inTableCell, insertBounds, ownSuggestion, ownWriting, suggesterChanges } from './own-text.ts';
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
 * The guard's entry point: what a suggester deletes (`deletionBreach`),
 * adds (`insertionBreach`), unmarks (`unmarkingBreach`), formats
 * (`formattingBreach`) and writes in block markers (`blockFieldBreach`).
 * Needs the changes recorded with `deletedText` (doc-changes.ts).
 */
export function checkChapterText(member: Member, context: ChapterTextContext, changes: readonly TextChange[]): RuleBreach | null {
  return (
    deletionBreach(member, context, changes) ??
    insertionBreach(member, context, changes) ??
    unmarkingBreach(member, context, changes) ??
    formattingBreach(member, context, changes) ??
    blockFieldBreach(member, context, changes)
  );
}

/**
 * What a suggester took out of a suggestion, or null: she takes a
 * `suggestion_insert` mark off no words its author wrote under it (the
 * entry's `writers`) unless another mark of that author stays on them. For
 * her own suggestion that would turn her suggested words into plain text;
 * for a colleague's, accept it. Only a decision by the owner agency or the
 * coordinator does either; her withdrawal deletes her words instead.
 * Without this rule a modified client could suggest words, which the
 * insertion rule lets through, and then unmark them, by formatting or by
 * deleting the formatting item that opens the mark.
 *
 * She may take a mark off other words: a withdrawal does that where Yjs'
 * formatting spread her suggestion's id onto words she did not write under
 * it (text-decisions.ts has the same bound).
 *
 * Judged per character, from what each word's formatting was before the
 * update and is after it (doc-changes.ts `reformatted`), by the mark's id
 * whatever its attribute key. (Until 2026-12-07 it went by the update's
 * Yjs delta, which can report a mark taken off words that had none before
 * (fuzz seed 590), and by the suggestion's own key, so a mark under a key
 * of its own, as restored words carry, was not judged at all.) Two
 * exceptions, both her own item taken back that was all that kept a
 * colleague's mark on the words: `acceptedUnderneath` (an accepted
 * suggestion, the accept's item now ending the mark) and `markedOnlyByHers`
 * (a decided suggestion with no item of its mark left before them).
 */
export function unmarkingBreach(member: Member, context: ChapterTextContext, changes: readonly TextChange[]): RuleBreach | null {
  for (const change of suggesterChanges(member, context, changes)) {
    const text = chapterTextOf(change);
    if (text === null || change.reformatted === undefined) continue;
    const doc = text.doc as Y.Doc;
    let bounds: ReturnType<typeof insertBounds> | null = null;
    let settled: ReturnType<typeof acceptedUnderneath> | null = null;
    let writing: Map<number, number> | null = null;
    for (const run of change.reformatted) {
      for (const [key, value] of run.before) {
        // By the mark's id, not its key: restored words and typed runs carry keys of their own (restored-words.ts).
        const id = suggestionIdOf(value);
        if (markName(key) !== 'suggestion_insert' || id === null || suggestionIdOf(run.after.get(key)) === id) continue;
        bounds ??= insertBounds(doc);
        const bound = bounds.get(suggestionMarkKey('suggestion_insert', id));
        const first = bound?.writers.get(run.client);
        if (bound === undefined || first === undefined || run.clock + run.length <= first) continue;
        // Words the suggestion's author wrote under it, left with no mark of
        // hers: taken out of her suggestion (her own: turned into plain text;
        // someone else's: accepted without the right to). Words of another
        // of her suggestions that also had this one's id (Yjs formatting
        // spreads an id) are still suggested.
        const author = (other: unknown): boolean => typeof other === 'string' && entryIsBy(suggestionsMap(doc).get(other), bound.authorId);
        if (carriesOwn(run.after, 'suggestion_insert', author)) continue;
        settled ??= acceptedUnderneath(change, member);
        if (settled.get(run)?.has(key) === true) continue;
        writing ??= ownWriting(doc, member);
        if (bound.authorId !== member.memberId && !entryIsOpen(suggestionsMap(doc).get(id)) && markedOnlyByHers(run, key, writing, change.formatsDeleted)) continue;
        return breach('text-not-permitted', bound.authorId === member.memberId ? 'a suggester does not turn her suggested words into plain text' : 'a suggester does not decide someone else’s suggestion');
      }
    }
  }
  return null;
}

/**
 * For each reformatted run, the insertion marks (by key) that the update
 * took off it only by taking back a formatting item of her own, where
 * what now ends the mark there is the accept's: her undo of words she typed inside a colleague's
 * suggestion while the owner accepted it (fuzz seeds 590 and 611). Her
 * editor had ended the colleague's mark for her words and put it back
 * after them; on the server's copy, which has the accept, that item was
 * all that still marked the colleague's words after hers (pending again,
 * suggestions.ts rule 4). Taking it back shows them as the accept left
 * them. Her editor cannot keep the item instead: where the suggestion's
 * mark reaches further on another copy, it would carry the mark on over
 * the owner's words.
 *
 * Why each condition, against a modified client deciding a colleague's
 * suggestion: the item she deletes is hers (written under her
 * suggestions); the item now in effect is not new in this update and not
 * hers, so she cannot set up the end of the mark herself (an item of hers
 * left in place that ends the mark still refuses); and it was written by
 * a Yjs client that recorded an accept of that suggestion (the accept
 * writes its event and its formatting in one transaction,
 * text-decisions.ts; the suggestion rules let only the owner agency or
 * the coordinator record one, and the server lets a client id write for
 * one member only), so the words turn plain only as that decision made
 * them. Not excused: a rejected or withdrawn suggestion (plain words would
 * accept what was refused), and an ending item by anyone else, a second
 * Yjs client of hers included (it could end the mark on words its author
 * typed on after the accept, which are pending again, behind her item,
 * and her taking that item back would then accept them).
 */
function acceptedUnderneath(change: TextChange, member: Member): Map<ReformattedRun, Set<string>> {
  const excused = new Map<ReformattedRun, Set<string>>();
  const text = chapterTextOf(change);
  if (text === null || change.reformatted === undefined) return excused;
  const doc = text.doc as Y.Doc;
  const writing = ownWriting(doc, member);
  const hers = (item: Y.Item): boolean => item.id.clock >= (writing.get(item.id.client) ?? Number.POSITIVE_INFINITY);
  const before = change.event.transaction.beforeState;
  const added = (item: Y.Item): boolean => item.id.clock >= (before.get(item.id.client) ?? 0);
  for (const run of change.reformatted) {
    for (const [key, value] of run.before) {
      if (markName(key) !== 'suggestion_insert' || run.after.has(key)) continue;
      const gone = run.setBefore.get(key);
      const setter = run.setBy.get(key);
      if (gone === undefined || !gone.deleted || !hers(gone) || setter === undefined || setter.deleted || added(setter) || hers(setter)) continue;
      if (!acceptingClients(doc, suggestionIdOf(value)).has(setter.id.client)) continue;
      const keys = excused.get(run) ?? new Set<string>();
      keys.add(key);
      excused.set(run, keys);
    }
  }
  return excused;
}

/**
 * Whether the insertion mark `key` came off the run only because the
 * update took back a formatting item her clients wrote under her
 * suggestions, and no formatting item of that mark is left before the
 * run at all (`setBy`): the words show as they would had her item never
 * been written. Fuzz seed 3329: Bo, offline, types inside Anna's suggested
 * words; his editor ends her mark for his words and puts it back after
 * them. Meanwhile Anna takes her suggestion back (her undo deletes her
 * words and the item that opened her mark) and types plain words after
 * them. On the server's copy Bo's item, past the deleted words and a block
 * boundary, now marks Anna's new words as her suggestion, and her
 * `writers` bound counts them as written under it; Bo's undo takes his
 * item back and returns them to plain, as Anna wrote them.
 *
 * For someone else's suggestion only, and one that was decided (the
 * caller): she may delete her own formatting, so for her own she could
 * delete the item opening her mark first, behind an item of hers, and then
 * take that back. Why this cannot decide a colleague's suggestion: the
 * words lose the mark only if every item of it before them is gone; she
 * deletes none that sets a colleague's mark (`deletionBreach`), and one of
 * hers left in place that ends the mark is a `setBy`, so refused. So the
 * items were deleted by members who may: the honest app deletes a
 * suggestion's opening item only in its author's undo, which withdraws the
 * suggestion once its words are gone (suggest-mode.ts); a suggestion still
 * open whose items went otherwise (the owner's client formatting with
 * Yjs' own Y.Text.format, which deletes items) stays refused, as no
 * decision was recorded. What the server cannot tell apart: words
 * the suggestion's author typed inside the stretch only her item marked,
 * believing they extend it (her copy showed the mark only because of that
 * item); they end as plain as her undo leaves the rest.
 */
function markedOnlyByHers(run: ReformattedRun, key: string, writing: ReadonlyMap<number, number>, deleted: ReadonlyMap<Y.Item, Y.ContentFormat> | undefined): boolean {
  const gone = run.setBefore.get(key);
  const hers = gone !== undefined && gone.id.clock >= (writing.get(gone.id.client) ?? Number.POSITIVE_INFINITY);
  return hers && deleted?.has(gone) === true && run.setBy.get(key) === undefined;
}

/**
 * The Yjs clients that recorded an accept of suggestion `id` (the items of
 * its `events` list that hold an `accepted` event; only the owner agency
 * or the coordinator records one: suggestion-rules.ts).
 */
function acceptingClients(doc: Y.Doc, id: string | null): Set<number> {
  const clients = new Set<number>();
  const entry = id === null ? undefined : suggestionsMap(doc).get(id);
  const events = entry instanceof Y.Map ? entry.get('events') : undefined;
  if (!(events instanceof Y.Array)) return clients;
  for (let item = (events as unknown as { _start: Y.Item | null })._start; item !== null; item = item.right) {
    if (!item.deleted && item.content.getContent().some((event: { type?: unknown } | null) => event?.type === 'accepted')) clients.add(item.id.client);
  }
  return clients;
}

/**
 * What a suggester added that is not her own suggestion, or null: every word
 * and inline embed she inserts carries a `suggestion_insert` mark of one of
 * her suggestions, and every block boundary she adds is her own suggested
 * one (`suggestion: {kind: 'insert'}`) or an empty block the editor's repair
 * adds (a cursor place in an emptied table cell, shared/schema/repair.ts),
 * which holds no words. The first block's marker the binding gives words
 * that have none (`firstInText`) may also carry her own change or deletion
 * suggestion, made in the same edit, as any block may: a reject of the
 * change restores its `before` (which, for a block that had no marker,
 * nothing on the server can check; docs/rules.md "Stale origins"), a
 * reject of the deletion leaves the block as the marker has it.
 */
export function insertionBreach(member: Member, context: ChapterTextContext, changes: readonly TextChange[]): RuleBreach | null {
  for (const change of suggesterChanges(member, context, changes)) {
    const text = chapterTextOf(change);
    if (text === null) continue;
    const doc = text.doc as Y.Doc;
    const own = ownSuggestion(doc, member);
    const delta = change.event.delta as readonly { insert?: unknown; attributes?: Record<string, unknown> }[];
    let unmarkedWords = false;
    for (const op of delta) {
      if (op.insert === undefined) continue;
      if (op.insert instanceof Y.Map) {
        const suggestion = readBlockSuggestion(op.insert.get('suggestion'));
        const repairable = inTableCell(op.insert);
        // The first block's marker the binding gives marker-less words may carry her own change or deletion suggestion: she wrapped or retyped that block (fuzz seed 5800), or suggested deleting it (seed 4012 with her client id highest), in the same edit. It splits no block, and either is a suggestion she may put on any block (block-field-rule.ts).
        const first = firstInText(op.insert, own, change.event.transaction);
        const firstWithSuggestion = (suggestion?.kind === 'change' || suggestion?.kind === 'delete') && first;
        if (suggestion === null ? !(repairable || emptyBlockAfter(op.insert) || emptyWhenWritten(op.insert) || first) : !((suggestion.kind === 'insert' || repairable || firstWithSuggestion) && own(suggestion.id))) {
          return breach('text-not-permitted', 'a suggester adds block boundaries only as her own suggestions');
        }
      } else if (!carriesOwn(op.attributes, 'suggestion_insert', own) && !isSentinels(op.insert)) {
        unmarkedWords = true;
      }
    }
    if (unmarkedWords && !continuesOwnSuggestions(text, change.event.transaction, member, own)) {
      return breach('text-not-permitted', 'a suggester adds words only as her own suggestions');
    }
  }
  return null;
}

/**
 * Whether every unmarked word the update adds was typed on from the
 * sender's own suggested writing, and is unmarked only because someone
 * else decided that suggestion at the same time.
 *
 * The honest case (docs/decisions/suggestions.md §3, "accept ∥ its author
 * typing on inside it"): Bo types on inside his suggestion while, elsewhere,
 * the owner accepts it. Bo's editor writes his words with the suggestion's
 * attribute already in effect, so Yjs writes no formatting items for them;
 * the accept's formatting item (the mark set to null) lies before them in
 * the merged text, and on the server they arrive unmarked.
 *
 * What the server can check, without knowing what Bo had seen: each such
 * word was typed right after a character his own clients wrote under his
 * suggestions (its Yjs left origin, within the entries' `writers`), and his
 * update writes no formatting that takes a suggestion mark off, which is
 * the only way his own client could have made those words plain. What it
 * cannot tell apart: a modified client that, after his suggestion was
 * decided, types on right after its words. That adds words beside his own
 * earlier suggestion, never inside anyone else's text (docs/rules.md).
 */
function continuesOwnSuggestions(text: Y.Text, transaction: Y.Transaction, member: Member, own: (id: unknown) => boolean): boolean {
  const doc = text.doc as Y.Doc;
  const before = transaction.beforeState;
  const added = (item: Y.Item): boolean => item.id.clock >= (before.get(item.id.client) ?? 0);
  const written = ownWriting(doc, member);
  // Typed after one of her characters, or right after the formatting item
  // that opens one of her suggestions, not after one that closes it: a
  // client that types plain words just past the end of its own open
  // suggestion has them follow the closing item. (A deleted item's content
  // is gone on the server; it counts as a character.)
  // Formatting items the update itself adds before the words (taking a
  // colleague's struck-text mark off them) are part of the same typing:
  // look past them.
  const hers = (id: Y.ID | null): boolean => {
    if (id === null || id.clock < (written.get(id.client) ?? Number.POSITIVE_INFINITY)) return false;
    const origin = Y.getItem(doc.store, id);
    if (!(origin instanceof Y.Item && origin.content instanceof Y.ContentFormat)) return true;
    if (markName(origin.content.key) === 'suggestion_insert') return origin.content.value !== null && own((origin.content.value as { id?: unknown }).id);
    return added(origin) && hers(origin.origin);
  };
  const attributes = new Map<string, unknown>();
  for (let item = text._start; item !== null; item = item.right) {
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      if (added(item) && content.value === null && markName(content.key) === 'suggestion_insert') return false;
      if (!item.deleted) applyFormat(attributes, content);
      continue;
    }
    if (item.deleted || !added(item) || content instanceof Y.ContentType || (content instanceof Y.ContentString && isSentinels(content.str))) continue;
    if (!carriesOwn(attributes, 'suggestion_insert', own) && !hers(item.origin)) return false;
  }
  return true;
}

/**
 * Whether `marker` is the first live content of the text: the binding gives
 * words that have no marker before them (their first block's marker was
 * deleted concurrently) one of their own, which splits nobody's block.
 *
 * Nothing else may come before it but the blocks she suggests adding in
 * the same update (`ownNewBlockIn`), not even another such marker. Two
 * editors that give the same words a marker at the same moment put both at
 * the start of the text in client-id order, and the second one splits no
 * words (fuzz seed 131 with her client id highest). But a marker put right
 * behind the chapter's first marker looks the same to the server and takes
 * the words of the owner's first paragraph into a block of its writer's
 * fields; the server cannot tell whether she had seen that marker. So the
 * second is refused, and stays with her as a change the server did not
 * accept (docs/rules.md, Known limits).
 */
function firstInText(marker: Y.Map<unknown>, own: (id: unknown) => boolean, transaction: Y.Transaction): boolean {
  for (let item = marker._item?.left ?? null; item !== null; item = item.left) {
    if (item.deleted || item.content instanceof Y.ContentFormat || ownNewBlockIn(item, own, transaction)) continue;
    return false;
  }
  return true;
}

/**
 * Whether `item` is the marker of a block she suggests adding, written in
 * the same update: Enter at the start of words that have no first block
 * gives them their marker and puts her new block before it (fuzz seed 1536
 * with her client id lowest). Such a block holds none of anyone else's
 * words. One she wrote earlier does not count: her editor writes the
 * marker for those words at the very start of the text, before it.
 */
function ownNewBlockIn(item: Y.Item, own: (id: unknown) => boolean, transaction: Y.Transaction): boolean {
  if (item.id.clock < (transaction.beforeState.get(item.id.client) ?? 0)) return false;
  if (!(item.content instanceof Y.ContentType) || !(item.content.type instanceof Y.Map)) return false;
  const suggestion = readBlockSuggestion(item.content.type.get('suggestion'));
  return suggestion?.kind === 'insert' && own(suggestion.id);
}

/**
 * Whether `marker` began an empty block where its writer put it: what
 * followed it then (its Yjs right origin, past formatting and the next
 * block's start sentinel, TextCursor.insertMarker) is another marker or the
 * end of the text. The server's copy can hold words there
 * that the writer had not seen: a cell's paragraph that the editor's
 * repair puts back where her own suggested row was, while the row's other
 * markers were taken out elsewhere, leaves her suggested words in it.
 */
function emptyWhenWritten(marker: Y.Map<unknown>): boolean {
  const item = marker._item;
  if (item === null) return false;
  if (item.rightOrigin === null) return true;
  const doc = marker.doc;
  if (doc === null) return false;
  for (let right: Y.Item | null = asItem(Y.getItem(doc.store, item.rightOrigin)); right !== null; right = right.right) {
    if (right.content instanceof Y.ContentFormat || isStartSentinel(right)) continue;
    return right.content instanceof Y.ContentType && right.content.type instanceof Y.Map;
  }
  return true;
}

function asItem(struct: Y.AbstractStruct): Y.Item | null {
  return struct instanceof Y.Item ? struct : null;
}

/**
 * Whether `text` is only block-end sentinels (U+2063, TextCursor.insertSentinel):
 * the binding deletes each in the transaction that writes it, but a table
 * repair can copy one that a colleague's update has not deleted yet. It is
 * invisible and no word.
 */
function isSentinels(text: unknown): boolean {
  return typeof text === 'string' && /^\u2063+$/.test(text);
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
 *
 * Besides words and block boundaries: a formatting item that sets someone
 * else's suggestion mark (its value names a suggestion not hers) and that
 * her clients did not write under her suggestions. Deleting one changes no
 * word where an item of hers right after it sets the same mark, so no
 * formatting rule sees it; but once she takes her own item back, the words
 * after it lose the colleague's mark as if nobody had ever set it, which
 * `markedOnlyByHers` (below) lets through for her undo. Honest editors
 * delete none: the binding and decisions keep formatting items
 * (TextCursor.delete, text-decisions.ts), and undo deletes only what the
 * undone change wrote (1,000 fuzz seeds: none, once the items the
 * server's copy deletes itself were no longer counted, recordChanges).
 */
export function deletionBreach(member: Member, context: ChapterTextContext, changes: readonly TextChange[]): RuleBreach | null {
  for (const change of suggesterChanges(member, context, changes)) {
    if (change.root === 'prosemirror') return breach('text-not-permitted', 'the old chapter tree takes no writes from a suggester');
    const text = chapterTextOf(change);
    if (text === null) continue;
    const doc = text.doc as Y.Doc;
    const deleted = change.deleted ?? [];
    const formats = change.formatsDeleted ?? new Map<Y.Item, Y.ContentFormat>();
    const written = deleted.length > 0 || formats.size > 0 ? ownWriting(doc, member) : new Map<number, number>();
    const writtenBy = (client: number, clock: number): boolean => clock >= (written.get(client) ?? Number.POSITIVE_INFINITY);
    for (const run of deleted) {
      if (writtenBy(run.client, run.clock)) continue;
      // Not written by her under her suggestions: whatever marks it carries, it is someone else's.
      return breach('text-not-permitted', run.marker !== null ? 'a suggester removes only their own suggested block boundaries' : 'a suggester deletes only their own suggested words');
    }
    if (formats.size === 0) continue;
    const own = ownSuggestion(doc, member);
    for (const [item, content] of formats) {
      const id = suggestionIdOf(content.value);
      if (id === null || !isSuggestionMark(markName(content.key)) || own(id) || writtenBy(item.id.client, item.id.clock)) continue;
      return breach('text-not-permitted', 'a suggester deletes no formatting that marks someone else’s suggestion');
    }
  }
  return null;
}



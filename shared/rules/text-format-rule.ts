/**
 * The formatting part of the chapter-text rule (issue 13; representation in
 * docs/decisions/suggestions.md): how a drafter who may only suggest may
 * change the formatting of words and inline embeds that were in the chapter
 * before her update and still are after it (a block marker's formatting
 * shows nowhere and is not judged). Compared value by value, per character
 * (doc-changes.ts `reformatted`), never from the delta's attributes.
 *
 * ENFORCED (`formattingBreach`):
 * - She puts a `suggestion_insert` mark only on words she wrote under her
 *   suggestions (`ownWriting`), or a colleague's on words that colleague
 *   wrote under it (her copy still showing it where the server's has a
 *   concurrent decision). Until this rule a modified client could mark the
 *   owner's words as her suggested insertion and then delete them as hers
 *   (the deletion rule now counts only her writing as hers, too).
 * - She does not take off or change anyone else's `suggestion_delete` or
 *   `suggestion_format` mark (that decides their suggestion), and puts no
 *   one else's on words (that would suggest in their name): besides Yjs'
 *   items around her new words, only where the mark ends as others'
 *   formatting gives it there (`othersValue`: she changes back what her own
 *   items wrote, as her undo does). Enforced since the 1,000-seed fuzz
 *   found no honest update doing it (it had found 3, all Yjs' items after
 *   her new words past deleted text).
 * - She takes no comment anchor off anyone else's words (she may anchor
 *   comments on anyone's).
 * Not her formatting, so not judged by these: the items Yjs writes around
 * her new words (`insertionOpeners`; those after them can follow deleted
 * text, a block's end sentinel), which on the server's copy can cover a
 * colleague's concurrent words or words whose mark a colleague's decision
 * took off; and her own formatting items taken back (`takenBack`: undo
 * deletes the items the undone change wrote).
 *
 * CORRECTED, not refused (`directFormatting`): she formats others' words
 * only as her own format suggestion (`unkeptKeys`). Besides Yjs' items
 * around her new words, it lets through what she changes back: an
 * attribute that ends, after her update, as others' formatting gives it
 * there (`othersValue`, read as it was before her update), which is what
 * her withdrawal does when it meets a colleague's concurrent accept, and
 * her undo; and a hard break's formatting, which shows nowhere. Not her
 * own items taken back as such: deleting only the item that gave the
 * owner's bold back after her words would unbold them. What else her
 * update changed of others' words' formatting, the server gives back in
 * the same transaction (`FormattingCorrection`): honest editors change it
 * too where their formatting items meet a colleague's concurrent
 * formatting of the same words, since the items an editor writes carry
 * the formatting its own copy shows and the server cannot tell what her
 * copy showed (docs/rules.md lists the causes). Not given back: a mark a
 * format suggestion of hers on the words records (what rejecting it
 * restores is the record's).
 * Given back too: the record of a format suggestion of hers that claims to
 * have removed formatting the words did not have (`trueRecords`).
 *
 * Her own words (written under her suggestions, or carrying her own
 * insertion mark before or after) she formats as she likes.
 */
import * as Y from 'yjs';
import { equalAttributeValues, markKey, markName } from '../chapter-text/text-attributes.ts';
import { schema } from '../schema/schema.ts';
import type { Member } from '../plan/member.ts';
import { formatMarks, isSuggestionMark } from '../suggestions/text-decisions.ts';
import type { ChapterTextContext } from './chapter-text-rule.ts';
import { forEachAdded, type ReformattedRun, type TextChange } from './doc-changes.ts';
import { carriesOwn, chapterTextOf, insertBounds, ownSuggestion, ownWriting, suggesterChanges } from './own-text.ts';
import { breach, type RuleBreach } from './rule-refusal.ts';

interface RunContext {
  readonly own: (id: unknown) => boolean;
  /** Every character of the run written by her under her suggestions. */
  readonly written: boolean;
  /** Words she may format as she likes. */
  readonly hers: boolean;
  /** `insertionOpeners` of the update, computed once when first asked. */
  readonly openers: () => ReadonlySet<Y.Item>;
  /** `insertBounds` of the doc, computed once when first asked. */
  readonly bounds: () => ReturnType<typeof insertBounds>;
  /** Whether the update added `item`. */
  readonly added: (item: Y.Item) => boolean;
  /** Whether her clients wrote `item` under her suggestions. */
  readonly writtenBy: (item: Y.Item) => boolean;
  /** Whether the run is an inline embed (a hard break), not words. */
  readonly embed: () => boolean;
  /** The value of `key` at the run by the formatting items others wrote that were live before the update (null: none). */
  readonly othersValue: (key: string, run: ReformattedRun) => unknown;
}

/** The enforced formatting rules (above), or null. Needs the changes recorded with `deletedText` (doc-changes.ts). */
export function formattingBreach(member: Member, context: ChapterTextContext, changes: readonly TextChange[]): RuleBreach | null {
  return judgeRuns(member, context, changes, (run, at) => {
    for (const key of changedKeys(run)) {
      const before = run.before.get(key);
      const after = run.after.get(key);
      const name = markName(key);
      if (name === 'suggestion_insert') {
        if (after !== undefined && !mayMarkInserted(key, after, run, at) && !takenBack(key, run, at)) return breach('text-not-permitted', 'a suggester marks as her suggested insertion only words she wrote under her suggestions');
      } else if (name === 'suggestion_delete' || name === 'suggestion_format') {
        if (before !== undefined && !ownValue(before, at.own) && !aroundInsertion(key, run, at) && !takenBack(key, run, at)) return breach('text-not-permitted', 'a suggester does not take off or change someone else’s deletion or format suggestion');
        if (after !== undefined && !ownValue(after, at.own) && !excused(key, run, at)) return breach('text-not-permitted', 'a suggester marks words only with her own suggestions');
      } else if (name === 'comment') {
        if (before !== undefined && !at.hers) return breach('text-not-permitted', 'a suggester does not take comment anchors off others’ words');
      }
    }
    return null;
  });
}

/**
 * What the server writes after a suggester's update to give others' words
 * back the formatting her update changed beyond her own suggestions: one
 * entry per run of characters (Yjs ids). Applied in the same transaction as
 * her update (formatting-correction.ts), so no one sees her direct
 * formatting.
 */
export interface FormattingCorrection {
  readonly client: number;
  readonly clock: number;
  readonly length: number;
  /** Attribute → the value to give back (null: none). */
  readonly format: Readonly<Record<string, unknown>>;
}

export const DIRECT_FORMATTING = 'a suggester formats others’ words only as her own format suggestion';

/**
 * The direct-formatting rule (above): her update's formatting of others'
 * words beyond her own format suggestions, as the corrections that give it
 * back. A mark that a format suggestion of hers on the words records is
 * left as it is: that suggestion is hers, and what rejecting it restores is
 * the record's, once what it claims to have removed is what the words had
 * (`trueRecords`). Her own suggestions stacked on the same words (her
 * pending bold, then her unbold of it) leave the words as rejecting them
 * would, which no single value given back could.
 *
 * Why correct rather than refuse: an honest editor's formatting items carry
 * the formatting its own copy shows, and where they meet a colleague's
 * concurrent formatting of the same words (Yjs orders format items, it does
 * not merge ranges), they change the colleague's words on the server's
 * copy: 52 of 22,085 of the fuzz's suggester updates over seeds 1–1,000,
 * records given back included (docs/rules.md). The server cannot tell those from a modified client's
 * bold, and refusing them would close an honest writer's chapter. Giving
 * the words back what they had is what both writers meant, and all a
 * modified client gets.
 */
export function directFormatting(member: Member, context: ChapterTextContext, changes: readonly TextChange[]): readonly FormattingCorrection[] {
  const corrections: FormattingCorrection[] = [];
  judgeRuns(member, context, changes, (run, at) => {
    // A hard break's formatting shows nowhere, and every editor's repair takes it off (shared/schema/repair.ts): a suggester's repair is no formatting of hers.
    if (at.hers || at.embed()) return null;
    const original = originalFormatting(run.before, at.own);
    const records = trueRecords(run, at, original);
    // Her format suggestions on the words as they are once their records are given back.
    const after = new Map(run.after);
    for (const [key, value] of records) {
      if (value === null) after.delete(key);
      else after.set(key, value);
    }
    const claimed = claims(after, at.own);
    const keys = unkeptKeys({ ...run, after }, at).filter((key) => !claimed.has(key));
    if (keys.length === 0 && records.size === 0) return null;
    const format: Record<string, unknown> = Object.fromEntries(records);
    for (const key of keys) format[key] = original.get(key) ?? null;
    corrections.push({ client: run.client, clock: run.clock, length: run.length, format });
    return null;
  });
  return corrections;
}

/**
 * The records of her format suggestions that the update put on or changed
 * at the run, given back where what they record as removed is not what the
 * words had (`original`, before any suggestion of hers): an entry for
 * formatting they did not have is dropped, one with other attrs (a link's
 * address) gets theirs, and a record left with nothing is taken off the
 * words. Rejecting the suggestion then restores what the words had, not what
 * the record claimed (a link of her choosing). The honest editor writes such
 * a record where the owner took the same formatting off at the same moment:
 * her suggestion then has nothing left to suggest there. Only where the
 * suggestion is her one format suggestion on the words: stacked ones (her
 * unbold of her own pending bold) record what the one before left.
 */
function trueRecords(run: ReformattedRun, at: RunContext, original: ReadonlyMap<string, unknown>): Map<string, unknown> {
  const records = new Map<string, unknown>();
  const own = [...run.after].filter(([key, value]) => markName(key) === 'suggestion_format' && isOwnFormat(value, at.own));
  if (own.length !== 1) return records;
  const [key, value] = own[0] as [string, { add?: unknown; remove?: unknown }];
  if (equalAttributeValues(run.before.get(key) ?? null, value) || aroundInsertion(key, run, at)) return records;
  const removed = formatMarks(value.remove);
  const kept = removed.flatMap((mark) => {
    const had = original.get(mark.type);
    if (had === undefined) return [];
    return [equalAttributeValues(had, { ...(mark.attrs ?? {}) }) ? mark : { ...mark, attrs: had as Record<string, unknown> }];
  });
  if (kept.length === removed.length && kept.every((mark, i) => mark === removed[i])) return records;
  // The record given back goes under the key its own value has (text-attributes.ts `markKey`), and the claiming one comes off. Written
  // under the old key, the words' marks were read in another order than the editors keep them in (the key orders two format
  // suggestions on the same words), and the owner's editor no longer matched the text (suggestion fuzz seed 1374 with
  // SAMSKRIV_FUZZ_CLIENT_IDS=9,2,3).
  records.set(key, null);
  const given = kept.length === 0 && formatMarks(value.add).length === 0 ? null : recordKey({ ...value, remove: kept });
  if (given !== null) records.set(given.key, given.value);
  return records;
}

/** A format suggestion record's attribute key and value, as an editor writes that mark; null when the schema refuses the value. */
function recordKey(value: Record<string, unknown>): { key: string; value: Record<string, unknown> } | null {
  try {
    const mark = schema.marks.suggestion_format?.create(value);
    return mark === undefined ? null : { key: markKey(mark), value: { ...mark.attrs } };
  } catch {
    return null;
  }
}

/** Whether the server gives back anything of the update (`directFormatting`), as a finding (for the fuzz and the tests, which count them). */
export function directFormattingBreach(member: Member, context: ChapterTextContext, changes: readonly TextChange[]): RuleBreach | null {
  return directFormatting(member, context, changes).length > 0 ? breach('text-not-permitted', DIRECT_FORMATTING) : null;
}

function judgeRuns(member: Member, context: ChapterTextContext, changes: readonly TextChange[], judge: (run: ReformattedRun, at: RunContext) => RuleBreach | null): RuleBreach | null {
  for (const change of suggesterChanges(member, context, changes)) {
    const text = chapterTextOf(change);
    if (text === null || change.reformatted === undefined || change.reformatted.length === 0) continue;
    const doc = text.doc as Y.Doc;
    const own = ownSuggestion(doc, member);
    const writing = ownWriting(doc, member);
    let openers: Set<Y.Item> | null = null;
    const openersOnce = (): ReadonlySet<Y.Item> => (openers ??= insertionOpeners(change.event.transaction, text));
    let bounds: ReturnType<typeof insertBounds> | null = null;
    const boundsOnce = (): ReturnType<typeof insertBounds> => (bounds ??= insertBounds(doc));
    const beforeState = change.event.transaction.beforeState;
    const added = (item: Y.Item): boolean => item.id.clock >= (beforeState.get(item.id.client) ?? 0);
    const writtenBy = (item: Y.Item): boolean => item.id.clock >= (writing.get(item.id.client) ?? Number.POSITIVE_INFINITY);
    const othersValue = othersFormatting(change.event.transaction, change.formatsDeleted ?? new Map(), writtenBy);
    for (const run of change.reformatted) {
      const first = writing.get(run.client);
      const written = first !== undefined && run.clock >= first;
      const hers = written || carriesOwn(run.before, 'suggestion_insert', own) || carriesOwn(run.after, 'suggestion_insert', own);
      const embed = (): boolean => Y.getItem(doc.store, Y.createID(run.client, run.clock)).content instanceof Y.ContentEmbed;
      const found = judge(run, { own, written, hers, openers: openersOnce, bounds: boundsOnce, added, writtenBy, othersValue, embed });
      if (found !== null) return found;
    }
  }
  return null;
}

/** The attribute keys whose value differs before and after. */
function changedKeys(run: ReformattedRun): string[] {
  return [...new Set([...run.before.keys(), ...run.after.keys()])].filter((key) => !equalAttributeValues(run.before.get(key) ?? null, run.after.get(key) ?? null));
}

function ownValue(value: unknown, own: (id: unknown) => boolean): boolean {
  return typeof value === 'object' && value !== null && own((value as { id?: unknown }).id);
}

/**
 * Whether the insertion mark `key` (value `value`) may newly be on the run:
 * she wrote the words under her suggestions, or the mark's author wrote
 * them under it (the entry's `writers`), or, for her own mark, it was
 * opened together with new words of hers (`insertionOpeners`).
 */
function mayMarkInserted(key: string, value: unknown, run: ReformattedRun, at: RunContext): boolean {
  if (at.written) return true;
  const bound = at.bounds().get(key);
  const first = bound?.writers.get(run.client);
  if (bound !== undefined && first !== undefined && run.clock >= first && typeof value === 'object' && value !== null) return true;
  return aroundInsertion(key, run, at);
}

/** Whether the item that now sets `key` at the run is one Yjs wrote around new content of the update (`insertionOpeners`). */
function aroundInsertion(key: string, run: ReformattedRun, at: RunContext): boolean {
  const setter = run.setBy.get(key);
  return setter !== undefined && at.openers().has(setter);
}

/**
 * Whether `key` changed at the run only because the update deleted a
 * formatting item her own clients wrote under her suggestions: she takes
 * back what she wrote (undo deletes the items the undone change wrote,
 * among them those restoring a colleague's mark after her words).
 */
function takenBack(key: string, run: ReformattedRun, at: RunContext): boolean {
  const setter = run.setBy.get(key);
  if (setter !== undefined && !setter.deleted && at.added(setter)) return false;
  const gone = run.setBefore.get(key);
  return gone !== undefined && gone.deleted && at.writtenBy(gone);
}

/**
 * The marks for which the formatting that rejecting her format suggestions
 * would restore (`originalFormatting`) differs before and after her update, among every
 * mark she changed and every mark a format suggestion of hers stops
 * recording: bold she adds is recorded in her `suggestion_format`, and
 * she takes her mark off only together with what it records. A mark her
 * suggestion records that was already on the words (a colleague added the
 * same bold at the same moment) changes nothing there now; rejecting it
 * later takes it off, the owner's own decision.
 */
function unkeptKeys(run: ReformattedRun, at: RunContext): string[] {
  const { own } = at;
  const before = originalFormatting(run.before, own);
  const after = originalFormatting(run.after, own);
  // Not excused here: Yjs' items around her new words. On the words after them they give the formatting her copy showed there, which the server gives back where it was not what they had (a colleague's concurrent formatting); a modified client's bold written right behind her words is given back too.
  const judged = new Set(changedKeys(run).filter((key) => !isSuggestionMark(markName(key)) && markName(key) !== 'comment' && !asOthersLeftIt(key, run, at)));
  const afterClaims = claims(run.after, own);
  // A format suggestion of hers taken off, other than by Yjs' items around her new words, takes what it records with it: taking back her own item is no excuse here (it would leave the bold made directly).
  for (const [key, value] of run.before) {
    if (markName(key) !== 'suggestion_format' || run.after.has(key) || aroundInsertion(key, run, at)) continue;
    for (const name of claims(new Map([[key, value]]), own)) if (!afterClaims.has(name) && !asOthersLeftIt(name, run, at)) judged.add(name);
  }
  return [...judged].filter((key) => !equalAttributeValues(before.get(key) ?? null, after.get(key) ?? null));
}

/**
 * A change at the run that is not her formatting: Yjs' items around her
 * new words, or `key` left as others' formatting gives it there
 * (`othersValue`): she changes back what her own suggestions wrote. That
 * covers her undo, which deletes the items the undone change wrote, and
 * her withdrawal meeting a colleague's concurrent accept (on the server's
 * copy the accept came first, and her withdrawal takes the accepted link
 * off: accept ∥ withdraw ends rejected, docs/decisions/suggestions.md §3),
 * as her deletion may take her own words whatever their state (own-text.ts
 * `writers`). Others' formatting is read as it was before her update, so
 * deleting a colleague's item to spread his mark is no excuse; nor is
 * taking back only the item of hers that gave the owner's bold back after
 * her words (which `takenBack` alone would excuse).
 */
function excused(key: string, run: ReformattedRun, at: RunContext): boolean {
  return aroundInsertion(key, run, at) || asOthersLeftIt(key, run, at);
}

/** Whether `key` at the run is, after the update, what others' formatting gives there (`othersValue`). */
function asOthersLeftIt(key: string, run: ReformattedRun, at: RunContext): boolean {
  return equalAttributeValues(run.after.get(key) ?? null, at.othersValue(key, run));
}

/**
 * The value of an attribute at a run by the formatting items that were
 * live before the update and that she did not write under her suggestions
 * (`writtenBy`): the formatting the chapter would show there without any
 * of hers. Walks left from the run to the nearest such item; the runs come
 * in text order, so each walk stops at the previous run's at the latest
 * (one walk over the text per attribute, not one per run).
 */
function othersFormatting(transaction: Y.Transaction, formatsDeleted: ReadonlyMap<Y.Item, Y.ContentFormat>, writtenBy: (item: Y.Item) => boolean): (key: string, run: ReformattedRun) => unknown {
  const store = transaction.doc.store;
  const liveBefore = (item: Y.Item): boolean => item.id.clock < (transaction.beforeState.get(item.id.client) ?? 0) && !(item.deleted && !Y.isDeleted(transaction.deleteSet, item.id));
  const last = new Map<string, { item: Y.Item; value: unknown }>();
  return (key, run) => {
    const start = Y.getItem(store, Y.createID(run.client, run.clock));
    const previous = last.get(key);
    if (previous?.item === start) return previous.value;
    let value: unknown = null;
    for (let item = start.left; item !== null; item = item.left) {
      if (item === previous?.item) {
        value = previous.value;
        break;
      }
      // An item the update deleted has lost its content by now (Yjs' placeholders): `formatsDeleted` kept it.
      const content = formatsDeleted.get(item) ?? item.content;
      if (content instanceof Y.ContentFormat && content.key === key && liveBefore(item) && !writtenBy(item)) {
        value = content.value;
        break;
      }
    }
    last.set(key, { item: start, value });
    return value;
  };
}

/**
 * The words' formatting (every attribute but suggestion marks and comment
 * anchors) as rejecting her own format suggestions on them would restore
 * it: what each one `add`s taken off, what it `remove`s put back
 * (text-decisions.ts does the same by mark name).
 */
function originalFormatting(attributes: ReadonlyMap<string, unknown>, own: (id: unknown) => boolean): Map<string, unknown> {
  const formatting = new Map<string, unknown>();
  for (const [key, value] of attributes) {
    const name = markName(key);
    if (!isSuggestionMark(name) && name !== 'comment') formatting.set(key, value);
  }
  for (const value of attributes.values()) {
    if (!isOwnFormat(value, own)) continue;
    for (const mark of formatMarks(value.add)) formatting.delete(mark.type);
    for (const mark of formatMarks(value.remove)) formatting.set(mark.type, { ...(mark.attrs ?? {}) });
  }
  return formatting;
}

/** The marks (by attribute key, the mark's name) her own format suggestions on the words record. */
function claims(attributes: ReadonlyMap<string, unknown>, own: (id: unknown) => boolean): Set<string> {
  const names = new Set<string>();
  for (const value of attributes.values()) {
    if (isOwnFormat(value, own)) for (const mark of [...formatMarks(value.add), ...formatMarks(value.remove)]) names.add(mark.type);
  }
  return names;
}

function isOwnFormat(value: unknown, own: (id: unknown) => boolean): value is { add?: unknown; remove?: unknown } {
  return ownValue(value, own) && ('add' in (value as object) || 'remove' in (value as object));
}

/**
 * The formatting items an update wrote around content it inserts, at one
 * place (the same right neighbour, Yjs' right origin, as that content):
 * the items opening the content's formatting, right before it, and the
 * items Yjs writes right after it to give the words that follow the
 * formatting they had on the writer's copy. On the server's copy both can
 * cover words the writer's copy did not show there that way: a
 * colleague's words typed at the same place at the same moment (Yjs
 * orders concurrent insertions by client id, and a closing item goes past
 * deleted content), or words whose mark a colleague's concurrent decision
 * took off. That is not her marking them. Marking existing words
 * (Y.Text.format) writes items that no new content of the update shares a
 * right neighbour with. (A modified client can write the second kind on
 * purpose; the deletion rule no longer counts a mark as hers, so such a
 * mark gives her no words to delete, and a reject deletes only the words
 * its writers wrote.)
 */
function insertionOpeners(transaction: Y.Transaction, text: Y.Text): Set<Y.Item> {
  const openers = new Set<Y.Item>();
  const store = (text.doc as Y.Doc).store;
  const added = (item: Y.Item): boolean => item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
  const originOf = (item: Y.Item): Y.Item | null => {
    const origin = item.origin === null ? null : Y.getItem(store, item.origin);
    return origin instanceof Y.Item ? origin : null;
  };
  forEachAdded(transaction, (item) => {
    if (item.parent !== text) return;
    if (item.content instanceof Y.ContentFormat) {
      if (openers.has(item)) return;
      // Restoring: its origins, through formatting items written with it at one place, lead to new content.
      const chain: Y.Item[] = [];
      let at: Y.Item | null = item;
      while (at !== null && added(at) && at.content instanceof Y.ContentFormat && sameId(at.rightOrigin, item.rightOrigin)) {
        chain.push(at);
        at = originOf(at);
      }
      // Past deleted items: Yjs and TextCursor move over deleted items right after the new content (a block's end sentinel, a deleted word) before they write these.
      let skipped: Y.Item | null = null;
      while (at !== null && at.deleted && !added(at)) {
        skipped = at;
        at = at.left;
      }
      if (at !== null && added(at) && at.content.isCountable() && sameId(at.rightOrigin, skipped === null ? item.rightOrigin : skipped.id)) for (const format of chain) openers.add(format);
    } else if (item.content.isCountable()) {
      // Opening: the formatting items written right before new content, at one place.
      for (let origin = originOf(item); origin !== null && added(origin) && origin.content instanceof Y.ContentFormat && sameId(origin.rightOrigin, item.rightOrigin); origin = originOf(origin)) openers.add(origin);
    }
  });
  return openers;
}

function sameId(a: Y.ID | null, b: Y.ID | null): boolean {
  return a === b || (a !== null && b !== null && a.client === b.client && a.clock === b.clock);
}

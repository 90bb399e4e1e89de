/**
 * The block-field part of the chapter-text rule (issue 13): how a drafter
 * who may only suggest may change the fields of a block marker that was in
 * the chapter before her update (block-marker.ts: `type`, `attrs`, `path`,
 * and the block suggestion's `suggestion` and `before`). A marker's field
 * change reaches the rules as a text change whose target is the marker's
 * Y.Map; each field is judged as she wrote it against what her copy showed
 * (doc-changes.ts `fields`): Yjs keeps the last of concurrent writes to a
 * key, so the server's old value can be a colleague's she never saw, and
 * her write can lose to one.
 *
 * She may, as an honest suggester's editor does (suggest-transform.ts,
 * block-marker.ts `updateMarker`): suggest a change of a block's type or
 * containers (the new fields with her own `change` suggestion, `before`
 * holding the block as it was), change it again while it is hers, and
 * withdraw it by restoring `before`; suggest a boundary's removal (her own
 * `delete` suggestion) and withdraw it; change anything of a boundary that
 * is her own (written by her under her suggestions, or carrying her own
 * `insert` suggestion); take her suggestion off a boundary another client
 * wrote with it (a colleague's table repair copies a cell's paragraph,
 * suggestion and all).
 *
 * What her own suggested change put in a field (written by her clients
 * with her block suggestion, own-text.ts `ownWriting`, block-marker.ts `suggestedByHer`:
 * her suggested type, her heading level, her suggested containers) she may
 * change again, accepted or not: as she may delete the words she wrote
 * under her suggestions whatever their state (the deletion rule). So her
 * withdrawal that meets the owner's accept, or her next heading level
 * under her suggestion the owner accepted meanwhile, is not refused; a
 * modified client can change, directly, only fields whose value her
 * suggested change wrote, never one the owner or a colleague wrote, nor
 * one she only wrote again (until 2026-12-07 any value her clients wrote
 * counted, and writing the owner's value again unchanged made it hers).
 *
 * What her copy showed: a write replaces the item her copy held (its
 * origin). Where this copy deleted that item before her update (a
 * colleague's concurrent write or decision), what she saw cannot be told:
 * it counts as nothing for a block suggestion, and her `before` stands
 * for the type and attrs she saw. A modified client can claim that much
 * staleness and no more: Yjs then keeps one of the two concurrent writes,
 * as between two honest offline writers; and her change suggestion's
 * `before` can then name any type and attrs, which a reject restores on
 * the fields her suggestion wrote (the Original view shows it before
 * anyone decides). Telling more would need the values Yjs discards with
 * deleted items (a shadow copy without garbage collection).
 *
 * Refused (`blockFieldBreach`): she marks a block with someone else's
 * suggestion; marks a boundary she did not write as her suggested `insert`
 * (outside table cells, where her editor's table repair moves her
 * suggestion onto a cell's paragraph; she still cannot delete it, the
 * deletion rule); writes a field a block does not have; takes off or
 * replaces a colleague's block suggestion her copy showed (deciding it);
 * turns a boundary she wrote as her suggested one into a plain one (a
 * split of the owner's words made directly); changes a block's type or
 * attrs other than under her own change suggestion (or where her own
 * writing put the value); writes `before` without her change suggestion.
 * The last four were measured first (the suggestion fuzz counted them on
 * every run) until the honest editor wrote none of them: 170 of about
 * 22,000 of Bo's updates over 1,000 seeds, 0 since cd24f31 (the binding
 * no longer rewrites a block's fields that already build what ProseMirror
 * shows, chapter-tree.ts `asStored`; keeps an empty block's marker first
 * on Enter; writes her change suggestion again with each change under it,
 * block-marker.ts `updateMarker`; a reject restores only what the
 * suggestion wrote, text-decisions.ts).
 *
 * Containers (`path`, since 2026-12-07): she changes the containers of a
 * block that is not her own (a list, item, table, row or cell put around
 * it, taken away, or its type or attrs changed) only as she changes its
 * type and attrs: under her own change suggestion, back to its `before`
 * as she withdraws it, or where her own suggested change put the
 * containers she replaces (not where her editor only regrouped someone
 * else's, `suggestedByHer`); a new `before` records the containers her
 * copy showed. They
 * compare by type and attrs as the chapter shows them, never by id: the
 * binding gives containers new ids when it regroups blocks after
 * concurrent structural changes, on blocks near every change, and the
 * blocks of one container each carry a copy of its attrs, of which only
 * the first block's shows (`shownContainers`). Where concurrent changes
 * left those copies differing, she may write one the container's blocks
 * already carry (`copiesContainers`); and she may make a table cell's span
 * smaller, as every editor's table repair does against its own copy of
 * the table (table-repair.ts). Measured first
 * (docs/rules.md: 17 of Bo's updates over 1,000 fuzz seeds, two editor
 * causes fixed; then a few more on untuned seeds, docs/rules.md).
 * Not judged: the grouping itself, which the ids are (a block given the
 * id of the same kind of container before it joins that one);
 * docs/rules.md "Not enforced yet".
 */
import * as Y from 'yjs';
import { canonicalJson as canonical, isMarker, readBlockSuggestion, sameContainer, sameContainers, splitSuggestion, suggestedByHer, type BlockSuggestion } from '../chapter-text/block-marker.ts';
import type { Member } from '../plan/member.ts';
import type { ChapterTextContext } from './chapter-text-rule.ts';
import type { FieldWrite, TextChange } from './doc-changes.ts';
import { inTableCell, ownSuggestion, ownWriting, suggesterChanges } from './own-text.ts';
import { breach, type RuleBreach } from './rule-refusal.ts';
import { isSpanTrim } from './table-repair.ts';

const FIELDS = new Set(['type', 'attrs', 'path', 'suggestion', 'before']);

/** The block-field rules (above), or null. Needs the changes recorded with `deletedText` (doc-changes.ts `fields`). */
export function blockFieldBreach(member: Member, context: ChapterTextContext, changes: readonly TextChange[]): RuleBreach | null {
  return judgeMarkers(member, context, changes, (write) => {
    const { marker, hers, wroteBoundary, before, after, own, fields, wrote, ownValue } = write;
    // Her own boundary: anything goes but turning it plain, which would split the owner's words directly. A boundary another client wrote with her suggestion on it (a colleague's table repair copies a cell's paragraph, suggestion and all) stays that client's, as it was written, when she takes her suggestion off, as words she did not write lose her mark and stay (text-decisions.ts).
    if (hers) return wroteBoundary && ownInsert(before, own) && !ownInsert(after, own) ? breach('text-not-permitted', 'a suggester does not turn her suggested block boundary into a plain one') : null;
    if ([...fields.keys()].some((key) => !FIELDS.has(key))) return breach('text-not-permitted', 'a suggester writes only a block’s own fields');
    if (!sameSuggestion(before, after)) {
      if (after !== null && !own(after.id)) return breach('text-not-permitted', 'a suggester marks blocks only with her own suggestions');
      // Inside a table cell her editor's table repair moves her suggested boundary onto a cell's paragraph (as the insertion rule lets any boundary in a cell through); she still cannot delete it (the deletion rule).
      if (after?.kind === 'insert' && !inTableCell(marker)) return breach('text-not-permitted', 'a suggester suggests as new only block boundaries she wrote');
      if (before !== null && !own(before.id)) return breach('text-not-permitted', 'a suggester does not decide someone else’s block suggestion');
    }
    const changedBefore = before?.kind === 'change' && own(before.id);
    const changedAfter = after?.kind === 'change' && own(after.id);
    // `before` means something only under a change suggestion: hers she writes with it and takes off with it; one left on a block without a change suggestion (an accept that met her withdrawal) she may delete; one her own writing put there she may write again (her undo gives back an earlier one of hers where the owner accepted meanwhile, fuzz seed 1700).
    if (fields.has('before') && !changedAfter && !ownValue('before') && !(wrote('before') === undefined && (changedBefore || before?.kind !== 'change'))) {
      return breach('text-not-permitted', 'a suggester records a block as it was only for her own suggested change');
    }
    return fieldsBreach(write, changedBefore, changedAfter) ?? pathBreach(write, changedBefore, changedAfter);
  });
}

/**
 * A block's containers (`path`), where her update changed them on this
 * copy, compared by the containers' types and attrs as the chapter shows
 * them, not by their ids (the binding regroups ids near every change,
 * chapter-binding.ts `#updateMarkers`): only under her own change
 * suggestion (whose `before` records the containers her copy showed, where
 * she writes it anew), back to `before`'s as she withdraws it, or where her
 * own suggested change put the containers she replaces.
 */
function pathBreach({ marker, event, fields, seen, wrote, byHer, pathBefore }: MarkerWrite, changedBefore: boolean, changedAfter: boolean): RuleBreach | null {
  const write = fields.get('path');
  if (write === undefined) return null;
  // Containers her own suggested change put there (not merely her editor's regrouping of someone else's: see `suggestedByHer`).
  const ownPath = suggestedByHer(marker, write.seenIn, byHer);
  // A new record of the block as it was names the containers her copy showed, also where she only gives them new ids: a reject restores the record where her writing under the suggestion put the path (text-decisions.ts).
  if (changedAfter && freshBefore(fields) && write.seenKnown && !ownPath && !sameContainers(recorded(wrote('before'), 'path'), write.seen)) {
    return breach('text-not-permitted', 'a suggester records the containers a block had as her copy showed them');
  }
  // What her update did to this copy: Yjs keeps one of concurrent writes, so hers replaced the value this copy held or lost to a colleague's and changed nothing.
  const effect = event.keys.get('path');
  if (effect === undefined) return null;
  const now = effect.action === 'delete' ? undefined : marker.get('path');
  const pathNow = (item: Y.Item): unknown[] | null => (!item.deleted && item.content instanceof Y.ContentType && isMarker(item.content.type) ? asPath(item.content.type.get('path')) : null);
  // Both against the blocks before hers as they are now: what her own write changes of what shows (another block's write in the same update is judged on its own).
  if (sameContainers(effect.oldValue, now) || canonical(shownContainers(effect.oldValue, marker, pathNow)) === canonical(shownContainers(now, marker, pathNow))) return null;
  const withdrawn = changedBefore && !changedAfter && sameContainers(recorded(seen('before'), 'path'), now);
  if (changedAfter || withdrawn || ownPath || copiesContainers(marker, effect.oldValue, now, pathBefore) || isSpanTrim(effect.oldValue, now)) return null;
  return breach('text-not-permitted', write.seenKnown ? 'a suggester changes the containers of others’ blocks only as her own suggested change' : 'a suggester changes the containers of others’ blocks only as her own suggested change (over a value this copy no longer has)');
}

/**
 * A block's containers as the chapter shows them (types and attrs): a
 * container it shares with the blocks before it (the same id and type, as
 * all containers outside it) shows the attrs of the block that opened it
 * (chapter-tree.ts `buildDoc`), so this block's copy of them shows nowhere.
 * Concurrent writes leave a container's blocks with differing copies; the
 * binding writes the shown attrs into each block near a change (fuzz seed
 * 557: a table cell's rowspan). `pathOf` gives the containers of the
 * blocks before it (null: no block there).
 */
function shownContainers(path: unknown, marker: Y.Map<unknown>, pathOf: (item: Y.Item) => unknown[] | null): unknown[] {
  const refs = asPath(path);
  const openers = [...refs];
  let depth = refs.length;
  for (let item = marker._item?.left ?? null; item !== null && depth > 0; item = item.left) {
    const other = pathOf(item);
    if (other === null) continue;
    let shared = 0;
    while (shared < depth && sameContainer(refs[shared], other[shared])) shared++;
    for (let d = 0; d < shared; d++) openers[d] = other[d];
    depth = shared;
  }
  return refs.map((ref, d) => (isObject(ref) ? [ref.type, recorded(openers[d], 'attrs') ?? {}] : ref));
}

/**
 * Whether `now` differs from `old` only in attrs that another block of the
 * same container carried before the update: where concurrent changes left
 * a container's blocks with differing copies of its attrs, an editor that
 * applied them one by one shows another copy than the first block's (a
 * merged table cell, fuzz seed 7908), and its binding writes the copy it
 * shows into the blocks near a change. She may so pick among the copies
 * the container has; she adds none.
 */
function copiesContainers(marker: Y.Map<unknown>, old: unknown, now: unknown, pathBefore: (item: Y.Item) => unknown[] | null): boolean {
  const was = asPath(old);
  const is = asPath(now);
  if (was.length !== is.length || was.some((ref, d) => !sameContainer(ref, is[d]))) return false;
  return is.every((ref, d) => {
    if (canonical(recorded(ref, 'attrs')) === canonical(recorded(was[d], 'attrs'))) return true;
    // The blocks of the same container at depth d on either side, as they were: sharing its and all outer ids.
    for (const side of ['left', 'right'] as const) {
      for (let item = marker._item?.[side] ?? null; item !== null; item = item[side]) {
        const other = pathBefore(item);
        if (other === null) continue;
        // Within the outermost container, past blocks of others: concurrent inserts at one block boundary can land another row's new cell between a cell's two paragraphs (fuzz seed 2701: a colleague's new first column, offline, and a paragraph added at the end of the row's last cell; docs/decisions/chapter-text.md).
        if (!sameContainer(was[0], other[0])) break;
        if (!was.slice(0, d + 1).every((outer, i) => sameContainer(outer, other[i]))) continue;
        if (canonical(recorded(other[d], 'attrs')) === canonical(recorded(ref, 'attrs'))) return true;
      }
    }
    return false;
  });
}

/** A path field's value as the chapter reads it: anything but a list is no containers. */
function asPath(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

interface MarkerWrite {
  readonly marker: Y.Map<unknown>;
  /** The marker's event on this copy: what her update did here (`keys`, with the values it replaced). */
  readonly event: TextChange['event'];
  /** The containers of the block whose marker is `item`, as they were before her update; null where no marker was. */
  readonly pathBefore: (item: Y.Item) => unknown[] | null;
  readonly fields: ReadonlyMap<string, FieldWrite>;
  /** A field as her copy showed it, and as she wrote it (doc-changes.ts `FieldWrite`); a field she did not write, as it is. */
  readonly seen: (key: string) => unknown;
  readonly wrote: (key: string) => unknown;
  /** Whether the value she replaced in a field her own writing put there (written by her clients under her suggestions). */
  readonly ownValue: (key: string) => boolean;
  /** Whether a Yjs item was written by her clients from her first writing under her suggestions on (own-text.ts `ownWriting`). */
  readonly byHer: (id: Y.ID | null | undefined) => boolean;
  /** The block suggestion she saw and the one she wrote. */
  readonly before: BlockSuggestion | null;
  readonly after: BlockSuggestion | null;
  readonly own: (id: unknown) => boolean;
  /** Her own block boundary: written by her under her suggestions, or carrying her own insert suggestion. */
  readonly hers: boolean;
  /** The marker written by her clients under her suggestions. */
  readonly wroteBoundary: boolean;
}

function judgeMarkers(member: Member, context: ChapterTextContext, changes: readonly TextChange[], judge: (write: MarkerWrite) => RuleBreach | null): RuleBreach | null {
  // Once per update: one update can write the fields of many markers (a list wrapped round many blocks).
  let writing: Map<number, number> | null = null;
  let before: ((item: Y.Item) => unknown[] | null) | null = null;
  for (const change of suggesterChanges(member, context, changes)) {
    const marker = change.event.target;
    const fields = change.fields;
    if (change.root !== 'text' || !(marker instanceof Y.Map) || marker.doc === null || fields === undefined || fields.size === 0) continue;
    const item = marker._item;
    // A marker deleted by the same update is the deletion rule's.
    if (item === null || item.deleted) continue;
    const seen = (key: string): unknown => (fields.has(key) ? fields.get(key)?.seen : marker.get(key));
    const wrote = (key: string): unknown => (fields.has(key) ? fields.get(key)?.written : marker.get(key));
    const own = ownSuggestion(marker.doc, member);
    const seenSuggestion = readBlockSuggestion(seen('suggestion'));
    const written = (writing ??= ownWriting(marker.doc, member));
    const byHer = (id: Y.ID | null | undefined): boolean => {
      const first = id == null ? undefined : written.get(id.client);
      return first !== undefined && id != null && id.clock >= first;
    };
    const ownValue = (key: string): boolean => byHer(fields.get(key)?.seenIn);
    const wroteBoundary = byHer(item.id);
    const pathBefore = (before ??= pathsBefore(changes, change.event.transaction));
    const found = judge({ marker, event: change.event, pathBefore, fields, seen, wrote, ownValue, byHer, before: seenSuggestion, after: readBlockSuggestion(wrote('suggestion')), own, hers: wroteBoundary || ownInsert(seenSuggestion, own), wroteBoundary });
    if (found !== null) return found;
  }
  return null;
}

/**
 * The containers of each block as they were before the update whose
 * `changes` these are: a marker the update deleted, from what the text
 * lost (doc-changes.ts `deleted`, read before Yjs discards it); one whose
 * path it changed, from its event; one it added, none.
 */
function pathsBefore(changes: readonly TextChange[], transaction: Y.Transaction): (item: Y.Item) => unknown[] | null {
  const deleted = new Map<string, unknown>();
  const changed = new Map<unknown, unknown>();
  for (const change of changes) {
    for (const run of change.deleted ?? []) if (run.marker !== null) deleted.set(`${run.client}:${run.clock}`, run.marker.get('path'));
    const path = change.fields?.has('path') === true ? change.event.keys.get('path') : undefined;
    if (path !== undefined) changed.set(change.event.target, path.oldValue);
  }
  return (item) => {
    const key = `${item.id.client}:${item.id.clock}`;
    if (item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)) return null;
    if (item.deleted) return Y.isDeleted(transaction.deleteSet, item.id) && deleted.has(key) ? asPath(deleted.get(key)) : null;
    if (!(item.content instanceof Y.ContentType) || !isMarker(item.content.type)) return null;
    const marker = item.content.type;
    return asPath(changed.has(marker) ? changed.get(marker) : marker.get('path'));
  };
}

function ownInsert(suggestion: BlockSuggestion | null, own: (id: unknown) => boolean): boolean {
  return suggestion?.kind === 'insert' && own(suggestion.id);
}

function sameSuggestion(a: BlockSuggestion | null, b: BlockSuggestion | null): boolean {
  return a?.id === b?.id && a?.kind === b?.kind;
}

/**
 * The block's type and attrs, where she wrote them: each only under her
 * own `change` suggestion, whose `before` holds what the field was
 * (`before` written with it, or there from her earlier change), back to
 * `before` as she withdraws it, or where her own suggested change put the
 * value she replaces (`suggestedByHer`). (Containers: `pathBreach`.)
 */
function fieldsBreach({ marker, fields, seen, wrote, byHer }: MarkerWrite, changedBefore: boolean, changedAfter: boolean): RuleBreach | null {
  for (const field of ['type', 'attrs']) {
    const write = fields.get(field);
    if (write === undefined || (write.seenKnown && sameField(field, write.seen, write.written))) continue;
    // What her own suggested change put there (accepted or not, decided or not on this copy) she may change again, as she may delete words she wrote under her suggestions whatever their state (own-text.ts); not a value she only wrote again.
    if (suggestedByHer(marker, write.seenIn, byHer)) continue;
    // A new `before` records the block as her copy showed it; where this copy cannot tell what she replaced (a colleague's concurrent write replaced it here), it stands for what she saw. Her editor writes an existing `before` again, unchanged, with each change under her suggestion (block-marker.ts `updateMarker`).
    const suggested = changedAfter && (!freshBefore(fields) || !write.seenKnown || sameField(field, recorded(wrote('before'), field), write.seen));
    const withdrawn = changedBefore && !changedAfter && sameField(field, recorded(seen('before'), field), wrote(field));
    if (!suggested && !withdrawn) return breach('text-not-permitted', 'a suggester changes others’ blocks only as her own suggested change');
  }
  return null;
}

/** Whether she wrote `before` anew (not the same value again, as a change under her existing suggestion writes it). */
function freshBefore(fields: ReadonlyMap<string, FieldWrite>): boolean {
  const write = fields.get('before');
  return write !== undefined && !(write.seenKnown && canonical(write.seen) === canonical(write.written));
}

/** A field as a block's `before` records it. */
function recorded(before: unknown, field: string): unknown {
  return isObject(before) ? before[field] : undefined;
}

/** Whether two values of a field stand for the same block (attrs without a `suggestion` in them). */
function sameField(field: string, a: unknown, b: unknown): boolean {
  const form = (value: unknown): unknown => (field === 'attrs' ? (isObject(value) ? splitSuggestion(value).attrs : {}) : value);
  return canonical(form(a)) === canonical(form(b));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

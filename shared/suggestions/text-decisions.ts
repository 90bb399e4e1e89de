/**
 * What accepting or rejecting a suggestion does to the chapter's flat text
 * (docs/decisions/suggestions.md). Written directly on the Y.Text, not as a
 * ProseMirror transaction: the editor's binding reads it like any change
 * from elsewhere, and the same function serves the app, the "Som godtaget" /
 * "Original" views (on a copy of the doc) and a peer without an editor.
 *
 * | carried by                        | accept                  | reject                               |
 * |-----------------------------------|-------------------------|--------------------------------------|
 * | `suggestion_insert` on text       | drop the mark           | delete the text                      |
 * | `suggestion_delete` on text       | delete the text         | drop the mark                        |
 * | `suggestion_format` on text       | drop the mark           | undo `add`/`remove`, drop the mark   |
 * | marker `{ kind: 'insert' }`       | drop the field          | delete the marker (blocks rejoin)    |
 * | marker `{ kind: 'delete' }`       | delete the marker       | drop the field                       |
 * | marker `{ kind: 'change' }`       | drop the field          | restore `before`, drop the field     |
 *
 * A deleted marker's text joins the block before it, so no text goes with a
 * block boundary; the rest of a list item the deleted marker began goes back
 * to the item before (`returnCarriedBlocks`). Text is only ever deleted where it carries the decided
 * suggestion's own insert or delete mark: nothing else is lost.
 *
 * All decisions are collected in one pass over the text and applied from the
 * end, so accepting a thousand suggestions costs one walk, not a thousand.
 * The caller opens the Yjs transaction (with the origin undo should track).
 */
import * as Y from 'yjs';
import { fieldItem, readBlockSuggestion, readMarkerBefore, splitSuggestion, suggestedByHer, updateMarker, readMarker, isMarker, type BlockData, type ContainerRef } from '../chapter-text/block-marker.ts';
import { markName, suggestionIdOf } from '../chapter-text/text-attributes.ts';
import { forEachContent, TextCursor } from '../chapter-text/text-cursor.ts';

export type TextDecision = 'accept' | 'reject';

export const SUGGESTION_MARKS = ['suggestion_insert', 'suggestion_delete', 'suggestion_format'] as const;
export type SuggestionMarkName = (typeof SUGGESTION_MARKS)[number];

export function isSuggestionMark(name: string): name is SuggestionMarkName {
  return (SUGGESTION_MARKS as readonly string[]).includes(name);
}

/** A formatting mark as `suggestion_format` records it: the mark's name and attrs. */
export interface FormatMarkJson {
  readonly type: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
}

/**
 * Which characters a suggestion may delete, from its entry
 * (suggestions.ts): `writers`, the first clock each of its writer's Yjs
 * clients wrote under it (an insertion's words); `seen`, the state vector
 * when its words were struck (a deletion's targets existed before it).
 *
 * Why: Yjs keeps formatting as start and end items, and removes ones it
 * finds redundant when updates meet; a colleague's words typed inside a
 * suggestion at the same time can then end up inside the suggestion's
 * formatting, and so could the owner's own text after it. The id on a
 * character says "probably this suggestion"; the bounds say "certainly".
 * A reject deletes only what the suggester wrote, an accept of a deletion
 * only what existed when it was struck; any other character with the id
 * loses the mark and stays. Entries from before the bounds existed have
 * none, and the id alone decides.
 */
export interface SuggestionBounds {
  readonly writers: ReadonlyMap<number, number> | null;
  readonly seen: ReadonlyMap<number, number> | null;
}

/**
 * One change to the text: delete `length` characters from `index`, or
 * format exactly those; they start at character `id` (Yjs id), and for a
 * format have `attributes` in effect.
 */
type TextEdit =
  | { readonly index: number; readonly length: number; readonly format: null; readonly id: Y.ID }
  | { readonly index: number; readonly length: number; readonly format: Record<string, unknown>; readonly id: Y.ID; readonly attributes: ReadonlyMap<string, unknown> };

/** A part of an item that is decided alike: its index, length, and what happens to it. */
interface Segment {
  readonly start: number;
  readonly length: number;
  remove: boolean;
  format: Record<string, unknown> | null;
}

/**
 * Applies `decisions` (suggestion id → accept or reject) to the text, within
 * each suggestion's `bounds`.
 *
 * `byAuthor`: the suggestions' own author decides them (a withdrawal).
 * Then no decided suggestion's mark is given back after the words it comes
 * off (`formatExactly`). That item is there for words the author types on
 * inside her suggestion while someone else decides it (seed 2906); here she
 * is the one deciding. On her copy the mark can still reach over content
 * the decision does not format (a block's marker, whose formatting shows
 * nowhere), and the item gave it back there. On the server's copy, where a
 * colleague's concurrent accept had taken the mark off, that gave her mark
 * to the words a colleague typed there meanwhile, and the server refused
 * her withdrawal as marking others' words as her suggested insertion (fuzz
 * seed 1384: her copy, which lacked colleagues' items around her mark,
 * showed it over the owner's words and markers of the following
 * paragraphs). Without the item her withdrawal only takes her mark off,
 * which is all a withdrawal means. (Her other device typing on inside the
 * suggestion at that moment would see those words lose the mark.)
 */
export function applyTextDecisions(
  text: Y.Text,
  decisions: ReadonlyMap<string, TextDecision>,
  bounds: ReadonlyMap<string, SuggestionBounds> = new Map(),
  options: { readonly byAuthor?: boolean } = {},
): void {
  if (decisions.size === 0) return;
  const edits: TextEdit[] = [];
  /** Every marker in order, and whether it goes (returnCarriedBlocks). */
  const markers: { marker: Y.Map<unknown>; removed: boolean }[] = [];
  let index = 0;
  forEachContent(text, (item, attributes) => {
    const content = item.content;
    if (content instanceof Y.ContentType && isMarker(content.type)) {
      const removed = decideMarker(content.type, item, decisions, bounds);
      markers.push({ marker: content.type, removed });
      if (removed) edits.push({ index, length: 1, format: null, id: item.id });
      index++;
      return;
    }
    if (attributes.size > 0) {
      for (const segment of decideRun(item, index, attributes, decisions, bounds)) {
        const id = Y.createID(item.id.client, item.id.clock + segment.start - index);
        if (segment.remove) edits.push({ index: segment.start, length: segment.length, format: null, id });
        else if (segment.format !== null) edits.push({ index: segment.start, length: segment.length, format: segment.format, id, attributes: new Map(attributes) });
      }
    }
    index += item.length;
  });
  returnCarriedBlocks(markers);
  // From the end, so earlier indexes stay valid.
  for (let i = edits.length - 1; i >= 0; i--) {
    const edit = edits[i] as TextEdit;
    if (edit.format === null) deleteKeepingFormatting(text, edit);
    else formatExactly(text, edit, options.byAuthor === true);
  }
}

/**
 * Gives the blocks a rejected new list item carried along back to the item
 * before it. ProseMirror's Enter in a list item (`splitListItem`) takes
 * what follows the cursor in that item, its sub-list too, into the new
 * item, whose first block is the suggested one. Deleting only the rejected
 * marker would leave those blocks in an item of their own with no
 * paragraph: the owner's sub-list no longer under the item it was in.
 *
 * The two items become one again by giving one side the other's id, and
 * the side with fewer blocks is written: the binding gave the split's
 * fresh id to the side with fewer untouched blocks (chapter-binding.ts
 * `#updateMarkers`), so this gives back the id that side had before the
 * split, and writes no more markers than the split did. Each write is a
 * write of a block's containers that can replace a colleague's concurrent
 * change of them (Yjs keeps one), so fewer is better (fuzz seed 558 with
 * `SAMSKRIV_FUZZ_CLIENT_IDS=9,2,3`: the sub-list written back replaced the
 * owner's concurrent nesting of one of its items).
 *
 * Only list items: a rejected table row or cell takes its cells with it
 * (each one suggested), and what a colleague wrote into one stays where
 * it is rather than move into another row.
 */
function returnCarriedBlocks(markers: readonly { marker: Y.Map<unknown>; removed: boolean }[]): void {
  const sameRef = (a: ContainerRef | undefined, b: ContainerRef | undefined): boolean => a !== undefined && b !== undefined && a.type === b.type && a.id === b.id;
  /** The live blocks beside a rejected one that are inside `prefix` (by container ids), walking from `from` by `step`. */
  const run = (from: number, step: 1 | -1, prefix: readonly ContainerRef[]): { marker: Y.Map<unknown>; data: BlockData }[] => {
    const found: { marker: Y.Map<unknown>; data: BlockData }[] = [];
    for (let j = from; j >= 0 && j < markers.length; j += step) {
      const { marker, removed } = markers[j] as (typeof markers)[number];
      if (removed) continue;
      // As the decisions above left them (a rejected change gives back its `before`).
      const data = readMarker(marker);
      if (!prefix.every((ref, d) => sameRef(ref, data.path[d]))) break;
      found.push({ marker, data });
    }
    return found;
  };
  markers.forEach((rejected, i) => {
    if (!rejected.removed) return;
    // Its fields as they were: a rejected insertion's marker is deleted, not updated (decideMarker).
    const path = readMarker(rejected.marker).path;
    let k = i - 1;
    while (k >= 0 && (markers[k] as (typeof markers)[number]).removed) k--;
    if (k < 0) return;
    const previous = readMarker((markers[k] as (typeof markers)[number]).marker).path;
    // The first container the rejected block starts (one the block before it is not in): a list item beside the previous block's.
    let depth = 0;
    while (depth < path.length && sameRef(path[depth], previous[depth])) depth++;
    const started = path[depth];
    const into = previous[depth];
    if (started === undefined || into === undefined || started.type !== 'list_item' || into.type !== 'list_item') return;
    const carried = run(i + 1, 1, path.slice(0, depth + 1));
    if (carried.length === 0) return;
    const kept = run(i - 1, -1, previous.slice(0, depth + 1));
    const [side, id] = kept.length <= carried.length ? [kept, started.id] : [carried, into.id];
    for (const { marker, data } of side) {
      const moved = [...data.path];
      moved[depth] = { ...(data.path[depth] as ContainerRef), id };
      updateMarker(marker, { ...data, path: moved }, data);
    }
  });
}

/**
 * Formats exactly the characters an edit means, by their Yjs ids, with
 * format items right around them (TextCursor.formatExactly): no format
 * item elsewhere is moved over or deleted. `Y.Text.format` deletes the end
 * item after the range, and on a copy where a colleague's item restoring
 * the same mark lies between, that spread the mark over the owner's words
 * (a suggester's withdrawal, refused on the server's copy).
 */
function formatExactly(text: Y.Text, edit: Extract<TextEdit, { attributes: ReadonlyMap<string, unknown> }>, byAuthor: boolean): void {
  const doc = text.doc;
  if (doc === null) {
    // Not in a document yet (no peer can be writing in it): the plain format.
    text.format(edit.index, edit.length, edit.format);
    return;
  }
  Y.transact(doc, (transaction) => {
    const start = Y.getItemCleanStart(transaction, edit.id);
    if (edit.length < start.length) Y.getItemCleanStart(transaction, Y.createID(edit.id.client, edit.id.clock + edit.length));
    // By its author: the formatting a rejected format suggestion of hers takes back is given back after the words as ever; her decided marks are not (applyTextDecisions).
    const giveBack = byAuthor ? (key: string): boolean => !isSuggestionMark(markName(key)) : undefined;
    new TextCursor(transaction, text, start.left, edit.attributes).formatExactly(edit.length, edit.format, giveBack);
  });
}

/** Whether the character at `clock` of `client` is within `bound`: at or after the writer's first clock (`from`), or before the seen state (`before`). */
function within(client: number, clock: number, bound: { from?: ReadonlyMap<number, number>; before?: ReadonlyMap<number, number> }): boolean {
  if (bound.from !== undefined) {
    const first = bound.from.get(client);
    return first !== undefined && clock >= first;
  }
  if (bound.before !== undefined) return clock < (bound.before.get(client) ?? 0);
  return true;
}

/**
 * The run of one item split where a bound falls inside it (a Yjs item holds
 * consecutive clocks of one client, possibly written at different times).
 */
function decideRun(
  item: Y.Item,
  index: number,
  attributes: ReadonlyMap<string, unknown>,
  decisions: ReadonlyMap<string, TextDecision>,
  bounds: ReadonlyMap<string, SuggestionBounds>,
): Segment[] {
  const { client, clock } = item.id;
  const length = item.length;
  // Cut points inside the item, from every bound that applies.
  const cuts = new Set<number>([0, length]);
  const rules: { key: string; value: unknown; name: string; decision: TextDecision; bound: { from?: ReadonlyMap<number, number>; before?: ReadonlyMap<number, number> } }[] = [];
  for (const [key, value] of attributes) {
    const name = markName(key);
    if (!isSuggestionMark(name)) continue;
    const id = suggestionIdOf(value);
    const decision = id === null ? undefined : decisions.get(id);
    if (id === null || decision === undefined) continue;
    const limits = bounds.get(id);
    const bound =
      name === 'suggestion_insert' && decision === 'reject' && limits?.writers
        ? { from: limits.writers }
        : name === 'suggestion_delete' && decision === 'accept' && limits?.seen
          ? { before: limits.seen }
          : {};
    const limit = bound.from?.get(client) ?? bound.before?.get(client);
    if (limit !== undefined && limit > clock && limit < clock + length) cuts.add(limit - clock);
    rules.push({ key, value, name, decision, bound });
  }
  if (rules.length === 0) return [];
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const offset = points[i] as number;
    const segment: Segment = { start: index + offset, length: (points[i + 1] as number) - offset, remove: false, format: null };
    for (const rule of rules) {
      const removes = (rule.name === 'suggestion_insert' && rule.decision === 'reject') || (rule.name === 'suggestion_delete' && rule.decision === 'accept');
      if (removes && within(client, clock + offset, rule.bound)) {
        segment.remove = true;
        continue;
      }
      segment.format ??= {};
      segment.format[rule.key] = null;
      if (rule.name === 'suggestion_format' && rule.decision === 'reject') {
        const { add, remove } = rule.value as { add?: unknown; remove?: unknown };
        for (const mark of formatMarks(add)) segment.format[mark.type] = null;
        for (const mark of formatMarks(remove)) segment.format[mark.type] = { ...(mark.attrs ?? {}) };
      }
    }
    segments.push(segment);
  }
  return segments;
}

/**
 * True when the marker itself must go (within the suggestion's bounds, as
 * for text); otherwise a decided marker's fields are updated in place.
 */
function decideMarker(marker: Y.Map<unknown>, item: Y.Item, decisions: ReadonlyMap<string, TextDecision>, bounds: ReadonlyMap<string, SuggestionBounds>): boolean {
  const suggestion = readBlockSuggestion(marker.get('suggestion'));
  if (suggestion === null) return false;
  const decision = decisions.get(suggestion.id);
  if (decision === undefined) return false;
  const limits = bounds.get(suggestion.id);
  const { client, clock } = item.id;
  const byWriters = limits?.writers ? { from: limits.writers } : {};
  if (suggestion.kind === 'insert' && decision === 'reject' && within(client, clock, byWriters)) return true;
  // A deletion's accept takes the markers that existed when she struck the block, and one her own clients wrote under it: the first block's marker her editor gives words that had none, written in the edit that strikes them (chapter-binding.ts `#materializeFirstMarker`); left, it stayed as an empty paragraph.
  if (suggestion.kind === 'delete' && decision === 'accept' && (within(client, clock, limits?.seen ? { before: limits.seen } : {}) || (limits?.writers != null && within(client, clock, { from: limits.writers })))) return true;
  if (suggestion.kind === 'change' && decision === 'reject') {
    const before = readMarkerBefore(marker);
    if (before !== null) {
      // The fields only: the suggestion and its `before` go below.
      const shown = readMarker(marker);
      const now = { ...shown, attrs: splitSuggestion(shown.attrs).attrs };
      updateMarker(marker, restored(marker, before, now, byWriters), now);
    }
  }
  marker.delete('suggestion');
  // Only the `before` the decided suggestion's writers wrote is its record. One a colleague wrote is hers: her concurrent change suggestion on the block lost the `suggestion` key to this one and left its `before` (fuzz seeds 316, 803, client ids 9,2,3), or her suggestion, written over this one, has not arrived yet behind an update it builds on (seed 789). Deleted, it would be gone from her suggestion; and the suggester's undo of his withdrawal would write it back as his, a record for a change he did not suggest, which the server refuses (block-field-rule.ts).
  const before = fieldItem(marker, 'before');
  if (before !== undefined && !before.deleted && within(before.id.client, before.id.clock, byWriters)) marker.delete('before');
  return false;
}

/**
 * What rejecting a change suggestion restores: each field of `before` that
 * the suggestion wrote (its item written with the suggestion by its
 * author's clients, or her regrouping of that value: block-marker.ts
 * `suggestedByHer`, the walk the server's rule makes); a field someone
 * else wrote since (the owner's own heading level, a colleague's list)
 * keeps its value, also where her editor has since regrouped that
 * colleague's containers (fuzz seed 7288: her withdrawal gave back her
 * `before` over Anna's new nesting, and the server refused it). A reject
 * or withdrawal takes back the suggestion, not other people's changes made
 * meanwhile; and the server lets a suggester write back only what her
 * suggestion wrote (block-field-rule.ts).
 */
function restored(marker: Y.Map<unknown>, before: BlockData, now: BlockData, bound: { from?: ReadonlyMap<number, number> }): BlockData {
  // A field no live item holds (a concurrent undo took it away) the suggestion did not write either; an entry without bounds (from before they existed) restores everything.
  const byAuthor = (id: Y.ID | null | undefined): boolean => id != null && within(id.client, id.clock, bound);
  const wrote = (key: string): boolean => {
    const item = fieldItem(marker, key);
    return bound.from === undefined || (item !== undefined && !item.deleted && suggestedByHer(marker, item.id, byAuthor));
  };
  return { type: wrote('type') ? before.type : now.type, attrs: wrote('attrs') ? before.attrs : splitSuggestion(now.attrs).attrs, path: wrote('path') ? before.path : now.path };
}

/** The marks listed in a `suggestion_format`'s add or remove; anything malformed is left out. */
export function formatMarks(value: unknown): FormatMarkJson[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (mark): mark is FormatMarkJson =>
      typeof mark === 'object' &&
      mark !== null &&
      typeof (mark as FormatMarkJson).type === 'string' &&
      !isSuggestionMark((mark as FormatMarkJson).type) &&
      (mark as FormatMarkJson).type !== 'comment',
  );
}

/**
 * Deletes the edit's `length` characters (and embeds) from `text`, but not
 * the formatting items among and around them, which Y.Text.delete cleans
 * up as redundant once nothing is left between them. A suggester who types
 * on inside her suggestion while it is rejected elsewhere writes her words
 * between those items (her mark is in effect there on her copy): with the
 * items kept, her words arrive still marked, a pending suggestion again
 * (docs/decisions/suggestions.md §3), instead of plain text nobody decided.
 */
function deleteKeepingFormatting(text: Y.Text, edit: Extract<TextEdit, { format: null }>): void {
  const doc = text.doc;
  if (doc === null) {
    // Not in a document yet (no peer can be typing in it): the plain delete.
    text.delete(edit.index, edit.length);
    return;
  }
  // From the edit's first character by its Yjs id, as formatExactly does, not by a walk from the start of the text for every edit.
  Y.transact(doc, (transaction) => {
    new TextCursor(transaction, text, Y.getItemCleanStart(transaction, edit.id).left, new Map()).delete(edit.length);
  });
}

/**
 * Block markers: how a chapter's block structure lives in its flat text.
 *
 * Every textblock (paragraph, heading) is preceded in the chapter's Y.Text by
 * one embedded Y.Map, its marker: `type` and `attrs` of the textblock, and
 * `path`, the containers around it from the outside in (bullet list → list
 * item, table → row → cell), each with a stable id and its attrs. The text of
 * a block is everything between its marker and the next one.
 *
 * So a split inserts one marker and a join deletes one; wrapping in a list or
 * turning a paragraph into a heading changes a marker's fields. No text is
 * ever deleted and re-created for a structural change, which is why a
 * colleague's concurrent edit inside that text lands where it was made
 * (y-prosemirror's tree of XmlElements deletes and copies text on a split,
 * y-prosemirror #44). This is the model of Peritext and Automerge's block
 * markers; docs/decisions/chapter-text.md has the evidence.
 *
 * The fields are separate Y.Map keys so that a concurrent type change and
 * list wrap both survive. A block-level suggestion (docs/decisions/
 * suggestions.md) is one more key, `suggestion` ({ id, kind }), which the
 * editor sees as the textblock's `suggestion` attribute; for a suggested
 * change of type or containers, `before` keeps the block as it was, so that
 * rejecting restores it (ProseMirror never sees `before`: container ids live
 * only here). Containers are grouped by id: consecutive blocks
 * whose paths share a prefix of ids share those containers.
 *
 * Markers come from other peers, so reading is defensive: a field of the
 * wrong shape reads as a plain paragraph outside any container, never as an
 * error that would hide the text.
 */
import * as Y from 'yjs';
import { isSuggestionId } from '../suggestions/suggestion-ids.ts';
import { suggestionsMap, writtenUnder } from '../suggestions/suggestions.ts';

export interface ContainerRef {
  readonly type: string;
  readonly id: string;
  readonly attrs: Readonly<Record<string, unknown>>;
}

export interface BlockData {
  readonly type: string;
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly path: readonly ContainerRef[];
}

export const BLOCK_SUGGESTION_KINDS = ['insert', 'delete', 'change'] as const;
export type BlockSuggestionKind = (typeof BLOCK_SUGGESTION_KINDS)[number];

/**
 * A suggestion on a block marker: `insert`, the block boundary is suggested
 * (a split, a new paragraph or table row); `delete`, its removal is (a join,
 * a deleted paragraph); `change`, the block's type or containers changed.
 */
export interface BlockSuggestion {
  readonly id: string;
  readonly kind: BlockSuggestionKind;
}

/** The block a text without a marker before it belongs to. */
export const IMPLICIT_BLOCK: BlockData = Object.freeze({ type: 'paragraph', attrs: Object.freeze({}), path: Object.freeze([]) });

const EMPTY_ATTRS: Readonly<Record<string, unknown>> = Object.freeze({});

export function isMarker(content: unknown): content is Y.Map<unknown> {
  return content instanceof Y.Map;
}

/** The marker of the block before (`left`) or after (`right`) `marker` in the text, or null. */
export function markerBeside(marker: Y.Map<unknown>, side: 'left' | 'right'): Y.Map<unknown> | null {
  for (let item = marker._item?.[side] ?? null; item !== null; item = item[side]) {
    if (!item.deleted && item.content instanceof Y.ContentType && isMarker(item.content.type)) return item.content.type;
  }
  return null;
}

/** The block a marker stands for; a block suggestion appears as `attrs.suggestion`. */
export function readMarker(marker: Y.Map<unknown>): BlockData {
  const plain = readPlainMarker(marker);
  const suggestion = readBlockSuggestion(marker.get('suggestion'));
  return suggestion === null ? plain : { ...plain, attrs: { ...plain.attrs, suggestion } };
}

/** The block as it was before a suggested change of type or containers, if the marker has one. */
export function readMarkerBefore(marker: Y.Map<unknown>): BlockData | null {
  const before = marker.get('before');
  if (!isPlainObject(before) || typeof before.type !== 'string') return null;
  const { suggestion: _ignored, ...attrs } = isPlainObject(before.attrs) ? before.attrs : EMPTY_ATTRS;
  return { type: before.type, attrs, path: Array.isArray(before.path) ? before.path.filter(isContainerRef) : [] };
}

export function readBlockSuggestion(value: unknown): BlockSuggestion | null {
  if (!isPlainObject(value)) return null;
  const { id, kind } = value;
  if (!isSuggestionId(id) || !(BLOCK_SUGGESTION_KINDS as readonly unknown[]).includes(kind)) return null;
  return { id, kind: kind as BlockSuggestionKind };
}

function readPlainMarker(marker: Y.Map<unknown>): BlockData {
  const type = marker.get('type');
  const attrs = marker.get('attrs');
  const path = marker.get('path');
  return {
    type: typeof type === 'string' ? type : 'paragraph',
    // A `suggestion` inside `attrs` is not one: only the field of its own counts.
    attrs: isPlainObject(attrs) ? splitSuggestion(attrs).attrs : EMPTY_ATTRS,
    path: Array.isArray(path) ? path.filter(isContainerRef) : [],
  };
}

/** A new marker, not yet in a doc (Y.Map prelim content). */
export function createMarker(block: BlockData): Y.Map<unknown> {
  const { attrs, suggestion } = splitSuggestion(block.attrs);
  const marker = new Y.Map<unknown>([
    ['type', block.type],
    ['attrs', plainJson(attrs)],
    ['path', plainJson(block.path)],
  ]);
  if (suggestion !== null) marker.set('suggestion', { ...suggestion });
  return marker;
}

/**
 * Writes only the fields that differ, so concurrent changes to other fields
 * survive. A new `change` suggestion keeps the block as stored before it in
 * `before`; removing the suggestion removes `before` too.
 *
 * A block's type or attrs changed again under a `change` suggestion this
 * client writes under (one of the entry's `writers`: its author's, noted by
 * suggest-transform.ts) writes that suggestion and its `before` again,
 * unchanged:
 * where a colleague decided the suggestion meanwhile, the new change
 * arrives as the suggestion, pending again (docs/decisions/suggestions.md
 * §3, rule 4), rather than as a plain change of someone else's block that
 * nobody decided (after a reject, one that undid what was rejected). The
 * server's block-field rule sees the suggestion she changes the block
 * under in her own update.
 */
export function updateMarker(marker: Y.Map<unknown>, block: BlockData, stored: BlockData = readMarker(marker)): void {
  const next = splitSuggestion(block.attrs);
  const old = splitSuggestion(stored.attrs);
  if (next.suggestion?.kind === 'change' && (old.suggestion?.kind !== 'change' || old.suggestion.id !== next.suggestion.id)) {
    marker.set('before', plainJson({ type: stored.type, attrs: old.attrs, path: stored.path }));
  }
  // Containers compare by type and attrs: a regrouping that only gives them new ids (chapter-binding.ts) changes nothing of the block.
  const reshaped = !sameContainers(stored.path, block.path);
  const retyped = stored.type !== block.type || !sameJson(old.attrs, next.attrs) || reshaped;
  // Before the writes below replace them: which of the fields she changes now someone else set since her suggestion (the owner's paragraph under her list suggestion, the owner's list around her heading suggestion).
  const othersType = next.suggestion !== null && stored.type !== block.type && !fieldWrittenUnder(marker, 'type', next.suggestion.id);
  const othersAttrs = next.suggestion !== null && !sameJson(old.attrs, next.attrs) && !fieldWrittenUnder(marker, 'attrs', next.suggestion.id);
  const othersPath = next.suggestion !== null && reshaped && !fieldWrittenUnder(marker, 'path', next.suggestion.id);
  if (stored.type !== block.type) marker.set('type', block.type);
  if (!sameJson(old.attrs, next.attrs)) marker.set('attrs', plainJson(next.attrs));
  if (!sameJson(stored.path, block.path)) marker.set('path', plainJson(block.path));
  if (!sameJson(old.suggestion, next.suggestion)) {
    if (next.suggestion === null) {
      marker.delete('suggestion');
      marker.delete('before');
    } else {
      marker.set('suggestion', { ...next.suggestion });
    }
  } else if (retyped && next.suggestion?.kind === 'change' && writesUnder(marker, next.suggestion.id)) {
    marker.set('suggestion', { ...next.suggestion });
    const before = marker.get('before');
    // A field someone else set since is, for her change now, what it replaces: a reject gives that back, not what was there before her suggestion.
    if (isPlainObject(before)) marker.set('before', plainJson({ ...before, ...(othersType ? { type: stored.type } : {}), ...(othersAttrs ? { attrs: old.attrs } : {}), ...(othersPath ? { path: stored.path } : {}) }));
  }
}

/** Whether a marker's field holds a value written under suggestion `id` (suggestions.ts `writtenUnder`). */
function fieldWrittenUnder(marker: Y.Map<unknown>, key: string, id: string): boolean {
  const item = fieldItem(marker, key);
  return item !== undefined && marker.doc !== null && writtenUnder(marker.doc, id, item.id);
}

/** Whether this client writes under suggestion `id` (its entry's `writers` has it): the suggestion is this writer's own. */
function writesUnder(marker: Y.Map<unknown>, id: string): boolean {
  const doc = marker.doc;
  const writers = doc === null ? undefined : suggestionsMap(doc).get(id)?.get('writers');
  return doc !== null && writers instanceof Y.Map && writers.has(String(doc.clientID));
}

/** The Yjs item that holds (or last held) a marker's field. */
export function fieldItem(marker: Y.Map<unknown>, key: string): Y.Item | undefined {
  return marker._map.get(key);
}

export function sameBlockData(a: BlockData, b: BlockData): boolean {
  if (a.type !== b.type || !sameJson(a.path, b.path)) return false;
  const sa = splitSuggestion(a.attrs);
  const sb = splitSuggestion(b.attrs);
  return sameJson(sa.attrs, sb.attrs) && sameJson(sa.suggestion, sb.suggestion);
}

/**
 * A textblock's attrs without its `suggestion` (stored in a field of its
 * own) and the suggestion. ProseMirror gives every paragraph
 * `suggestion: null`; the stored attrs leave it out.
 */
export function splitSuggestion(attrs: Readonly<Record<string, unknown>>): { attrs: Readonly<Record<string, unknown>>; suggestion: BlockSuggestion | null } {
  if (!('suggestion' in attrs)) return { attrs, suggestion: null };
  const { suggestion, ...rest } = attrs;
  return { attrs: rest, suggestion: readBlockSuggestion(suggestion) };
}

/**
 * A plain copy: Yjs stores only objects whose constructor is Object, and
 * ProseMirror's attrs objects have a null prototype.
 */
function plainJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Whether two paths (as stored: a peer may have written anything) name the
 * same containers, by type and attrs in order, whatever their ids: the
 * binding gives containers new ids when it regroups blocks
 * (chapter-binding.ts `#updateMarkers`), which changes no container.
 */
export function sameContainers(a: unknown, b: unknown): boolean {
  const shape = (path: unknown): unknown => (Array.isArray(path) ? path.map((ref: unknown) => (isPlainObject(ref) ? [ref.type, ref.attrs ?? {}] : ref)) : []);
  return canonicalJson(shape(a)) === canonicalJson(shape(b));
}

/** Whether two container refs (as stored: anything) name the same container: the same id and type. */
export function sameContainer(a: unknown, b: unknown): boolean {
  return isPlainObject(a) && isPlainObject(b) && a.id === b.id && a.type === b.type;
}

/** JSON with object keys sorted: writers and `before` may list the same attrs in different orders. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isContainerRef(value: unknown): value is ContainerRef {
  if (!isPlainObject(value)) return false;
  return typeof value.type === 'string' && typeof value.id === 'string' && isPlainObject(value.attrs);
}

/** The order in which `updateMarker` writes a block's changed fields before its `suggestion`. */
const WRITE_ORDER = ['type', 'attrs', 'path'];

/**
 * Whether the value a write replaces (the field item `replaced`: type,
 * attrs or path) is her own suggested change: written by her clients
 * (`byHer`) with her block suggestion and its record of the block
 * (`writtenAsSuggested`), or written by her over such a value, as her
 * editor regroups containers (new ids) while her suggestion is on the
 * block (fuzz seed 1009). The content of the `suggestion` and `before`
 * items may be gone (the owner's accept deleted them), their place is not.
 *
 * Why: her editor regroups containers near every change (new ids, or the
 * same value written again, `shownContainers`), so "her own writing" alone
 * let a client that once regrouped the owner's list change it directly
 * afterwards: wrap, unwrap, renumber. Only the containers she suggested
 * are hers to change again: her withdrawal or undo meeting the owner's
 * accept gives back what her `before` recorded (57 of 22,155 of the
 * suggester's updates over fuzz seeds 1–1,000 wrote over such containers,
 * docs/rules.md). Her regrouping of them passed this rule as changing no
 * container, so it holds the containers she suggested; one over the
 * owner's or a colleague's containers ends the walk.
 *
 * The same holds for a block's type and attrs, which a client can write
 * again unchanged as easily (her editor does not: chapter-tree.ts
 * `asStored`). The boundary: the server reads where her items are, not
 * what a deleted one said. A `before` she writes needs her change
 * suggestion or a `before` of hers there already (block-field-rule.ts `blockFieldBreach`), so
 * a client can lay out such items around a write of its own only on a
 * block it once suggested a change of (docs/rules.md "Not enforced yet").
 */
export function suggestedByHer(marker: Y.Map<unknown>, replaced: Y.ID | null, byHer: (id: Y.ID | null | undefined) => boolean): boolean {
  const store = marker.doc?.store;
  if (store === undefined) return false;
  // A bounded walk back through her own writes of the field: each replaced the one before it (its origin).
  for (let id = replaced, n = 0; id !== null && byHer(id) && n < 8; n++) {
    const item = Y.getItem(store, id);
    if (!(item instanceof Y.Item) || item.parent !== marker) return false;
    if (writtenAsSuggested(store, item)) return true;
    id = item.origin;
  }
  return false;
}

/**
 * Whether the field item `item` (type, attrs or path) was written as her
 * editor writes a suggested change (block-marker.ts `updateMarker`):
 * `before`, the changed type, attrs and path, then `suggestion`; or,
 * changing again under her suggestion, the changed fields, `suggestion`,
 * `before`. Past the fields written after it her client's next item on the
 * marker is the `suggestion`, and `before` is right before it (past the
 * fields written before it) or right after the `suggestion`. Only these
 * two orders, so that her items from an earlier change of the block, right
 * before a later write of hers, do not count with it.
 */
function writtenAsSuggested(store: Y.Doc['store'], item: Y.Item): boolean {
  const end = Y.getState(store, item.id.client);
  const keyAt = (clock: number): string | null => {
    if (clock < 0 || clock >= end) return null;
    const struct = Y.getItem(store, Y.createID(item.id.client, clock));
    return struct instanceof Y.Item && struct.parent === item.parent ? struct.parentSub : null;
  };
  // Past the fields her editor writes after this one up to the `suggestion`, and past the ones it writes before this one back to `before`.
  const at = WRITE_ORDER.indexOf(String(item.parentSub));
  const later = WRITE_ORDER.slice(at + 1);
  const earlier = WRITE_ORDER.slice(0, Math.max(at, 0));
  let after = item.id.clock + item.length;
  for (let n = 0; n < later.length && later.includes(String(keyAt(after))); n++) after++;
  if (keyAt(after) !== 'suggestion') return false;
  if (keyAt(after + 1) === 'before') return true;
  let clock = item.id.clock - 1;
  for (let n = 0; n < earlier.length && earlier.includes(String(keyAt(clock))); n++) clock--;
  return keyAt(clock) === 'before';
}

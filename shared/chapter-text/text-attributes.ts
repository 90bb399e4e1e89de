/**
 * ProseMirror marks as Yjs formatting attributes, and back.
 *
 * A chapter's text is one Y.Text (see chapter-text.ts); a mark on a run of
 * text is a Yjs formatting attribute on that run, as in y-prosemirror. That
 * keeps Yjs' own rules for concurrent formatting, and a mark travels with its
 * text through splits, joins and moves.
 *
 * Key: the mark's name, or `name--<hash of its attrs>` for marks that may
 * overlap themselves (`excludes: ''`, i.e. comment anchors): two comment
 * threads on the same words are two attributes. Value: the mark's attrs
 * object (`{}` for marks without attrs). A key or value that the schema does
 * not know (a newer Samskriv, a hostile peer) is skipped on reading; the
 * chapter still opens.
 */
import type { Mark, MarkType, Schema } from 'prosemirror-model';

/** Attribute values are JSON objects (a mark's attrs) or null (removed). */
export type AttributeValue = Readonly<Record<string, unknown>> | null;
export type TextAttributes = Readonly<Record<string, AttributeValue>>;

export const NO_ATTRIBUTES: TextAttributes = Object.freeze({});

export function markKey(mark: Mark): string {
  return overlaps(mark.type) ? `${mark.type.name}--${hashJson(JSON.stringify(mark.attrs))}` : mark.type.name;
}

/** The attribute key of a suggestion mark (`suggestion_insert`, …) with id `id`, as `markKey` gives it. */
export function suggestionMarkKey(name: string, id: string): string {
  return `${name}--${hashJson(JSON.stringify({ id }))}`;
}

/** The suggestion id a suggestion mark's attribute value carries (`{ id }`), or null. */
export function suggestionIdOf(value: unknown): string | null {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : null;
}

/**
 * An attribute key of its own for one run of suggestion `id`'s insertion
 * mark, written by the Yjs item `client`.`clock` (its first format item or
 * its first word): nobody else formats under it, so its end item ends
 * nothing else on any copy (shared/suggestions/restored-words.ts,
 * typed-words.ts). Read as the same mark: the value is the mark's attrs.
 */
export function suggestionRunKey(name: string, id: string, client: number, clock: number): string {
  return suggestionMarkKey(name, `${id} ${client}.${clock}`);
}

export function marksToAttributes(marks: readonly Mark[]): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const mark of marks) attributes[markKey(mark)] = { ...mark.attrs };
  return attributes;
}

/**
 * The marks a run's attributes stand for, in canonical order (see
 * `inCanonicalOrder`). Yjs keeps attributes in no order that peers share.
 */
export function attributesToMarks(schema: Schema, attributes: ReadonlyMap<string, unknown>): readonly Mark[] {
  if (attributes.size === 0) return [];
  let marks: readonly Mark[] = [];
  const entries = attributes.size === 1 ? attributes : [...attributes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, value] of entries) {
    const type = schema.marks[markName(key)];
    if (type === undefined || value === null || typeof value !== 'object') continue;
    try {
      marks = type.create(value as Record<string, unknown>).addToSet(marks);
    } catch {
      // attrs that fail the mark's validation: the text stays, unmarked
    }
  }
  return marks;
}

/**
 * Whether marks are in canonical order. ProseMirror orders marks of different
 * types by schema rank, but marks of one type that overlap themselves (two
 * comment threads on the same words) in the order they were added, which
 * differs between the writer and a peer that reads them from Yjs. Canonical
 * order sorts those by attribute key, so every peer builds the same document
 * (and `Mark.sameSet`, which compares in order, joins the same text nodes).
 */
export function inCanonicalOrder(marks: readonly Mark[]): boolean {
  for (let i = 1; i < marks.length; i++) {
    const a = marks[i - 1] as Mark;
    const b = marks[i] as Mark;
    if (a.type === b.type && markKey(a) > markKey(b)) return false;
  }
  return true;
}

/**
 * `marks` in canonical order (see `inCanonicalOrder`). A mark set is sorted
 * by type rank already, so marks of one type are adjacent: only those runs
 * are sorted.
 */
export function canonicalOrder(marks: readonly Mark[]): readonly Mark[] {
  if (inCanonicalOrder(marks)) return marks;
  const sorted: Mark[] = [];
  for (let start = 0; start < marks.length; ) {
    let end = start + 1;
    while (end < marks.length && (marks[end] as Mark).type === (marks[start] as Mark).type) end++;
    sorted.push(...marks.slice(start, end).sort((a, b) => (markKey(a) < markKey(b) ? -1 : markKey(a) > markKey(b) ? 1 : 0)));
    start = end;
  }
  return sorted;
}

/** The mark name an attribute key stands for. */
export function markName(key: string): string {
  const cut = key.indexOf('--');
  return cut < 0 ? key : key.slice(0, cut);
}

/** Yjs' own equality for attribute values: identical, or flat-equal objects. */
export function equalAttributeValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    const va = (a as Record<string, unknown>)[k];
    const vb = (b as Record<string, unknown>)[k];
    if (va !== vb && JSON.stringify(va) !== JSON.stringify(vb)) return false;
  }
  return true;
}

function overlaps(type: MarkType): boolean {
  return type.spec.excludes === '';
}

/**
 * A short stable hash (two FNV-1a variants, 64 bits as hex). It only has to
 * tell two overlapping marks of one kind apart — in practice two comment
 * threads, whose attrs contain distinct UUIDs.
 */
function hashJson(json: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 13);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

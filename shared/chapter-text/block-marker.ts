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
 * list wrap both survive. Containers are grouped by id: consecutive blocks
 * whose paths share a prefix of ids share those containers.
 *
 * Markers come from other peers, so reading is defensive: a field of the
 * wrong shape reads as a plain paragraph outside any container, never as an
 * error that would hide the text.
 */
import * as Y from 'yjs';

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

/** The block a text without a marker before it belongs to. */
export const IMPLICIT_BLOCK: BlockData = Object.freeze({ type: 'paragraph', attrs: Object.freeze({}), path: Object.freeze([]) });

const EMPTY_ATTRS: Readonly<Record<string, unknown>> = Object.freeze({});

export function isMarker(content: unknown): content is Y.Map<unknown> {
  return content instanceof Y.Map;
}

export function readMarker(marker: Y.Map<unknown>): BlockData {
  const type = marker.get('type');
  const attrs = marker.get('attrs');
  const path = marker.get('path');
  return {
    type: typeof type === 'string' ? type : 'paragraph',
    attrs: isPlainObject(attrs) ? attrs : EMPTY_ATTRS,
    path: Array.isArray(path) ? path.filter(isContainerRef) : [],
  };
}

/** A new marker, not yet in a doc (Y.Map prelim content). */
export function createMarker(block: BlockData): Y.Map<unknown> {
  return new Y.Map<unknown>([
    ['type', block.type],
    ['attrs', plainJson(block.attrs)],
    ['path', plainJson(block.path)],
  ]);
}

/** Writes only the fields that differ, so concurrent changes to other fields survive. */
export function updateMarker(marker: Y.Map<unknown>, block: BlockData, stored: BlockData = readMarker(marker)): void {
  if (stored.type !== block.type) marker.set('type', block.type);
  if (!sameJson(stored.attrs, block.attrs)) marker.set('attrs', plainJson(block.attrs));
  if (!sameJson(stored.path, block.path)) marker.set('path', plainJson(block.path));
}

export function sameBlockData(a: BlockData, b: BlockData): boolean {
  return a.type === b.type && sameJson(a.attrs, b.attrs) && sameJson(a.path, b.path);
}

/**
 * A plain copy: Yjs stores only objects whose constructor is Object, and
 * ProseMirror's attrs objects have a null prototype.
 */
function plainJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
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

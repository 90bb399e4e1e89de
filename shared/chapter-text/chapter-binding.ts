/**
 * The binding between a ProseMirror document and a chapter's flat Y.Text.
 *
 * Two directions, kept apart (as in y-prosemirror):
 *
 * - **Local → Yjs** (`writeTransaction`): every step of a ProseMirror
 *   transaction becomes the Yjs operations it stands for — typing inserts
 *   characters after the character the writer saw, Enter inserts one block
 *   marker, Backspace at a block start deletes one, a list wrap or a heading
 *   changes marker fields, a mark step formats a range. Nothing is diffed, so
 *   an insert is anchored where the writer made it ("M" typed before
 *   "Myndigheternas" is an insert before that "M", not after it), and the
 *   work per keystroke is one block's items, not the document.
 * - **Yjs → local** (`readChanges`): a transaction from elsewhere (a peer,
 *   undo) becomes a ProseMirror transaction. A text-only change re-reads just
 *   the blocks it touched; a structural one (a marker added, removed or
 *   changed) re-reads the text and replaces only the top-level nodes that
 *   differ.
 *
 * The binding keeps, for the document it mirrors, each textblock's marker
 * (in document order; `null` for text before the first marker) and the
 * formatting in effect right after it. Both sides are kept equal;
 * `verify()` proves it, and the editor plugin runs it in development and test
 * builds.
 */
import type { Fragment} from 'prosemirror-model';
import { Slice, type Mark, type Node as PmNode, type Schema } from 'prosemirror-model';
import { AddMarkStep, AddNodeMarkStep, AttrStep, RemoveMarkStep, RemoveNodeMarkStep, ReplaceAroundStep, ReplaceStep, type Step, type Transform } from 'prosemirror-transform';
import * as Y from 'yjs';
import { createMarker, IMPLICIT_BLOCK, isMarker, readMarker, sameBlockData, updateMarker, type BlockData, type ContainerRef } from './block-marker.ts';
import { asStored, buildDoc, inlineEmbed, NO_FORMAT, readAllBlocks, readBlockContent, requireItem } from './chapter-tree.ts';
import { markKey, marksToAttributes } from './text-attributes.ts';
import { disableSearchMarkers, internals, TextCursor } from './text-cursor.ts';

/** Where a ProseMirror position falls in the flat text. */
interface FlatLocation {
  /** Index into the flat text: markers and inline units before the position. */
  readonly flat: number;
  /** The textblock (ordinal) the position is in, or the one it is just before. */
  readonly block: number;
  /** Offset inside the block's content, or -1 for "just before the block". */
  readonly offset: number;
}

interface Sizes {
  readonly flat: number;
  readonly blocks: number;
}

/** Sizes per node; nodes are immutable and shared between versions of a doc, so this stays valid. */
const sizeCache = new WeakMap<PmNode, Sizes>();

function sizesOf(node: PmNode): Sizes {
  let sizes = sizeCache.get(node);
  if (sizes === undefined) {
    if (node.isTextblock) sizes = { flat: 1 + node.content.size, blocks: 1 };
    else {
      let flat = 0;
      let blocks = 0;
      node.forEach((child) => {
        if (child.isInline) return;
        const s = sizesOf(child);
        flat += s.flat;
        blocks += s.blocks;
      });
      sizes = { flat, blocks };
    }
    sizeCache.set(node, sizes);
  }
  return sizes;
}

export function locate(doc: PmNode, pos: number): FlatLocation {
  let flat = 0;
  let block = 0;
  let node = doc;
  let start = 0;
  for (;;) {
    let childPos = start;
    let descended = false;
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      const end = childPos + child.nodeSize;
      if (pos >= end) {
        const s = sizesOf(child);
        flat += s.flat;
        block += s.blocks;
        childPos = end;
        continue;
      }
      if (pos <= childPos) return { flat, block, offset: -1 };
      if (child.isTextblock) {
        const offset = pos - childPos - 1;
        return { flat: flat + 1 + offset, block, offset };
      }
      node = child;
      start = childPos + 1;
      descended = true;
      break;
    }
    if (!descended) return { flat, block, offset: -1 };
  }
}

/**
 * Whether new markers at `at` (in `doc`) go before the marker of block
 * `at.block` (rather than into its content). Between blocks they must; and
 * for Enter at the start of a block (only markers inserted at offset 0) the
 * new empty block goes *before* the block's marker, so the marker stays
 * with its text and so does a word a colleague types at that start (whose
 * left neighbour is the marker). Not in an empty block, where the start is
 * also the end: Enter there keeps the block's type on the first part and
 * gives the new one after it the default (a paragraph after a heading), so
 * the marker stays first, as it was; put after the new one, it would have
 * to become the paragraph, a change of someone else's block
 * (block-field-rule.ts, fuzz seed 552).
 */
function insertsBeforeMarker(doc: PmNode, at: FlatLocation, onlyMarkersInserted: boolean): boolean {
  return at.offset < 0 || (at.offset === 0 && onlyMarkersInserted && textblockAt(doc, at.block).node.content.size > 0);
}

/**
 * The ordinal of the first block whose marker is new after inserting
 * `inserted` (a fragment, nothing deleted) at `pos` of `before`: the blocks
 * that a suggested insertion must mark. The same rule as the binding's own
 * writes (`insertsBeforeMarker`), so the suggestion lands on the new marker.
 */
export function firstNewBlock(before: PmNode, pos: number, onlyMarkersInserted: boolean): number {
  const at = locate(before, pos);
  return insertsBeforeMarker(before, at, onlyMarkersInserted) ? at.block : at.block + 1;
}

/** The position of textblock `ordinal`'s content start, and the node. */
export function textblockAt(doc: PmNode, ordinal: number): { pos: number; node: PmNode } {
  let node = doc;
  let start = 0;
  let remaining = ordinal;
  for (;;) {
    let childPos = start;
    let descended = false;
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (child.isTextblock) {
        if (remaining === 0) return { pos: childPos + 1, node: child };
        remaining--;
      } else if (!child.isInline) {
        const s = sizesOf(child);
        if (remaining < s.blocks) {
          node = child;
          start = childPos + 1;
          descended = true;
          break;
        }
        remaining -= s.blocks;
      }
      childPos += child.nodeSize;
    }
    if (!descended) throw new RangeError(`no textblock ${ordinal} in the document`);
  }
}

type NewToken = { readonly kind: 'marker'; readonly node: PmNode } | { readonly kind: 'inline'; readonly content: string | Record<string, unknown>; readonly marks: readonly Mark[] };

/** Markers at the start of the range, and all flat units in it. */
function countTokens(doc: PmNode, from: number, to: number): { leadingMarkers: number; total: number } {
  let leadingMarkers = 0;
  let total = 0;
  let inlineSeen = false;
  if (from >= to) return { leadingMarkers, total };
  doc.nodesBetween(from, to, (node, pos) => {
    if (node.isTextblock) {
      if (pos >= from) {
        total++;
        if (!inlineSeen) leadingMarkers++;
      }
      return true;
    }
    if (node.isInline) {
      const overlap = Math.min(to, pos + node.nodeSize) - Math.max(from, pos);
      if (overlap > 0) {
        total += overlap;
        inlineSeen = true;
      }
      return false;
    }
    return true;
  });
  return { leadingMarkers, total };
}

function collectTokens(doc: PmNode, from: number, to: number): NewToken[] {
  const tokens: NewToken[] = [];
  if (from >= to) return tokens;
  doc.nodesBetween(from, to, (node, pos) => {
    if (node.isTextblock) {
      if (pos >= from) tokens.push({ kind: 'marker', node });
      return true;
    }
    if (node.isText) {
      const text = node.text ?? '';
      const slice = text.slice(Math.max(0, from - pos), Math.min(text.length, to - pos));
      if (slice.length > 0) tokens.push({ kind: 'inline', content: slice, marks: node.marks });
      return false;
    }
    if (node.isInline) {
      if (pos >= from) tokens.push({ kind: 'inline', content: inlineEmbed(node), marks: node.marks });
      return false;
    }
    return true;
  });
  return tokens;
}

/**
 * How the binding writes one run of inline content (text or an embed) at
 * `cursor`, with exactly `attributes`: `TextCursor.insert`, unless the
 * caller of `writeTransaction` says otherwise (a suggester's typed words:
 * shared/suggestions/typed-words.ts).
 */
export type InlineWrite = (cursor: TextCursor, content: string | Record<string, unknown>, attributes: Readonly<Record<string, unknown>>) => void;

const insertInline: InlineWrite = (cursor, content, attributes) => cursor.insert(content, attributes);

/** The origin of a binding's writes that undo must not track. */
export class UntrackedWrite {
  readonly binding: ChapterBinding;

  constructor(binding: ChapterBinding) {
    this.binding = binding;
  }
}

/** Whether a Yjs transaction origin is a write of some chapter binding, tracked by undo or not. */
export function isBindingWrite(origin: unknown): boolean {
  return origin instanceof ChapterBinding || origin instanceof UntrackedWrite;
}

export class ChapterBinding {
  readonly text: Y.Text;
  readonly ydoc: Y.Doc;
  readonly schema: Schema;
  #doc: PmNode;
  #markers: (Y.Map<unknown> | null)[] = [];
  #entries: ReadonlyMap<string, unknown>[] = [];
  /** Each block's content as last read, so unchanged text keeps its node objects. */
  #contents = new Map<Y.Map<unknown> | null, Fragment>();
  #ordinals: Map<Y.Map<unknown> | null, number> | null = null;
  #transaction: Y.Transaction | null = null;
  /** How the transaction being written writes inline content (`writeTransaction`'s `writeInline`). */
  #writeInline: InlineWrite = insertInline;
  #idCounter = 0;

  constructor(text: Y.Text, schema: Schema) {
    if (text.doc === null) throw new Error('the chapter text is not in a Y.Doc');
    this.text = text;
    this.ydoc = text.doc;
    this.schema = schema;
    disableSearchMarkers(text);
    this.#doc = this.#readAll();
  }

  /** The origin of this binding's writes that undo does not track. */
  readonly untrackedOrigin: UntrackedWrite = new UntrackedWrite(this);

  /** Whether a Yjs transaction origin is one of this binding's writes. */
  isOwn(origin: unknown): boolean {
    return origin === this || origin === this.untrackedOrigin;
  }

  /** The ProseMirror document the text stands for, as last written or read. */
  get doc(): PmNode {
    return this.#doc;
  }

  // ---------------------------------------------------------------- local → Yjs

  /**
   * Writes a local transaction's steps to the text. The transaction must
   * start from `doc`; one that does not (a state applied speculatively from
   * an older state) is refused with `false` and nothing is written.
   * `writeInline` writes each run of inserted text or embeds in place of
   * `TextCursor.insert`.
   */
  writeTransaction(tr: Transform, options: { readonly addToHistory?: boolean; readonly writeInline?: InlineWrite | undefined } = {}): boolean {
    if (!tr.docChanged) return true;
    if (tr.before !== this.#doc) return false;
    // The origin tells undo what to track: the binding itself for the
    // writer's own edits, `untrackedOrigin` for what must not be undone on
    // its own (a comment anchor, a repair after a remote change).
    const origin = options.addToHistory === false ? this.untrackedOrigin : this;
    Y.transact(
      this.ydoc,
      (ytr) => {
        this.#transaction = ytr;
        this.#writeInline = options.writeInline ?? insertInline;
        try {
          if (this.#markers[0] === null && (this.#markers.length === 1 || needsFirstMarker(tr))) this.#materializeFirstMarker(tr.before);
          const regions: number[] = [];
          tr.steps.forEach((step, i) => {
            const before = tr.docs[i] as PmNode;
            const after = i + 1 < tr.docs.length ? (tr.docs[i + 1] as PmNode) : tr.doc;
            const touched = this.#writeStep(step, before, after);
            if (touched === null) return;
            const rest = tr.mapping.slice(i + 1);
            regions.push(rest.map(touched.from, -1), rest.map(touched.to, 1));
          });
          this.#doc = tr.doc;
          if (regions.length > 0) this.#updateMarkers(tr.doc, regions);
        } finally {
          this.#transaction = null;
          this.#writeInline = insertInline;
        }
      },
      origin,
    );
    return true;
  }

  /**
   * Takes a transaction that only reorders marks (text-attributes.ts,
   * canonical order) as the mirrored document without writing anything: the
   * text's attributes are the same. Refused like `writeTransaction`.
   */
  adoptMarkOrder(tr: Transform): boolean {
    if (tr.before !== this.#doc) return false;
    this.#doc = tr.doc;
    return true;
  }

  #ytr(): Y.Transaction {
    if (this.#transaction === null) throw new Error('no Yjs transaction is open');
    return this.#transaction;
  }

  /** Gives text before the first marker a marker of its own, so every block has one. */
  #materializeFirstMarker(doc: PmNode): void {
    const first = textblockAt(doc, 0).node;
    const marker = createMarker({ type: first.type.name, attrs: first.attrs, path: [] });
    new TextCursor(this.#ytr(), this.text, null, NO_FORMAT).insert(marker, {});
    // The end sentinel of the last block (TextCursor.insertMarker).
    const end = new TextCursor(this.#ytr(), this.text, requireItem(marker), NO_FORMAT);
    while (end.right !== null) end.forward();
    end.insertSentinel(true);
    this.#markers[0] = marker;
    this.#entries[0] = NO_FORMAT;
    this.#ordinals = null;
  }

  /** Applies one step; returns the range of `after` whose block structure may have changed. */
  #writeStep(step: Step, before: PmNode, after: PmNode): { from: number; to: number } | null {
    if (step instanceof ReplaceStep || step instanceof ReplaceAroundStep) {
      const ranges: [number, number, number, number][] = [];
      step.getMap().forEach((oldStart, oldEnd, newStart, newEnd) => ranges.push([oldStart, oldEnd, newStart, newEnd]));
      let structural = step instanceof ReplaceAroundStep;
      // Later ranges first: the flat positions and ordinals of earlier ones stay valid.
      for (let i = ranges.length - 1; i >= 0; i--) {
        const [oldStart, oldEnd, newStart, newEnd] = ranges[i] as [number, number, number, number];
        if (this.#replace(before, oldStart, oldEnd, after, newStart, newEnd)) structural = true;
      }
      if (!structural || ranges.length === 0) return null;
      const first = ranges[0] as [number, number, number, number];
      const last = ranges[ranges.length - 1] as [number, number, number, number];
      return { from: first[2], to: last[3] };
    }
    if (step instanceof AddMarkStep) {
      this.#format(before, step.from, step.to, { [markKey(step.mark)]: { ...step.mark.attrs } });
      return null;
    }
    if (step instanceof RemoveMarkStep) {
      this.#format(before, step.from, step.to, { [markKey(step.mark)]: null });
      return null;
    }
    if (step instanceof AttrStep) return { from: step.pos, to: step.pos + 1 };
    // A mark on an inline node that is not text (a hard break) is that
    // embed's formatting in the flat text, like a mark on a word. Written as
    // a replace it would delete the embed and insert a new one: the repair
    // plugin takes a link off a hard break after a colleague's change, and
    // every peer that repaired would have deleted someone else's content (a
    // suggester's update the server's text rule refuses) and written it anew
    // under its own client id.
    if ((step instanceof AddNodeMarkStep || step instanceof RemoveNodeMarkStep) && before.resolve(step.pos).parent.isTextblock) {
      const value = step instanceof AddNodeMarkStep ? { ...step.mark.attrs } : null;
      this.#format(before, step.pos, step.pos + 1, { [markKey(step.mark)]: value });
      return null;
    }
    // Any other step (marks on block nodes, doc attrs, a plugin's own step): write the
    // range it changed. Found by comparing the two documents, once, for
    // steps this binding has no direct translation for.
    const start = before.content.findDiffStart(after.content);
    if (start === null) return null;
    const end = before.content.findDiffEnd(after.content) ?? { a: before.content.size, b: after.content.size };
    const overlap = start - Math.min(end.a, end.b);
    const endA = overlap > 0 ? end.a + overlap : end.a;
    const endB = overlap > 0 ? end.b + overlap : end.b;
    this.#replace(before, start, endA, after, start, endB);
    return { from: start, to: endB };
  }

  /**
   * Replaces the flat content of `before[from, to)` with that of
   * `after[newFrom, newTo)`. Markers at the start of both ranges are kept
   * (paired), so a block whose type changes keeps its marker and a
   * colleague's concurrent change to the marker survives. Returns whether
   * block structure changed.
   */
  #replace(before: PmNode, from: number, to: number, after: PmNode, newFrom: number, newTo: number): boolean {
    const old = countTokens(before, from, to);
    const tokens = collectTokens(after, newFrom, newTo);
    let newLeadingMarkers = 0;
    while (newLeadingMarkers < tokens.length && tokens[newLeadingMarkers]?.kind === 'marker') newLeadingMarkers++;
    const paired = Math.min(old.leadingMarkers, newLeadingMarkers);
    const at = locate(before, from);
    const markersBefore = insertsBeforeMarker(before, at, old.total === 0 && tokens.length > 0 && tokens.every((t) => t.kind === 'marker'));
    const cursor = markersBefore ? this.#cursorBefore(at.block) : this.#cursorIn(at.block, at.offset);
    cursor.skip(paired);
    const firstOrdinal = (markersBefore ? at.block : at.block + 1) + paired;
    const deleted = cursor.delete(old.total - paired).filter(isMarker);
    // Containers can change without any marker doing so (joining two list
    // items deletes only `</li><li>`), so any range outside one textblock's
    // inline content counts as structural.
    let structural = paired > 0 || deleted.length > 0 || !withinTextblock(before, from, to) || !withinTextblock(after, newFrom, newTo);
    if (deleted.length > 0) {
      this.#markers.splice(firstOrdinal, deleted.length);
      this.#entries.splice(firstOrdinal, deleted.length);
      this.#ordinals = null;
    }
    let ordinal = firstOrdinal;
    for (let i = paired; i < tokens.length; i++) {
      const token = tokens[i] as NewToken;
      if (token.kind === 'marker') {
        const marker = createMarker({ type: token.node.type.name, attrs: token.node.attrs, path: [] });
        cursor.insertMarker(marker);
        this.#markers.splice(ordinal, 0, marker);
        this.#entries.splice(ordinal, 0, NO_FORMAT);
        this.#ordinals = null;
        ordinal++;
        structural = true;
      } else {
        this.#writeInline(cursor, token.content, marksToAttributes(token.marks));
      }
    }
    return structural;
  }

  #format(doc: PmNode, from: number, to: number, attributes: Readonly<Record<string, unknown>>): void {
    let ordinal = -1;
    doc.nodesBetween(from, to, (node, pos) => {
      if (!node.isTextblock) return true;
      ordinal = ordinal < 0 ? locate(doc, pos + 1).block : ordinal + 1;
      const start = Math.max(from, pos + 1) - (pos + 1);
      const end = Math.min(to, pos + 1 + node.content.size) - (pos + 1);
      if (end > start) this.#cursorIn(ordinal, start).format(end - start, attributes);
      return false;
    });
  }

  /** A cursor at `offset` in block `ordinal`'s content. */
  #cursorIn(ordinal: number, offset: number): TextCursor {
    const marker = this.#markers[ordinal];
    if (marker === undefined) throw new RangeError(`no block ${ordinal} in the chapter text`);
    const cursor = new TextCursor(this.#ytr(), this.text, marker === null ? null : requireItem(marker), this.#entries[ordinal] ?? NO_FORMAT);
    cursor.skip(offset);
    return cursor;
  }

  /** A cursor just before block `ordinal`'s marker (or at the end of the text). */
  #cursorBefore(ordinal: number): TextCursor {
    if (ordinal >= this.#markers.length) {
      // No block at all: a step deleted the only one, and a later step of
      // the same transaction (the repair's empty paragraph) writes again.
      const last = this.#markers.length - 1;
      const cursor = last < 0 ? new TextCursor(this.#ytr(), this.text, null, NO_FORMAT) : this.#cursorIn(last, 0);
      while (cursor.right !== null) cursor.forward();
      return cursor;
    }
    const marker = this.#markers[ordinal];
    if (marker === null || marker === undefined) return new TextCursor(this.#ytr(), this.text, null, NO_FORMAT);
    return new TextCursor(this.#ytr(), this.text, requireItem(marker).left, this.#entries[ordinal] ?? NO_FORMAT);
  }

  /**
   * Brings the markers of the blocks around `regions` (pairs of positions in
   * `doc`) in line with the document: type, attrs, and the containers with
   * their ids. A container keeps an id its blocks already carry; where two
   * containers that touch carry the same one (a list item split in two by
   * Enter), the one with more blocks the change did not touch keeps it,
   * else the first. Two that do not touch may both keep it (a list split
   * in two around an outdented item), as the chapter reads only
   * consecutive blocks as one container.
   *
   * Why untouched blocks first: a new id is a write of every marker under
   * that container, and a write of a block's containers that only gives
   * them new ids still replaces, on a copy that has it, a colleague's
   * concurrent change of those containers (Yjs keeps one of two writes to
   * a key, by client id, and keeps a write over a value an undo deleted).
   * Enter in a list item moves the numbered list nested under it into the
   * new item; giving the new item the old id leaves the nested blocks
   * unwritten, so the owner's concurrent lift of one of them stands, and a
   * suggester's regrouping does not undo it on the server's copy, where the
   * containers rule refused it (fuzz seed 4494).
   */
  #updateMarkers(doc: PmNode, regions: readonly number[]): void {
    let first = Number.POSITIVE_INFINITY;
    let last = -1;
    for (const pos of regions) {
      const clamped = Math.max(0, Math.min(doc.content.size, pos));
      const index = doc.resolve(clamped).index(0);
      first = Math.min(first, index - 1);
      last = Math.max(last, index + 1);
    }
    first = Math.max(0, first);
    last = Math.min(doc.childCount - 1, last);
    if (last < first) return;

    let ordinal = 0;
    let pos = 0;
    for (let i = 0; i < first; i++) {
      const child = doc.child(i);
      ordinal += sizesOf(child).blocks;
      pos += child.nodeSize;
    }
    interface Container {
      readonly node: PmNode;
      readonly depth: number;
      readonly blocks: number[];
      id: string;
    }
    const containers = new Map<number, Container>();
    const blocks: { ordinal: number; node: PmNode; chain: Container[] }[] = [];
    /** Blocks whose node meets a region: the change wrote them or beside them. */
    const touched = new Set<number>();
    const visit = (node: PmNode, nodePos: number, chain: Container[]): void => {
      if (node.isTextblock) {
        for (let r = 0; r + 1 < regions.length; r += 2) if ((regions[r] as number) <= nodePos + node.nodeSize && (regions[r + 1] as number) >= nodePos) touched.add(ordinal);
        blocks.push({ ordinal, node, chain });
        for (const container of chain) container.blocks.push(ordinal);
        ordinal++;
        return;
      }
      const container: Container = { node, depth: chain.length, blocks: [], id: '' };
      containers.set(nodePos, container);
      const inner = [...chain, container];
      node.forEach((child, offset) => {
        if (!child.isInline) visit(child, nodePos + 1 + offset, inner);
      });
    };
    for (let i = first; i <= last; i++) {
      const child = doc.child(i);
      visit(child, pos, []);
      pos += child.nodeSize;
    }
    const stored = new Map<number, BlockData>();
    const storedData = (k: number): BlockData | null => {
      const marker = this.#markers[k];
      if (marker === null || marker === undefined) return null;
      let data = stored.get(k);
      if (data === undefined) {
        data = readMarker(marker);
        stored.set(k, data);
      }
      return data;
    };
    // Each id a container's blocks carry, with how many of its untouched blocks carry it; the most first, then in document order (containers, then their blocks).
    const candidates: { container: Container; id: string; untouched: number; order: number }[] = [];
    for (const container of containers.values()) {
      const ids = new Map<string, { untouched: number; order: number }>();
      for (const k of container.blocks) {
        const ref = storedData(k)?.path[container.depth];
        if (ref === undefined || ref.type !== container.node.type.name) continue;
        const found = ids.get(ref.id) ?? { untouched: 0, order: candidates.length + ids.size };
        if (!touched.has(k)) found.untouched++;
        ids.set(ref.id, found);
      }
      for (const [id, { untouched, order }] of ids) candidates.push({ container, id, untouched, order });
    }
    candidates.sort((a, b) => b.untouched - a.untouched || a.order - b.order);
    // Two containers may keep one id where blocks of neither lie between
    // them: the chapter reads only consecutive blocks as one container
    // (chapter-tree.ts `buildDoc`), so a list the owner's copy has split in
    // two around a paragraph needs no new id, and giving it one would
    // write every block of one half (fuzz seed 279 with
    // SAMSKRIV_FUZZ_CLIENT_IDS=9,2,3: that write replaced a colleague's
    // concurrent reject on those blocks). Containers that touch, or nest,
    // must differ, or they would read as one.
    const claimed = new Map<string, Container[]>();
    const touch = (a: Container, b: Container): boolean => {
      const [a0, a1, b0, b1] = [a.blocks[0] ?? 0, a.blocks.at(-1) ?? 0, b.blocks[0] ?? 0, b.blocks.at(-1) ?? 0];
      return a1 + 1 >= b0 && b1 + 1 >= a0;
    };
    for (const { container, id } of candidates) {
      if (container.id !== '') continue;
      const holders = claimed.get(id) ?? [];
      if (holders.some((other) => touch(other, container))) continue;
      container.id = id;
      claimed.set(id, [...holders, container]);
    }
    for (const container of containers.values()) if (container.id === '') container.id = this.#freshId();
    for (const block of blocks) {
      const marker = this.#markers[block.ordinal];
      if (marker === null || marker === undefined) continue;
      const path: ContainerRef[] = block.chain.map((c) => ({ type: c.node.type.name, id: c.id, attrs: c.node.attrs }));
      const current = storedData(block.ordinal);
      const wanted = asStored(this.schema, block.node, path, current);
      if (current === null || !sameBlockData(current, wanted)) updateMarker(marker, wanted, current ?? undefined);
    }
  }

  #freshId(): string {
    const client = this.ydoc.clientID;
    return `${client.toString(36)}.${Y.getState(this.ydoc.store, client).toString(36)}.${(this.#idCounter++).toString(36)}`;
  }

  // ---------------------------------------------------------------- Yjs → local

  /**
   * The ProseMirror changes for a Yjs transaction that did not come from this
   * binding, applied to `tr` (which must start from `doc`). Returns false when
   * nothing in the text changed.
   */
  readChanges(ytr: Y.Transaction, tr: Transform): boolean {
    if (this.isOwn(ytr.origin)) return false;
    const touched = new Set<Y.Map<unknown> | null>();
    let structural = false;
    const text = this.text;
    const visit = (item: Y.Item): void => {
      if (structural) return;
      const parent = item.parent as Y.AbstractType<unknown> | null;
      if (parent === text) {
        if (item.content instanceof Y.ContentType && isMarker(item.content.type)) structural = true;
        else touched.add(this.#markerLeftOf(item));
      } else if (parent instanceof Y.Map && parent._item !== null && parent._item.parent === text) {
        structural = true;
      }
    };
    for (const [client, after] of ytr.afterState) {
      const before = ytr.beforeState.get(client) ?? 0;
      if (after <= before) continue;
      const structs = this.ydoc.store.clients.get(client) ?? [];
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const struct = structs[i];
        if (struct === undefined || struct.id.clock >= after) break;
        if (struct instanceof Y.Item) visit(struct);
      }
    }
    Y.iterateDeletedStructs(ytr, ytr.deleteSet, (struct) => {
      if (struct instanceof Y.Item) visit(struct);
    });
    if (structural) return this.#readStructural(tr);
    if (touched.size === 0) return false;
    return this.#readBlocks(tr, touched);
  }

  #markerLeftOf(item: Y.Item): Y.Map<unknown> | null {
    for (let left = item.left; left !== null; left = left.left) {
      if (!left.deleted && left.content instanceof Y.ContentType && isMarker(left.content.type)) return left.content.type;
    }
    return null;
  }

  #ordinalOf(marker: Y.Map<unknown> | null): number | undefined {
    if (this.#ordinals === null) {
      this.#ordinals = new Map();
      this.#markers.forEach((m, k) => this.#ordinals?.set(m, k));
    }
    return this.#ordinals.get(marker);
  }

  /** Re-reads the blocks whose text changed (no marker was added, removed or changed). */
  #readBlocks(tr: Transform, touched: ReadonlySet<Y.Map<unknown> | null>): boolean {
    const ordinals: number[] = [];
    for (const marker of touched) {
      // Text before the first marker is a block only while there is some:
      // whether it appears or goes is structure (readAllBlocks), and it is
      // rare (the first paragraph deleted while a word was typed into it).
      if (marker === null) return this.#readStructural(tr);
      const k = this.#ordinalOf(marker);
      if (k === undefined) return this.#readStructural(tr);
      ordinals.push(k);
    }
    ordinals.sort((a, b) => a - b);
    let changed = false;
    const queue = [...new Set(ordinals)];
    for (let q = 0; q < queue.length; q++) {
      const k = queue[q] as number;
      const { content, exit } = readBlockContent(this.text, this.schema, this.#markers[k] ?? null, this.#entries[k] ?? NO_FORMAT);
      if (replaceBlockContent(tr, k, content)) changed = true;
      // A format that is not closed inside the block (concurrent formatting
      // across a new split) reaches into the next one.
      const next = k + 1;
      if (next < this.#markers.length && !sameFormat(exit, this.#entries[next] ?? NO_FORMAT)) {
        this.#entries[next] = exit.size === 0 ? NO_FORMAT : exit;
        if (queue[q + 1] !== next) queue.splice(q + 1, 0, next);
      }
    }
    if (changed) this.#doc = tr.doc;
    return changed;
  }

  /** Re-reads the whole text and replaces the top-level nodes that differ. */
  #readStructural(tr: Transform): boolean {
    const next = this.#readAll();
    const current = tr.doc;
    const start = current.content.findDiffStart(next.content);
    if (start === null) {
      this.#doc = current;
      return false;
    }
    // Whole top-level nodes, so the result is exactly `next`. Before `from`
    // both documents are equal, so `from` is a boundary in both; after `toA`
    // (a boundary in `current`) both end with the same complete nodes.
    const end = current.content.findDiffEnd(next.content) ?? { a: current.content.size, b: next.content.size };
    const from = topLevelStart(current, start);
    const toA = topLevelEnd(current, Math.max(end.a, start));
    const toB = next.content.size - (current.content.size - toA);
    if (toB >= from) tr.replace(from, toA, new Slice(next.content.cut(from, toB), 0, 0));
    if (!tr.doc.eq(next)) tr.replace(0, tr.doc.content.size, new Slice(next.content, 0, 0));
    this.#doc = tr.doc;
    return true;
  }

  #readAll(): PmNode {
    const blocks = readAllBlocks(this.text, this.schema);
    const contents = new Map<Y.Map<unknown> | null, Fragment>();
    const doc = buildDoc(
      this.schema,
      blocks.map((block) => {
        const previous = this.#contents.get(block.marker);
        const content = previous !== undefined && previous.eq(block.content) ? previous : block.content;
        contents.set(block.marker, content);
        return { data: block.data, content };
      }),
    );
    this.#markers = blocks.map((b) => b.marker);
    this.#entries = blocks.map((b) => b.entry);
    this.#ordinals = null;
    this.#contents = contents;
    return doc;
  }

  // ---------------------------------------------------------------- positions

  /** A Yjs relative position for a ProseMirror position: it follows the text it is next to. */
  relativePosition(doc: PmNode, pos: number): Y.RelativePosition {
    const assoc = 0;
    const at = locate(doc, Math.max(0, Math.min(doc.content.size, pos)));
    const key = Y.findRootTypeKey(this.text);
    const marker = this.#markers[at.block];
    if (marker === undefined) return new Y.RelativePosition(null, key, null, -1);
    if (at.offset < 0) {
      if (marker === null) return new Y.RelativePosition(null, key, internals(this.text)._start?.id ?? null, assoc);
      return new Y.RelativePosition(null, key, requireItem(marker).id, assoc);
    }
    let remaining = at.offset;
    let item = marker === null ? internals(this.text)._start : requireItem(marker).right;
    for (; item !== null; item = item.right) {
      if (item.deleted || item.content instanceof Y.ContentFormat) continue;
      if (item.content instanceof Y.ContentType && isMarker(item.content.type)) break;
      if (remaining < item.length) return new Y.RelativePosition(null, key, Y.createID(item.id.client, item.id.clock + remaining), assoc);
      remaining -= item.length;
    }
    // The end of a block: the next marker, or the end of the text.
    return new Y.RelativePosition(null, key, item?.id ?? null, item === null ? -1 : assoc);
  }

  /**
   * The parts of `[from, to)` (positions in `doc`, which must be `this.doc`)
   * whose characters and inline embeds a Yjs client wrote at or after its
   * clock in `first` (client → first clock), in order.
   *
   * Föreslå deletes for real only the words the writer wrote under her own
   * suggestions (the entries' `writers`, suggestions.ts), which is also the
   * bound the server's deletion rule checks: her suggestion's mark on her
   * copy is not enough, because a colleague's formatting can carry it over
   * the chapter's own words there (Yjs formatting is start and end items,
   * and a colleague's concurrent change can end up between them).
   *
   * A textblock's opening token (`[pos, pos + 1)`) counts where that client
   * wrote the block's marker: the same bound for removing her own suggested
   * block boundary. A marker that carries her `insert` suggestion can be a
   * colleague's: his undo of a deletion writes the marker anew, suggestion
   * and all, under his own client (fuzz seed 4798).
   */
  writtenIn(doc: PmNode, from: number, to: number, first: ReadonlyMap<number, number>): [number, number][] {
    const ranges: [number, number][] = [];
    if (first.size === 0) return ranges;
    const writtenBy = (id: Y.ID): boolean => id.clock >= (first.get(id.client) ?? Number.POSITIVE_INFINITY);
    doc.nodesBetween(from, to, (node, pos) => {
      if (!node.isTextblock) return true;
      const start = pos + 1;
      const low = Math.max(from, start);
      const high = Math.min(to, start + node.content.size);
      const marker = this.#markers[locate(doc, start).block];
      if (pos >= from && start <= to && marker !== null && marker !== undefined && writtenBy(requireItem(marker).id)) ranges.push([pos, start]);
      if (low >= high || marker === undefined) return false;
      let at = start;
      for (let item = marker === null ? internals(this.text)._start : requireItem(marker).right; item !== null && at < high; item = item.right) {
        if (item.deleted || item.content instanceof Y.ContentFormat) continue;
        if (item.content instanceof Y.ContentType && isMarker(item.content.type)) break;
        const itemFrom = at;
        at += item.length;
        const clock = first.get(item.id.client);
        if (clock === undefined) continue;
        const ownFrom = Math.max(low, itemFrom + Math.max(0, clock - item.id.clock));
        const ownTo = Math.min(high, at);
        if (ownFrom >= ownTo) continue;
        const last = ranges[ranges.length - 1];
        if (last !== undefined && last[1] === ownFrom) last[1] = ownTo;
        else ranges.push([ownFrom, ownTo]);
      }
      return false;
    });
    return ranges;
  }

  /** The ProseMirror position a relative position stands for now, in `doc` (which must be `this.doc`). */
  absolutePosition(doc: PmNode, rpos: Y.RelativePosition): number | null {
    const absolute = Y.createAbsolutePositionFromRelativePosition(rpos, this.ydoc);
    if (absolute === null || absolute.type !== this.text) return null;
    // `positionOfFlat` counts a marker for every block; text before the first marker has none.
    return this.positionOfFlat(doc, absolute.index + (this.#markers[0] === null ? 1 : 0));
  }

  /** The ProseMirror position of flat index `flat` (inside a block, or before a block's content). */
  positionOfFlat(doc: PmNode, flat: number): number {
    let remaining = flat;
    let node = doc;
    let start = 0;
    for (;;) {
      let childPos = start;
      let descended = false;
      for (let i = 0; i < node.childCount; i++) {
        const child = node.child(i);
        const s = sizesOf(child);
        // Index F is the gap before item F: a marker's index is the end of the block before it.
        if (remaining > s.flat && i < node.childCount - 1) {
          remaining -= s.flat;
          childPos += child.nodeSize;
          continue;
        }
        if (child.isTextblock) return childPos + 1 + Math.min(child.content.size, Math.max(0, remaining - 1));
        node = child;
        start = childPos + 1;
        descended = true;
        break;
      }
      if (!descended) return Math.min(doc.content.size, childPos);
    }
  }

  // ---------------------------------------------------------------- checks

  /** Null when the text and `doc` agree; otherwise what differs. For development and test builds. */
  verify(doc: PmNode): string | null {
    const fromText = buildDoc(this.schema, readAllBlocks(this.text, this.schema));
    if (!fromText.eq(doc)) return `the chapter text and the editor differ:\n text:   ${fromText.toString()}\n editor: ${doc.toString()}`;
    if (doc !== this.#doc) return 'the binding mirrors another document than the editor shows';
    const blocks = readAllBlocks(this.text, this.schema);
    if (blocks.length !== this.#markers.length || blocks.some((b, k) => b.marker !== this.#markers[k])) return 'the binding lost track of the block markers';
    if (blocks.some((b, k) => !sameFormat(b.entry, this.#entries[k] ?? NO_FORMAT))) return 'the binding lost track of the formatting at block starts';
    return null;
  }
}

/**
 * Whether writing `tr` needs a marker for the text before the first marker
 * (`ChapterBinding.#materializeFirstMarker`): when it changes that block's
 * start, fields or containers, or leaves it empty (text before the first
 * marker is a block only while there is some). Typing and formatting in it,
 * and any change after its start, are written as they are, with no marker.
 *
 * Why not always: every writer who gives that text a marker writes a marker
 * of her own at the start of the text, and Yjs orders two such concurrent
 * markers by client id. The first block then ends empty, or split after the
 * words the first of them typed at its start, and on the server's copy a
 * suggester's marker lands behind a colleague's inside her block
 * (chapter-text-rule.ts `firstInText`), refused as a block boundary he may
 * not add (fuzz seeds 4012 and 4155 with his client id highest). Such text
 * appears when the first block is deleted while a colleague types in it
 * (docs/decisions/chapter-text.md, scenario 14); a marker written on every
 * edit there, also by a colleague who only typed further down, made the race
 * common.
 *
 * Only asked while the text has other markers. A text with none (an empty
 * text, or one whose every marker was deleted) has no end sentinel either,
 * and the marker brings it: without it, words a colleague types at the end
 * of the block and a paragraph added after it meet at one place, and Yjs
 * orders them by client id (tests/unit/exchange/exchange-mixed.test.ts put
 * a suggestion into the wrong paragraph, 154b04b). So a chapter added in
 * the app is written with its first marker (`writeEmptyChapter`).
 */
function needsFirstMarker(tr: Transform): boolean {
  const first = tr.doc.firstChild;
  if (first === null || !first.isTextblock || first.content.size === 0 || !sameBlockData(IMPLICIT_BLOCK, { type: first.type.name, attrs: first.attrs, path: [] })) return true;
  return tr.steps.some((step, i) => {
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) return false;
    const before = tr.docs[i] as PmNode;
    // The block is the document's first child: its marker-less data is a top-level paragraph's.
    const end = (before.firstChild as PmNode).nodeSize;
    if (step instanceof ReplaceStep) {
      // From inside its text on, new markers go into content and deletions start in it (`insertsBeforeMarker`).
      if (step.from > 1) return false;
      const after = i + 1 < tr.docs.length ? (tr.docs[i + 1] as PmNode) : tr.doc;
      let textOnly = true;
      step.getMap().forEach((oldStart, oldEnd, newStart, newEnd) => {
        if (!withinTextblock(before, oldStart, oldEnd) || !withinTextblock(after, newStart, newEnd)) textOnly = false;
      });
      return !textOnly;
    }
    if ((step instanceof AddNodeMarkStep || step instanceof RemoveNodeMarkStep) && before.resolve(step.pos).parent.isTextblock) return false;
    if (step instanceof ReplaceAroundStep) return step.from < end;
    if (step instanceof AttrStep) return step.pos < end;
    return true;
  });
}

function withinTextblock(doc: PmNode, from: number, to: number): boolean {
  const $from = doc.resolve(from);
  return $from.parent.isTextblock && to <= $from.end();
}

function replaceBlockContent(tr: Transform, ordinal: number, content: Fragment): boolean {
  const { pos, node } = textblockAt(tr.doc, ordinal);
  const start = node.content.findDiffStart(content);
  if (start === null) return false;
  const end = node.content.findDiffEnd(content) ?? { a: node.content.size, b: content.size };
  const overlap = start - Math.min(end.a, end.b);
  const endA = overlap > 0 ? end.a + overlap : end.a;
  const endB = overlap > 0 ? end.b + overlap : end.b;
  tr.replace(pos + start, pos + endA, new Slice(content.cut(start, endB), 0, 0));
  return true;
}

function topLevelStart(doc: PmNode, pos: number): number {
  const index = doc.resolve(Math.min(pos, doc.content.size)).index(0);
  let start = 0;
  for (let i = 0; i < index; i++) start += doc.child(i).nodeSize;
  return start;
}

function topLevelEnd(doc: PmNode, pos: number): number {
  let end = 0;
  for (let i = 0; i < doc.childCount; i++) {
    if (end >= pos) return end;
    end += doc.child(i).nodeSize;
  }
  return end;
}

function sameFormat(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (JSON.stringify(b.get(key)) !== JSON.stringify(value)) return false;
  return true;
}

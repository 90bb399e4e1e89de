/**
 * Suggest mode: a local ProseMirror transaction rewritten so that it
 * proposes its change instead of making it (docs/decisions/suggestions.md).
 *
 * - Inserted content keeps its place and gets `suggestion_insert`; a new
 *   block boundary (Enter, a pasted paragraph, a table row) gets a block
 *   suggestion `insert` on the textblock whose marker is new.
 * - Deleted content stays, with `suggestion_delete`; a deleted block
 *   boundary (a join) becomes a block suggestion `delete`.
 * - A changed mark (bold, a link) is made, and `suggestion_format` records
 *   what reject must restore.
 * - A changed block type or container (heading, list wrap or lift) is made,
 *   and the textblock gets a block suggestion `change`; the binding keeps the
 *   block as it was in the marker (block-marker.ts `before`).
 * - The writer's own open suggestions are edited directly: deleting what one
 *   suggested removes it, and typing next to it extends it (one id).
 *
 * Also in edit mode (`mode: 'edit'`), inserted content never carries
 * someone else's suggestion marks (typing inside a suggested insertion, or
 * pasting suggested text, makes ordinary text), and a split keeps a block's
 * suggestion on the block whose marker has it.
 *
 * The rewrite starts from the original transaction's steps, one by one (as
 * @handlewithcare/prosemirror-suggest-changes' withSuggestChanges does, MIT):
 * each step is mapped back through the original's earlier steps and forward
 * through the rewritten ones. What cannot be suggested faithfully (a step
 * that would delete text inside a structural change, a block that already
 * carries someone else's block suggestion) refuses the whole transaction,
 * so nothing is ever changed directly behind the writer's back.
 */
import { Fragment, Slice, type Mark, type Node as PmNode, type Schema } from 'prosemirror-model';
import { Selection, TextSelection, type EditorState, type Transaction } from 'prosemirror-state';
import { AddMarkStep, RemoveMarkStep, ReplaceAroundStep, ReplaceStep, type Step } from 'prosemirror-transform';
import { firstNewBlock, locate, textblockAt } from '../chapter-text/chapter-binding.ts';
import { readBlockSuggestion, type BlockSuggestion, type BlockSuggestionKind } from '../chapter-text/block-marker.ts';
import { formatMarks, isSuggestionMark, type FormatMarkJson } from './text-decisions.ts';
import type { SuggestionKind } from './suggestions.ts';

export interface SuggestContext {
  readonly mode: 'suggest' | 'edit';
  /** A new suggestion id (suggestion-ids.ts). */
  newId(): string;
  /** Whether `id` is an open suggestion of the writer: extended and edited directly. */
  isOwn(id: string): boolean;
  /**
   * The parts of `[from, to)` of the state's doc that the writer wrote
   * under her own suggestions (ChapterBinding.writtenIn with her entries'
   * `writers`), a textblock's opening token where she wrote its marker.
   * Only those of her suggested words and boundaries are deleted for real;
   * words that show her mark but are not hers (a colleague's formatting
   * carried it over them on her copy) are struck instead. Without it, her
   * mark decides.
   */
  ownWriting?(from: number, to: number): readonly (readonly [number, number])[];
}

export interface SuggestResult {
  readonly tr: Transaction;
  /** Suggestions this transaction creates; the caller records them in the same Yjs transaction. */
  readonly created: readonly { readonly id: string; readonly kind: SuggestionKind }[];
  /** The writer's own suggestions whose last text this transaction removed: the caller withdraws them. */
  readonly emptied: readonly string[];
  /** Every suggestion this transaction writes under (new or extended), and whether it strikes words: the caller notes the writing (suggestions.ts `noteWriting`). */
  readonly written: readonly { readonly id: string; readonly struck: boolean }[];
}

export class SuggestRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SuggestRefusal';
  }
}

/**
 * The transaction to apply instead of `original`, which must start from
 * `state`. Throws SuggestRefusal when the change cannot be suggested.
 * Returns `original` itself when it needs no rewrite.
 */
export function suggestTransaction(state: EditorState, original: Transaction, context: SuggestContext): SuggestResult {
  if (!original.docChanged || (context.mode === 'edit' && !needsCleaning(original))) return { tr: original, created: [], emptied: [], written: [] };
  return new Rewrite(state, original, context).run();
}

/**
 * Edit mode rewrites only insertions that bring suggestion marks or block
 * suggestions along (a split of a suggested block, pasted suggested text).
 */
function needsCleaning(tr: Transaction): boolean {
  return tr.steps.some((step, i) => (step instanceof ReplaceStep && carriesSuggestions(step, tr.docs[i] as PmNode)) || (step instanceof ReplaceAroundStep && remakesSuggestedBlock(step, tr.docs[i] as PmNode)));
}

/** Whether a structural step (a heading, a list wrap) spans a textblock that carries a block suggestion. */
function remakesSuggestedBlock(step: ReplaceAroundStep, doc: PmNode): boolean {
  return textblocksIn(doc, step.from, step.to).some((block) => blockSuggestionOf(block.node) !== null);
}

function carriesSuggestions(step: ReplaceStep, doc: PmNode): boolean {
  if (step.slice.content.size === 0) return false;
  let found = false;
  let blocks = false;
  step.slice.content.descendants((node) => {
    if (found) return false;
    if (node.isTextblock) blocks = true;
    if ((node.isTextblock && blockSuggestionOf(node) !== null) || node.marks.some((m) => isSuggestionMark(m.type.name))) found = true;
    return !found;
  });
  if (found) return true;
  if (!blocks || step.from > doc.content.size) return false;
  const $from = doc.resolve(step.from);
  return $from.parent.isTextblock && blockSuggestionOf($from.parent) !== null;
}

class Rewrite {
  readonly #state: EditorState;
  readonly #original: Transaction;
  readonly #context: SuggestContext;
  readonly #schema: Schema;
  readonly #out: Transaction;
  readonly #created: { id: string; kind: SuggestionKind }[] = [];
  readonly #ids = new Map<SuggestionKind, string>();
  readonly #written = new Map<string, boolean>();
  /** Whether a deletion was kept: only then do positions differ from the original's. */
  #kept = false;
  #lastInsertEnd: number | null = null;
  /** Own suggestions some of whose content was removed for real. */
  readonly #shrunk = new Set<string>();

  constructor(state: EditorState, original: Transaction, context: SuggestContext) {
    this.#state = state;
    this.#original = original;
    this.#context = context;
    this.#schema = state.schema;
    this.#out = state.tr;
  }

  run(): SuggestResult {
    const original = this.#original;
    original.steps.forEach((step, i) => {
      const rebased = this.#rebase(step, i);
      if (rebased === null) throw new SuggestRefusal('a step of the change no longer applies');
      this.#step(rebased);
    });
    this.#placeSelection();
    const out = this.#out;
    if (original.storedMarksSet) out.setStoredMarks(original.storedMarks);
    if (original.scrolledIntoView) out.scrollIntoView();
    // Meta (addToHistory, the input type, plugin metas) as the original had it.
    (out as unknown as { meta: unknown }).meta = (original as unknown as { meta: unknown }).meta;
    const written = [...this.#written].map(([id, struck]) => ({ id, struck }));
    return { tr: out, created: this.#created, emptied: this.#emptied(), written };
  }

  #emptied(): string[] {
    if (this.#shrunk.size === 0) return [];
    const left = new Set(this.#shrunk);
    // Usually the rest of the suggestion is right beside the deletion (a
    // Backspace in one's own words): look there before walking the document.
    const $pos = this.#out.doc.resolve(this.#out.selection.from);
    for (const node of [$pos.nodeBefore, $pos.nodeAfter]) for (const mark of node?.marks ?? []) if (typeof mark.attrs.id === 'string') left.delete(mark.attrs.id);
    if (left.size === 0) return [];
    this.#out.doc.descendants((node) => {
      if (left.size === 0) return false;
      const block = blockSuggestionOf(node);
      if (block !== null) left.delete(block.id);
      for (const mark of node.marks) if (typeof mark.attrs.id === 'string') left.delete(mark.attrs.id);
      return true;
    });
    return [...left].filter((id) => !this.#created.some((c) => c.id === id));
  }

  /** Notes the own suggestions in `[from, to)`, which is about to be removed for real. */
  #noteRemoved(from: number, to: number): void {
    this.#out.doc.nodesBetween(from, to, (node, pos) => {
      const block = node.isTextblock && pos >= from ? blockSuggestionOf(node) : null;
      if (block !== null) this.#shrunk.add(block.id);
      const own = node.isInline ? this.#ownInsertionId(node) : null;
      if (own !== null) this.#shrunk.add(own);
      return true;
    });
  }

  #rebase(step: Step, index: number): Step | null {
    if (this.#out.steps.length === index && !this.#kept && this.#sameSoFar()) return step;
    let rebased: Step | null = step;
    for (let j = index - 1; j >= 0 && rebased !== null; j--) rebased = rebased.map((this.#original.steps[j] as Step).getMap().invert());
    for (const done of this.#out.steps) {
      if (rebased === null) break;
      rebased = rebased.map(done.getMap());
    }
    return rebased;
  }

  /** True while the rewritten document is the original's up to marks and attributes (same positions). */
  #sameSoFar(): boolean {
    return this.#out.steps.every((s, i) => s === this.#original.steps[i]);
  }

  #id(kind: SuggestionKind, reuse: string | null = null): string {
    let id = reuse ?? this.#ids.get(kind);
    if (id === undefined) {
      id = this.#context.newId();
      this.#ids.set(kind, id);
      this.#created.push({ id, kind });
      this.#own.set(id, true);
    }
    this.#written.set(id, (this.#written.get(id) ?? false) || kind === 'delete');
    return id;
  }

  /** Asked for the same few ids again and again in one change (each neighbour, each node in a range). */
  readonly #own = new Map<string, boolean>();

  #isOwn(id: string): boolean {
    let own = this.#own.get(id);
    if (own === undefined) {
      own = this.#created.some((c) => c.id === id) || this.#context.isOwn(id);
      this.#own.set(id, own);
    }
    return own;
  }

  #step(step: Step): void {
    if (this.#context.mode === 'edit') {
      if (step instanceof ReplaceStep && carriesSuggestions(step, this.#out.doc)) this.#replace(step);
      else if (step instanceof ReplaceAroundStep) this.#remakeKeeping(step);
      else this.#apply(step);
      return;
    }
    if (step instanceof ReplaceStep) this.#replace(step);
    else if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) this.#mark(step);
    else this.#structural(step);
  }

  #apply(step: Step): void {
    const result = this.#out.maybeStep(step);
    if (result.failed !== null) throw new SuggestRefusal(result.failed);
  }

  // ------------------------------------------------------------- replace

  #replace(step: ReplaceStep): void {
    const { from, to, slice } = step;
    if (this.#context.mode === 'edit' && from < to) {
      // A direct edit keeps its one step (the binding pairs the markers at
      // the start of what it replaces); only the inserted content is cleaned.
      this.#apply(new ReplaceStep(from, to, this.#marked(slice, null), (step as unknown as { structure: boolean }).structure));
      return;
    }
    if (isStructureOnly(this.#out.doc, from, to, slice)) {
      // Only containers open or close (a list split in two, two lists joined).
      this.#structural(step);
      return;
    }
    let insertAt = from;
    if (from < to) {
      if (this.#onlyOwnInsertions(from, to)) {
        // Removing what one suggested oneself: a real deletion.
        this.#noteRemoved(from, to);
        this.#deleteOwn(from, to);
      } else {
        // Deleting into a block that sits in other containers (from a
        // heading into a list item), ProseMirror closes the cut by opening
        // those containers again around what is left of the block (`slice`).
        // Struck, not deleted, the block keeps its boundary and containers:
        // inserting the slice as well made it an empty struck block followed
        // by a new list holding the rest, a boundary the server refuses
        // (fuzz seed 4902).
        const reopens = reopensEnd(this.#out.doc, from, to, slice);
        insertAt = this.#keepDeleted(from, to, reopens);
        if (reopens) return;
      }
    }
    if (slice.content.size > 0) this.#insert(insertAt, slice, insertAt === from);
  }

  /**
   * Deletes the writer's own suggested content for real. When that is a
   * table cell's whole content, the cell keeps its first block, emptied:
   * otherwise the schema repair puts a plain paragraph back in the empty
   * cell (shared/schema/repair.ts), a block boundary of hers that is no
   * suggestion, which the server refuses (shared/rules/chapter-text-rule.ts);
   * the kept block is still her suggested one.
   */
  #deleteOwn(from: number, to: number): void {
    const $from = this.#out.doc.resolve(from);
    const cell = $from.parent;
    const role = cell.type.spec.tableRole as string | undefined;
    const first = cell.firstChild;
    if ((role === 'cell' || role === 'header_cell') && from === $from.start() && to === $from.end() && first !== null && first.isTextblock) {
      if (to > from + first.nodeSize) this.#apply(new ReplaceStep(from + first.nodeSize, to, Slice.empty));
      if (first.content.size > 0) this.#apply(new ReplaceStep(from + 1, from + 1 + first.content.size, Slice.empty));
      return;
    }
    this.#apply(new ReplaceStep(from, to, Slice.empty));
  }

  /** `slice` without suggestion marks or block suggestions, and with `mark` on its inline content. */
  #marked(slice: Slice, mark: Mark | null): Slice {
    const content = mapInline(slice.content, (node) => {
      const marks = node.marks.filter((m) => !isSuggestionMark(m.type.name));
      return node.mark(mark === null ? marks : mark.addToSet(marks));
    });
    return new Slice(content, slice.openStart, slice.openEnd);
  }

  /**
   * The parts of `[from, to)` that the writer wrote under her suggestions
   * (`SuggestContext.ownWriting`). The binding answers for the state's doc,
   * so after an earlier step of the same change (positions moved) the
   * range is asked for where it was there and the answer mapped forward:
   * merging table cells deletes cell after cell in one change, and a
   * colleague's words that show her mark in the third cell were deleted
   * for real as hers, which the server refuses (fuzz seed 2308). Only
   * content that an earlier step of the same change put there cannot be
   * asked for; then all of it counts, as before the bound existed.
   */
  #ownWriting(from: number, to: number): readonly (readonly [number, number])[] {
    const ask = this.#context.ownWriting;
    if (ask === undefined) return [[from, to]];
    if (this.#out.steps.length === 0) return ask(from, to);
    const back = this.#out.mapping.invert();
    const start = back.map(from, 1);
    const end = back.map(to, -1);
    const forward = this.#out.mapping;
    if (end - start !== to - from || forward.map(start, 1) !== from || forward.map(end, -1) !== to) return [[from, to]];
    return ask(start, end).map(([a, b]) => [forward.map(a, 1), forward.map(b, -1)] as const);
  }

  /** Whether every inline node and every block boundary in the range is the writer's own open insertion, written by her clients (`ownWriting`; a colleague's undo can write her suggested boundary anew under his). */
  #onlyOwnInsertions(from: number, to: number): boolean {
    let own = true;
    const written = this.#ownWriting(from, to);
    this.#out.doc.nodesBetween(from, to, (node, pos) => {
      if (!own) return false;
      if (node.isTextblock) {
        if (pos >= from) {
          const s = blockSuggestionOf(node);
          if (s === null || s.kind !== 'insert' || !this.#isOwn(s.id) || covered(written, pos, pos + 1).length === 0) own = false;
        }
        return true;
      }
      if (node.isInline) {
        if (this.#ownInsertionId(node) === null || uncovered(written, Math.max(from, pos), Math.min(to, pos + node.nodeSize)).length > 0) own = false;
        return false;
      }
      return true;
    });
    return own;
  }

  /**
   * Marks `[from, to)` as suggested for deletion instead of deleting it; the
   * writer's own suggested text in it is deleted for real. Returns where an
   * insertion replacing the range goes: after the struck text, as in Word.
   */
  #keepDeleted(from: number, to: number, keepsEnd = false): number {
    const out = this.#out;
    const doc = out.doc;
    // The block the range ends in, when the deletion leaves its boundary where it is (`reopensEnd`).
    const kept = keepsEnd ? doc.resolve(to).before() : -1;
    const reuse = this.#adjacentOwn(doc, from, to, 'suggestion_delete');
    const ranges: [number, number][] = [];
    const removals: [number, number][] = [];
    const blocks: number[] = [];
    const written = this.#ownWriting(from, to);
    doc.nodesBetween(from, to, (node, pos) => {
      if (node.isTextblock) {
        if (pos >= from) {
          const s = blockSuggestionOf(node);
          if (pos === kept) return true;
          const ownInsert = s !== null && s.kind === 'insert' && this.#isOwn(s.id);
          // Her suggested boundary goes for real only where her clients wrote its marker, as her words do: a colleague's undo of a deletion writes the marker anew under his own client, her suggestion and all, and the server refuses her removing it (fuzz seed 4798). Such a boundary is struck like anyone's; her insert suggestion leaves it.
          const hers = ownInsert && covered(written, pos, pos + 1).length > 0;
          if (s === null) blocks.push(pos);
          else if (hers && this.#joinable(doc, pos)) {
            const join: [number, number] = [this.#previousTextblockEnd(doc, pos), pos + 1];
            // The block before is her own empty one, going as a whole (first in its table cell, so not joinable itself): the two removals overlap, and made one after the other the second, at positions the first had moved, took this block's first letter with it, a colleague's (fuzz seed 187, merge cells). The join alone removes one boundary of hers, as the two were to: the empty block stays and takes this one's words.
            if ((removals.at(-1)?.[1] ?? -1) > join[0]) removals.pop();
            removals.push(join);
          }
          // Her own empty block where a join would move others' blocks between containers: it goes as a whole, and nothing else moves (fuzz seed 1545).
          else if (hers && node.content.size === 0 && pos + node.nodeSize <= to && removable(doc, pos)) removals.push([pos, pos + node.nodeSize]);
          else if (ownInsert && !hers) {
            blocks.push(pos);
            this.#shrunk.add(s.id);
          } else if (s.kind !== 'delete') throw new SuggestRefusal('the block already carries someone else’s suggestion');
        }
        return true;
      }
      if (node.isInline) {
        const start = Math.max(from, pos);
        const end = Math.min(to, pos + node.nodeSize);
        // Her own suggested words go for real; words that only show her
        // mark (not written by her under it) are struck like anyone's.
        const others = this.#ownInsertionId(node) === null ? [[start, end] as const] : uncovered(written, start, end);
        if (others.length < 1) removals.push([start, end]);
        else if (this.#ownInsertionId(node) !== null) for (const [a, b] of covered(written, start, end)) removals.push([a, b]);
        if (!node.marks.some((m) => m.type.name === 'suggestion_delete')) for (const [a, b] of others) extend(ranges, a, b);
        return false;
      }
      return true;
    });
    if (ranges.length > 0 || blocks.length > 0) {
      const id = this.#id('delete', reuse);
      const mark = this.#schema.marks.suggestion_delete!.create({ id });
      for (const [start, end] of ranges) out.addMark(start, end, mark);
      for (const pos of blocks) out.setNodeAttribute(pos, 'suggestion', { id, kind: 'delete' satisfies BlockSuggestionKind });
    }
    // Marks and attributes do not move positions; real deletions from the end do not move earlier ones.
    const firstRemoval = out.steps.length;
    removals.sort((a, b) => b[0] - a[0]);
    // Made from the end, each removal leaves the positions of the ones before it as they were; one reaching into the next one's range would, at positions moved, delete what neither meant to: a colleague's words, for real (fuzz seed 187). Refused rather than that.
    if (removals.some(([, end], k) => k > 0 && end > (removals[k - 1] as [number, number])[0])) throw new SuggestRefusal('the deletion cannot be suggested without deleting others’ words');
    for (const [start, end] of removals) {
      this.#noteRemoved(start, end);
      out.delete(start, end);
    }
    this.#kept = true;
    return out.mapping.slice(firstRemoval).map(to, 1);
  }

  /** A textblock's boundary can be removed by joining when the block before it is in the same table cell (or no table). */
  #joinable(doc: PmNode, pos: number): boolean {
    const previousEnd = this.#previousTextblockEnd(doc, pos);
    if (previousEnd < 0) return false;
    const $a = doc.resolve(previousEnd);
    const $b = doc.resolve(pos + 1);
    for (let d = 1; d <= Math.min($a.depth, $b.depth); d++) {
      const name = $a.node(d).type.name;
      if ((name === 'table_cell' || name === 'table_header' || name === 'table_row' || name === 'table') && $a.node(d) !== $b.node(d)) return false;
    }
    // The containers the join takes away (a list, a list item) must hold her block alone and be of the kind they merge into: ProseMirror moves what else they hold into the block before's containers, a change of others' blocks she may only suggest (fuzz seed 1545: the owner's bullet list merged into the ordered list before it).
    for (let d = 1; d < Math.min($a.depth, $b.depth); d++) {
      const gone = $b.node(d);
      if (gone === $a.node(d)) continue;
      if (!gone.hasMarkup($a.node(d).type, $a.node(d).attrs)) return false;
      let textblocks = 0;
      gone.descendants((child) => {
        if (child.isTextblock) textblocks++;
        return !child.isTextblock;
      });
      if (textblocks > 1) return false;
    }
    return true;
  }

  #previousTextblockEnd(doc: PmNode, pos: number): number {
    let end = -1;
    doc.nodesBetween(0, pos, (node, p) => {
      if (node.isTextblock && p + node.nodeSize <= pos) end = p + node.nodeSize - 1;
      return !node.isTextblock;
    });
    return end;
  }

  #insert(at: number, slice: Slice, exact: boolean): void {
    const out = this.#out;
    const suggest = this.#context.mode === 'suggest';
    const before = out.doc;
    const $at = before.resolve(at);
    const keeps = $at.parent.isTextblock ? blockSuggestionOf($at.parent) : null;
    const reuse = suggest ? this.#adjacentOwn(before, at, at, 'suggestion_insert') : null;
    const id = suggest ? this.#id('insert', reuse) : null;
    const mark = id === null ? null : this.#schema.marks.suggestion_insert!.create({ id });
    const marked = this.#marked(slice, mark);
    const firstStep = out.steps.length;
    // Where the original step inserted, its own shape fits; after struck text, fit it.
    if (!exact || out.maybeStep(new ReplaceStep(at, at, marked)).failed !== null) out.replace(at, at, marked);
    if (out.steps.length === firstStep) return;
    // The inserted range, and the blocks whose markers are new (the binding's rule).
    let start = Number.POSITIVE_INFINITY;
    let end = -1;
    for (let i = firstStep; i < out.steps.length; i++) {
      const rest = out.mapping.slice(i + 1);
      (out.steps[i] as Step).getMap().forEach((_a, _b, newStart, newEnd) => {
        start = Math.min(start, rest.map(newStart, -1));
        end = Math.max(end, rest.map(newEnd, 1));
      });
    }
    if (end < start) return;
    let newBlocks = 0;
    let inlineInserted = false;
    out.doc.nodesBetween(start, end, (node, pos) => {
      if (node.isTextblock && pos >= start) newBlocks++;
      if (node.isInline) inlineInserted = true;
      return !node.isInline;
    });
    this.#lastInsertEnd = end;
    if (newBlocks === 0) return;
    const first = firstNewBlock(before, at, !inlineInserted);
    const blockSuggestion: BlockSuggestion | null = id === null ? null : { id, kind: 'insert' };
    for (let k = first; k < first + newBlocks; k++) this.#setBlockSuggestion(k, blockSuggestion);
    // The block that kept its marker keeps its suggestion.
    if ($at.parent.isTextblock) {
      const kept = first === locate(before, at).block ? first + newBlocks : first - 1;
      this.#setBlockSuggestion(kept, keeps);
    }
  }

  #setBlockSuggestion(ordinal: number, suggestion: BlockSuggestion | null): void {
    let block: { pos: number; node: PmNode };
    try {
      block = textblockAt(this.#out.doc, ordinal);
    } catch {
      return;
    }
    const current = blockSuggestionOf(block.node);
    if (JSON.stringify(current) === JSON.stringify(suggestion)) return;
    this.#out.setNodeAttribute(block.pos - 1, 'suggestion', suggestion === null ? null : { ...suggestion });
  }

  // ------------------------------------------------------------- marks

  #mark(step: AddMarkStep | RemoveMarkStep): void {
    const name = step.mark.type.name;
    if (name === 'comment' || isSuggestionMark(name)) {
      this.#apply(step);
      return;
    }
    const out = this.#out;
    const before = out.doc;
    this.#apply(step);
    const after = out.doc;
    const pieces: { from: number; to: number; added: Mark[]; removed: Mark[]; own: Mark | null }[] = [];
    before.nodesBetween(step.from, step.to, (node, pos) => {
      if (!node.isInline) return true;
      if (this.#ownInsertionId(node) !== null) return false;
      const from = Math.max(step.from, pos);
      const to = Math.min(step.to, pos + node.nodeSize);
      const now = after.nodeAt(from);
      if (now === null) return false;
      const formatting = (marks: readonly Mark[]): Mark[] => marks.filter((m) => m.type.name !== 'comment' && !isSuggestionMark(m.type.name));
      const was = formatting(node.marks);
      const is = formatting(now.marks);
      const added = is.filter((m) => !m.isInSet(was));
      const removed = was.filter((m) => !m.isInSet(is));
      if (added.length === 0 && removed.length === 0) return false;
      const own = now.marks.find((m) => m.type.name === 'suggestion_format' && this.#isOwn(m.attrs.id as string)) ?? null;
      pieces.push({ from, to, added, removed, own });
      return false;
    });
    const type = this.#schema.marks.suggestion_format!;
    const records: { from: number; to: number; mark: Mark }[] = [];
    for (const piece of pieces) {
      let add = piece.own === null ? [] : formatMarks(piece.own.attrs.add);
      let remove = piece.own === null ? [] : formatMarks(piece.own.attrs.remove);
      for (const mark of piece.added) {
        const json = markJson(mark);
        if (remove.some((r) => sameMark(r, json))) remove = remove.filter((r) => !sameMark(r, json));
        else add = [...add.filter((a) => a.type !== json.type), json];
      }
      for (const mark of piece.removed) {
        const json = markJson(mark);
        if (add.some((a) => sameMark(a, json))) add = add.filter((a) => !sameMark(a, json));
        else remove = [...remove, json];
      }
      if (piece.own !== null) out.removeMark(piece.from, piece.to, piece.own);
      if (add.length === 0 && remove.length === 0) continue;
      const id = piece.own === null ? this.#id('format') : (piece.own.attrs.id as string);
      const mark = type.create({ id, add, remove });
      // Adjacent words with the same record get it as one range, as the mark
      // itself is one: one pair of format items in the text, so words a
      // colleague types between them at the same moment do not get the mark
      // without its record (fuzz seed 374).
      const last = records.at(-1);
      if (last !== undefined && last.to === piece.from && last.mark.eq(mark)) last.to = piece.to;
      else records.push({ from: piece.from, to: piece.to, mark });
    }
    for (const record of records) out.addMark(record.from, record.to, record.mark);
  }

  // ------------------------------------------------------------- structure

  /**
   * A step that changes block structure without adding or removing text (a
   * heading, a list wrap or lift): made, and every textblock whose type or
   * containers changed gets a `change` suggestion.
   */
  #structural(step: Step): void {
    const out = this.#out;
    const before = out.doc;
    // The whole top-level nodes the step touches: two lists joined move the second list's items into the first, far past the two boundary tokens the step deletes (fuzz seed 97).
    const range = topLevelAround(before, stepRange(step, before));
    this.#apply(step);
    const after = out.doc;
    const map = step.getMap();
    const from = map.map(range.from, -1);
    const to = map.map(range.to, 1);
    const old = textblocksIn(before, range.from, range.to);
    const now = textblocksIn(after, from, to);
    if (old.length !== now.length || old.some((b, k) => b.node.content.size !== (now[k] as TextblockAt).node.content.size)) {
      throw new SuggestRefusal('the change adds or removes text in a way that cannot be suggested');
    }
    let id: string | null = null;
    now.forEach((block, k) => {
      const was = old[k] as TextblockAt;
      // `setBlockType` makes the block anew with default attributes, so its
      // suggestion (her own suggested block, or a colleague's) would go with
      // the old node: her suggested boundary would turn plain, a colleague's
      // suggestion would be replaced. The block keeps the one it had.
      const had = blockSuggestionOf(was.node);
      if (JSON.stringify(blockSuggestionOf(block.node)) !== JSON.stringify(had)) out.setNodeAttribute(block.pos, 'suggestion', had);
      if (was.signature === block.signature) return;
      const s = had;
      if (s !== null && this.#isOwn(s.id) && (s.kind === 'insert' || s.kind === 'change')) {
        // Her change written under her change suggestion: noted, so her binding writes the suggestion again with it (block-marker.ts `updateMarker`), from any of her clients.
        if (s.kind === 'change') this.#written.set(s.id, this.#written.get(s.id) ?? false);
        return;
      }
      if (s !== null) throw new SuggestRefusal('the block already carries someone else’s suggestion');
      id ??= this.#id('block');
      out.setNodeAttribute(block.pos, 'suggestion', { id, kind: 'change' satisfies BlockSuggestionKind });
    });
  }

  /**
   * A direct structural change (Redigera): made as it is, but a block that
   * `setBlockType` makes anew, with default attrs, keeps the block
   * suggestion it had, as in Föreslå (`#structural`). The owner's heading on
   * a colleague's suggested list item leaves his suggestion to be decided;
   * a reject then takes back only what it wrote (text-decisions.ts).
   */
  #remakeKeeping(step: ReplaceAroundStep): void {
    const before = this.#out.doc;
    this.#apply(step);
    const map = step.getMap();
    const old = textblocksIn(before, step.from, step.to);
    const now = textblocksIn(this.#out.doc, map.map(step.from, -1), map.map(step.to, 1));
    if (old.length !== now.length) return;
    now.forEach((block, k) => {
      const had = blockSuggestionOf((old[k] as TextblockAt).node);
      if (had !== null && blockSuggestionOf(block.node) === null) this.#out.setNodeAttribute(block.pos, 'suggestion', had);
    });
  }

  // ------------------------------------------------------------- helpers

  #ownInsertionId(node: PmNode): string | null {
    for (const mark of node.marks) {
      if (mark.type.name === 'suggestion_insert' && this.#isOwn(mark.attrs.id as string)) return mark.attrs.id as string;
    }
    return null;
  }

  /** The id of the writer's own open suggestion of `markName` right before `from` or right after `to`, to extend it. */
  #adjacentOwn(doc: PmNode, from: number, to: number, markName: 'suggestion_insert' | 'suggestion_delete'): string | null {
    const $from = doc.resolve(from);
    const $to = doc.resolve(to);
    for (const node of [$from.nodeBefore, $to.nodeAfter]) {
      const mark = node?.marks.find((m) => m.type.name === markName && this.#isOwn(m.attrs.id as string));
      if (mark !== undefined) return mark.attrs.id as string;
    }
    return null;
  }

  /**
   * Where the cursor goes. Without a kept deletion the rewritten document
   * has the original's positions, so the original selection stands. After a
   * kept deletion: Backspace puts the cursor before the struck text, Delete
   * after it, and a replacement after the inserted text.
   */
  #placeSelection(): void {
    const out = this.#out;
    const original = this.#original;
    if (!this.#kept) {
      if (original.selectionSet || out.doc.content.size === original.doc.content.size) {
        try {
          out.setSelection(Selection.fromJSON(out.doc, original.selection.toJSON()));
        } catch {
          // positions that do not resolve here: mapping has placed the selection
        }
      }
      return;
    }
    if (this.#lastInsertEnd !== null) {
      out.setSelection(TextSelection.near(out.doc.resolve(Math.min(this.#lastInsertEnd, out.doc.content.size)), -1));
      return;
    }
    const first = original.steps[0];
    if (!(first instanceof ReplaceStep)) return;
    const selection = this.#state.selection;
    const backward = selection.empty && selection.head === first.to;
    const pos = backward ? out.mapping.map(first.from, -1) : out.mapping.map(first.to, 1);
    out.setSelection(TextSelection.near(out.doc.resolve(Math.min(pos, out.doc.content.size)), backward ? -1 : 1));
  }
}

interface TextblockAt {
  readonly pos: number;
  readonly node: PmNode;
  /**
   * Type, attrs (without the suggestion) and the containers around it,
   * each with which block of the range it starts at: two list items joined
   * into one, or two lists, change no container's type or attrs, only
   * which container the second one's blocks are in.
   */
  readonly signature: string;
}

function textblocksIn(doc: PmNode, from: number, to: number): TextblockAt[] {
  const blocks: TextblockAt[] = [];
  /** Each container met, by its position: the index in `blocks` of its first textblock in the range. */
  const firstBlock = new Map<number, number>();
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isTextblock) return true;
    const $pos = doc.resolve(pos);
    const chain: unknown[] = [];
    for (let d = 1; d <= $pos.depth; d++) {
      const start = $pos.before(d);
      if (!firstBlock.has(start)) firstBlock.set(start, blocks.length);
      chain.push([$pos.node(d).type.name, $pos.node(d).attrs, firstBlock.get(start)]);
    }
    const { suggestion: _s, ...attrs } = node.attrs;
    blocks.push({ pos, node, signature: JSON.stringify([node.type.name, attrs, chain]) });
    return false;
  });
  return blocks;
}

function stepRange(step: Step, doc: PmNode): { from: number; to: number } {
  if (step instanceof ReplaceAroundStep) return { from: step.from, to: step.to };
  let from = doc.content.size;
  let to = 0;
  step.getMap().forEach((oldStart, oldEnd) => {
    from = Math.min(from, oldStart);
    to = Math.max(to, oldEnd);
  });
  const pos = (step as unknown as { pos?: unknown }).pos;
  if (typeof pos === 'number') {
    const node = doc.nodeAt(pos);
    return { from: pos, to: pos + (node?.nodeSize ?? 1) };
  }
  return from <= to ? { from, to } : { from: 0, to: doc.content.size };
}

/** `range` widened to the top-level nodes it starts and ends in: what a structural step can change the containers of. */
function topLevelAround(doc: PmNode, range: { from: number; to: number }): { from: number; to: number } {
  const $from = doc.resolve(range.from);
  const $to = doc.resolve(range.to);
  return { from: $from.depth > 0 ? $from.before(1) : range.from, to: $to.depth > 0 ? $to.after(1) : range.to };
}

/**
 * Whether `slice`, replacing `[from, to)`, only opens again the containers
 * and the textblock that `to` lies in, whose boundary the range deletes: no
 * words, one node per level, the innermost an empty textblock that the
 * rest of the block after `to` joins.
 */
function reopensEnd(doc: PmNode, from: number, to: number, slice: Slice): boolean {
  if (slice.openStart !== 0 || slice.content.childCount !== 1) return false;
  const $to = doc.resolve(to);
  if (!$to.parent.isTextblock || $to.before() < from) return false;
  let node: PmNode | null = slice.content.firstChild;
  for (let depth = $to.depth - slice.openEnd + 1; node !== null; depth++) {
    if (depth < 1 || node.type !== $to.node(depth).type) return false;
    if (depth === $to.depth) return node.content.size === 0;
    if (node.childCount !== 1) return false;
    node = node.firstChild;
  }
  return false;
}

/** A step that neither adds nor removes text or block boundaries: it only opens or closes containers. */
function isStructureOnly(doc: PmNode, from: number, to: number, slice: Slice): boolean {
  let content = false;
  slice.content.descendants((node) => {
    // An empty cell counts: it gets a paragraph (mapInline).
    if (node.isInline || node.isTextblock || isEmptyCell(node)) content = true;
    return !content;
  });
  if (content) return false;
  doc.nodesBetween(from, to, (node, pos) => {
    if (node.isInline || (node.isTextblock && pos >= from)) content = true;
    return !content;
  });
  return !content;
}

function blockSuggestionOf(node: PmNode): BlockSuggestion | null {
  return readBlockSuggestion(node.attrs.suggestion);
}

function mapInline(fragment: Fragment, f: (node: PmNode) => PmNode): Fragment {
  const nodes: PmNode[] = [];
  fragment.forEach((node) => {
    if (node.isInline) nodes.push(f(node));
    else if (node.isTextblock) nodes.push(node.type.create({ ...node.attrs, suggestion: null }, mapInline(node.content, f), node.marks));
    else if (isEmptyCell(node)) {
      nodes.push(node.copy(Fragment.from(node.type.schema.nodes.paragraph!.create())));
    } else nodes.push(node.copy(mapInline(node.content, f)));
  });
  return Fragment.from(nodes);
}

function isEmptyCell(node: PmNode): boolean {
  const role = node.type.spec.tableRole as string | undefined;
  return node.childCount === 0 && (role === 'cell' || role === 'header_cell');
}

/** The parts of `[from, to)` inside `ranges` (sorted, not overlapping). */
function covered(ranges: readonly (readonly [number, number])[], from: number, to: number): [number, number][] {
  const parts: [number, number][] = [];
  for (const [a, b] of ranges) {
    const start = Math.max(a, from);
    const end = Math.min(b, to);
    if (start < end) parts.push([start, end]);
  }
  return parts;
}

/** The parts of `[from, to)` outside `ranges` (sorted, not overlapping). */
function uncovered(ranges: readonly (readonly [number, number])[], from: number, to: number): [number, number][] {
  const parts: [number, number][] = [];
  let at = from;
  for (const [start, end] of covered(ranges, from, to)) {
    if (start > at) parts.push([at, start]);
    at = end;
  }
  if (at < to) parts.push([at, to]);
  return parts;
}

function extend(ranges: [number, number][], from: number, to: number): void {
  const last = ranges[ranges.length - 1];
  if (last !== undefined && last[1] === from) last[1] = to;
  else ranges.push([from, to]);
}

function markJson(mark: Mark): FormatMarkJson {
  return Object.keys(mark.attrs).length === 0 ? { type: mark.type.name } : { type: mark.type.name, attrs: { ...mark.attrs } };
}

function sameMark(a: FormatMarkJson, b: FormatMarkJson): boolean {
  return a.type === b.type && JSON.stringify(a.attrs ?? {}) === JSON.stringify(b.attrs ?? {});
}

/** Whether the block at `pos` can go from its parent as a whole, the parent's content staying valid (a list item keeps a paragraph first). */
function removable(doc: PmNode, pos: number): boolean {
  const $pos = doc.resolve(pos);
  return $pos.parent.canReplace($pos.index(), $pos.index() + 1);
}

/**
 * The ProseMirror plugin that keeps an editor and a chapter's Y.Text in step
 * through a ChapterBinding (shared/chapter-text/chapter-binding.ts).
 *
 * - Local transactions are written to Yjs when they are applied (the plugin
 *   state's `apply`), step by step; one with `addToHistory: false` (a comment
 *   anchor, a repair) is written so that undo does not track it, also
 *   where the dispatch holds a Yjs transaction of its own open around the
 *   apply (`untrackedAfter`). Remote ones carry `remote` meta and are not
 *   written back.
 * - Yjs transactions from elsewhere (peers, undo) are read in the plugin
 *   view, which dispatches them as one transaction and puts the selection
 *   back where its text went (relative positions taken before the change).
 * - With `verify` (development and test builds) every change is followed by
 *   a check that the text and the editor agree. A mismatch is reported
 *   through `onMismatch` and never written back: the text stays the truth.
 */
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import { AddMarkStep, RemoveMarkStep } from 'prosemirror-transform';
import { ChapterBinding, type InlineWrite } from '../../../shared/chapter-text/chapter-binding.ts';
import { canonicalOrder, inCanonicalOrder } from '../../../shared/chapter-text/text-attributes.ts';
import { schema } from '../../../shared/schema/schema.ts';

export interface ChapterSyncState {
  readonly binding: ChapterBinding;
  /**
   * Runs `transact`, which opens a Yjs transaction of the binding's own
   * around applying a local transaction (Föreslå: suggest-mode.ts), and
   * writes what is applied meanwhile with `addToHistory: false` (a table
   * fix appended to the edit, table-fixes.ts), and anything applied after
   * it, once that transaction is over. Nested in it, such a write would
   * take its origin and be undone with the edit.
   */
  readonly untrackedAfter: (transact: () => void) => void;
}

type SyncMeta = { readonly remote: true } | { readonly markOrder: true };

export const chapterSyncKey = new PluginKey<ChapterSyncState>('samskrivChapterSync');

/** Transaction meta: how the binding writes the transaction's inserted text (ChapterBinding.writeTransaction `writeInline`; Föreslå sets it). */
export const writeInlineMeta = 'samskrivWriteInline';

export interface ChapterSyncOptions {
  /** A reader's editor: remote changes are shown, nothing is ever written. */
  readonly readOnly?: boolean;
  /** Check after every change that the text and the editor agree. */
  readonly verify?: boolean;
  readonly onMismatch?: (message: string) => void;
}

/** A binding for `text` and the document it holds, to start an EditorState with. */
export function bindChapterText(text: Y.Text): ChapterBinding {
  return new ChapterBinding(text, schema);
}

export function chapterSyncPlugin(binding: ChapterBinding, options: ChapterSyncOptions = {}): Plugin<ChapterSyncState> {
  const report = options.onMismatch ?? ((message: string) => console.error(`Samskriv: ${message}`));
  const write = (tr: Transaction): void => {
    if (!tr.docChanged || isRemote(tr)) return;
    if (isMarkOrder(tr)) {
      if (!binding.adoptMarkOrder(tr)) report('a mark-order repair that does not start from the bound document was not adopted');
      return;
    }
    if (options.readOnly === true) return;
    const writeInline = tr.getMeta(writeInlineMeta) as InlineWrite | undefined;
    if (!binding.writeTransaction(tr, { addToHistory: tr.getMeta('addToHistory') !== false, writeInline })) report('a transaction that does not start from the bound document was not written to the chapter text');
  };
  // Inside `untrackedAfter`: the transactions held back, in order (the
  // binding writes each from the document the one before left).
  let held: Transaction[] | null = null;
  // The view's check that the text and the editor agree, which waits for the held writes.
  let checkWhenWritten: (() => void) | null = null;
  const untrackedAfter = (transact: () => void): void => {
    if (held !== null) {
      transact();
      return;
    }
    held = [];
    try {
      transact();
    } finally {
      const queue = held;
      held = null;
      queue.forEach(write);
      if (queue.length > 0) checkWhenWritten?.();
    }
  };
  const holding: Holding = {
    holds: () => held !== null && held.length > 0,
    onWritten: (check) => {
      checkWhenWritten = check;
    },
  };
  return new Plugin<ChapterSyncState>({
    key: chapterSyncKey,
    state: {
      init: () => ({ binding, untrackedAfter }),
      apply(tr, value) {
        if (held !== null && (held.length > 0 || (tr.docChanged && !isRemote(tr) && tr.getMeta('addToHistory') === false))) held.push(tr);
        else write(tr);
        return value;
      },
    },
    view: (view) => new ChapterSyncView(view, binding, options, report, holding),
    appendTransaction: (transactions, _oldState, state) => canonicalMarkOrder(transactions, state),
  });
}

/**
 * Puts overlapping marks of one type (two comment threads on the same words)
 * back in canonical order where a local transaction changed the document.
 * ProseMirror keeps them in the order they were added; a peer reading them
 * from Yjs gets canonical order (text-attributes.ts), and both must show the
 * same document. The text's attributes do not change, so the repair is not
 * written to Yjs (`adoptMarkOrder`).
 */
function canonicalMarkOrder(transactions: readonly Transaction[], state: EditorState): Transaction | null {
  const ranges: [number, number][] = [];
  transactions.forEach((tr, t) => {
    if (!tr.docChanged || isRemote(tr) || isMarkOrder(tr)) return;
    // Each step's range in this transaction's document, then in `state.doc`.
    const later = transactions.slice(t + 1);
    const toState = (pos: number, assoc: number): number => later.reduce((p, next) => next.mapping.map(p, assoc), pos);
    tr.steps.forEach((step, i) => {
      const rest = tr.mapping.slice(i + 1);
      const push = (from: number, to: number): void => {
        ranges.push([toState(rest.map(from, -1), -1), toState(rest.map(to, 1), 1)]);
      };
      if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) push(step.from, step.to);
      else step.getMap().forEach((_oldStart, _oldEnd, newStart, newEnd) => push(newStart, newEnd));
    });
  });
  if (ranges.length === 0) return null;
  let repair: Transaction | null = null;
  const size = state.doc.content.size;
  for (const [from, to] of ranges) {
    state.doc.nodesBetween(Math.max(0, from), Math.min(size, to), (node, pos) => {
      if (!node.isInline) return true;
      if (!inCanonicalOrder(node.marks)) {
        repair ??= state.tr;
        repair.replaceWith(pos, pos + node.nodeSize, node.mark(canonicalOrder(node.marks)));
      }
      return false;
    });
  }
  if (repair === null) return null;
  const meta: SyncMeta = { markOrder: true };
  return (repair as Transaction).setMeta(chapterSyncKey, meta).setMeta('addToHistory', false);
}

export function isMarkOrder(tr: Transaction): boolean {
  const meta = tr.getMeta(chapterSyncKey) as SyncMeta | undefined;
  return meta !== undefined && 'markOrder' in meta;
}

export function isRemote(tr: Transaction): boolean {
  const meta = tr.getMeta(chapterSyncKey) as SyncMeta | undefined;
  return meta !== undefined && 'remote' in meta;
}

/** The binding of an editor state, for relative positions (comments, cursors, undo). */
export function chapterBinding(state: EditorState): ChapterBinding | null {
  return chapterSyncKey.getState(state)?.binding ?? null;
}

/** Whether the plugin holds writes back (`untrackedAfter`), and what to run once it has written them. */
interface Holding {
  readonly holds: () => boolean;
  readonly onWritten: (check: (() => void) | null) => void;
}

interface RelativeSelection {
  readonly anchor: Y.RelativePosition;
  readonly head: Y.RelativePosition;
}

export function relativeSelection(binding: ChapterBinding, state: EditorState): RelativeSelection {
  const { anchor, head } = state.selection;
  return { anchor: binding.relativePosition(state.doc, anchor), head: binding.relativePosition(state.doc, head) };
}

/** Puts a text selection back from relative positions; other selections are left to mapping. */
export function restoreSelection(tr: Transaction, binding: ChapterBinding, selection: RelativeSelection): void {
  if (!(tr.selection instanceof TextSelection)) return;
  const anchor = binding.absolutePosition(tr.doc, selection.anchor);
  const head = binding.absolutePosition(tr.doc, selection.head);
  if (anchor === null || head === null) return;
  try {
    tr.setSelection(TextSelection.between(tr.doc.resolve(anchor), tr.doc.resolve(head)));
  } catch {
    // a position that no longer resolves: mapping has placed the selection already
  }
}

class ChapterSyncView {
  readonly #view: EditorView;
  readonly #binding: ChapterBinding;
  readonly #options: ChapterSyncOptions;
  readonly #report: (message: string) => void;
  readonly #holding: Holding;
  #selectionBefore: RelativeSelection | null = null;

  constructor(view: EditorView, binding: ChapterBinding, options: ChapterSyncOptions, report: (message: string) => void, holding: Holding) {
    this.#view = view;
    this.#binding = binding;
    this.#options = options;
    this.#report = report;
    this.#holding = holding;
    if (options.verify === true) holding.onWritten(() => this.#check());
    binding.ydoc.on('beforeTransaction', this.#beforeTransaction);
    binding.text.observeDeep(this.#observe);
    if (view.state.doc !== binding.doc) {
      // A state created from another document (a placeholder): show the text.
      const tr = view.state.tr.replaceWith(0, view.state.doc.content.size, binding.doc.content);
      view.dispatch(markRemote(tr));
    }
  }

  update(): void {
    // With writes held back, the text is behind the editor until they are written.
    if (this.#options.verify === true && !this.#holding.holds()) this.#check();
  }

  destroy(): void {
    this.#holding.onWritten(null);
    this.#binding.ydoc.off('beforeTransaction', this.#beforeTransaction);
    this.#binding.text.unobserveDeep(this.#observe);
  }

  readonly #beforeTransaction = (ytr: Y.Transaction): void => {
    if (this.#binding.isOwn(ytr.origin)) return;
    this.#selectionBefore = relativeSelection(this.#binding, this.#view.state);
  };

  readonly #observe = (_events: Y.YEvent<Y.AbstractType<unknown>>[], ytr: Y.Transaction): void => {
    if (this.#binding.isOwn(ytr.origin)) return;
    const state = this.#view.state;
    if (state.doc !== this.#binding.doc) {
      this.#report('the editor shows another document than the binding mirrors; the remote change was not rendered');
      return;
    }
    const tr = state.tr;
    if (!this.#binding.readChanges(ytr, tr)) return;
    if (this.#selectionBefore !== null) restoreSelection(tr, this.#binding, this.#selectionBefore);
    this.#selectionBefore = null;
    this.#view.dispatch(markRemote(tr));
  };

  #check(): void {
    const problem = this.#binding.verify(this.#view.state.doc);
    if (problem !== null) this.#report(problem);
  }
}

function markRemote(tr: Transaction): Transaction {
  const meta: SyncMeta = { remote: true };
  return tr.setMeta(chapterSyncKey, meta).setMeta('addToHistory', false);
}

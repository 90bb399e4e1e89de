/**
 * The comment side of one open chapter, outside React: it connects the
 * chapter's editor view, its ThreadStore and the sidebar.
 *
 * Typing must stay cheap with 500 threads in a 100-page chapter, so nothing
 * here runs per keystroke. A transaction only marks what it may have
 * changed; one animation frame later the controller
 * - re-derives the order of anchored threads from the anchor index and tells
 *   React only if that order changed (it rarely does while typing),
 * - updates the caret highlight and the active thread, and
 * - lays the cards out: it reads every anchor's position after layout and
 *   sets `transform` on the card elements directly, writing only what moved.
 * Cards are React components memoised by thread identity; the layout never
 * re-renders them.
 *
 * One thread at a time is *active*: the one whose card has focus or was
 * clicked, that was reached with next/previous, or whose anchor holds the
 * caret. Its card is expanded (reply field, actions, history); the others
 * stay compact so they can sit beside their text. The active card is laid
 * out exactly beside its anchor and the cards around it make room. Only the
 * card that gains or loses "active" renders when it changes.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { TextSelection, type EditorState, type Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import { chapterBinding } from '../editor/binding/sync-plugin.ts';
import type { AgencyCode } from '../../shared/agencies/agencies.ts';
import { changedRange, threadsAt, type AnchorIndex } from '../../shared/comments/anchors.ts';
import { createThread } from '../../shared/comments/threads.ts';
import type { ThreadStore } from '../../shared/comments/thread-store.ts';
import type { Member } from '../../shared/plan/member.ts';
import { addCommentAnchor, anchorIndexOf, canComment, selectedQuote } from './comment-anchors-plugin.ts';
import { CommentHighlighter } from './comment-highlights.ts';

/** Vertical space between stacked cards, in CSS pixels. */
const CARD_GAP = 8;

export interface ComposerState {
  /** Where the new thread will be anchored, as Yjs relative positions so remote and undo changes map it too. */
  readonly from: Y.RelativePosition;
  readonly to: Y.RelativePosition;
  readonly quote: string;
}

export interface CommentsViewState {
  readonly view: EditorView | null;
  readonly editable: boolean;
  /** Anchored threads, in document order of their first anchor. */
  readonly order: readonly string[];
  readonly composer: ComposerState | null;
}

export class ChapterComments {
  readonly store: ThreadStore;
  readonly highlighter = new CommentHighlighter();
  #state: CommentsViewState = { view: null, editable: false, order: [], composer: null };
  readonly #listeners = new Set<() => void>();
  #frame = 0;
  #docDirty = false;
  /**
   * The top-level block that the transactions since the last frame changed:
   * undefined for none, null for more than one or an unknown place.
   */
  #changedBlock: number | null | undefined = undefined;
  /** Where each card's anchor was at the last layout (px from the card container's top). */
  readonly #anchorTops = new Map<string, number>();
  #selectionDirty = false;
  #layoutDirty = false;
  #index: AnchorIndex | null = null;
  #cards: HTMLElement | null = null;
  readonly #placed = new Map<HTMLElement, number>();
  #containerHeight = -1;
  #visible: readonly string[] = [];
  #pendingReveal: string | null = null;
  readonly #resizeObserver: ResizeObserver;
  #requestMember: () => Promise<Member | null> = () => Promise.resolve(null);
  #removePointer: (() => void) | null = null;
  #active: string | null = null;
  readonly #activeListeners = new Set<() => void>();
  /** A card that may leave the list (resolved under "Öppna"): where focus goes if it does. */
  #focusAfterRemoval: { threadId: string; index: number } | null = null;

  constructor(store: ThreadStore) {
    this.store = store;
    this.#resizeObserver = new ResizeObserver(() => this.scheduleLayout());
  }

  get state(): CommentsViewState {
    return this.#state;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ---------------------------------------------------------------------------
  // Wiring

  attach(view: EditorView, editable: boolean): void {
    this.highlighter.attach();
    this.#index = null;
    this.#setState({ view, editable, order: this.#orderOf(view.state), composer: null });
    this.#resizeObserver.observe(view.dom);
    const onOver = (event: Event): void => {
      const ids: string[] = [];
      for (let el = event.target instanceof Element ? event.target : null; el && el !== view.dom; el = el.parentElement) {
        const id = el.getAttribute('data-thread-id');
        if (id !== null && !ids.includes(id)) ids.push(id);
      }
      this.highlighter.set('pointer', ids);
    };
    const onLeave = (): void => this.highlighter.set('pointer', []);
    // The caret highlights its threads only while the text has focus.
    const onFocusChange = (): void => {
      this.#selectionDirty = true;
      this.#schedule();
    };
    view.dom.addEventListener('mouseover', onOver);
    view.dom.addEventListener('mouseleave', onLeave);
    view.dom.addEventListener('focus', onFocusChange);
    view.dom.addEventListener('blur', onFocusChange);
    this.#removePointer = () => {
      view.dom.removeEventListener('mouseover', onOver);
      view.dom.removeEventListener('mouseleave', onLeave);
      view.dom.removeEventListener('focus', onFocusChange);
      view.dom.removeEventListener('blur', onFocusChange);
    };
    this.#selectionDirty = true;
    this.scheduleLayout();
  }

  detach(view: EditorView): void {
    if (this.#state.view !== view) return;
    this.#resizeObserver.unobserve(view.dom);
    this.#removePointer?.();
    this.#removePointer = null;
    this.#setState({ ...this.#state, view: null, composer: null });
  }

  destroy(): void {
    cancelAnimationFrame(this.#frame);
    this.#resizeObserver.disconnect();
    this.#removePointer?.();
    this.highlighter.detach();
    this.#listeners.clear();
    this.#activeListeners.clear();
  }

  // ---------------------------------------------------------------------------
  // The active thread

  /** The thread whose card is expanded, or null. */
  get activeThreadId(): string | null {
    return this.#active;
  }

  /**
   * For useSyncExternalStore in each card, with a snapshot of "am I active":
   * when the active thread changes, only the two cards concerned render.
   * An arrow property so its identity is stable across renders.
   */
  readonly subscribeActive = (listener: () => void): (() => void) => {
    this.#activeListeners.add(listener);
    return () => this.#activeListeners.delete(listener);
  };

  setActive(threadId: string | null): void {
    if (threadId === this.#active) return;
    this.#active = threadId;
    for (const listener of this.#activeListeners) listener();
    this.scheduleLayout();
  }

  /**
   * Call before an operation that may take a card out of the list (resolve
   * or reopen under a state filter): if the card goes while it holds focus,
   * focus moves to the card that took its place, or back to the text.
   */
  keepFocusIfRemoved(threadId: string): void {
    this.#focusAfterRemoval = { threadId, index: this.#visible.indexOf(threadId) };
    this.scheduleLayout();
  }

  /** Called by the editor after every transaction: marks work for the next frame. */
  onTransaction(tr: Transaction): void {
    if (tr.docChanged) {
      this.#docDirty = true;
      const block = changedTopLevelBlock(tr.before, tr.doc);
      this.#changedBlock = this.#changedBlock === undefined || this.#changedBlock === block ? block : null;
    }
    if (tr.docChanged || tr.selectionSet) this.#selectionDirty = true;
    if (this.#docDirty || this.#selectionDirty) this.#schedule();
  }

  /** The sidebar's card container; its children carry `data-layout-key`. */
  setCardContainer(element: HTMLElement | null): void {
    this.#cards = element;
    this.#placed.clear();
    this.#containerHeight = -1;
    if (element) this.scheduleLayout();
  }

  observeCard(element: HTMLElement): () => void {
    this.#resizeObserver.observe(element);
    return () => {
      this.#resizeObserver.unobserve(element);
      this.#placed.delete(element);
    };
  }

  /** The threads the sidebar shows, in its order; next/previous move through these. */
  setVisible(threadIds: readonly string[]): void {
    this.#visible = threadIds;
  }

  setMemberRequest(request: () => Promise<Member | null>): void {
    this.#requestMember = request;
  }

  /** The signed-in member, asking who the user is first when nobody is. */
  requestMember(): Promise<Member | null> {
    return this.#requestMember();
  }

  scheduleLayout(): void {
    this.#layoutDirty = true;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#frame !== 0) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#runFrame();
    });
  }

  #runFrame(): void {
    const view = this.#state.view;
    if (view === null) return;
    if (this.#docDirty) {
      this.#docDirty = false;
      const block = this.#changedBlock;
      this.#changedBlock = undefined;
      const order = this.#orderOf(view.state);
      const orderChanged = !sameIds(order, this.#state.order);
      if (orderChanged) this.#setState({ ...this.#state, order });
      // Typing inside one block moves no card unless it moves an anchor in
      // that block: a block that grows or shrinks resizes the editor, which
      // the ResizeObserver turns into a layout. Skipping the full layout
      // (one read per card) is what keeps typing cheap with 500 threads.
      if (orderChanged || block === null || block === undefined || this.#state.composer !== null || this.#anchorsMovedIn(view, block)) {
        this.#layoutDirty = true;
      }
    }
    if (this.#selectionDirty) {
      this.#selectionDirty = false;
      const index = this.#indexOf(view.state);
      const atCaret = view.hasFocus() ? threadsAt(index, view.state.selection.head) : [];
      this.highlighter.set('caret', atCaret);
      // The caret in the text decides the active thread; when the text does
      // not have focus (a card has it), the card decides. An anchor whose
      // thread has not arrived yet is passed over.
      if (view.hasFocus()) {
        const known = atCaret.filter((id) => this.store.snapshot.has(id));
        if (this.#active === null || !known.includes(this.#active)) this.setActive(known.at(-1) ?? null);
      }
    }
    if (this.#layoutDirty) {
      this.#layoutDirty = false;
      this.layoutNow();
    }
  }

  /** Whether an anchor in the block at `blockPos` is no longer where its card was placed. */
  #anchorsMovedIn(view: EditorView, blockPos: number): boolean {
    const container = this.#cards;
    const dom = view.nodeDOM(blockPos);
    if (container === null || !(dom instanceof HTMLElement)) return true;
    const base = container.getBoundingClientRect().top;
    const checked = new Set<string>();
    for (const span of dom.querySelectorAll('span.comment-anchor[data-thread-id]')) {
      const id = span.getAttribute('data-thread-id')!;
      if (checked.has(id)) continue;
      checked.add(id);
      const placed = this.#anchorTops.get(id);
      if (placed === undefined) {
        if (this.cardElement(id) !== null) return true;
        continue;
      }
      if (Math.round(span.getBoundingClientRect().top - base) !== placed) return true;
    }
    return false;
  }

  #indexOf(state: EditorState): AnchorIndex {
    // A read-only view has no anchors plugin; its doc never changes, so the
    // full scan is done once.
    if (this.#index === null || this.#state.editable) this.#index = anchorIndexOf(state);
    return this.#index;
  }

  #orderOf(state: EditorState): string[] {
    const seen = new Set<string>();
    const order: string[] = [];
    for (const range of this.#indexOf(state).ranges) {
      if (seen.has(range.threadId)) continue;
      seen.add(range.threadId);
      order.push(range.threadId);
    }
    return order;
  }

  #setState(next: CommentsViewState): void {
    this.#state = next;
    for (const listener of this.#listeners) listener();
  }

  // ---------------------------------------------------------------------------
  // Layout: reads first, then writes, so the browser lays out once.

  layoutNow(): void {
    const container = this.#cards;
    const view = this.#state.view;
    if (container === null || view === null || !container.isConnected) return;
    const items = Array.from(container.children).filter((el): el is HTMLElement => el instanceof HTMLElement && el.dataset['layoutKey'] !== undefined);
    const base = container.getBoundingClientRect().top;
    const firstSpan = new Map<string, Element>();
    for (const span of view.dom.querySelectorAll('span.comment-anchor[data-thread-id]')) {
      const id = span.getAttribute('data-thread-id')!;
      if (!firstSpan.has(id)) firstSpan.set(id, span);
    }
    const composerTop = this.#composerTop(view);
    const measured = items.map((el, i) => {
      const key = el.dataset['layoutKey']!;
      let top = Number.POSITIVE_INFINITY;
      if (key === 'composer') top = composerTop ?? Number.POSITIVE_INFINITY;
      else {
        const span = firstSpan.get(key);
        if (span) top = span.getBoundingClientRect().top - base;
      }
      return { el, top, i, height: el.offsetHeight };
    });
    measured.sort((a, b) => (a.top === b.top ? a.i - b.i : a.top - b.top));
    this.#anchorTops.clear();
    for (const item of measured) {
      const key = item.el.dataset['layoutKey']!;
      if (key !== 'composer' && Number.isFinite(item.top)) this.#anchorTops.set(key, Math.round(item.top));
    }
    const focusKey = this.#state.composer !== null ? 'composer' : this.#active;
    const ys = placeCards(
      measured.map((item) => ({ top: Number.isFinite(item.top) ? Math.round(item.top) : null, height: item.height })),
      measured.findIndex((item) => item.el.dataset['layoutKey'] === focusKey),
    );
    let bottom = 0;
    measured.forEach((item, i) => {
      const y = ys[i]!;
      if (this.#placed.get(item.el) !== y) {
        this.#placed.set(item.el, y);
        item.el.style.transform = `translateY(${y}px)`;
      }
      bottom = Math.max(bottom, y + item.height);
    });
    if (bottom !== this.#containerHeight) {
      this.#containerHeight = bottom;
      container.style.height = `${bottom + CARD_GAP}px`;
    }
    if (this.#pendingReveal !== null) {
      const id = this.#pendingReveal;
      const card = this.cardElement(id);
      if (card) {
        this.#pendingReveal = null;
        card.focus();
      }
    }
    const removal = this.#focusAfterRemoval;
    if (removal !== null) {
      this.#focusAfterRemoval = null;
      const focusLost = document.activeElement === null || document.activeElement === document.body;
      if (this.cardElement(removal.threadId) === null && focusLost) {
        const next = this.#visible[Math.min(Math.max(removal.index, 0), this.#visible.length - 1)];
        const card = next === undefined ? null : this.cardElement(next);
        if (card) card.focus();
        else view.focus();
      }
    }
  }

  #composerTop(view: EditorView): number | null {
    const composer = this.#state.composer;
    const container = this.#cards;
    if (composer === null || container === null) return null;
    const range = this.#composerRange(view.state, composer);
    if (range === null) return null;
    try {
      return view.coordsAtPos(range.from, 1).top - container.getBoundingClientRect().top;
    } catch {
      return null;
    }
  }

  cardElement(threadId: string): HTMLElement | null {
    if (this.#cards === null) return null;
    return this.#cards.querySelector<HTMLElement>(`[data-thread-card="${CSS.escape(threadId)}"]`);
  }

  // ---------------------------------------------------------------------------
  // New thread

  /**
   * Opens the composer for the selection (asking who the user is first, if
   * needed). The selection is remembered as Yjs relative positions, so it
   * survives whatever happens to the text while the comment is written.
   */
  async startNewThread(): Promise<'opened' | 'no-selection' | 'no-member'> {
    const view = this.#state.view;
    if (view === null || !this.#state.editable || !canComment(view.state)) return 'no-selection';
    const binding = chapterBinding(view.state);
    if (binding === null) return 'no-selection';
    const { from, to } = view.state.selection;
    const composer: ComposerState = {
      from: binding.relativePosition(view.state.doc, from),
      to: binding.relativePosition(view.state.doc, to),
      quote: selectedQuote(view.state),
    };
    const member = await this.#requestMember();
    if (member === null) {
      view.focus();
      return 'no-member';
    }
    this.#setState({ ...this.#state, composer });
    this.scheduleLayout();
    return 'opened';
  }

  cancelComposer(): void {
    if (this.#state.composer === null) return;
    this.#setState({ ...this.#state, composer: null });
    this.#state.view?.focus();
  }

  /**
   * Posts the new thread: the thread first, then the anchor mark on the
   * remembered range, in the same tick (comments-core). If the commented
   * text was deleted meanwhile, the thread is still created: it is detached
   * and keeps its quote, so what the user wrote is not lost.
   */
  postNewThread(member: Member, text: string, assignedAgency: AgencyCode | null): string {
    const view = this.#state.view;
    const composer = this.#state.composer;
    if (view === null || composer === null) throw new Error('No comment is being written.');
    const id = crypto.randomUUID();
    createThread(this.store.doc, member, { id, messageId: crypto.randomUUID(), text, quote: composer.quote, assignedAgency });
    const range = this.#composerRange(view.state, composer);
    if (range !== null && range.to > range.from) {
      const selection = TextSelection.between(view.state.doc.resolve(range.from), view.state.doc.resolve(range.to));
      view.dispatch(view.state.tr.setSelection(selection));
      addCommentAnchor(id)(view.state, view.dispatch);
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, view.state.selection.to)));
    }
    // The new thread is the one the user is working on.
    this.setActive(id);
    this.#setState({ ...this.#state, composer: null });
    this.scheduleLayout();
    return id;
  }

  #composerRange(state: EditorState, composer: ComposerState): { from: number; to: number } | null {
    const binding = chapterBinding(state);
    if (binding === null) return null;
    const from = binding.absolutePosition(state.doc, composer.from);
    const to = binding.absolutePosition(state.doc, composer.to);
    if (from === null || to === null) return null;
    const size = state.doc.content.size;
    return { from: Math.min(from, size), to: Math.min(Math.max(to, from), size) };
  }

  // ---------------------------------------------------------------------------
  // Navigation

  /**
   * Moves to the next (1) or previous (-1) shown thread after the focused
   * card or the caret: the caret goes to the start of its anchor (a caret,
   * not a selection, so typing cannot replace the commented text) and the
   * card takes focus. Returns the thread and its place, or null if none.
   */
  move(direction: 1 | -1, fromThreadId: string | null): { threadId: string; index: number; count: number } | null {
    const view = this.#state.view;
    const visible = this.#visible;
    if (view === null || visible.length === 0) return null;
    let index: number;
    const current = fromThreadId === null ? -1 : visible.indexOf(fromThreadId);
    if (current >= 0) {
      index = (current + direction + visible.length) % visible.length;
    } else {
      const head = view.state.selection.head;
      const starts = new Map(this.#indexOf(view.state).ranges.map((r) => [r.threadId, r.from] as const).reverse());
      const position = (id: string): number => starts.get(id) ?? Number.POSITIVE_INFINITY;
      if (direction === 1) {
        index = visible.findIndex((id) => position(id) > head);
        if (index < 0) index = 0;
      } else {
        index = visible.findLastIndex((id) => position(id) < head);
        if (index < 0) index = visible.length - 1;
      }
    }
    const threadId = visible[index]!;
    this.reveal(threadId);
    return { threadId, index: index + 1, count: visible.length };
  }

  /** Puts the caret at the thread's anchor and focuses its card (now, or once it is shown). */
  reveal(threadId: string): void {
    const view = this.#state.view;
    if (view !== null) {
      const range = this.#indexOf(view.state).ranges.find((r) => r.threadId === threadId);
      if (range) {
        view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, range.from)).scrollIntoView());
      }
    }
    this.#pendingReveal = threadId;
    this.setActive(threadId);
    this.layoutNow();
  }

  /** From a card back to the text, with the caret at the start of the thread's anchor. */
  returnToText(threadId: string | null): void {
    const view = this.#state.view;
    if (view === null) return;
    const range = threadId === null ? undefined : this.#indexOf(view.state).ranges.find((r) => r.threadId === threadId);
    if (range) view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, range.from)).scrollIntoView());
    view.focus();
  }

  /** Whether the thread has an anchor in the text now. */
  isAnchored(threadId: string): boolean {
    return this.#state.order.includes(threadId);
  }
}

/**
 * Where each card goes (its top, in pixels from the top of the list), given
 * the top of its anchor (null for a card without one, kept at the end) and
 * its height, in anchor order. The card at `focus` (the active card or the
 * composer) sits exactly beside its anchor; the cards above it move up and
 * the cards below it move down to make room, and nothing goes above the top
 * of the list. Without a focus card every card sits as high as it can.
 */
export function placeCards(cards: readonly { top: number | null; height: number }[], focus: number): number[] {
  const ys = cards.map((card) => Math.max(0, card.top ?? 0));
  const anchor = focus >= 0 && cards[focus]?.top !== null ? focus : -1;
  for (let i = anchor - 1; i >= 0; i--) {
    ys[i] = Math.min(ys[i]!, ys[i + 1]! - CARD_GAP - cards[i]!.height);
  }
  // Downwards from the top: no overlap, nothing above the list. Above the
  // focus card this only moves cards that were pushed past the top.
  for (let i = 0; i < cards.length; i++) {
    const floor = i === 0 ? 0 : ys[i - 1]! + cards[i - 1]!.height + CARD_GAP;
    ys[i] = Math.max(ys[i]!, floor);
  }
  return ys;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * The position of the one top-level block in which `after` differs from
 * `before`, or null when the change spans blocks or adds or removes one.
 */
export function changedTopLevelBlock(before: PMNode, after: PMNode): number | null {
  if (before.childCount !== after.childCount) return null;
  const changed = changedRange(before, after);
  if (changed === null) return null;
  const $start = after.resolve(changed.start);
  const $end = after.resolve(Math.min(changed.endB, after.content.size));
  if ($start.depth === 0 || $end.depth === 0 || $start.index(0) !== $end.index(0)) return null;
  return $start.before(1);
}

/**
 * The comment side of one open chapter, outside React: it connects the
 * chapter's editor view, its ThreadStore and the sidebar. The editor view
 * drives it through a plugin view (comments-plugin.ts); the sidebar and the
 * cards through the methods below. Card layout (card-layout.ts), the
 * composer's anchor (new-thread.ts) and next/previous (thread-navigation.ts)
 * are modules of their own; this class decides when each runs.
 *
 * Typing must stay cheap with 500 threads in a 100-page chapter, so nothing
 * here runs per keystroke. A transaction only marks what it may have
 * changed; one animation frame later the controller
 * - re-derives the order of anchored threads from the anchor index and tells
 *   React only if that order changed (it rarely does while typing),
 * - updates the caret highlight and the active thread, and
 * - lays the cards out beside their anchors (CardLayout), writing only what
 *   moved.
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
import type { Node as PmNode } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { AgencyCode } from '../../shared/agencies/agencies.ts';
import { changedTopLevelBlock, threadsAt, type AnchorIndex } from '../../shared/comments/anchors.ts';
import { createThread } from '../../shared/comments/threads.ts';
import type { ThreadStore } from '../../shared/comments/thread-store.ts';
import type { Member } from '../../shared/plan/member.ts';
import { CardLayout, COMPOSER_KEY } from './card-layout.ts';
import { anchorIndexOf } from './comment-anchors-plugin.ts';
import { CommentHighlighter } from './comment-highlights.ts';
import { anchorNewThread, composerFor, composerRange, type ComposerState } from './new-thread.ts';
import { caretToAnchor, neighbourThread } from './thread-navigation.ts';

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
   * The top-level block that the updates since the last frame changed:
   * undefined for none, null for more than one or an unknown place.
   */
  #changedBlock: number | null | undefined = undefined;
  #selectionDirty = false;
  #layoutDirty = false;
  #index: AnchorIndex | null = null;
  #indexedDoc: PmNode | null = null;
  readonly #layout = new CardLayout();
  #visible: readonly string[] = [];
  #pendingReveal: string | null = null;
  readonly #resizeObserver: ResizeObserver;
  #requestMember: () => Promise<Member | null> = () => Promise.resolve(null);
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

  /**
   * For useSyncExternalStore in the sidebar. An arrow property so its
   * identity is stable across renders: React resubscribes whenever the
   * function it is given changes.
   */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  // ---------------------------------------------------------------------------
  // Wiring: called by the plugin view (comments-plugin.ts)

  attach(view: EditorView, editable: boolean): void {
    this.highlighter.attach();
    this.#index = null;
    this.#setState({ view, editable, order: this.#orderOf(view.state), composer: null });
    this.#resizeObserver.observe(view.dom);
    this.#selectionDirty = true;
    this.scheduleLayout();
  }

  /**
   * After every state update of the view: marks what the update may have
   * changed for the next frame. Compares the states rather than reading a
   * transaction, so changes appended by other plugins count too.
   */
  update(state: EditorState, previous: EditorState): void {
    const docChanged = state.doc !== previous.doc;
    if (docChanged) {
      this.#docDirty = true;
      const block = changedTopLevelBlock(previous.doc, state.doc);
      this.#changedBlock = this.#changedBlock === undefined || this.#changedBlock === block ? block : null;
    }
    if (docChanged || !state.selection.eq(previous.selection)) this.#selectionDirty = true;
    if (this.#docDirty || this.#selectionDirty) this.#schedule();
  }

  /** The text gained or lost focus: the caret highlight follows. */
  focusChanged(): void {
    this.#selectionDirty = true;
    this.#schedule();
  }

  detach(view: EditorView): void {
    if (this.#state.view !== view) return;
    this.#resizeObserver.unobserve(view.dom);
    this.#setState({ ...this.#state, view: null, composer: null });
  }

  destroy(): void {
    cancelAnimationFrame(this.#frame);
    this.#resizeObserver.disconnect();
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

  // ---------------------------------------------------------------------------
  // The sidebar

  /** The sidebar's card container; its children carry `data-layout-key`. */
  setCardContainer(element: HTMLElement | null): void {
    this.#layout.setContainer(element);
    if (element) this.scheduleLayout();
  }

  observeCard(element: HTMLElement): () => void {
    this.#resizeObserver.observe(element);
    return () => {
      this.#resizeObserver.unobserve(element);
      this.#layout.forget(element);
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

  cardElement(threadId: string): HTMLElement | null {
    return this.#layout.cardElement(threadId);
  }

  /** Whether the thread has an anchor in the text now. */
  isAnchored(threadId: string): boolean {
    return this.#state.order.includes(threadId);
  }

  // ---------------------------------------------------------------------------
  // Frames

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
      if (orderChanged || block === null || block === undefined || this.#state.composer !== null || this.#layout.anchorsMovedIn(view, block)) {
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

  #indexOf(state: EditorState): AnchorIndex {
    // An editable chapter's anchors plugin keeps the index incrementally. A
    // reader's view and a read-only copy have no plugin, so the doc is
    // scanned, once per doc: a reader's doc changes with every remote update
    // (a thread whose anchor arrived later showed as detached until a
    // reload, issue 10 item 4).
    if (this.#index === null || this.#indexedDoc !== state.doc) {
      this.#index = anchorIndexOf(state);
      this.#indexedDoc = state.doc;
    }
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

  /** Lays the cards out now, then moves focus where a reveal or a removed card left it to go. */
  layoutNow(): void {
    const view = this.#state.view;
    if (view === null) return;
    const composer = this.#state.composer;
    const composerAt = composer === null ? null : (composerRange(view.state, composer)?.from ?? null);
    const focusKey = composer !== null ? COMPOSER_KEY : this.#active;
    if (!this.#layout.place(view, composerAt, focusKey)) return;
    if (this.#pendingReveal !== null) {
      const card = this.cardElement(this.#pendingReveal);
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

  // ---------------------------------------------------------------------------
  // New thread

  /**
   * Opens the composer for the selection (asking who the user is first, if
   * needed). The selection is remembered as Yjs relative positions, so it
   * survives whatever happens to the text while the comment is written.
   */
  async startNewThread(): Promise<'opened' | 'no-selection' | 'no-member'> {
    const view = this.#state.view;
    if (view === null || !this.#state.editable) return 'no-selection';
    const composer = composerFor(view.state);
    if (composer === null) return 'no-selection';
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
   * Posts the new thread: the thread first, then, in one editor transaction,
   * the anchor mark on the remembered range, in the same tick
   * (comments-core). If the commented text was deleted meanwhile, the thread
   * is still created: it is detached and keeps its quote, so what the user
   * wrote is not lost.
   */
  postNewThread(member: Member, text: string, assignedAgency: AgencyCode | null): string {
    const view = this.#state.view;
    const composer = this.#state.composer;
    if (view === null || composer === null) throw new Error('No comment is being written.');
    const id = crypto.randomUUID();
    createThread(this.store.doc, member, { id, messageId: crypto.randomUUID(), text, quote: composer.quote, assignedAgency });
    const anchor = anchorNewThread(view.state, composer, id);
    if (anchor !== null) view.dispatch(anchor);
    // The new thread is the one the user is working on.
    this.setActive(id);
    this.#setState({ ...this.#state, composer: null });
    this.scheduleLayout();
    return id;
  }

  // ---------------------------------------------------------------------------
  // Navigation

  /**
   * Moves to the next (1) or previous (-1) shown thread after the focused
   * card or the caret: the caret goes to the start of its anchor and the
   * card takes focus. Returns the thread and its place, or null if none.
   */
  move(direction: 1 | -1, fromThreadId: string | null): { threadId: string; index: number; count: number } | null {
    const view = this.#state.view;
    if (view === null) return null;
    const visible = this.#visible;
    const index = neighbourThread(visible, fromThreadId, direction, this.#indexOf(view.state), view.state.selection.head);
    if (index === null) return null;
    const threadId = visible[index]!;
    this.reveal(threadId);
    return { threadId, index: index + 1, count: visible.length };
  }

  /** Puts the caret at the thread's anchor and focuses its card (now, or once it is shown). */
  reveal(threadId: string): void {
    const view = this.#state.view;
    if (view !== null) caretToAnchor(view, this.#indexOf(view.state), threadId);
    this.#pendingReveal = threadId;
    this.setActive(threadId);
    this.layoutNow();
  }

  /** From a card back to the text, with the caret at the start of the thread's anchor. */
  returnToText(threadId: string | null): void {
    const view = this.#state.view;
    if (view === null) return;
    if (threadId !== null) caretToAnchor(view, this.#indexOf(view.state), threadId);
    view.focus();
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

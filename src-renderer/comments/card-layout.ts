/**
 * Where the comment cards sit in the sidebar: each beside the text it is
 * about, in the order of the text, without overlapping.
 *
 * The cards are React components, but React never positions them: a layout
 * reads every anchor's position after the browser has laid out the text,
 * then sets `transform` on the card elements directly, writing only what
 * moved. Reads come first and writes after, so the browser lays out once.
 * The card that has the user's attention (the active card or the composer)
 * sits exactly beside its anchor and the cards around it make room.
 */
import type { EditorView } from 'prosemirror-view';

/** Vertical space between stacked cards, in CSS pixels. */
const CARD_GAP = 8;

/** The layout key of the new-thread composer; every other card's key is its thread id. */
export const COMPOSER_KEY = 'composer';

export class CardLayout {
  #container: HTMLElement | null = null;
  /** The `translateY` last written on each card. */
  readonly #placed = new Map<HTMLElement, number>();
  #containerHeight = -1;
  /** Where each card's anchor was at the last layout (px from the container's top). */
  readonly #anchorTops = new Map<string, number>();

  /** The sidebar's card container; its children carry `data-layout-key`. */
  get container(): HTMLElement | null {
    return this.#container;
  }

  setContainer(element: HTMLElement | null): void {
    this.#container = element;
    this.#placed.clear();
    this.#containerHeight = -1;
  }

  /** A card left the list: its element may be reused by React, so its placement is forgotten. */
  forget(card: HTMLElement): void {
    this.#placed.delete(card);
  }

  cardElement(threadId: string): HTMLElement | null {
    if (this.#container === null) return null;
    return this.#container.querySelector<HTMLElement>(`[data-thread-card="${CSS.escape(threadId)}"]`);
  }

  /** Whether an anchor in the block at `blockPos` is no longer where its card was placed. */
  anchorsMovedIn(view: EditorView, blockPos: number): boolean {
    const container = this.#container;
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

  /**
   * Places every card beside its anchor. `composerAt` is the document
   * position the composer belongs beside (null without one), `focusKey` the
   * layout key of the card that must sit exactly at its anchor. Returns
   * false, doing nothing, while the container is not on the page.
   */
  place(view: EditorView, composerAt: number | null, focusKey: string | null): boolean {
    const container = this.#container;
    if (container === null || !container.isConnected) return false;
    const items = Array.from(container.children).filter((el): el is HTMLElement => el instanceof HTMLElement && el.dataset['layoutKey'] !== undefined);
    const base = container.getBoundingClientRect().top;
    const firstSpan = new Map<string, Element>();
    for (const span of view.dom.querySelectorAll('span.comment-anchor[data-thread-id]')) {
      const id = span.getAttribute('data-thread-id')!;
      if (!firstSpan.has(id)) firstSpan.set(id, span);
    }
    const composerTop = composerAt === null ? null : topOf(view, composerAt, base);
    const measured = items.map((el, i) => {
      const key = el.dataset['layoutKey']!;
      let top = Number.POSITIVE_INFINITY;
      if (key === COMPOSER_KEY) top = composerTop ?? Number.POSITIVE_INFINITY;
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
      if (key !== COMPOSER_KEY && Number.isFinite(item.top)) this.#anchorTops.set(key, Math.round(item.top));
    }
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
    return true;
  }
}

/** The top of the text at `pos`, in px from `base`; null if the position is not rendered. */
function topOf(view: EditorView, pos: number, base: number): number | null {
  try {
    return view.coordsAtPos(pos, 1).top - base;
  } catch {
    return null;
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

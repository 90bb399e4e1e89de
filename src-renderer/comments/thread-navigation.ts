/**
 * Moving between comment threads (Alt+PageDown / Alt+PageUp, the sidebar's
 * arrows, "Visa" in the overview): which thread comes next, and where the
 * caret goes when a thread is reached.
 *
 * Next and previous go through the threads the sidebar shows, in its order,
 * so the keyboard never lands on a card that is filtered away.
 */
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { AnchorIndex } from '../../shared/comments/anchors.ts';

/**
 * The index in `visible` of the thread after (1) or before (-1) the one
 * whose card has focus, wrapping round; without a focused card, the first
 * thread whose anchor starts after (or the last that starts before) the
 * caret at `head`. Threads without an anchor count as after everything.
 * Null when no thread is shown.
 */
export function neighbourThread(visible: readonly string[], fromThreadId: string | null, direction: 1 | -1, index: AnchorIndex, head: number): number | null {
  if (visible.length === 0) return null;
  const current = fromThreadId === null ? -1 : visible.indexOf(fromThreadId);
  if (current >= 0) return (current + direction + visible.length) % visible.length;
  // Each thread's first range: ranges are in document order, so the reversed
  // list lets the earliest one win.
  const starts = new Map(index.ranges.map((r) => [r.threadId, r.from] as const).reverse());
  const position = (id: string): number => starts.get(id) ?? Number.POSITIVE_INFINITY;
  if (direction === 1) {
    const next = visible.findIndex((id) => position(id) > head);
    return next < 0 ? 0 : next;
  }
  const previous = visible.findLastIndex((id) => position(id) < head);
  return previous < 0 ? visible.length - 1 : previous;
}

/**
 * Puts the caret at the start of the thread's anchor and scrolls it into
 * view: a caret, not a selection, so typing cannot replace the commented
 * text. Does nothing for a thread without an anchor.
 */
export function caretToAnchor(view: EditorView, index: AnchorIndex, threadId: string): void {
  const range = index.ranges.find((r) => r.threadId === threadId);
  if (range) view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, range.from)).scrollIntoView());
}

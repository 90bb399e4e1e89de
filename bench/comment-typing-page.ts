/**
 * Functions that bench/comments.ts sends into the app's page with
 * `page.evaluate`. As in page-replay.ts, each must be self-contained.
 */
import type { Selection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';

export interface TypingChunk {
  /** Per keystroke: dispatch until one MessageChannel round trip later (ms). */
  readonly keystroke: number[];
  /**
   * Per keystroke: the work of the next frame (requestAnimationFrame
   * callbacks, style, layout, paint) that the keystroke caused, measured from
   * the first rAF callback of that frame until a message posted in it arrives.
   * The app's own rAF work (toolbar, sidebar layout) falls inside.
   */
  readonly frame: number[];
}

/** Puts the caret at the end of the `index`-th top-level textblock and focuses the editor. */
export function placeCaretInPage(index: number): void {
  const view = (document.querySelector('.ProseMirror') as (HTMLElement & { pmView?: EditorView }) | null)?.pmView;
  if (view === undefined) throw new Error('No ProseMirror view on this page.');
  let pos = -1;
  let seen = 0;
  view.state.doc.forEach((node, offset) => {
    if (pos === -1 && node.isTextblock && seen++ === index) pos = offset + node.nodeSize - 1;
  });
  if (pos === -1) throw new Error(`The doc has no textblock number ${index}.`);
  const SelectionClass = Object.getPrototypeOf(view.state.selection.constructor) as typeof Selection;
  view.dispatch(view.state.tr.setSelection(SelectionClass.near(view.state.doc.resolve(pos))).scrollIntoView());
  view.focus();
}

/**
 * Types `text` at the caret, one character per transaction, as a user would;
 * '\n' splits the paragraph (Enter), '\b' deletes the character before the
 * caret (Backspace).
 */
export async function typeInPage(text: string): Promise<TypingChunk> {
  const view = (document.querySelector('.ProseMirror') as (HTMLElement & { pmView?: EditorView }) | null)?.pmView;
  if (view === undefined) throw new Error('No ProseMirror view on this page.');
  const channel = new MessageChannel();
  let wake: (() => void) | null = null;
  channel.port2.onmessage = () => wake?.();
  const settle = (): Promise<void> =>
    new Promise((resolve) => {
      wake = resolve;
      channel.port1.postMessage(null);
    });
  const keystroke: number[] = [];
  const frame: number[] = [];
  for (const ch of text) {
    // Registered before the dispatch, so this callback runs first in the
    // frame and the app's own callbacks are counted in the frame's work.
    let frameStart = 0;
    const frameDone = new Promise<void>((resolve) => {
      requestAnimationFrame(() => {
        frameStart = performance.now();
        resolve();
      });
    });
    const { state } = view;
    const tr = state.tr;
    if (ch === '\n') tr.split(state.selection.from);
    else if (ch === '\b') tr.delete(state.selection.from - 1, state.selection.from);
    else tr.insertText(ch);
    const t0 = performance.now();
    view.dispatch(tr.scrollIntoView());
    await settle();
    keystroke.push(performance.now() - t0);
    await frameDone;
    await settle();
    frame.push(performance.now() - frameStart);
  }
  channel.port1.close();
  channel.port2.close();
  return { keystroke, frame };
}

/**
 * How the end-to-end tests and the benchmarks reach a chapter's EditorView:
 * as `pmView` on the editor's DOM node (`.ProseMirror`). They need it to
 * read the document and to wait until the editor has taken in a selection,
 * which the screen alone does not tell.
 *
 * The view is hung on the node only when the browser is driven by
 * automation (`navigator.webdriver`, which the WebDriver standard defines
 * for exactly this). It is true in the headless Chromium that playwright
 * starts for the tests and benchmarks, and false in Electron and in a
 * drafter's own browser, so users never get the view on a DOM node.
 *
 * Why not leave it out of the build instead: the tests and benchmarks run
 * the very build users get (the browser host serves `out/renderer`), and
 * that is worth more than the one line this keeps in it.
 */
import type { EditorView } from 'prosemirror-view';

/** The editor's DOM node as the tests and benchmarks see it. */
export interface EditorHost extends HTMLElement {
  pmView?: EditorView;
}

export function exposeViewToAutomation(view: EditorView): void {
  if (typeof navigator !== 'undefined' && navigator.webdriver) (view.dom as EditorHost).pmView = view;
}

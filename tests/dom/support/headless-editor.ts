/**
 * A chapter editor exactly as the renderer builds it, minus the React around
 * it: a ProseMirror EditorView (rendering into a detached jsdom element) with
 * the app's state and plugin set (src-renderer/editor/editor-state.ts). That
 * set includes what matters for merging: y-prosemirror's sync and undo,
 * prosemirror-tables' tableEditing (whose fixTables reshapes tables) and our
 * repair, in the app's order.
 */
import type * as Y from 'yjs';
import { EditorView } from 'prosemirror-view';
import { yUndoPluginKey } from 'y-prosemirror';
import { createChapterState } from '../../../src-renderer/editor/editor-state.ts';
import { threadsMap } from '../../../shared/comments/threads.ts';

/** The Y.XmlFragment a chapter's ProseMirror content lives in. */
export const FRAGMENT_NAME = 'prosemirror';

export interface HeadlessEditor {
  readonly view: EditorView;
  readonly doc: Y.Doc;
  /** Starts a new undo step: the next change is undone on its own. */
  newUndoStep(): void;
  destroy(): void;
}

export function createHeadlessEditor(doc: Y.Doc): HeadlessEditor {
  // No link dialog in a headless editor; the fuzz makes links with toggleMark.
  const state = createChapterState(doc.getXmlFragment(FRAGMENT_NAME), { openLinkDialog: () => false, hasThread: (id) => threadsMap(doc).has(id) });
  const view = new EditorView(document.createElement('div'), {
    state,
    // jsdom has no layout, so there is nothing to scroll.
    handleScrollToSelection: () => true,
  });
  const undoManager = yUndoPluginKey.getState(view.state)?.undoManager;
  if (!undoManager) throw new Error('yUndoPlugin did not create an UndoManager');
  // Undo steps are normally cut by time (500 ms without typing). Cutting
  // them explicitly instead keeps a seed's undo history, and so the seed's
  // whole run, independent of how fast the machine is.
  undoManager.captureTimeout = Number.POSITIVE_INFINITY;
  return {
    view,
    doc,
    newUndoStep: () => undoManager.stopCapturing(),
    destroy: () => view.destroy(),
  };
}

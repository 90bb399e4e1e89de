/**
 * A chapter editor exactly as the renderer builds it, minus the React around
 * it: a ProseMirror EditorView (rendering into a detached jsdom element) with
 * the app's state and plugin set (src-renderer/editor/editor-state.ts). That
 * set includes what matters for merging: the chapter-text binding and its
 * undo, prosemirror-tables' tableEditing (whose fixTables reshapes tables)
 * and our repair, in the app's order. The binding checks after every change
 * that the editor and the chapter text agree, and a mismatch fails the test.
 */
import type * as Y from 'yjs';
import { EditorView } from 'prosemirror-view';
import { createChapterState } from '../../../src-renderer/editor/editor-state.ts';
import { chapterUndoKey } from '../../../src-renderer/editor/binding/undo-plugin.ts';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { threadsMap } from '../../../shared/comments/threads.ts';
import { dispatchSuggesting, type SuggestModeOptions } from '../../../src-renderer/editor/suggest-mode.ts';

export interface HeadlessEditor {
  readonly view: EditorView;
  readonly doc: Y.Doc;
  /** Starts a new undo step: the next change is undone on its own. */
  newUndoStep(): void;
  destroy(): void;
}

/** Binding mismatches seen by headless editors; a test that wants to go on after one reads them here. */
export const bindingMismatches: string[] = [];

/**
 * With `suggest`, the editor has Redigera / Föreslå for that member and
 * dispatches as the app does (suggest-mode.ts); a change that cannot be
 * suggested is reported to `onRefused` (the app announces it).
 */
export function createHeadlessEditor(doc: Y.Doc, suggest?: SuggestModeOptions, onRefused?: (reason: string) => void): HeadlessEditor {
  // No link dialog in a headless editor; the fuzz makes links with toggleMark.
  const state = createChapterState(chapterText(doc), {
    openLinkDialog: () => false,
    hasThread: (id) => threadsMap(doc).has(id),
    sync: {
      verify: process.env.SAMSKRIV_BINDING_VERIFY !== '0',
      onMismatch: (message) => {
        bindingMismatches.push(message);
        throw new Error(message);
      },
    },
    ...(suggest ? { suggest } : {}),
  });
  const view = new EditorView(document.createElement('div'), {
    state,
    // jsdom has no layout, so there is nothing to scroll.
    handleScrollToSelection: () => true,
    ...(suggest
      ? {
          dispatchTransaction(this: EditorView, tr) {
            dispatchSuggesting(this, tr, onRefused);
          },
        }
      : {}),
  });
  const undoManager = chapterUndoKey.getState(view.state)?.undoManager;
  if (!undoManager) throw new Error('the undo plugin did not create an UndoManager');
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

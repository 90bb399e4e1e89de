/**
 * Undo and redo of one's own changes to a chapter, through Y.UndoManager
 * (as y-prosemirror's yUndoPlugin): only changes written by this editor's
 * binding are tracked, so undo never takes back a colleague's words. Each
 * undo step remembers the selection from before it, and undoing puts it back.
 */
import { Plugin, PluginKey, type Command, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import type { ChapterBinding } from '../../../shared/chapter-text/chapter-binding.ts';
import { relativeSelection, restoreSelection } from './sync-plugin.ts';

export interface ChapterUndoState {
  readonly undoManager: Y.UndoManager;
}

export const chapterUndoKey = new PluginKey<ChapterUndoState>('samskrivChapterUndo');

const SELECTION = 'selection';

export function chapterUndoPlugin(binding: ChapterBinding): Plugin<ChapterUndoState> {
  const undoManager = new Y.UndoManager(binding.text, { trackedOrigins: new Set([binding]) });
  return new Plugin<ChapterUndoState>({
    key: chapterUndoKey,
    state: {
      init: () => ({ undoManager }),
      apply: (_tr, value) => value,
    },
    view: (view) => new UndoView(view, binding, undoManager),
  });
}

class UndoView {
  readonly #view: EditorView;
  readonly #binding: ChapterBinding;
  readonly #undoManager: Y.UndoManager;
  #selectionBefore: ReturnType<typeof relativeSelection> | null = null;

  constructor(view: EditorView, binding: ChapterBinding, undoManager: Y.UndoManager) {
    this.#view = view;
    this.#binding = binding;
    this.#undoManager = undoManager;
    binding.ydoc.on('beforeTransaction', this.#beforeTransaction);
    undoManager.on('stack-item-added', this.#added);
    undoManager.on('stack-item-popped', this.#popped);
  }

  destroy(): void {
    this.#binding.ydoc.off('beforeTransaction', this.#beforeTransaction);
    this.#undoManager.off('stack-item-added', this.#added);
    this.#undoManager.off('stack-item-popped', this.#popped);
    this.#undoManager.destroy();
  }

  readonly #beforeTransaction = (ytr: Y.Transaction): void => {
    if (ytr.origin === this.#binding) this.#selectionBefore = relativeSelection(this.#binding, this.#view.state);
  };

  readonly #added = (event: { stackItem: { meta: Map<string, unknown> }; type: 'undo' | 'redo' }): void => {
    if (event.type === 'undo' && !event.stackItem.meta.has(SELECTION) && this.#selectionBefore !== null) {
      event.stackItem.meta.set(SELECTION, this.#selectionBefore);
    }
  };

  readonly #popped = (event: { stackItem: { meta: Map<string, unknown> } }): void => {
    const selection = event.stackItem.meta.get(SELECTION) as ReturnType<typeof relativeSelection> | undefined;
    if (selection === undefined) return;
    const tr = this.#view.state.tr;
    restoreSelection(tr, this.#binding, selection);
    if (tr.selectionSet) this.#view.dispatch(tr.setMeta('addToHistory', false));
  };
}

function undoManagerOf(state: EditorState): Y.UndoManager | null {
  return chapterUndoKey.getState(state)?.undoManager ?? null;
}

/** Undo in ProseMirror's command shape: without `dispatch`, "is there anything to undo?". */
export const undo: Command = (state, dispatch) => {
  const undoManager = undoManagerOf(state);
  if (undoManager === null || undoManager.undoStack.length === 0) return false;
  if (dispatch) undoManager.undo();
  return true;
};

export const redo: Command = (state, dispatch) => {
  const undoManager = undoManagerOf(state);
  if (undoManager === null || undoManager.redoStack.length === 0) return false;
  if (dispatch) undoManager.redo();
  return true;
};

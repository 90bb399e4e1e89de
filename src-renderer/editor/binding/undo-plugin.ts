/**
 * Undo and redo of one's own changes to a chapter, through Y.UndoManager
 * (as y-prosemirror's yUndoPlugin): only changes written by this editor's
 * binding are tracked, so undo never takes back a colleague's words. Each
 * undo step remembers the selection from before it, and undoing puts it back.
 *
 * The app keeps one UndoManager per chapter for as long as the plan is open
 * (`chapterUndoManager`, owned by the chapter's handle in plan-session.ts),
 * so switching chapters and back keeps the chapter's history (issue 10). The
 * editor view, and with it the binding, is new on every switch; the plugin
 * then only borrows the UndoManager and leaves destroying it to its owner.
 */
import { Plugin, PluginKey, type Command, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import { ChapterBinding } from '../../../shared/chapter-text/chapter-binding.ts';
import { DecisionWrite } from '../../../shared/suggestions/decide.ts';
import { relativeSelection, restoreSelection } from './sync-plugin.ts';

export interface ChapterUndoState {
  readonly undoManager: Y.UndoManager;
}

export const chapterUndoKey = new PluginKey<ChapterUndoState>('samskrivChapterUndo');

const SELECTION = 'selection';

/**
 * An undo history for a chapter's text that outlives editor views. It tracks
 * the ChapterBinding *class*, not one instance (Y.UndoManager also matches
 * `origin.constructor`): each view has a binding of its own, and the history
 * must take in the edits of every binding this window puts on the chapter, one
 * after the other. A binding's untracked writes (`UntrackedWrite`: comment
 * anchors, repairs) stay untracked, and colleagues' changes arrive with other
 * origins (sync, storage), so undo still takes back only this user's edits.
 * This holds as long as one window has at most one editing binding on a
 * chapter at a time, as the app's single chapter editor does.
 *
 * The history also covers what this window's accept and reject did to the
 * text (`DecisionWrite`), but not the suggestions map: undo never deletes a
 * suggestion's entry or a decision event. Deleting entries by undo left
 * text marked with an id that no peer could look up once the undo merged
 * with a colleague's concurrent edit (the suggestion fuzz found it: Yjs
 * formatting around the colleague's words outlived the undone text). So an
 * undone accept leaves its event, and the suggestion, back in the text, is
 * pending again (shared/suggestions/suggestions.ts, rule 4); an undone
 * suggestion is withdrawn by its author (suggest-mode.ts).
 */
export function chapterUndoManager(text: Y.Text): Y.UndoManager {
  return new Y.UndoManager(text, { trackedOrigins: new Set<unknown>([ChapterBinding, DecisionWrite]) });
}

/**
 * Undo for an editor on `binding`. With `shared`, the history is that
 * UndoManager's (kept by its owner across views); without, the plugin makes
 * one for this binding alone and destroys it with the view.
 */
export function chapterUndoPlugin(binding: ChapterBinding, shared?: Y.UndoManager): Plugin<ChapterUndoState> {
  const undoManager = shared ?? new Y.UndoManager(binding.text, { trackedOrigins: new Set<unknown>([binding, DecisionWrite]) });
  if (shared !== undefined && shared.scope[0] !== binding.text) throw new Error('the undo history belongs to another chapter text');
  return new Plugin<ChapterUndoState>({
    key: chapterUndoKey,
    state: {
      init: () => ({ undoManager }),
      apply: (_tr, value) => value,
    },
    view: (view) => new UndoView(view, binding, undoManager, shared === undefined),
  });
}

class UndoView {
  readonly #view: EditorView;
  readonly #binding: ChapterBinding;
  readonly #undoManager: Y.UndoManager;
  readonly #owned: boolean;
  #selectionBefore: ReturnType<typeof relativeSelection> | null = null;

  constructor(view: EditorView, binding: ChapterBinding, undoManager: Y.UndoManager, owned: boolean) {
    this.#view = view;
    this.#binding = binding;
    this.#undoManager = undoManager;
    this.#owned = owned;
    // The first edit in this view is a step of its own, not merged into the
    // last one made before the chapter was left.
    undoManager.stopCapturing();
    binding.ydoc.on('beforeTransaction', this.#beforeTransaction);
    undoManager.on('stack-item-added', this.#added);
    undoManager.on('stack-item-popped', this.#popped);
  }

  destroy(): void {
    this.#binding.ydoc.off('beforeTransaction', this.#beforeTransaction);
    this.#undoManager.off('stack-item-added', this.#added);
    this.#undoManager.off('stack-item-popped', this.#popped);
    if (this.#owned) this.#undoManager.destroy();
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
  if (dispatch) popRewriting(undoManager, 'undo', restoredRewrite(state));
  return true;
};

export const redo: Command = (state, dispatch) => {
  const undoManager = undoManagerOf(state);
  if (undoManager === null || undoManager.redoStack.length === 0) return false;
  if (dispatch) popRewriting(undoManager, 'redo', restoredRewrite(state));
  return true;
};

/**
 * What another plugin writes, in an undo's own Yjs transaction, over what
 * the undo restored: a plugin's spec may hold `rewriteRestored(state)`,
 * which returns the rewrite for this editor state or null. Föreslå uses it
 * to write a suggester's restored words as her suggestion on every copy
 * (suggest-mode.ts, shared/suggestions/restored-words.ts).
 */
export type RestoredRewrite = (transaction: Y.Transaction) => void;

function restoredRewrite(state: EditorState): RestoredRewrite | null {
  for (const plugin of state.plugins) {
    const rewrite = (plugin.spec as { rewriteRestored?: (state: EditorState) => RestoredRewrite | null }).rewriteRestored;
    if (rewrite !== undefined) return rewrite(state);
  }
  return null;
}

/**
 * Undo or redo, and `rewrite` in the same Yjs transaction: a peer (the sync
 * server judging a suggester's update) never sees the restored words
 * without the rewrite. Y.UndoManager opens its own transaction, so this
 * opens one around it, with the UndoManager as origin, and files it as the
 * undo's (or redo's) when it ends, as the UndoManager does inside its own:
 * it reads `undoing`/`redoing` then. Its `stack-item-popped` event is held
 * until the transaction has ended, so the listeners (the selection that
 * undo puts back, WithdrawUndone) see the editor with the change applied,
 * as without the rewrite.
 */
function popRewriting(undoManager: Y.UndoManager, kind: 'undo' | 'redo', rewrite: RestoredRewrite | null): void {
  if (rewrite === null) {
    if (kind === 'undo') undoManager.undo();
    else undoManager.redo();
    return;
  }
  const emit = undoManager.emit;
  let popped: Parameters<typeof emit> | null = null;
  undoManager.emit = ((...args: Parameters<typeof emit>) => {
    if (args[0] === 'stack-item-popped') popped = args;
    else emit.apply(undoManager, args);
  }) as typeof emit;
  try {
    undoManager.doc.transact((transaction) => {
      const item = kind === 'undo' ? undoManager.undo() : undoManager.redo();
      if (item !== null) rewrite(transaction);
      if (kind === 'undo') undoManager.undoing = true;
      else undoManager.redoing = true;
    }, undoManager);
  } finally {
    undoManager.undoing = false;
    undoManager.redoing = false;
    undoManager.emit = emit;
  }
  if (popped !== null) emit.apply(undoManager, popped);
}

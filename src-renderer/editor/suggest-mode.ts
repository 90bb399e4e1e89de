/**
 * Redigera / Föreslå: whether the writer's changes are made or suggested
 * (docs/decisions/suggestions.md), and the dispatch that makes it so.
 *
 * The mode lives in a plugin's state, with the member it acts for (told of
 * changes by `setWriter`). A member who may not edit the chapter directly
 * (`may(member, 'edit-directly')`: not its owner agency, not the
 * coordinator, and the chapter has an owner) is always in suggest mode.
 *
 * `dispatchSuggesting` is the editor view's `dispatchTransaction`: it
 * rewrites every local change through `suggestTransaction` (also in edit
 * mode, which only cleans inserted content of suggestion marks) and records
 * the suggestions a change creates, and what it writes under them, in the
 * same Yjs transaction as its text, with the binding's own origin (undo
 * takes back the text; entries are never undone: undo-plugin.ts).
 * Transactions from elsewhere (peers, undo, repairs, comment anchors) pass
 * untouched: they are not the writer's, or not edits.
 */
import { Plugin, PluginKey, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import type { Member } from '../../shared/plan/member.ts';
import { may } from '../../shared/comments/comment-permissions.ts';
import { createSuggestion, entryIsBy, entryIsOpen, memberWriting, noteWriting, suggestionsMap, withdrawSuggestion, type ChapterContext } from '../../shared/suggestions/suggestions.ts';
import { nextSuggestionId } from '../../shared/suggestions/suggestion-ids.ts';
import { suggestTransaction, SuggestRefusal } from '../../shared/suggestions/suggest-transform.ts';
import { chapterBinding, chapterSyncKey, isMarkOrder, isRemote, writeInlineMeta } from './binding/sync-plugin.ts';
import { chapterUndoKey, type RestoredRewrite } from './binding/undo-plugin.ts';
import { markRestoredWords } from '../../shared/suggestions/restored-words.ts';
import { typedWordsWriter } from '../../shared/suggestions/typed-words.ts';
import { chapterText } from '../../shared/chapter-text/chapter-text.ts';
import { suggestionIdsInText } from '../../shared/suggestions/suggestion-extents.ts';

export type EditMode = 'edit' | 'suggest';

export interface SuggestModeState {
  readonly mode: EditMode;
  /** Whether the member may choose edit mode in this chapter. */
  readonly mayEdit: boolean;
  /** Who writes; null until the user has said who they are (changes are then direct, as before profiles). */
  readonly member: Member | null;
  readonly chapter: ChapterContext;
}

export const suggestModeKey = new PluginKey<SuggestModeState>('samskrivSuggestMode');

export interface SuggestModeOptions {
  readonly member: Member | null;
  readonly chapter: ChapterContext;
  /** The mode to start in; a member who may not edit directly starts (and stays) in suggest mode. */
  readonly mode?: EditMode;
}

/**
 * A change of who writes or of the chapter's owner, told to a running
 * editor (`setWriter`): the view and everything in it (a comment being
 * written, the selection, the undo history) stays.
 */
interface WriterMeta {
  readonly writer: Member | null;
  readonly chapter: ChapterContext;
}

export function suggestModePlugin(options: SuggestModeOptions): Plugin<SuggestModeState> {
  return new Plugin<SuggestModeState>({
    key: suggestModeKey,
    view: (view) => new WithdrawUndone(view),
    // Read by the undo commands (undo-plugin.ts): in Föreslå, the words an
    // undo or redo gives back are written as the writer's suggestion on
    // every copy, whatever a colleague decided meanwhile (restored-words.ts).
    rewriteRestored: (state: EditorState): RestoredRewrite | null => {
      const mode = editModeOf(state);
      const binding = chapterBinding(state);
      const member = mode?.member ?? null;
      if (mode?.mode !== 'suggest' || member === null || binding === null) return null;
      return (transaction) => markRestoredWords(transaction, binding.text, member);
    },
    state: {
      init: () => modeFor(options.member, options.chapter, null, options.mode),
      apply(tr, value) {
        const meta = tr.getMeta(suggestModeKey) as EditMode | WriterMeta | undefined;
        if (meta === undefined) return value;
        if (typeof meta === 'object') return modeFor(meta.writer, meta.chapter, value);
        if (meta === value.mode || (meta === 'edit' && !value.mayEdit)) return value;
        return { ...value, mode: meta };
      },
    },
  });
}

/**
 * The mode for a writer in a chapter: Föreslå if they may not edit directly;
 * otherwise the mode they had (or Redigera, or `initial`).
 */
function modeFor(member: Member | null, chapter: ChapterContext, previous: SuggestModeState | null, initial?: EditMode): SuggestModeState {
  const mayEdit = member === null || may(member, 'edit-directly', { chapter });
  const mode: EditMode = !mayEdit ? 'suggest' : previous !== null && previous.mayEdit ? previous.mode : (initial ?? 'edit');
  return { mode, mayEdit, member, chapter };
}

function sameAgencies(a: readonly string[] = [], b: readonly string[] = []): boolean {
  return a.length === b.length && a.every((code, i) => code === b[i]);
}

/** Tells a running editor who writes, who owns the chapter and who co-writes it. */
export function setWriter(view: EditorView, writer: Member | null, chapter: ChapterContext): void {
  // React may still hold a view that an effect of the same commit destroyed
  // (the chapter editor is rebuilt when a plan is shared); the new one starts
  // with the right writer.
  if (view.isDestroyed) return;
  const current = editModeOf(view.state);
  if (current === null || (current.member === writer && current.chapter.owner === chapter.owner && sameAgencies(current.chapter.coWriters, chapter.coWriters))) return;
  const meta: WriterMeta = { writer, chapter };
  view.dispatch(view.state.tr.setMeta(suggestModeKey, meta));
}

export function editModeOf(state: EditorState): SuggestModeState | null {
  return suggestModeKey.getState(state) ?? null;
}

/** Switches between Redigera and Föreslå; false (no change) when the member may only suggest. */
export const toggleSuggestMode: Command = (state, dispatch) => {
  const current = editModeOf(state);
  if (current === null || !current.mayEdit) return false;
  if (dispatch) dispatch(state.tr.setMeta(suggestModeKey, current.mode === 'edit' ? 'suggest' : 'edit'));
  return true;
};

/**
 * The view's dispatchTransaction. `onRefused` hears of a change that
 * cannot be suggested (nothing was changed).
 */
export function dispatchSuggesting(view: EditorView, tr: Transaction, onRefused: (reason: string) => void = () => {}): void {
  const apply = (next: Transaction): void => view.updateState(view.state.apply(next));
  const mode = editModeOf(view.state);
  const binding = chapterBinding(view.state);
  const member = mode?.member ?? null;
  if (mode === null || member === null || binding === null || !tr.docChanged || isRemote(tr) || isMarkOrder(tr) || tr.getMeta('addToHistory') === false) {
    apply(tr);
    return;
  }
  const ydoc = binding.ydoc;
  let result;
  try {
    result = suggestTransaction(view.state, tr, {
      mode: mode.mode,
      newId: () => nextSuggestionId(ydoc),
      isOwn: (id) => isOwnOpenSuggestion(ydoc, id, member.memberId),
      ownWriting: (from, to) => binding.writtenIn(view.state.doc, from, to, memberWriting(ydoc, member.memberId)),
    });
  } catch (error) {
    if (!(error instanceof SuggestRefusal)) throw error;
    onRefused(error.message);
    return;
  }
  if (result.written.length === 0 && result.emptied.length === 0) {
    apply(result.tr);
    return;
  }
  // Her typed words are her suggestion on every copy, also where her copy
  // shows her mark for a reason the others' copies do not have
  // (shared/suggestions/typed-words.ts).
  if (mode.mode === 'suggest') result.tr.setMeta(writeInlineMeta, typedWordsWriter(ydoc, member.memberId));
  // One Yjs transaction for the text and its suggestions, with the binding
  // as origin (the plugin's write nests into it), so undo tracks both; also
  // what plugins append to the change (a repair) unless it is not to be
  // undone (a fix of a table a merge left malformed, table-fixes.ts), which
  // the sync plugin writes after, on its own (`untrackedAfter`). A
  // suggestion whose last words its author deleted is withdrawn by them,
  // so it does not linger as an empty card.
  const transact = (): void =>
    Y.transact(
      ydoc,
      () => {
        for (const { id, kind } of result.created) createSuggestion(ydoc, member, { id, kind });
        // Before the text: the clock the writing starts from, and what was there to strike.
        for (const { id, struck } of result.written) noteWriting(ydoc, id, struck);
        apply(result.tr);
        for (const id of result.emptied) withdrawSuggestion(ydoc, member, id);
      },
      binding,
    );
  const sync = chapterSyncKey.getState(view.state);
  if (sync === undefined) transact();
  else sync.untrackedAfter(transact);
}

/**
 * Undo takes back a suggestion's text but never its entry (undo-plugin.ts),
 * so after an undo the writer's own open suggestions that have no text left
 * are withdrawn, by the writer: no empty card lingers, and the history says
 * what happened. Not tracked by undo; a redo brings the text back to a
 * withdrawn suggestion, which is then pending again (suggestions.ts, rule 4).
 */
class WithdrawUndone {
  readonly #view: EditorView;
  readonly #undoManager: Y.UndoManager | null;

  constructor(view: EditorView) {
    this.#view = view;
    this.#undoManager = chapterUndoKey.getState(view.state)?.undoManager ?? null;
    this.#undoManager?.on('stack-item-popped', this.#popped);
  }

  destroy(): void {
    this.#undoManager?.off('stack-item-popped', this.#popped);
  }

  readonly #popped = (): void => {
    const doc = chapterBinding(this.#view.state)?.ydoc ?? null;
    const member = editModeOf(this.#view.state)?.member ?? null;
    if (doc === null || member === null) return;
    const inText = suggestionIdsInText(chapterText(doc));
    const emptied: string[] = [];
    suggestionsMap(doc).forEach((entry, id) => {
      if (!inText.has(id) && entryIsOpen(entry) && entryIsBy(entry, member.memberId)) emptied.push(id);
    });
    if (emptied.length > 0) doc.transact(() => emptied.forEach((id) => withdrawSuggestion(doc, member, id)));
  };
}

/** Cheap enough for every keystroke (`entryIsOpen` and the author field). */
export function isOwnOpenSuggestion(doc: Y.Doc, id: string, memberId: string): boolean {
  const entry = suggestionsMap(doc).get(id);
  if (!entryIsOpen(entry)) return false;
  return entryIsBy(entry, memberId);
}

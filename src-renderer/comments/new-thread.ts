/**
 * A new thread, from the selected text to the posted anchor.
 *
 * Writing a comment takes a while, and meanwhile the text may be changed by
 * the user, a colleague or an undo. So the composer remembers the selection
 * as Yjs relative positions in the chapter text, which follow the text
 * through all of these, and turns them back into document positions only
 * when the comment is posted.
 */
import { TextSelection, type EditorState, type Transaction } from 'prosemirror-state';
import type * as Y from 'yjs';
import { chapterBinding } from '../editor/binding/sync-plugin.ts';
import { canComment, isCommentable, markAnchor, selectedQuote } from './comment-anchors-plugin.ts';

export interface ComposerState {
  /** Where the new thread will be anchored, as Yjs relative positions so remote and undo changes map it too. */
  readonly from: Y.RelativePosition;
  readonly to: Y.RelativePosition;
  readonly quote: string;
}

/** The composer for the selection, or null when it cannot be commented or the editor is not bound to a chapter text. */
export function composerFor(state: EditorState): ComposerState | null {
  const binding = chapterBinding(state);
  if (binding === null || !canComment(state)) return null;
  const { from, to } = state.selection;
  return {
    from: binding.relativePosition(state.doc, from),
    to: binding.relativePosition(state.doc, to),
    quote: selectedQuote(state),
  };
}

/** Where the composer's text is now; null when the positions no longer resolve. */
export function composerRange(state: EditorState, composer: ComposerState): { from: number; to: number } | null {
  const binding = chapterBinding(state);
  if (binding === null) return null;
  const from = binding.absolutePosition(state.doc, composer.from);
  const to = binding.absolutePosition(state.doc, composer.to);
  if (from === null || to === null) return null;
  const size = state.doc.content.size;
  return { from: Math.min(from, size), to: Math.min(Math.max(to, from), size) };
}

/**
 * One transaction that anchors the new thread `threadId` on the composer's
 * text and leaves the caret after it (a caret, so that typing cannot replace
 * the text just commented). Null when the text was deleted meanwhile: the
 * thread is then posted detached, with its quote.
 */
export function anchorNewThread(state: EditorState, composer: ComposerState, threadId: string): Transaction | null {
  const range = composerRange(state, composer);
  if (range === null || range.to <= range.from) return null;
  const selection = TextSelection.between(state.doc.resolve(range.from), state.doc.resolve(range.to));
  const tr = state.tr;
  if (isCommentable(state.doc, selection)) markAnchor(tr, selection, threadId);
  return tr.setSelection(TextSelection.create(tr.doc, selection.to));
}

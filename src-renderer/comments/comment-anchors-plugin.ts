/**
 * The editor side of comment anchors: keeps the anchor index of the chapter
 * up to date on every transaction (cheaply, see shared/comments/anchors.ts),
 * adds the mark for a new thread, and decides what a paste does with marks.
 *
 * Copy and paste must not make a second anchor for one thread, but cut and
 * paste (and drag and drop) must move the anchor with the text. At paste
 * time the difference is visible in the document: after a copy the thread is
 * still anchored there, after a cut it is not. So a pasted comment mark is
 * kept only when its thread belongs to this chapter and has no anchor left;
 * a drag that moves text keeps its marks because the source is deleted in
 * the same transaction.
 */
import { Plugin, PluginKey, TextSelection, type Command, type EditorState, type Selection, type Transaction } from 'prosemirror-state';
import { Fragment, Slice, type Node as PMNode } from 'prosemirror-model';
import { CellSelection } from 'prosemirror-tables';
import { schema } from '../../shared/schema/schema.ts';
import {
  buildAnchorIndex,
  commentThreadId,
  updateAnchorIndex,
  type AnchorIndex,
} from '../../shared/comments/anchors.ts';

export const commentAnchorsKey = new PluginKey<AnchorIndex>('commentAnchors');

export interface CommentAnchorsOptions {
  /** Whether a thread with this id exists in this chapter's doc. */
  readonly hasThread: (threadId: string) => boolean;
}

export function commentAnchorsPlugin(options: CommentAnchorsOptions): Plugin<AnchorIndex> {
  return new Plugin<AnchorIndex>({
    key: commentAnchorsKey,
    state: {
      init: (_config, state) => buildAnchorIndex(state.doc),
      apply: (tr, index, oldState, newState) => (tr.docChanged ? updateAnchorIndex(index, oldState.doc, newState.doc) : index),
    },
    props: {
      transformPasted(slice, view) {
        if (view.dragging?.move) return slice;
        const index = commentAnchorsKey.getState(view.state);
        const anchored = new Set(index?.ranges.map((r) => r.threadId));
        return stripCommentMarks(slice, (threadId) => anchored.has(threadId) || !options.hasThread(threadId));
      },
    },
  });
}

export function anchorIndexOf(state: EditorState): AnchorIndex {
  return commentAnchorsKey.getState(state) ?? buildAnchorIndex(state.doc);
}

/** Whether the selection can be commented: some text, not only a caret. */
export function canComment(state: EditorState): boolean {
  return isCommentable(state.doc, state.selection);
}

/** Whether `selection` in `doc` can be commented (see canComment). */
export function isCommentable(doc: PMNode, selection: Selection): boolean {
  if (selection.empty) return false;
  if (!(selection instanceof TextSelection) && !(selection instanceof CellSelection)) return false;
  return doc.textBetween(selection.from, selection.to, ' ', ' ').trim().length > 0;
}

/** The selected text, as the quote a new thread keeps. */
export function selectedQuote(state: EditorState): string {
  return state.doc.textBetween(state.selection.from, state.selection.to, ' ', ' ').trim();
}

/**
 * Marks the selection as the anchor of `threadId`. The step is kept out of
 * the undo history: undoing a sentence typed before commenting must not
 * silently take the comment's anchor with it.
 */
export function addCommentAnchor(threadId: string): Command {
  return (state, dispatch) => {
    if (!canComment(state)) return false;
    if (dispatch) dispatch(markAnchor(state.tr, state.selection, threadId));
    return true;
  };
}

/**
 * Adds to `tr` the anchor mark of `threadId` on every range of `selection`
 * (a cell selection has one per cell), kept out of the undo history as
 * addCommentAnchor explains.
 */
export function markAnchor(tr: Transaction, selection: Selection, threadId: string): Transaction {
  const mark = schema.marks.comment.create({ threadId });
  selection.ranges.forEach(({ $from, $to }) => tr.addMark($from.pos, $to.pos, mark));
  return tr.setMeta('addToHistory', false);
}

function stripCommentMarks(slice: Slice, strip: (threadId: string) => boolean): Slice {
  const mapFragment = (fragment: Fragment): Fragment => {
    const nodes: PMNode[] = [];
    fragment.forEach((node) => {
      if (node.isText) {
        const marks = node.marks.filter((mark) => {
          const id = commentThreadId(mark);
          return id === null || !strip(id);
        });
        nodes.push(marks.length === node.marks.length ? node : node.mark(marks));
      } else {
        nodes.push(node.copy(mapFragment(node.content)));
      }
    });
    return Fragment.fromArray(nodes);
  };
  return new Slice(mapFragment(slice.content), slice.openStart, slice.openEnd);
}

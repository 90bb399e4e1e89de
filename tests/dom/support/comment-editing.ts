/**
 * Commenting in headless editors the way the app does it: select text,
 * create the thread in the chapter's Y.Doc, then mark the selection with
 * `addCommentAnchor` in the same tick (thread first, then mark). Plus the
 * reference checks every comment test makes: the editor's incremental anchor
 * index equals a full scan, and where each thread's anchor is.
 */
import * as Y from 'yjs';
import { expect } from 'vitest';
import type { Node as PmNode } from 'prosemirror-model';
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { addCommentAnchor, anchorIndexOf, canComment, selectedQuote } from '../../../src-renderer/comments/comment-anchors-plugin.ts';
import { anchoredText, buildAnchorIndex, rangesByThread } from '../../../shared/comments/anchors.ts';
import { createThread, readThreads, type CommentThread } from '../../../shared/comments/threads.ts';
import type { Member } from '../../../shared/plan/member.ts';
import type { AgencyCode } from '../../../shared/agencies/agencies.ts';
import { schema } from '../../../shared/schema/schema.ts';
import type { HeadlessEditor } from './headless-editor.ts';

/** Sends `from` everything `to` lacks, as the sync handshake does. */
export function exchange(from: HeadlessEditor, to: HeadlessEditor): void {
  Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(to.doc)));
}

/** The position just before the first occurrence of `text` in a textblock. */
export function posOf(doc: PmNode, text: string, occurrence = 0): number {
  let seen = 0;
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (!node.isTextblock) return true;
    let from = node.textContent.indexOf(text);
    while (from >= 0) {
      if (seen === occurrence) {
        // textContent offsets equal positions inside a textblock made of text
        // only; a hard break (one position, no text) would shift them.
        found = pos + 1 + from;
        return false;
      }
      seen++;
      from = node.textContent.indexOf(text, from + 1);
    }
    return false;
  });
  if (found < 0) throw new Error(`"${text}" (occurrence ${occurrence}) is not in the chapter`);
  return found;
}

/** The text of each textblock in `editor`'s doc, in document order (list items and cells give theirs). */
export function blockTexts(editor: HeadlessEditor): string[] {
  const texts: string[] = [];
  editor.view.state.doc.descendants((node) => {
    if (node.isTextblock) texts.push(node.textContent);
    return !node.isTextblock;
  });
  return texts;
}

export function selectText(view: EditorView, text: string, occurrence = 0): void {
  const from = posOf(view.state.doc, text, occurrence);
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, from + text.length)));
}

export interface NewComment {
  readonly threadId: string;
  readonly messageId: string;
  readonly text: string;
  readonly assignedAgency?: AgencyCode | null;
}

/**
 * Comments on the current selection as the app does; false (and nothing
 * written) if the selection cannot be commented.
 */
export function commentOnSelection(editor: HeadlessEditor, member: Member, comment: NewComment): boolean {
  const { view } = editor;
  if (!canComment(view.state)) return false;
  createThread(editor.doc, member, {
    id: comment.threadId,
    messageId: comment.messageId,
    text: comment.text,
    quote: selectedQuote(view.state),
    assignedAgency: comment.assignedAgency ?? null,
  });
  if (!addCommentAnchor(comment.threadId)(view.state, view.dispatch, view)) {
    throw new Error(`the anchor of ${comment.threadId} could not be added although the selection can be commented`);
  }
  return true;
}

/** The text each range of a thread's anchor covers, in document order ([] when detached). */
export function anchorTexts(view: EditorView, threadId: string): string[] {
  const ranges = rangesByThread(anchorIndexOf(view.state)).get(threadId) ?? [];
  return ranges.map((r) => view.state.doc.textBetween(r.from, r.to, ' ', ' '));
}

/** All of a thread's anchored text, as the sidebar shows it. */
export function anchorText(view: EditorView, threadId: string): string {
  const ranges = rangesByThread(anchorIndexOf(view.state)).get(threadId) ?? [];
  return anchoredText(view.state.doc, ranges);
}

/** The incremental anchor index the editor keeps must equal a full scan of its doc. */
export function expectIndexMatchesDoc(view: EditorView, label = 'the anchor index'): void {
  expect(anchorIndexOf(view.state), `${label} equals a full scan`).toEqual(buildAnchorIndex(view.state.doc));
}

export function threadById(doc: Y.Doc, id: string): CommentThread {
  const thread = readThreads(doc).find((t) => t.id === id);
  if (!thread) throw new Error(`no thread ${id}`);
  return thread;
}

/** How a thread shows in the sidebar: anchored in the text, detached (open, no anchor), or resolved. */
export function placement(view: EditorView, thread: CommentThread): 'anchored' | 'detached' | 'resolved' {
  if (thread.state === 'resolved') return 'resolved';
  return rangesByThread(anchorIndexOf(view.state)).has(thread.id) ? 'anchored' : 'detached';
}

export const paragraph = (text: string): Record<string, unknown> => ({ type: 'paragraph', content: [{ type: 'text', text }] });

export function chapterOf(...content: Record<string, unknown>[]): PmNode {
  return schema.nodeFromJSON({ type: 'doc', content });
}

/**
 * A reader's chapter is live: the others' edits and comments arrive while it
 * is open (issue 10, item 4). Its sidebar must place each thread by the text
 * it shows now: a thread whose anchor arrives after the chapter was opened
 * is anchored, not "Fristående", without a reload.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorView } from 'prosemirror-view';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { ThreadStore } from '../../../shared/comments/thread-store.ts';
import { ChapterComments } from '../../../src-renderer/comments/chapter-comments.ts';
import { chapterCommentsPlugin } from '../../../src-renderer/comments/comments-plugin.ts';
import { createReaderState } from '../../../src-renderer/editor/editor-state.ts';
import { chapterOf, commentOnSelection, paragraph, selectText } from '../support/comment-editing.ts';
import { editorsOn } from '../support/chapter-peers.ts';
import type { HeadlessEditor } from '../support/headless-editor.ts';
import { anna } from '../../unit/comments/comment-members.ts';
import { installResizeObserver } from '../support/resize-observer.ts';

const cleanup: (() => void)[] = [];
beforeAll(() => installResizeObserver());
afterEach(() => {
  for (const done of cleanup.splice(0)) done();
});

const nextFrame = (): Promise<void> => new Promise((done) => requestAnimationFrame(() => done()));

describe("a reader's sidebar", () => {
  it('anchors a thread whose comment arrives after the chapter was opened', async () => {
    const [drafter] = editorsOn(chapterOf(paragraph('Planen följs upp årligen.'), paragraph('Skillnaden är störst under de första åren.')), 1) as [HeadlessEditor];
    cleanup.push(() => drafter.destroy());
    const readerDoc = new Y.Doc();
    Y.applyUpdate(readerDoc, Y.encodeStateAsUpdate(drafter.doc));
    const comments = new ChapterComments(new ThreadStore(readerDoc));
    const reader = new EditorView(document.createElement('div'), {
      state: createReaderState(chapterText(readerDoc), null),
      editable: () => false,
      plugins: [chapterCommentsPlugin(comments, false)],
      handleScrollToSelection: () => true,
    });
    cleanup.push(() => {
      reader.destroy();
      comments.destroy();
    });
    await nextFrame();
    expect(comments.state.order).toEqual([]);

    // The drafter comments; the reader receives it (as after a reconnect).
    selectText(drafter.view, 'årligen');
    commentOnSelection(drafter, anna, { threadId: 'yearly', messageId: 'm1', text: 'Av vem?' });
    Y.applyUpdate(readerDoc, Y.encodeStateAsUpdate(drafter.doc, Y.encodeStateVector(readerDoc)));
    await nextFrame();

    expect(reader.state.doc.textContent).toContain('årligen');
    expect(comments.state.order, 'anchored threads, in the order of the text').toEqual(['yearly']);
  });
});

/**
 * The comments controller lives in the editor as a plugin view
 * (src-renderer/comments/comments-plugin.ts, issue 9): it is attached with
 * the view, hears of every update and is detached when the view goes,
 * without anyone wiring it by hand.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ThreadStore } from '../../../shared/comments/thread-store.ts';
import { ChapterComments } from '../../../src-renderer/comments/chapter-comments.ts';
import { chapterCommentsPlugin } from '../../../src-renderer/comments/comments-plugin.ts';
import { chapterOf, commentOnSelection, paragraph, selectText } from '../support/comment-editing.ts';
import { editorsOn } from '../support/chapter-peers.ts';
import type { HeadlessEditor } from '../support/headless-editor.ts';
import { anna } from '../../unit/comments/comment-members.ts';
import { installResizeObserver } from '../support/resize-observer.ts';

let editor: HeadlessEditor | null = null;
let comments: ChapterComments | null = null;

beforeAll(() => {
  installResizeObserver();
});

afterEach(() => {
  editor?.destroy();
  comments?.destroy();
  editor = null;
  comments = null;
});

/** A headless chapter editor with the comments plugin given to its view, as ChapterEditor does. */
function chapterWithComments(): { editor: HeadlessEditor; comments: ChapterComments } {
  [editor] = editorsOn(chapterOf(paragraph('Planen följs upp årligen.'), paragraph('Skillnaden är störst under de första åren.')), 1) as [HeadlessEditor];
  comments = new ChapterComments(new ThreadStore(editor.doc));
  editor.view.setProps({ plugins: [chapterCommentsPlugin(comments, true)] });
  return { editor, comments };
}

const nextFrame = (): Promise<void> => new Promise((done) => requestAnimationFrame(() => done()));

describe('the comments plugin view', () => {
  it('attaches the controller to the view when the view takes the plugin, and detaches it when the view is destroyed', () => {
    const chapter = chapterWithComments();
    expect(chapter.comments.state.view).toBe(chapter.editor.view);
    expect(chapter.comments.state.editable).toBe(true);

    chapter.editor.destroy();
    editor = null;
    expect(chapter.comments.state.view).toBeNull();
  });

  it('lists a thread anchored by a transaction of the view in the next frame, in the order of the text', async () => {
    const chapter = chapterWithComments();
    selectText(chapter.editor.view, 'de första åren');
    commentOnSelection(chapter.editor, anna, { threadId: 'second', messageId: 'm2', text: 'Källa?' });
    selectText(chapter.editor.view, 'årligen');
    commentOnSelection(chapter.editor, anna, { threadId: 'first', messageId: 'm1', text: 'Av vem?' });

    await nextFrame();
    expect(chapter.comments.state.order).toEqual(['first', 'second']);
  });
});

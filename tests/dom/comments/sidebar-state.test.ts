/**
 * The comment sidebar subscribes once to its controller and once to the
 * chapter's threads, however often it renders (issue 9: CommentSidebar
 * resubscribed on every render, because it gave useSyncExternalStore a new
 * arrow each time). It still sees every change.
 */
import { createElement, act, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createThread } from '../../../shared/comments/threads.ts';
import { ThreadStore } from '../../../shared/comments/thread-store.ts';
import { ChapterComments } from '../../../src-renderer/comments/chapter-comments.ts';
import { useChapterThreads, useCommentsView } from '../../../src-renderer/comments/sidebar-state.ts';
import { anna } from '../../unit/comments/comment-members.ts';
import { installResizeObserver } from '../support/resize-observer.ts';

let root: Root | null = null;

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  installResizeObserver();
});

afterEach(() => {
  act(() => root?.unmount());
  root = null;
});

function Sidebar({ comments, renders }: { comments: ChapterComments; renders: number }): ReactElement {
  const view = useCommentsView(comments);
  const threads = useChapterThreads(comments.store);
  return createElement('p', null, `${renders}: ${threads.size} threads, editable ${String(view.editable)}`);
}

describe('the comment sidebar', () => {
  it('subscribes once to the controller and once to the threads over many renders, and still shows a new thread', () => {
    const doc = new Y.Doc();
    const comments = new ChapterComments(new ThreadStore(doc));
    const toController = vi.spyOn(comments, 'subscribe');
    const toThreads = vi.spyOn(comments.store, 'subscribe');
    const element = document.createElement('div');
    root = createRoot(element);

    for (let renders = 1; renders <= 5; renders++) {
      act(() => root!.render(createElement(Sidebar, { comments, renders })));
    }
    act(() => {
      createThread(doc, anna, { id: 'thread-1', messageId: 'message-1', text: 'Källa?', quote: 'öka', assignedAgency: null });
    });

    expect(toController).toHaveBeenCalledTimes(1);
    expect(toThreads).toHaveBeenCalledTimes(1);
    expect(element.textContent).toBe('5: 1 threads, editable false');
    comments.destroy();
  });
});

/**
 * What the comment sidebar reads from outside React, as hooks: the
 * controller's view state and the chapter's threads.
 *
 * useSyncExternalStore unsubscribes and subscribes again whenever the
 * subscribe function it is given changes identity, and an arrow written in
 * the component is a new function on every render. So each hook hands it a
 * function that stays the same for as long as the controller or the store
 * does: one subscription per chapter, however often the sidebar renders.
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { CommentThread } from '../../shared/comments/threads.ts';
import type { ThreadStore } from '../../shared/comments/thread-store.ts';
import type { ChapterComments, CommentsViewState } from './chapter-comments.ts';

export function useCommentsView(comments: ChapterComments): CommentsViewState {
  // `subscribe` is an arrow property of the controller: stable already.
  return useSyncExternalStore(comments.subscribe, () => comments.state);
}

export function useChapterThreads(store: ThreadStore): ReadonlyMap<string, CommentThread> {
  const subscribe = useCallback((listener: () => void) => store.subscribe(listener), [store]);
  return useSyncExternalStore(subscribe, () => store.snapshot);
}

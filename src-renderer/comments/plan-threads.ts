/**
 * Every chapter's threads at once, for the outline's counts and the
 * coordinator's overview. The session holds all chapter docs (DESIGN §5), so
 * this is a live view, not a fetch.
 */
import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { CommentThread } from '../../shared/comments/threads.ts';
import type { ChapterHandle } from '../plan/plan-session.ts';

export type PlanThreads = ReadonlyMap<string, ReadonlyMap<string, CommentThread>>;

/** The threads of the given chapters, re-read only when one of their stores changes. */
export function usePlanThreads(chapters: readonly ChapterHandle[]): PlanThreads {
  const cache = useRef<{ key: readonly unknown[]; value: PlanThreads } | null>(null);
  const subscribe = useCallback(
    (listener: () => void) => {
      const unsubscribers = chapters.map((chapter) => chapter.threads.subscribe(listener));
      return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
    },
    [chapters],
  );
  const getSnapshot = useCallback((): PlanThreads => {
    const key = chapters.flatMap((chapter) => [chapter.id, chapter.threads.snapshot]);
    const cached = cache.current;
    if (cached && cached.key.length === key.length && cached.key.every((k, i) => k === key[i])) return cached.value;
    const value = new Map(chapters.map((chapter) => [chapter.id, chapter.threads.snapshot] as const));
    cache.current = { key, value };
    return value;
  }, [chapters]);
  return useSyncExternalStore(subscribe, getSnapshot);
}

export function openCount(threads: ReadonlyMap<string, CommentThread> | undefined): number {
  let count = 0;
  for (const thread of threads?.values() ?? []) if (thread.state === 'open') count++;
  return count;
}

/**
 * The threads that have an anchor in a chapter's text, read from the Yjs
 * text directly, so chapters that are not open in an editor need no
 * ProseMirror document (shared with the readiness check).
 */
export { anchoredThreadIds } from '../../shared/workflow/readiness.ts';

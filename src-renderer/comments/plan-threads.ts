/**
 * Every chapter's threads at once, for the outline's counts and the
 * coordinator's overview. The session holds all chapter docs (DESIGN §5), so
 * this is a live view, not a fetch.
 */
import { useCallback, useRef, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import type { CommentThread } from '../../shared/comments/threads.ts';
import { COMMENT_MARK } from '../../shared/comments/anchors.ts';
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
 * text directly (a comment mark is a formatting attribute named `comment` or,
 * for overlapping marks, `comment--<hash>`; shared/chapter-text/), so
 * chapters that are not open in an editor need no ProseMirror document.
 */
export function anchoredThreadIds(text: Y.Text): Set<string> {
  const ids = new Set<string>();
  for (const op of text.toDelta() as { attributes?: Record<string, unknown> }[]) {
    for (const [key, value] of Object.entries(op.attributes ?? {})) {
      if (key !== COMMENT_MARK && !key.startsWith(`${COMMENT_MARK}--`)) continue;
      const threadId = (value as { threadId?: unknown } | null)?.threadId;
      if (typeof threadId === 'string') ids.add(threadId);
    }
  }
  return ids;
}

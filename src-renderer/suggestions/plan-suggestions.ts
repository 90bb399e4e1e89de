/**
 * Open suggestions per chapter, for the outline's counts: live over every
 * chapter doc the session holds, counted from the suggestions maps alone
 * (no text walk), so typing in a chapter costs nothing here.
 */
import { useCallback, useRef, useSyncExternalStore } from 'react';
import { suggestionsMap } from '../../shared/suggestions/suggestions.ts';
import type { ChapterHandle } from '../plan/plan-session.ts';
import { openSuggestionCount } from './chapter-suggestions.ts';

export function useSuggestionCounts(chapters: readonly ChapterHandle[]): ReadonlyMap<string, number> {
  const cache = useRef<ReadonlyMap<string, number> | null>(null);
  const subscribe = useCallback(
    (listener: () => void) => {
      const changed = (): void => {
        cache.current = null;
        listener();
      };
      const maps = chapters.map((chapter) => suggestionsMap(chapter.doc));
      maps.forEach((map) => map.observeDeep(changed));
      return () => maps.forEach((map) => map.unobserveDeep(changed));
    },
    [chapters],
  );
  const getSnapshot = useCallback((): ReadonlyMap<string, number> => {
    cache.current ??= new Map(chapters.map((chapter) => [chapter.id, openSuggestionCount(chapter.doc)] as const));
    return cache.current;
  }, [chapters]);
  return useSyncExternalStore(subscribe, getSnapshot);
}

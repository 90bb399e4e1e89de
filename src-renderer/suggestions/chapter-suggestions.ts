/**
 * A chapter's suggestions for the UI: each entry of the suggestions map
 * (shared/suggestions/suggestions.ts) with what it covers in the text
 * (suggestion-extents.ts), re-read at most once per animation frame while
 * someone types, as a store for useSyncExternalStore.
 *
 * `pending` is what is still to decide: open suggestions, and decided ones
 * whose id is back in the text (suggestions.ts, rule 4). A suggestion with
 * no text left and no decision is `detached`, like a comment thread whose
 * words were deleted by someone editing directly.
 */
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { chapterText } from '../../shared/chapter-text/chapter-text.ts';
import { suggestionExtents, type SuggestionExtent } from '../../shared/suggestions/suggestion-extents.ts';
import { entryIsOpen, readSuggestions, suggestionsMap, type Suggestion } from '../../shared/suggestions/suggestions.ts';

export interface SuggestionView {
  readonly suggestion: Suggestion;
  readonly extent: SuggestionExtent | null;
  readonly pending: boolean;
  readonly detached: boolean;
}

export class ChapterSuggestions {
  readonly doc: Y.Doc;
  #snapshot: readonly SuggestionView[] = [];
  #listeners = new Set<() => void>();
  #frame = 0;
  #stale = true;

  constructor(doc: Y.Doc) {
    this.doc = doc;
    suggestionsMap(doc).observeDeep(this.#changed);
    chapterText(doc).observeDeep(this.#changed);
  }

  destroy(): void {
    suggestionsMap(this.doc).unobserveDeep(this.#changed);
    chapterText(this.doc).unobserveDeep(this.#changed);
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly snapshot = (): readonly SuggestionView[] => {
    if (this.#stale) {
      this.#stale = false;
      this.#snapshot = read(this.doc);
    }
    return this.#snapshot;
  };

  readonly #changed = (): void => {
    if (this.#frame !== 0) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#stale = true;
      for (const listener of this.#listeners) listener();
    });
  };
}

/** A chapter's suggestions with what they cover, in document order (read once, not live). */
export function readChapterSuggestions(doc: Y.Doc): SuggestionView[] {
  return read(doc);
}

function read(doc: Y.Doc): SuggestionView[] {
  const extents = suggestionExtents(chapterText(doc));
  const views = readSuggestions(doc).map((suggestion): SuggestionView => {
    const extent = extents.get(suggestion.id) ?? null;
    return { suggestion, extent, pending: suggestion.state === 'open' || extent !== null, detached: suggestion.state === 'open' && extent === null };
  });
  // Document order for what is in the text, then the rest by age (readSuggestions' order).
  return views.sort((a, b) => (a.extent?.start ?? Number.MAX_SAFE_INTEGER) - (b.extent?.start ?? Number.MAX_SAFE_INTEGER));
}

/** The suggestions of a chapter doc, live, for as long as the component shows it. */
export function useChapterSuggestions(doc: Y.Doc): readonly SuggestionView[] {
  const store = useMemo(() => new ChapterSuggestions(doc), [doc]);
  useEffect(() => () => store.destroy(), [store]);
  const subscribe = useCallback((listener: () => void) => store.subscribe(listener), [store]);
  return useSyncExternalStore(subscribe, store.snapshot);
}

/** Open suggestions per chapter doc, for the outline (counted from the map alone: cheap while typing). */
export function openSuggestionCount(doc: Y.Doc): number {
  let count = 0;
  suggestionsMap(doc).forEach((entry) => {
    if (entryIsOpen(entry)) count++;
  });
  return count;
}

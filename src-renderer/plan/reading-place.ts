/**
 * Where the reader was in a plan: the chapter on screen and how far it was
 * scrolled, so a reload (Ctrl+R, or the window reloaded after an update)
 * comes back to the same place instead of chapter 1 (issue 10).
 *
 * Kept in the window's sessionStorage: it survives a reload of the same
 * window and is gone with it, which is what "where I was" means; it is
 * nobody's data, so it does not go through the host.
 */
export interface ReadingPlace {
  readonly chapterId: string;
  readonly scrollTop: number;
}

const key = (planId: string): string => `samskriv.place.${planId}`;

export function readingPlace(planId: string): ReadingPlace | null {
  try {
    const raw = window.sessionStorage.getItem(key(planId));
    if (raw === null) return null;
    const value = JSON.parse(raw) as Partial<ReadingPlace>;
    if (typeof value.chapterId !== 'string') return null;
    return { chapterId: value.chapterId, scrollTop: typeof value.scrollTop === 'number' && value.scrollTop >= 0 ? value.scrollTop : 0 };
  } catch {
    // Storage switched off or a value from elsewhere: start at the top.
    return null;
  }
}

export function rememberReadingPlace(planId: string, place: ReadingPlace): void {
  try {
    window.sessionStorage.setItem(key(planId), JSON.stringify(place));
  } catch {
    // Storage full or switched off: a reload starts at chapter 1, nothing else is lost.
  }
}

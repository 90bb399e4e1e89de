/**
 * Where in the plan each source is cited: the citation marks of every
 * chapter (shared/sources/citation.ts, findCitations), read through the
 * search's per-chapter document cache, so a chapter is read again only
 * after it changed, and only while someone looks (the source panel asks).
 */
import type { ChapterEntry } from '../../shared/plan/manifest.ts';
import { findCitations, type CitationPlace } from '../../shared/sources/citation.ts';
import type { ChapterHandle } from '../plan/plan-session.ts';
import { chapterDocOf } from '../search/chapter-doc-cache.ts';

export interface PlanCitation {
  readonly chapterId: string;
  readonly chapterTitle: string;
  readonly place: CitationPlace;
}

/** The citations of `sourceId`, in outline order. */
export function citationsOf(sourceId: string, chapters: readonly ChapterEntry[], handles: ReadonlyMap<string, ChapterHandle>): PlanCitation[] {
  const found: PlanCitation[] = [];
  for (const chapter of chapters) {
    const handle = handles.get(chapter.id);
    const doc = handle === undefined || handle.problem !== null ? null : chapterDocOf(handle.doc);
    if (doc === null) continue;
    for (const place of findCitations(doc)) if (place.sourceId === sourceId) found.push({ chapterId: chapter.id, chapterTitle: chapter.title, place });
  }
  return found;
}

/** Calls `listener` (at most once a frame) after any chapter changed, while the source panel lists citations. */
export function subscribeToChapters(handles: ReadonlyMap<string, ChapterHandle>, listener: () => void): () => void {
  let frame = 0;
  const changed = (): void => {
    if (frame === 0) frame = requestAnimationFrame(() => {
      frame = 0;
      listener();
    });
  };
  const docs = [...handles.values()].map((h) => h.doc);
  for (const doc of docs) doc.on('update', changed);
  return () => {
    cancelAnimationFrame(frame);
    for (const doc of docs) doc.off('update', changed);
  };
}

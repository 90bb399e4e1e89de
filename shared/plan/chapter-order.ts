/**
 * Moving a chapter in the outline (drag and drop, or Alt+↑/↓). A move writes
 * one number, the moved chapter's `order`, between its new neighbours', so two
 * people moving different chapters at once both keep their move, and two
 * moving the same chapter end with one of the two places on every peer (the
 * manifest is a map, not an array: manifest.ts). Only when there is no room
 * between the neighbours (equal orders, or floating point exhausted) are the
 * chapters numbered afresh, in the same transaction.
 */
import * as Y from 'yjs';
import type { ChapterEntry } from './manifest.ts';

/**
 * Moves `chapterId` to position `toIndex` (0-based, among `chapters`, the
 * plan's chapters in their current order). Returns false if nothing moved.
 */
export function moveChapter(doc: Y.Doc, chapters: readonly ChapterEntry[], chapterId: string, toIndex: number): boolean {
  const from = chapters.findIndex((c) => c.id === chapterId);
  if (from < 0) return false;
  const others = chapters.filter((c) => c.id !== chapterId);
  const to = Math.max(0, Math.min(others.length, Math.round(toIndex)));
  if (to === from) return false;
  const entries = doc.getMap('chapters');
  const previous = others[to - 1];
  const next = others[to];
  const order =
    previous && next ? (previous.order + next.order) / 2 : previous ? previous.order + 1 : next ? next.order - 1 : null;
  if (order === null) return false;
  doc.transact(() => {
    if ((previous && order <= previous.order) || (next && order >= next.order)) {
      // No number between the neighbours: number every chapter afresh, in the new order.
      const ordered = [...others.slice(0, to), chapters[from]!, ...others.slice(to)];
      ordered.forEach((c, index) => setOrder(entries, c.id, index + 1));
    } else {
      setOrder(entries, chapterId, order);
    }
  });
  return true;
}

function setOrder(entries: Y.Map<unknown>, chapterId: string, order: number): void {
  const entry = entries.get(chapterId);
  if (entry instanceof Y.Map) entry.set('order', order);
}

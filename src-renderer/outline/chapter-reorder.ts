/**
 * Reordering chapters in the outline, by pointer and by keyboard, with the
 * same result and the same announcement: drag a chapter onto another (above
 * or below its middle), or press Alt+↑ / Alt+↓ on a chapter. The move itself
 * is one manifest write (shared/plan/chapter-order.ts); a screen reader
 * hears where the chapter is now ("”Mål” är nu kapitel 2 av 7"). The keyboard
 * keeps focus on the moved chapter: the outline's items are keyed by id, so
 * React moves the focused button instead of re-creating it.
 */
import { useId, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChapterEntry } from '../../shared/plan/manifest.ts';
import { useAnnounce } from '../app/announcer.tsx';

const DRAG_TYPE = 'application/x-samskriv-chapter';

export interface ChapterReorder {
  /** The id of the hint "Flytta kapitlet med Alt+Pil upp …", for aria-describedby; null when moving is off. */
  readonly hintId: string | null;
  itemProps(chapterId: string, index: number): {
    draggable?: boolean;
    'data-drop'?: 'before' | 'after';
    onDragStart?: (event: DragEvent<HTMLElement>) => void;
    onDragOver?: (event: DragEvent<HTMLElement>) => void;
    onDragLeave?: () => void;
    onDrop?: (event: DragEvent<HTMLElement>) => void;
    onDragEnd?: () => void;
  };
  onKeyDown(chapterId: string, index: number): ((event: KeyboardEvent<HTMLElement>) => void) | undefined;
}

/** `move` undefined: reordering is off (a reader, a read-only plan). */
export function useChapterReorder(chapters: readonly ChapterEntry[], move: ((chapterId: string, toIndex: number) => boolean) | undefined): ChapterReorder {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const hintId = useId();
  const dragged = useRef<string | null>(null);
  const [drop, setDrop] = useState<{ index: number; after: boolean } | null>(null);

  if (move === undefined) return { hintId: null, itemProps: () => ({}), onKeyDown: () => undefined };

  const moveTo = (chapterId: string, toIndex: number): void => {
    const chapter = chapters.find((c) => c.id === chapterId);
    if (chapter === undefined || !move(chapterId, toIndex)) return;
    announce(t('chapterActions.moved', { title: chapter.title || '—', position: toIndex + 1, count: chapters.length }));
  };

  return {
    hintId,
    itemProps(chapterId, index) {
      return {
        draggable: true,
        'data-drop': drop?.index === index ? (drop.after ? 'after' : 'before') : undefined,
        onDragStart(event) {
          dragged.current = chapterId;
          event.dataTransfer.setData(DRAG_TYPE, chapterId);
          event.dataTransfer.effectAllowed = 'move';
        },
        onDragOver(event) {
          if (dragged.current === null) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = 'move';
          const box = event.currentTarget.getBoundingClientRect();
          const after = event.clientY > box.top + box.height / 2;
          if (drop?.index !== index || drop.after !== after) setDrop({ index, after });
        },
        onDragLeave() {
          setDrop(null);
        },
        onDrop(event) {
          event.preventDefault();
          const id = dragged.current;
          const box = event.currentTarget.getBoundingClientRect();
          const after = event.clientY > box.top + box.height / 2;
          dragged.current = null;
          setDrop(null);
          const from = chapters.findIndex((c) => c.id === id);
          if (id === null || from < 0) return;
          // The gap dropped on, counted in the list with the dragged chapter still in it.
          const gap = after ? index + 1 : index;
          moveTo(id, gap > from ? gap - 1 : gap);
        },
        onDragEnd() {
          dragged.current = null;
          setDrop(null);
        },
      };
    },
    onKeyDown(chapterId, index) {
      return (event) => {
        if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
        if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
        event.preventDefault();
        moveTo(chapterId, event.key === 'ArrowUp' ? index - 1 : index + 1);
      };
    },
  };
}

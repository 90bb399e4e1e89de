/**
 * Ctrl+Shift+F (⌘⇧F on a Mac) anywhere in an open plan opens "Sök i
 * planen", as in Word's and VS Code's search across documents. Plain Ctrl+F
 * stays the chapter's find bar (editor/ChapterEditor.tsx).
 */
import { useEffect } from 'react';

export function usePlanSearchShortcut(setOpen: (open: true) => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || !event.shiftKey || event.altKey || event.key.toLowerCase() !== 'f') return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [setOpen]);
}

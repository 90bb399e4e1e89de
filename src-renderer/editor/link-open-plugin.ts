/**
 * Opening a link in a chapter. The links were written by any of six agencies'
 * drafters, and a link's text need not say where it leads ("Statistik hos SCB"
 * can point anywhere), so a link is never opened by a click alone: the click
 * asks `confirm` to show the full address first (LinkOpenDialog.tsx), and
 * only a "yes" there opens it (issue 11, finding 7).
 *
 * Which clicks would open a link: in a chapter being edited, Ctrl/⌘+click
 * and a middle click (a plain click places the cursor, as in Word); in a
 * read-only chapter, any click, including Enter on a focused link and
 * Shift+click. Without this plugin the browser handles those itself: it
 * opens a new tab, or in a read-only chapter replaces the app with the page,
 * and Electron would hand the address to the system browser at once
 * (src-main/electron/navigation.ts).
 */
import { Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { isSafeHref } from '../../shared/schema/schema.ts';

export function linkOpenPlugin(confirm: (href: string) => void): Plugin {
  const activate = (view: EditorView, event: MouseEvent): boolean => {
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (link === null || !view.dom.contains(link)) return false;
    const opens = !view.editable || event.ctrlKey || event.metaKey || event.button === 1;
    if (!opens) return false;
    event.preventDefault();
    const href = link.getAttribute('href') ?? '';
    // An unsafe href is rendered as "#" (shared/schema/schema.ts): nothing to open.
    if (isSafeHref(href)) confirm(href);
    return true;
  };
  return new Plugin({
    props: {
      handleDOMEvents: {
        click: activate,
        // The middle button fires auxclick, not click.
        auxclick: activate,
      },
    },
  });
}

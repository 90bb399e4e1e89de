/**
 * Citations in the editor as links to their passage: a click on the cited
 * words, or Alt+Enter with the caret in them, opens the source beside the
 * chapter at that passage (also for readers, whose editor is read-only).
 * Read from the DOM the citation mark renders (`cite.citation` with its
 * attrs, shared/schema/schema.ts), so no editor plugin is needed.
 *
 * A citation whose source was removed, or is not listed, is styled as
 * broken by one stylesheet rule per such source: the words and the quote
 * stay; opening it says the source is gone and shows the quote.
 */
import { useEffect } from 'react';
import { citationAttrs, type CitationAttrs } from '../../shared/sources/citation.ts';
import { isUuid } from '../../shared/plan/doc-names.ts';

function citationAt(node: Node | null): CitationAttrs | null {
  const element = node instanceof Element ? node : (node?.parentElement ?? null);
  const cite = element?.closest('.ProseMirror cite.citation');
  if (!(cite instanceof HTMLElement)) return null;
  const data = cite.dataset;
  return citationAttrs({ id: data['citationId'], sourceId: data['citationSourceid'], start: data['citationStart'], end: data['citationEnd'], quote: data['citationQuote'] });
}

export function useCitationLinks(onOpen: (citation: CitationAttrs) => void): void {
  useEffect(() => {
    const onClick = (event: MouseEvent): void => {
      const citation = citationAt(event.target as Node | null);
      if (citation !== null) onOpen(citation);
    };
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key !== 'Enter' || !event.altKey || event.ctrlKey || event.metaKey) return;
      const citation = citationAt(window.getSelection()?.anchorNode ?? null);
      if (citation === null) return;
      event.preventDefault();
      onOpen(citation);
    };
    document.addEventListener('click', onClick);
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('click', onClick);
      document.removeEventListener('keydown', onKeyDown, true);
    };
  }, [onOpen]);
}

/**
 * Marks the citations of sources that are not (or no longer) in the plan;
 * `live` are the listed, not removed sources. A constructed stylesheet, as
 * the Content-Security-Policy (style-src 'self') refuses a <style> element.
 */
export function useBrokenCitationStyle(live: ReadonlySet<string>): void {
  const key = [...live].filter(isUuid).sort().join(',');
  useEffect(() => {
    const known = key === '' ? [] : key.split(',');
    // Every citation is broken unless its source is live; the ids are checked UUIDs, safe in a selector.
    const rule = `.ProseMirror cite.citation${known.map((id) => `:not([data-citation-sourceid="${id}"])`).join('')} { text-decoration: underline wavy var(--danger); }`;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(rule);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }, [key]);
}

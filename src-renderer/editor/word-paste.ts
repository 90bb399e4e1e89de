/**
 * What Word puts on the clipboard, made into what the chapter schema means
 * (issue 10, "Pasting from Word"). Word's HTML is not the HTML ProseMirror's
 * parser expects:
 *
 * - **Lists are paragraphs.** Each item is a `<p>` whose style names its list
 *   and level (`mso-list:l0 level1 lfo1`) and whose bullet or number is text
 *   in a `mso-list:Ignore` span ("·", "o", "§", "1.", "a)"). Parsed as it is,
 *   a list becomes paragraphs starting with "·". Here consecutive list
 *   paragraphs become `<ul>`/`<ol>` with nested lists for deeper levels; an
 *   item is numbered when its marker is a number or letter followed by "."
 *   or ")".
 * - **Headings go deeper than ours.** The schema has levels 1–3; `h4`–`h6`
 *   would fall back to body text. They become level 3, the deepest we have,
 *   so a heading stays a heading (h1–h3 keep their level).
 * - **Footnotes and bookmarks are links within the document** (`#_ftn1`,
 *   `#_Toc…`). The chapter has no such targets, and the link would be
 *   rendered as "#". Such anchors are unwrapped: the "[1]" and the footnote
 *   text stay as text.
 * - **Images** have no place in the schema and would be dropped without a
 *   word. They are removed here and counted, so the editor can say so.
 *
 * Links to other places keep their href; the schema renders anything but
 * web, mail and phone links inert (`safeHref`), which the tests keep.
 * Hand-written (a few DOM rewrites) because no maintained package turns
 * Word's list paragraphs into lists for ProseMirror.
 */
import { Plugin, PluginKey } from 'prosemirror-state';

export interface WordPasteResult {
  readonly html: string;
  /** Images left out (the chapter cannot hold them). */
  readonly droppedImages: number;
}

const LIST_STYLE = /mso-list:\s*(l\d+)\s+level(\d+)/i;
const ORDERED_MARKER = /^\s*(\d+|[a-z]{1,4})[.)]\s*$/i;

export function normaliseWordHtml(html: string): WordPasteResult {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const body = doc.body;
  const droppedImages = removeImages(body);
  for (const anchor of [...body.querySelectorAll('a')]) {
    const href = anchor.getAttribute('href');
    if (href === null || href.startsWith('#')) unwrap(anchor);
  }
  for (const level of ['h4', 'h5', 'h6']) {
    for (const heading of [...body.querySelectorAll(level)]) rename(heading, 'h3');
  }
  buildLists(body);
  return { html: body.innerHTML, droppedImages };
}

/** Removes images (and Word's VML image shapes); returns how many pictures there were. */
function removeImages(body: HTMLElement): number {
  const images = [...body.querySelectorAll('img')];
  // Word often sends a picture twice, as VML and as <img>; count pictures, not both.
  const shapes = [...body.getElementsByTagName('v:shape')].filter((shape) => shape.getElementsByTagName('v:imagedata').length > 0);
  for (const element of [...images, ...shapes]) element.remove();
  return Math.max(images.length, shapes.length);
}

interface ListParagraph {
  readonly element: HTMLElement;
  readonly level: number;
  readonly ordered: boolean;
}

/** Turns every run of Word list paragraphs among siblings into nested lists. */
function buildLists(root: Element): void {
  for (const container of [root, ...root.querySelectorAll('div, td, th, li, blockquote')]) {
    let run: ListParagraph[] = [];
    for (const child of [...container.children]) {
      const item = child instanceof HTMLElement ? listParagraph(child) : null;
      if (item !== null) {
        run.push(item);
        continue;
      }
      if (run.length > 0) replaceRun(run);
      run = [];
    }
    if (run.length > 0) replaceRun(run);
  }
}

function listParagraph(element: HTMLElement): ListParagraph | null {
  if (element.tagName !== 'P') return null;
  const match = LIST_STYLE.exec(element.getAttribute('style') ?? '');
  if (match === null) return null;
  let marker = '';
  for (const span of [...element.querySelectorAll('span')]) {
    if (!/mso-list:\s*Ignore/i.test(span.getAttribute('style') ?? '')) continue;
    marker += span.textContent ?? '';
    span.remove();
  }
  return { element, level: Math.max(1, Number(match[2])), ordered: ORDERED_MARKER.test(marker.replace(/\u00a0/g, ' ')) };
}

function replaceRun(run: readonly ListParagraph[]): void {
  const first = run[0] as ListParagraph;
  const doc = first.element.ownerDocument;
  // Open lists from the outside in; each entry's last <li> takes deeper levels.
  const open: { list: HTMLElement; level: number }[] = [];
  let top: HTMLElement | null = null;
  for (const item of run) {
    while (open.length > 0 && (open[open.length - 1] as { level: number }).level > item.level) open.pop();
    let current = open[open.length - 1];
    if (current === undefined || current.level < item.level) {
      const list = doc.createElement(item.ordered ? 'ol' : 'ul');
      const parentItem = current?.list.lastElementChild;
      if (current !== undefined && parentItem instanceof HTMLElement) parentItem.append(list);
      else if (top === null) top = list;
      else {
        // A shallower start after the first list (a level-2 item first): a sibling list.
        top.after(list);
        top = list;
      }
      current = { list, level: item.level };
      open.push(current);
    }
    const li = doc.createElement('li');
    const p = doc.createElement('p');
    p.append(...item.element.childNodes);
    li.append(p);
    current.list.append(li);
  }
  first.element.replaceWith(top as HTMLElement);
  for (const item of run.slice(1)) item.element.remove();
}

function unwrap(element: Element): void {
  element.replaceWith(...element.childNodes);
}

function rename(element: Element, tag: string): void {
  const renamed = element.ownerDocument.createElement(tag);
  renamed.append(...element.childNodes);
  element.replaceWith(renamed);
}

export const wordPasteKey = new PluginKey('samskriv-word-paste');

/**
 * Applies `normaliseWordHtml` to every HTML paste, and tells
 * `onDroppedImages` how many pictures were left out (after the paste).
 */
export function wordPastePlugin(onDroppedImages: (count: number) => void = () => undefined): Plugin {
  return new Plugin({
    key: wordPasteKey,
    props: {
      transformPastedHTML(html) {
        const { html: normalised, droppedImages } = normaliseWordHtml(html);
        if (droppedImages > 0) queueMicrotask(() => onDroppedImages(droppedImages));
        return normalised;
      },
    },
  });
}

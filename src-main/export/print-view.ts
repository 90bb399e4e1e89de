/**
 * The plan as one self-contained HTML document made to be printed: the
 * print view from which both hosts make the PDF (issue 15). The desktop
 * prints it with Electron's `webContents.printToPDF` (src-main/electron/
 * print-to-pdf.ts), the browser host opens it in a tab and the browser's own
 * print dialog saves it as PDF. The Word export reads the same model
 * (export-plan.ts) with the same rules, so both documents say the same:
 *
 * - a title page: the title, the six agencies, the recipient and the
 *   reference number when filled in, the date in Swedish;
 * - a table of contents that links to every chapter and its headings of
 *   levels 1 and 2, as Word's lists Heading 1–3. Links only, no page
 *   numbers: Chromium has no CSS `target-counter()`
 *   (docs/decisions/export.md has the trade-off);
 * - the chapters in the manifest's order, each on a new page, as `<h1>`,
 *   and their headings 1–3 as `<h2>`–`<h4>`, as Word's Heading 1–4. A
 *   tagged PDF's structure and Chromium's document outline (the PDF's
 *   bookmarks) come from these levels;
 * - the accepted text (accepted-text.ts), with bold, italic, underline,
 *   strikethrough, safe links, lists and tables (`<th>` for header cells, a
 *   header row as `<thead>`, which Chromium repeats on every page);
 * - citations as numbered notes at the end of their chapter, numbered
 *   across the plan as Word numbers its footnotes, with the same text
 *   (citation-footnotes.ts), and the plan's sources under "Underlag".
 *
 * It reads ProseMirror JSON by node and mark names, as chapter-blocks.ts
 * does: an unknown block is written as a paragraph of its text, an unknown
 * mark is ignored, so no words are dropped. Every text is escaped. The
 * document has no script, and its Content-Security-Policy allows nothing but
 * its own stylesheet (by hash), so neither a hostile chapter nor anything
 * else can run code in the window that prints it.
 *
 * The page header (the plan's title) and the footer ("Sida X av Y") are
 * CSS page margin boxes (`@top-right`, `@bottom-center` with
 * `counter(page)` and `counter(pages)`, Chromium 131 and later), not
 * printToPDF's header and footer templates: so the title page has neither,
 * as in the Word export, and the browser's own print to PDF gets them too,
 * which templates (a printToPDF option) cannot give it.
 */
import { createHash } from 'node:crypto';
import { agencyByCode } from '../../shared/agencies/agencies.ts';
import { isSafeHref } from '../../shared/schema/schema.ts';
import type { PmJsonMark, PmJsonNode } from '../../shared/sample/sample-plan.ts';
import { citationFootnote } from '../../shared/sources/source-reference.ts';
import { acceptedMarks, inAcceptedText } from './accepted-text.ts';
import { citations, markSpans, type Span } from './chapter-blocks.ts';
import { listedSources, SOURCE_TEXT } from './citation-footnotes.ts';
import type { ExportPlan } from './export-plan.ts';
import { DOCUMENT_TEXT, swedishDate } from './plan-docx.ts';

export const PRINT_VIEW_MEDIA_TYPE = 'text/html; charset=utf-8';

/** Text only the print view carries; Swedish, as the whole submission. */
export const PRINT_TEXT = {
  notes: 'Noter',
  /** Each chapter's notes are a landmark of their own, so each has a name of its own. */
  notesOf: (chapter: string) => `Noter till ${chapter}`,
  note: (n: number) => `Not ${n}`,
  backToText: (n: number) => `Tillbaka till texten vid not ${n}`,
} as const;

/** How the print view is printed: A4 with 2.5 cm margins, as the Word export. */
export const PRINT_PAGE = { marginCm: 2.5 } as const;

/**
 * The pages: the plan's title at the top right and "Sida X av Y" at the
 * bottom, in the margin; neither on the title page (`:first`), which still
 * counts as page 1, as in the Word export.
 */
function pageStyle(title: string): string {
  const box = `font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 9pt; color: #595959;`;
  return `
@page { size: A4; margin: ${PRINT_PAGE.marginCm}cm;
  @top-right { content: ${cssString(title)}; ${box} vertical-align: middle; }
  @bottom-center { content: ${cssString(`${DOCUMENT_TEXT.page} `)} counter(page) ${cssString(` ${DOCUMENT_TEXT.of} `)} counter(pages); ${box} vertical-align: middle; }
}
@page :first { @top-right { content: none; } @bottom-center { content: none; } }`;
}

const STYLE = `
html { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4; color: #000; background: #fff; }
body { margin: 0; }
@media screen { body { max-width: 16cm; margin: 2rem auto; padding: 0 1rem; } .title-page, .contents { border-bottom: 1px solid #bfbfbf; padding-bottom: 2rem; } }
h1, h2, h3, h4, .title, .contents-title { color: #1f3864; font-weight: bold; break-after: avoid; page-break-after: avoid; }
h1, .contents-title { font-size: 18pt; margin: 0 0 12pt; }
h2 { font-size: 15pt; margin: 18pt 0 6pt; }
h3 { font-size: 13pt; margin: 12pt 0 6pt; }
h4 { font-size: 11pt; margin: 12pt 0 6pt; }
p { margin: 0 0 6pt; orphans: 2; widows: 2; }
a { color: #1f3864; }
.title-page { break-after: page; page-break-after: always; padding-top: 4cm; }
.title { font-size: 24pt; line-height: 1.2; margin: 0 0 1cm; }
.agencies { list-style: none; padding: 0; margin: 0 0 1cm; font-size: 13pt; }
.agencies li { margin: 0 0 3pt; }
.contents { break-after: page; page-break-after: always; }
.contents ol { list-style: none; padding: 0; margin: 0; }
.contents li { margin: 4pt 0; }
.contents a { color: #000; text-decoration: none; }
.contents > ol > li { margin-top: 8pt; }
.contents > ol > li > a { font-weight: bold; }
.contents ol ol { padding-left: 1.5em; }
.chapter { break-before: page; page-break-before: always; }
ul, ol { margin: 0 0 6pt; padding-left: 1.5em; }
li > p { margin: 0 0 3pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 12pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #808080; padding: 3pt 5pt; text-align: left; vertical-align: top; }
th { background: #e7e6e6; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
th > p, td > p { margin: 0; }
sup { line-height: 0; }
.notes { margin-top: 18pt; border-top: 1px solid #808080; padding-top: 6pt; font-size: 9.5pt; }
.notes-title { font-weight: bold; margin: 0 0 3pt; }
.notes ol { padding-left: 2em; }
`;

/**
 * The print view's policy: nothing but its own stylesheet, by hash. The
 * browser host also sends it as a response header (`printViewPolicy`, with
 * `frame-ancestors`, which a `<meta>` cannot carry).
 */
function policy(style: string): string {
  return `default-src 'none'; style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'; base-uri 'none'; form-action 'none'`;
}

const POLICY_META = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/;

/** The policy a print view carries in its `<meta>`, to send as its header too; null for any other document. */
export function printViewPolicy(html: string): string | null {
  return POLICY_META.exec(html)?.[1] ?? null;
}

export interface PrintViewOptions {
  /** The date on the title page. */
  readonly date: Date;
}

/** The print view of the plan, a whole HTML document. */
export function printView(plan: ExportPlan, options: PrintViewOptions): string {
  const notes = new Notes(plan);
  const ids = new HeadingIds();
  const chapters = plan.chapters.map((chapter) => chapterSection(chapter.title, chapter.content, ids, notes));
  const sources = sourceSection(plan, notes, ids);
  const title = plan.title.trim() === '' ? 'Plan' : plan.title;
  const style = pageStyle(title) + STYLE;
  return [
    '<!DOCTYPE html>',
    '<html lang="sv">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${policy(style)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeText(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    titlePage(plan, options),
    contents(ids.toc),
    '<main>',
    ...chapters,
    ...(sources === null ? [] : [sources]),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function titlePage(plan: ExportPlan, options: PrintViewOptions): string {
  const lines = [
    ...(plan.recipient !== null ? [`${DOCUMENT_TEXT.recipient}: ${plan.recipient}`] : []),
    ...(plan.reference !== null ? [`${DOCUMENT_TEXT.reference}: ${plan.reference}`] : []),
    swedishDate(options.date),
  ];
  return [
    '<header class="title-page">',
    `<p class="title">${escapeText(plan.title)}</p>`,
    `<ul class="agencies">${plan.agencies.map((code) => `<li>${escapeText(agencyByCode(code).nameSv)}</li>`).join('')}</ul>`,
    ...lines.map((line) => `<p>${escapeText(line)}</p>`),
    '</header>',
  ].join('\n');
}

interface TocEntry {
  readonly id: string;
  readonly text: string;
  readonly children: TocEntry[];
}

/** Gives every chapter and heading an id for the table of contents' links, and keeps the table. */
class HeadingIds {
  readonly toc: TocEntry[] = [];
  #chapters = 0;
  #headings = 0;
  #lastLevelOne: TocEntry | null = null;

  chapter(text: string): string {
    const id = `kapitel-${++this.#chapters}`;
    this.toc.push({ id, text, children: [] });
    this.#lastLevelOne = null;
    return id;
  }

  /**
   * A heading in the current chapter. Levels 1 and 2 are listed, as the Word
   * export's table lists Heading 1–3 (the chapter and its headings 1–2); a
   * level-2 heading under the chapter's last level-1 heading, if any.
   */
  heading(level: number, text: string): string {
    const id = `rubrik-${++this.#headings}`;
    const chapter = this.toc.at(-1);
    if (chapter !== undefined && level <= 2) {
      const parent = level === 2 ? (this.#lastLevelOne ?? chapter) : chapter;
      const entry = { id, text, children: [] };
      parent.children.push(entry);
      if (level === 1) this.#lastLevelOne = entry;
    }
    return id;
  }
}

function contents(toc: readonly TocEntry[]): string {
  const list = (entries: readonly TocEntry[]): string =>
    entries.length === 0
      ? ''
      : `<ol>${entries.map((entry) => `<li><a href="#${entry.id}">${escapeText(entry.text)}</a>${list(entry.children)}</li>`).join('')}</ol>`;
  return [
    '<nav class="contents" aria-labelledby="innehall">',
    `<p class="contents-title" id="innehall">${escapeText(DOCUMENT_TEXT.contents)}</p>`,
    list(toc),
    '</nav>',
  ].join('\n');
}

/** Citations as notes: numbered across the plan, listed at the end of the chapter they are in. */
class Notes {
  readonly #plan: ExportPlan;
  readonly cited = new Set<string>();
  #next = 1;
  #pending: { readonly n: number; readonly text: string }[] = [];

  constructor(plan: ExportPlan) {
    this.#plan = plan;
  }

  /** A new note for the citation; its reference, to follow the cited words. */
  add(citation: { readonly sourceId: string; readonly quote: string }): string {
    const n = this.#next++;
    this.cited.add(citation.sourceId);
    this.#pending.push({ n, text: citationFootnote(citation, this.#plan.sources) ?? SOURCE_TEXT.unlisted(citation.quote) });
    return `<sup><a href="#not-${n}" id="notref-${n}" aria-label="${escapeAttribute(PRINT_TEXT.note(n))}">${n}</a></sup>`;
  }

  /** The notes of the chapter just written (titled `chapter`), and none pending after. */
  section(chapter: string): string {
    if (this.#pending.length === 0) return '';
    const items = this.#pending.map(
      ({ n, text }) => `<li id="not-${n}" value="${n}">${escapeText(text)} <a href="#notref-${n}" aria-label="${escapeAttribute(PRINT_TEXT.backToText(n))}">↩</a></li>`,
    );
    const first = this.#pending[0]!.n;
    this.#pending = [];
    return `<aside class="notes" aria-label="${escapeAttribute(PRINT_TEXT.notesOf(chapter))}"><p class="notes-title">${escapeText(PRINT_TEXT.notes)}</p><ol start="${first}">${items.join('')}</ol></aside>`;
  }
}

interface Context {
  readonly ids: HeadingIds;
  readonly notes: Notes;
  /** Citation id → the first and last visible text that carries it (chapter-blocks.ts counts alike). */
  readonly citations: ReadonlyMap<string, Span>;
  /** Index of the next visible text node. */
  next: number;
}

function chapterSection(title: string, content: PmJsonNode, ids: HeadingIds, notes: Notes): string {
  const text = title.trim() === '' ? DOCUMENT_TEXT.untitledChapter : title;
  const id = ids.chapter(text);
  const context: Context = { ids, notes, citations: markSpans(content, inAcceptedText, (marks) => citations(marks).map((c) => c.id)), next: 0 };
  const body = blocks(content.content ?? [], context);
  return `<section class="chapter" aria-labelledby="${id}">\n<h1 id="${id}">${escapeText(text)}</h1>\n${body}${notes.section(text)}\n</section>`;
}

function sourceSection(plan: ExportPlan, notes: Notes, ids: HeadingIds): string | null {
  const listed = listedSources(plan.sources, notes.cited);
  if (listed.length === 0) return null;
  const id = ids.chapter(SOURCE_TEXT.heading);
  return `<section class="chapter" aria-labelledby="${id}">\n<h1 id="${id}">${escapeText(SOURCE_TEXT.heading)}</h1>\n<ul>${listed.map((entry) => `<li>${escapeText(entry)}</li>`).join('')}</ul>\n</section>`;
}

function blocks(nodes: readonly PmJsonNode[], context: Context): string {
  let out = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'bullet_list':
      case 'ordered_list': {
        const start = node.attrs?.['order'];
        const tag = node.type === 'ordered_list' ? 'ol' : 'ul';
        const startAttr = tag === 'ol' && typeof start === 'number' && Number.isSafeInteger(start) && start !== 1 ? ` start="${start}"` : '';
        const items = (node.content ?? []).map((item) => `<li>${blocks(item.type === 'list_item' ? (item.content ?? []) : [item], context)}</li>`);
        out += `<${tag}${startAttr}>${items.join('')}</${tag}>\n`;
        break;
      }
      case 'table':
        out += table(node, context);
        break;
      case 'heading': {
        const level = headingLevel(node.attrs?.['level']);
        const html = inline(node, context);
        const id = context.ids.heading(level, plainText(node));
        out += `<h${level + 1} id="${id}">${html}</h${level + 1}>\n`;
        break;
      }
      default:
        // paragraph, and any textblock or container this version does not know: its text as paragraphs.
        if (isInline(node)) out += blocks([{ type: 'paragraph', content: [node] }], context);
        else if (node.content?.some((child) => !isInline(child))) out += blocks(node.content, context);
        else out += `<p>${inline(node, context)}</p>\n`;
    }
  }
  return out;
}

function headingLevel(level: unknown): 1 | 2 | 3 {
  return level === 3 ? 3 : level === 2 ? 2 : 1;
}

function table(node: PmJsonNode, context: Context): string {
  const rows = (node.content ?? []).filter((row) => (row.content ?? []).length > 0);
  const isHeaderRow = (row: PmJsonNode): boolean => (row.content ?? []).every((cell) => cell.type === 'table_header');
  // Leading header rows are the table's head (repeated on each page); a header cell elsewhere heads its row.
  let headRows = 0;
  while (headRows < rows.length && isHeaderRow(rows[headRows]!)) headRows++;
  const row = (cells: readonly PmJsonNode[], inHead: boolean): string =>
    `<tr>${cells
      .map((cell) => {
        const tag = cell.type === 'table_header' ? 'th' : 'td';
        const scope = tag === 'th' ? (inHead ? ' scope="col"' : ' scope="row"') : '';
        const colspan = span(cell.attrs?.['colspan']);
        const rowspan = span(cell.attrs?.['rowspan']);
        const spans = `${colspan > 1 ? ` colspan="${colspan}"` : ''}${rowspan > 1 ? ` rowspan="${rowspan}"` : ''}`;
        return `<${tag}${scope}${spans}>${blocks(cell.content ?? [], context)}</${tag}>`;
      })
      .join('')}</tr>`;
  const head = rows.slice(0, headRows).map((r) => row(r.content ?? [], true));
  const body = rows.slice(headRows).map((r) => row(r.content ?? [], false));
  return `<table>${head.length > 0 ? `<thead>${head.join('')}</thead>` : ''}${body.length > 0 ? `<tbody>${body.join('')}</tbody>` : ''}</table>\n`;
}

function span(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 1;
}

function isInline(node: PmJsonNode): boolean {
  return node.type === 'text' || node.type === 'hard_break';
}

/** A heading's accepted text, for the table of contents. */
function plainText(node: PmJsonNode): string {
  return (node.content ?? [])
    .map((child) => (child.type === 'text' && typeof child.text === 'string' && inAcceptedText(child.marks) ? child.text : child.type === 'hard_break' ? ' ' : ''))
    .join('');
}

function inline(node: PmJsonNode, context: Context): string {
  let out = '';
  for (const child of node.content ?? []) {
    if (child.type === 'hard_break') {
      out += '<br>';
      continue;
    }
    if (child.type !== 'text' || typeof child.text !== 'string' || !inAcceptedText(child.marks)) continue;
    const index = context.next++;
    out += formatted(child.text, acceptedMarks(child.marks));
    for (const citation of citations(child.marks)) {
      if (context.citations.get(citation.id)?.last === index) out += context.notes.add(citation);
    }
  }
  return out;
}

/** Text with its formatting; the link outermost, so a link's words stay one link. */
function formatted(text: string, marks: readonly PmJsonMark[]): string {
  const has = (type: string): boolean => marks.some((mark) => mark.type === type);
  let html = escapeText(text);
  if (has('strike')) html = `<s>${html}</s>`;
  if (has('underline')) html = `<u>${html}</u>`;
  if (has('italic')) html = `<em>${html}</em>`;
  if (has('bold')) html = `<strong>${html}</strong>`;
  const href = marks.find((mark) => mark.type === 'link')?.attrs?.['href'];
  if (typeof href === 'string' && isSafeHref(href)) html = `<a href="${escapeAttribute(href.trim())}">${html}</a>`;
  return html;
}

/**
 * A CSS string of any text: everything but letters, digits and spaces as a
 * CSS escape, so no quote, backslash, line break or `</style>` can end it.
 */
function cssString(text: string): string {
  return `"${[...text].map((c) => (/[\p{L}\p{N} ]/u.test(c) ? c : `\\${c.codePointAt(0)!.toString(16)} `)).join('')}"`;
}

export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * One chapter's ProseMirror JSON as Word paragraphs and tables.
 *
 * It reads JSON, not schema nodes, so a node or mark this version does not
 * know (a newer peer's, or one being added beside this code) never stops an
 * export: an unknown block is written as a paragraph of its text, an unknown
 * mark is ignored. Text is never dropped, except suggested insertions, which
 * are not part of the accepted text (accepted-text.ts).
 *
 * Comment anchors: a thread's Word comment spans from the first to the last
 * text carrying its `comment` mark in the chapter. An anchor that was split
 * apart (part of the commented text rewritten) therefore covers the gap too;
 * Word has one range per comment.
 *
 * Citations (the `citation` mark): a footnote reference follows the last
 * text that carries a citation's id, so the note stands where the cited
 * words end (citation-footnotes.ts writes its text). A citation whose words
 * are all left out (a suggested insertion in the submission) has no note.
 */
import {
  AlignmentType,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  ExternalHyperlink,
  FootnoteReference,
  FootnoteReferenceRun,
  HeadingLevel,
  InsertedTextRun,
  LevelFormat,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ILevelsOptions,
  type INumberingOptions,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import { isSafeHref } from '../../shared/schema/schema.ts';
import { citationAttrs, type CitationAttrs } from '../../shared/sources/citation.ts';
import type { PmJsonMark, PmJsonNode } from '../../shared/sample/sample-plan.ts';
import { acceptedMarks, inAcceptedText } from './accepted-text.ts';
import type { CitationFootnotes } from './citation-footnotes.ts';
import type { ChapterChanges, TrackedChange } from './tracked-changes.ts';

export type Block = Paragraph | Table;

/** Width of the text between the margins of an A4 page with 2.5 cm margins, in twentieths of a point. */
export const TEXT_WIDTH_TWIPS = 11906 - 2 * 1417;

/** Levels Word offers for a list: nine, indented 0.63 cm further each. */
const LIST_LEVELS = 9;
const LEVEL_INDENT = 360;

const BULLETS = ['•', '◦', '▪'] as const;
const NUMBER_FORMATS = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN] as const;

/**
 * The lists of a whole document: every ordered list is its own Word list
 * (`instance`), so each starts at its own first number. Shared by every
 * chapter of one export.
 */
export class ListNumbering {
  #instances = 0;
  readonly #starts = new Set<number>([1]);

  /** A new Word list for an ordered list that starts at `start`. */
  orderedList(start: number): { reference: string; instance: number } {
    const first = Number.isSafeInteger(start) && start > 0 ? start : 1;
    this.#starts.add(first);
    return { reference: orderedReference(first), instance: ++this.#instances };
  }

  bulletList(): { reference: string; instance: number } {
    return { reference: BULLET_REFERENCE, instance: ++this.#instances };
  }

  /** The numbering definitions the document needs for the lists handed out. */
  options(): INumberingOptions {
    const bullet: ILevelsOptions[] = levels((level) => ({
      level,
      format: LevelFormat.BULLET,
      text: BULLETS[level % BULLETS.length]!,
    }));
    const ordered = [...this.#starts].map((start) => ({
      reference: orderedReference(start),
      levels: levels((level) => ({
        level,
        format: NUMBER_FORMATS[level % NUMBER_FORMATS.length]!,
        text: `%${level + 1}.`,
        start: level === 0 ? start : 1,
      })),
    }));
    return { config: [{ reference: BULLET_REFERENCE, levels: bullet }, ...ordered] };
  }
}

const BULLET_REFERENCE = 'samskriv-bullet';

function orderedReference(start: number): string {
  return `samskriv-ordered-${start}`;
}

function levels(make: (level: number) => Omit<ILevelsOptions, 'alignment' | 'style'>): ILevelsOptions[] {
  return Array.from({ length: LIST_LEVELS }, (_, level) => ({
    ...make(level),
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: LEVEL_INDENT * (level + 1) + LEVEL_INDENT, hanging: LEVEL_INDENT } } },
  }));
}

/** Where the Word comments of a chapter go: Word comment ids per anchored thread, root first then replies. */
export type ThreadComments = ReadonlyMap<string, readonly number[]>;

interface ListPlace {
  readonly reference: string;
  readonly instance: number;
  readonly level: number;
}

interface Context {
  readonly numbering: ListNumbering;
  readonly comments: ThreadComments;
  /** Thread id → the first and last text (by visible-text index) that carries its mark. */
  readonly spans: ReadonlyMap<string, Span>;
  /** Citation id → the first and last text that carries its mark, counted alike. */
  readonly citations: ReadonlyMap<string, Span>;
  /** Where citations' footnotes go; null writes none. */
  readonly footnotes: CitationFootnotes | null;
  /** Index of the next visible text node, counted as the spans were. */
  next: number;
  /** The review copy's tracked changes; null where suggestions show as the accepted text. */
  readonly tracked: ChapterChanges | null;
}

/**
 * The chapter's blocks. Its headings become Word headings one level below
 * the chapter title (Heading 1), so the chapters head the table of contents.
 */
export function chapterBlocks(
  content: PmJsonNode,
  numbering: ListNumbering,
  comments: ThreadComments = new Map(),
  tracked: ChapterChanges | null = null,
  footnotes: CitationFootnotes | null = null,
): Block[] {
  const shown = tracked === null ? inAcceptedText : () => true;
  const context: Context = {
    numbering,
    comments,
    spans: comments.size === 0 ? new Map() : markSpans(content, shown, (marks) => commentIds(marks).filter((id) => comments.has(id))),
    citations: footnotes === null ? new Map() : markSpans(content, shown, (marks) => citations(marks).map((c) => c.id)),
    next: 0,
    tracked,
    footnotes,
  };
  return blocks(content.content ?? [], context, null);
}

export type Shown = (marks: readonly PmJsonMark[] | undefined) => boolean;

/** Thread ids whose `comment` mark is on some text of the accepted text. */
export function anchoredThreadIds(content: PmJsonNode, shown: Shown = inAcceptedText): Set<string> {
  const ids = new Set<string>();
  forEachVisibleText(content, shown, (node) => {
    for (const id of commentIds(node.marks)) ids.add(id);
  });
  return ids;
}

export interface Span {
  first: number;
  last: number;
}

/**
 * For each id `idsOf` finds in a text's marks, the first and last visible text (by index) that has it.
 * The print view (print-view.ts) counts its text the same way.
 */
export function markSpans(content: PmJsonNode, shown: Shown, idsOf: (marks: readonly PmJsonMark[] | undefined) => readonly string[]): Map<string, Span> {
  const spans = new Map<string, Span>();
  let index = 0;
  forEachVisibleText(content, shown, (node) => {
    for (const id of idsOf(node.marks)) {
      const span = spans.get(id);
      if (span === undefined) spans.set(id, { first: index, last: index });
      else span.last = index;
    }
    index++;
  });
  return spans;
}

/** Visits the text nodes `inline` writes, in the order it writes them, so the two count alike. */
function forEachVisibleText(node: PmJsonNode, shown: Shown, visit: (text: PmJsonNode) => void): void {
  if (node.type === 'text') {
    if (typeof node.text === 'string' && shown(node.marks)) visit(node);
    return;
  }
  for (const child of node.content ?? []) forEachVisibleText(child, shown, visit);
}

function commentIds(marks: readonly PmJsonMark[] | undefined): string[] {
  const ids: string[] = [];
  for (const mark of marks ?? []) {
    const id = mark.attrs?.['threadId'];
    if (mark.type === 'comment' && typeof id === 'string') ids.push(id);
  }
  return ids.sort();
}

/** The citations a text's marks carry (the `citation` mark; one per cited passage). */
export function citations(marks: readonly PmJsonMark[] | undefined): CitationAttrs[] {
  return (marks ?? []).flatMap((mark) => (mark.type === 'citation' ? (citationAttrs(mark.attrs) ?? []) : []));
}

function blocks(nodes: readonly PmJsonNode[], context: Context, list: ListPlace | null, bold = false): Block[] {
  const out: Block[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'bullet_list':
      case 'ordered_list':
        out.push(...listBlocks(node, context, list));
        break;
      case 'table':
        out.push(table(node, context));
        break;
      case 'heading':
        out.push(
          list === null
            ? new Paragraph({ heading: wordHeading(node.attrs?.['level']), children: inline(node, context, bold) })
            : listParagraph(node, context, list, bold),
        );
        break;
      default:
        // paragraph, and any textblock or container this version does not know: its text as paragraphs.
        if (isInline(node)) out.push(...blocks([{ type: 'paragraph', content: [node] }], context, list, bold));
        else if (node.content?.some((child) => !isInline(child))) out.push(...blocks(node.content, context, list, bold));
        else out.push(list === null ? new Paragraph({ children: inline(node, context, bold) }) : listParagraph(node, context, list, bold));
    }
    // Only an item's first paragraph carries its bullet or number; what follows is indented under it.
    if (list !== null && list.instance !== 0) list = { ...list, instance: 0 };
  }
  return out;
}

function listBlocks(node: PmJsonNode, context: Context, outer: ListPlace | null): Block[] {
  const level = outer === null ? 0 : Math.min(outer.level + 1, LIST_LEVELS - 1);
  const order = node.attrs?.['order'];
  const { reference, instance } =
    node.type === 'ordered_list' ? context.numbering.orderedList(typeof order === 'number' ? order : 1) : context.numbering.bulletList();
  const out: Block[] = [];
  for (const item of node.content ?? []) {
    // Every item's first paragraph is numbered in the list's instance.
    out.push(...blocks(item.type === 'list_item' ? (item.content ?? []) : [item], context, { reference, instance, level }));
  }
  return out;
}

/** instance 0 stands for "a further paragraph of the item": indented, not numbered. */
function listParagraph(node: PmJsonNode, context: Context, list: ListPlace, bold: boolean): Paragraph {
  const children = inline(node, context, bold);
  if (list.instance === 0) {
    return new Paragraph({ children, indent: { left: LEVEL_INDENT * (list.level + 2) } });
  }
  return new Paragraph({ children, numbering: { reference: list.reference, level: list.level, instance: list.instance } });
}

function wordHeading(level: unknown): (typeof HeadingLevel)[keyof typeof HeadingLevel] {
  if (level === 3) return HeadingLevel.HEADING_4;
  if (level === 2) return HeadingLevel.HEADING_3;
  return HeadingLevel.HEADING_2;
}

function table(node: PmJsonNode, context: Context): Table {
  const rows = (node.content ?? []).filter((row) => (row.content ?? []).length > 0);
  const columns = Math.max(1, ...rows.map((row) => (row.content ?? []).reduce((sum, cell) => sum + span(cell.attrs?.['colspan']), 0)));
  const columnWidth = Math.floor(TEXT_WIDTH_TWIPS / columns);
  return new Table({
    width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths: Array.from({ length: columns }, () => columnWidth),
    rows: rows.map((row) => {
      const cells = row.content ?? [];
      const header = cells.every((cell) => cell.type === 'table_header');
      return new TableRow({
        tableHeader: header,
        children: cells.map((cell) => {
          const isHeader = cell.type === 'table_header';
          const content = blocks(cell.content ?? [], context, null, isHeader);
          return new TableCell({
            children: content.length > 0 ? content : [new Paragraph({})],
            columnSpan: span(cell.attrs?.['colspan']),
            rowSpan: span(cell.attrs?.['rowspan']),
            width: { size: columnWidth * span(cell.attrs?.['colspan']), type: WidthType.DXA },
            ...(isHeader ? { shading: { type: ShadingType.CLEAR, fill: 'E7E6E6', color: 'auto' } } : {}),
          });
        }),
      });
    }),
  });
}

function trackedRun(options: IRunOptions, change: TrackedChange): InsertedTextRun | DeletedTextRun {
  const revision = { id: change.id, author: change.author, date: change.date };
  return change.kind === 'insert' ? new InsertedTextRun({ ...options, ...revision }) : new DeletedTextRun({ ...options, ...revision });
}

/**
 * A citation's footnote reference. In a suggested insertion or deletion it is
 * part of the tracked change, so a reviewer who rejects the inserted words (or
 * accepts their deletion) in Word takes the note with them.
 */
function footnoteReference(id: number, change: TrackedChange | null): ParagraphChild {
  return change === null ? new FootnoteReferenceRun(id) : trackedRun({ style: 'FootnoteReference', children: [new FootnoteReference(id)] }, change);
}

function span(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 1;
}

function isInline(node: PmJsonNode): boolean {
  return node.type === 'text' || node.type === 'hard_break';
}

function inline(node: PmJsonNode, context: Context, bold: boolean): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const child of node.content ?? []) {
    if (child.type === 'hard_break') {
      out.push(new TextRun({ break: 1 }));
      continue;
    }
    if (child.type !== 'text' || typeof child.text !== 'string') continue;
    if (context.tracked === null && !inAcceptedText(child.marks)) continue;
    const index = context.next++;
    const threads = commentIds(child.marks).filter((id) => context.spans.has(id));
    for (const id of threads) {
      if (context.spans.get(id)!.first === index) for (const commentId of context.comments.get(id)!) out.push(new CommentRangeStart(commentId));
    }
    out.push(textRun(child, bold, context.tracked?.changeOf(child.marks) ?? null, context.tracked?.formatChangeOf(child.marks) ?? null));
    if (context.footnotes !== null) {
      for (const citation of citations(child.marks)) {
        // Its own change (each w:ins and w:del has its own id), of the same suggestion.
        if (context.citations.get(citation.id)?.last === index) out.push(footnoteReference(context.footnotes.add(citation), context.tracked?.changeOf(child.marks) ?? null));
      }
    }
    for (const id of threads) {
      if (context.spans.get(id)!.last !== index) continue;
      for (const commentId of context.comments.get(id)!) {
        out.push(new CommentRangeEnd(commentId), new TextRun({ children: [new CommentReference(commentId)] }));
      }
    }
  }
  return out;
}

/**
 * `format`: the review copy's tracked formatting change, when the text has a
 * suggested one. The run then shows the suggested formatting, and the
 * change keeps the formatting from before; otherwise the run shows the
 * formatting from before (the accepted text, accepted-text.ts).
 */
function textRun(node: PmJsonNode, bold: boolean, change: TrackedChange | null, format: TrackedChange | null): ParagraphChild {
  const before = acceptedMarks(node.marks);
  const shown = format === null ? before : (node.marks ?? []);
  const href = shown.find((mark) => mark.type === 'link')?.attrs?.['href'];
  const link = typeof href === 'string' && isSafeHref(href) ? href.trim() : null;
  const options: IRunOptions = {
    text: node.text ?? '',
    ...runFormat(shown, bold),
    ...(link !== null ? { style: 'Hyperlink' } : {}),
    ...(format !== null ? { revision: { ...earlierFormat(before, shown, bold), id: format.id, author: format.author, date: format.date } } : {}),
  };
  const run = change === null ? new TextRun(options) : trackedRun(options, change);
  return link === null ? run : new ExternalHyperlink({ link, children: [run] });
}

/**
 * The formatting a tracked formatting change keeps: what the text had, and an
 * explicit "not" for what the suggestion added. Word requires the earlier
 * properties (`w:rPrChange` holds a `w:rPr`), and an explicit "not bold"
 * also says exactly what rejecting the change takes away.
 */
function earlierFormat(before: readonly PmJsonMark[], shown: readonly PmJsonMark[], bold: boolean): Pick<IRunOptions, 'bold' | 'italics' | 'underline' | 'strike'> {
  const had = runFormat(before, bold);
  const has = runFormat(shown, bold);
  return {
    ...had,
    ...(has.bold && !had.bold ? { bold: false } : {}),
    ...(has.italics && !had.italics ? { italics: false } : {}),
    ...(has.underline && !had.underline ? { underline: { type: 'none' } } : {}),
    ...(has.strike && !had.strike ? { strike: false } : {}),
  };
}

/** Only what the text has: an explicit "not bold" would override a heading style's bold. */
function runFormat(marks: readonly PmJsonMark[], bold: boolean): Pick<IRunOptions, 'bold' | 'italics' | 'underline' | 'strike'> {
  const has = (type: string): boolean => marks.some((mark) => mark.type === type);
  return {
    ...(bold || has('bold') ? { bold: true } : {}),
    ...(has('italic') ? { italics: true } : {}),
    ...(has('underline') ? { underline: {} } : {}),
    ...(has('strike') ? { strike: true } : {}),
  };
}

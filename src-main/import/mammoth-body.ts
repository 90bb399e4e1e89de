/**
 * The body of a Word document through mammoth (BSD-2-Clause): its document
 * model (paragraphs with their style and numbering, runs with their
 * formatting, hyperlinks, tables with spans) mapped to our blocks.
 *
 * - Headings: paragraph styles "Heading N" / "Rubrik N" (as Word names them
 *   in English or Swedish) and "Title"; levels 4–9 become 3 (counted).
 * - Lists: paragraphs with Word numbering, nested by their level; bullets or
 *   numbers as mammoth reads them from numbering.xml.
 * - Tables: rows and cells with their column and row spans; tables nested
 *   deeper than `MAX_TABLE_NESTING` are flattened to their paragraphs.
 * - Runs: bold, italic, underline, strikethrough; links to web, mail and
 *   phone addresses (others are kept as plain text); line breaks; tabs.
 * - Sentinels (word-annotations.ts) in the text become comment and change
 *   indexes on the runs between them.
 */
import mammoth from 'mammoth';
import type { ImportedBlock, ImportedCell, ImportedRun } from '../../shared/import/imported-document.ts';
import { isSafeHref } from '../../shared/schema/schema.ts';
import { SENTINEL_PATTERN, sentinelKind } from './word-annotations.ts';

const MAX_TABLE_NESTING = 3;

/** The parts of mammoth's document model read here (lib/documents.js). */
interface MammothElement {
  readonly type: string;
  readonly children?: readonly MammothElement[];
  readonly styleId?: string | null;
  readonly styleName?: string | null;
  readonly numbering?: { readonly level: string; readonly isOrdered: boolean } | null;
  readonly isBold?: boolean;
  readonly isItalic?: boolean;
  readonly isUnderline?: boolean;
  readonly isStrikethrough?: boolean;
  readonly value?: string;
  readonly href?: string;
  readonly breakType?: string;
  readonly colSpan?: number;
  readonly rowSpan?: number;
  readonly checked?: boolean;
}

export interface MammothBody {
  readonly blocks: ImportedBlock[];
  readonly deepHeadings: number;
}

/** Reads `docx` (a zip of the checked parts) with mammoth and maps its body. */
export async function readBody(docx: Uint8Array): Promise<MammothBody> {
  let model: MammothElement | null = null;
  await mammoth.convertToHtml(
    { buffer: Buffer.from(docx.buffer, docx.byteOffset, docx.byteLength) },
    {
      transformDocument: (document: MammothElement) => {
        model = document;
        return { ...document, children: [] };
      },
    },
  );
  if (model === null) throw new Error('mammoth gave no document');
  return new BodyMapper().map(model);
}

interface RunState {
  comments: Set<number>;
  change: number | undefined;
  format: number | undefined;
}

class BodyMapper {
  readonly #state: RunState = { comments: new Set(), change: undefined, format: undefined };
  #deepHeadings = 0;

  map(document: MammothElement): MammothBody {
    return { blocks: this.#blocks(document.children ?? [], 0), deepHeadings: this.#deepHeadings };
  }

  #blocks(elements: readonly MammothElement[], tableDepth: number): ImportedBlock[] {
    const out: ImportedBlock[] = [];
    // Open lists, outermost first, each with its Word level.
    let lists: { ordered: boolean; items: ImportedBlock[][] }[] = [];
    for (const element of elements) {
      if (element.type === 'paragraph') {
        const block = this.#paragraph(element);
        const numbering = element.numbering;
        if (numbering === null || numbering === undefined || block.kind === 'heading') {
          lists = [];
          out.push(block);
          continue;
        }
        const level = Math.min(8, Math.max(0, Number.parseInt(numbering.level, 10) || 0));
        lists = lists.slice(0, level + 1);
        if (lists.length === level + 1 && lists[level]?.ordered !== numbering.isOrdered) lists = lists.slice(0, level);
        while (lists.length < level + 1) {
          const list = { ordered: numbering.isOrdered, items: [] as ImportedBlock[][] };
          const parent = lists.at(-1);
          if (parent === undefined) out.push({ kind: 'list', ordered: list.ordered, items: list.items });
          else {
            if (parent.items.length === 0) parent.items.push([]);
            parent.items.at(-1)?.push({ kind: 'list', ordered: list.ordered, items: list.items });
          }
          lists.push(list);
        }
        lists.at(-1)?.items.push([block]);
      } else if (element.type === 'table') {
        lists = [];
        if (tableDepth >= MAX_TABLE_NESTING) out.push(...this.#flatten(element, tableDepth));
        else out.push(this.#table(element, tableDepth + 1));
      }
    }
    return out;
  }

  #flatten(table: MammothElement, tableDepth: number): ImportedBlock[] {
    return (table.children ?? []).flatMap((row) => (row.children ?? []).flatMap((cell) => this.#blocks(cell.children ?? [], tableDepth)));
  }

  #table(table: MammothElement, tableDepth: number): ImportedBlock {
    const rows = (table.children ?? [])
      .filter((row) => row.type === 'tableRow')
      .map((row) => ({
        cells: (row.children ?? [])
          .filter((cell) => cell.type === 'tableCell')
          .map(
            (cell): ImportedCell => ({
              colspan: Math.max(1, Math.min(1000, cell.colSpan ?? 1)),
              rowspan: Math.max(1, Math.min(10_000, cell.rowSpan ?? 1)),
              blocks: this.#blocks(cell.children ?? [], tableDepth),
            }),
          ),
      }))
      .filter((row) => row.cells.length > 0);
    return { kind: 'table', rows };
  }

  #paragraph(paragraph: MammothElement): ImportedBlock {
    const runs: ImportedRun[] = [];
    let paragraphChange: number | undefined;
    const onParagraphChange = (index: number): void => {
      paragraphChange = index;
    };
    this.#inline(paragraph.children ?? [], {}, runs, onParagraphChange);
    const level = headingLevel(paragraph);
    const block: ImportedBlock =
      level === null
        ? { kind: 'paragraph', runs }
        : { kind: 'heading', level: Math.min(3, level), runs };
    if (level !== null && level > 3) this.#deepHeadings++;
    return paragraphChange === undefined ? block : { ...block, change: paragraphChange };
  }

  #inline(elements: readonly MammothElement[], format: Omit<ImportedRun, 'text'>, runs: ImportedRun[], onParagraphChange: (index: number) => void): void {
    for (const element of elements) {
      switch (element.type) {
        case 'run':
          this.#inline(
            element.children ?? [],
            {
              ...format,
              ...(element.isBold ? { bold: true } : {}),
              ...(element.isItalic ? { italic: true } : {}),
              ...(element.isUnderline ? { underline: true } : {}),
              ...(element.isStrikethrough ? { strike: true } : {}),
            },
            runs,
            onParagraphChange,
          );
          break;
        case 'hyperlink': {
          const href = element.href;
          this.#inline(element.children ?? [], href !== undefined && isSafeHref(href) ? { ...format, href } : format, runs, onParagraphChange);
          break;
        }
        case 'text':
          this.#text(element.value ?? '', format, runs, onParagraphChange);
          break;
        case 'tab':
          this.#push(runs, { ...format, text: '\t' });
          break;
        case 'checkbox':
          this.#push(runs, { ...format, text: element.checked === true ? '☒' : '☐' });
          break;
        case 'break':
          // Page and column breaks are layout; a chapter has no pages.
          if (element.breakType === 'line' || element.breakType === undefined) this.#push(runs, { ...format, text: '', break: true });
          break;
        default:
          // Images, footnote and comment references, bookmarks: counted elsewhere or not content.
          break;
      }
    }
  }

  #text(value: string, format: Omit<ImportedRun, 'text'>, runs: ImportedRun[], onParagraphChange: (index: number) => void): void {
    let last = 0;
    for (const match of value.matchAll(SENTINEL_PATTERN)) {
      if (match.index > last) this.#push(runs, { ...format, text: value.slice(last, match.index) });
      last = match.index + match[0].length;
      const index = Number(match[2]);
      switch (sentinelKind(match[1] ?? '')) {
        case 'comment-start':
          this.#state.comments.add(index);
          break;
        case 'comment-end':
          this.#state.comments.delete(index);
          break;
        case 'change-start':
          this.#state.change = index;
          break;
        case 'change-end':
          if (this.#state.change === index) this.#state.change = undefined;
          break;
        case 'paragraph-change':
          onParagraphChange(index);
          break;
        case 'format-start':
          this.#state.format = index;
          break;
        case 'format-end':
          if (this.#state.format === index) this.#state.format = undefined;
          break;
        case undefined:
          break;
      }
    }
    if (last < value.length) this.#push(runs, { ...format, text: value.slice(last) });
  }

  /** Adds a run with the comments and change in effect, joined to the previous run when they look alike. */
  #push(runs: ImportedRun[], run: ImportedRun): void {
    const comments = [...this.#state.comments].sort((a, b) => a - b);
    const full: ImportedRun = {
      ...run,
      ...(comments.length > 0 ? { comments } : {}),
      ...(this.#state.change !== undefined ? { change: this.#state.change } : {}),
      ...(this.#state.format !== undefined ? { format: this.#state.format } : {}),
    };
    const previous = runs.at(-1);
    if (previous !== undefined && !previous.break && !full.break && sameFormat(previous, full)) runs[runs.length - 1] = { ...previous, text: previous.text + full.text };
    else runs.push(full);
  }
}

function sameFormat(a: ImportedRun, b: ImportedRun): boolean {
  return (
    a.bold === b.bold &&
    a.italic === b.italic &&
    a.underline === b.underline &&
    a.strike === b.strike &&
    a.href === b.href &&
    a.change === b.change &&
    a.format === b.format &&
    (a.comments ?? []).join() === (b.comments ?? []).join()
  );
}

function headingLevel(paragraph: MammothElement): number | null {
  for (const name of [paragraph.styleName, paragraph.styleId]) {
    if (typeof name !== 'string') continue;
    const match = /^(?:heading|rubrik)\s*([1-9])$/i.exec(name.trim());
    if (match !== null) return Number(match[1]);
    if (/^(title|rubrik)$/i.test(name.trim())) return 1;
  }
  return null;
}

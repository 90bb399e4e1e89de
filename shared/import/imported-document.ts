/**
 * A Word document as the import hands it from the host to the renderer:
 * plain data in our own terms (blocks, runs, comments, tracked changes),
 * never ProseMirror JSON taken from the file. The renderer validates it with
 * `importedDocumentSchema` before anything is built from it, and
 * `import-content.ts` maps it to a chapter.
 *
 * Comments and changes are referred to by their index in `comments` and
 * `changes`. A run may carry several comments (overlapping Word comments)
 * and at most one change (Word nests no insertion in a deletion).
 */
import { z } from 'zod';

export interface ImportedRun {
  readonly text: string;
  /** A line break (`w:br`) instead of text. */
  readonly break?: boolean;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly underline?: boolean;
  readonly strike?: boolean;
  readonly href?: string;
  readonly comments?: readonly number[];
  readonly change?: number;
  /** A tracked formatting change (Word's `w:rPrChange`) on this run. */
  readonly format?: number;
}

export type ImportedBlock =
  | {
      readonly kind: 'paragraph' | 'heading';
      /** 1–3 for headings. */
      readonly level?: number;
      readonly runs: readonly ImportedRun[];
      /** The paragraph's end (Word's paragraph mark) is a tracked insertion or deletion. */
      readonly change?: number;
    }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly (readonly ImportedBlock[])[] }
  | { readonly kind: 'table'; readonly rows: readonly { readonly cells: readonly ImportedCell[] }[] };

export interface ImportedCell {
  readonly colspan: number;
  readonly rowspan: number;
  readonly blocks: readonly ImportedBlock[];
}

export interface ImportedComment {
  readonly author: string;
  /** ISO time, as Word wrote it, or null. */
  readonly date: string | null;
  readonly text: string;
  readonly replies: readonly { readonly author: string; readonly date: string | null; readonly text: string }[];
  /** Whether Word had the comment marked done (commentsExtended `w15:done`). */
  readonly done: boolean;
}

/** The formatting marks a tracked formatting change can name. */
export const FORMAT_MARKS = ['bold', 'italic', 'underline', 'strike'] as const;
export type FormatMark = (typeof FORMAT_MARKS)[number];

export interface ImportedChange {
  readonly kind: 'insert' | 'delete' | 'format';
  readonly author: string;
  readonly date: string | null;
  /** `format`: the marks the change added, and those it removed. */
  readonly add?: readonly FormatMark[];
  readonly remove?: readonly FormatMark[];
}

/** What was left out or changed on the way, for the import report ("3 bilder utelämnades"). */
export interface ImportLosses {
  readonly images: number;
  /** Whether the body refers to footnotes or endnotes (both are left out). */
  readonly footnotes: boolean;
  readonly macros: boolean;
  /** Tracked formatting changes that are not of bold, italic, underline or strike (fonts, paragraph properties): taken as they stand. */
  readonly formatChanges: number;
  /** Headings of level 4–9, made level 3. */
  readonly deepHeadings: number;
}

export interface ImportedDocument {
  readonly fileName: string;
  readonly blocks: readonly ImportedBlock[];
  readonly comments: readonly ImportedComment[];
  readonly changes: readonly ImportedChange[];
  readonly losses: ImportLosses;
}

/** Lists nest at most this deep (Word has nine levels), tables in tables at most this deep. */
export const MAX_IMPORT_NESTING = 12;
export const MAX_IMPORTED_TEXT = 20_000_000;
const MAX_COUNT = 1_000_000;

const text = z.string().max(MAX_IMPORTED_TEXT);
const index = z.number().int().min(0).max(MAX_COUNT);
const runSchema = z
  .object({
    text,
    break: z.boolean().optional(),
    bold: z.boolean().optional(),
    italic: z.boolean().optional(),
    underline: z.boolean().optional(),
    strike: z.boolean().optional(),
    href: z.string().max(4000).optional(),
    comments: z.array(index).max(1000).optional(),
    change: index.optional(),
    format: index.optional(),
  })
  .strict();

const blockSchema: z.ZodType<ImportedBlock> = z.lazy(() =>
  z.union([
    z.object({ kind: z.enum(['paragraph', 'heading']), level: z.number().int().min(1).max(3).optional(), runs: z.array(runSchema).max(MAX_COUNT), change: index.optional() }).strict(),
    z.object({ kind: z.literal('list'), ordered: z.boolean(), items: z.array(z.array(blockSchema).max(MAX_COUNT)).max(MAX_COUNT) }).strict(),
    z
      .object({
        kind: z.literal('table'),
        rows: z
          .array(z.object({ cells: z.array(z.object({ colspan: z.number().int().min(1).max(1000), rowspan: z.number().int().min(1).max(10_000), blocks: z.array(blockSchema) }).strict()).max(1000) }).strict())
          .max(MAX_COUNT),
      })
      .strict(),
  ]),
);

const dateSchema = z.string().max(100).nullable();
const authorSchema = z.string().max(500);

export const importedDocumentSchema = z
  .object({
    fileName: z.string().max(500),
    blocks: z.array(blockSchema).max(MAX_COUNT),
    comments: z
      .array(
        z
          .object({
            author: authorSchema,
            date: dateSchema,
            text,
            replies: z.array(z.object({ author: authorSchema, date: dateSchema, text }).strict()).max(10_000),
            done: z.boolean(),
          })
          .strict(),
      )
      .max(MAX_COUNT),
    changes: z
      .array(
        z
          .object({
            kind: z.enum(['insert', 'delete', 'format']),
            author: authorSchema,
            date: dateSchema,
            add: z.array(z.enum(FORMAT_MARKS)).max(4).optional(),
            remove: z.array(z.enum(FORMAT_MARKS)).max(4).optional(),
          })
          .strict(),
      )
      .max(MAX_COUNT),
    losses: z
      .object({
        images: z.number().int().min(0),
        footnotes: z.boolean(),
        macros: z.boolean(),
        formatChanges: z.number().int().min(0),
        deepHeadings: z.number().int().min(0),
      })
      .strict(),
  })
  .strict()
  .superRefine((document, context) => {
    // zod's lazy recursion has no depth limit of its own; a crafted answer
    // must not overflow the stack of whoever builds the chapter from it.
    if (nestingOf(document.blocks) > MAX_IMPORT_NESTING) context.addIssue({ code: 'custom', message: `nested deeper than ${MAX_IMPORT_NESTING}` });
    const refersOutside = (run: ImportedRun): boolean =>
      (run.change !== undefined && run.change >= document.changes.length) ||
      (run.format !== undefined && document.changes[run.format]?.kind !== 'format') ||
      (run.comments ?? []).some((c) => c >= document.comments.length);
    let outside = false;
    forEachBlock(document.blocks, (block) => {
      if (block.kind === 'list' || block.kind === 'table') return;
      if (block.change !== undefined && block.change >= document.changes.length) outside = true;
      if (block.runs.some(refersOutside)) outside = true;
    });
    if (outside) context.addIssue({ code: 'custom', message: 'a run refers to a comment or change that is not listed' });
  });

/** How deep lists and tables nest in `blocks` (0 for none), without recursion limits of its own beyond the depth checked. */
function nestingOf(blocks: readonly ImportedBlock[], depth = 0): number {
  if (depth > MAX_IMPORT_NESTING) return depth;
  let deepest = depth;
  for (const block of blocks) {
    if (block.kind === 'list') for (const item of block.items) deepest = Math.max(deepest, nestingOf(item, depth + 1));
    else if (block.kind === 'table') for (const row of block.rows) for (const cell of row.cells) deepest = Math.max(deepest, nestingOf(cell.blocks, depth + 1));
  }
  return deepest;
}

/** Calls `visit` for every block, outer before inner. */
export function forEachBlock(blocks: readonly ImportedBlock[], visit: (block: ImportedBlock) => void): void {
  for (const block of blocks) {
    visit(block);
    if (block.kind === 'list') for (const item of block.items) forEachBlock(item, visit);
    else if (block.kind === 'table') for (const row of block.rows) for (const cell of row.cells) forEachBlock(cell.blocks, visit);
  }
}

/** The counts the import preview shows before anything is applied. */
export interface ImportSummary {
  readonly paragraphs: number;
  readonly headings: number;
  readonly tables: number;
  readonly comments: number;
  readonly replies: number;
  readonly changes: number;
  /** Everyone who wrote a comment, a reply or a tracked change, sorted. */
  readonly authors: readonly string[];
}

export function summarizeImport(document: ImportedDocument): ImportSummary {
  let paragraphs = 0;
  let headings = 0;
  let tables = 0;
  forEachBlock(document.blocks, (block) => {
    if (block.kind === 'paragraph') paragraphs++;
    else if (block.kind === 'heading') headings++;
    else if (block.kind === 'table') tables++;
  });
  const authors = new Set<string>();
  for (const comment of document.comments) {
    authors.add(comment.author);
    for (const reply of comment.replies) authors.add(reply.author);
  }
  for (const change of document.changes) authors.add(change.author);
  return {
    paragraphs,
    headings,
    tables,
    comments: document.comments.length,
    replies: document.comments.reduce((sum, c) => sum + c.replies.length, 0),
    changes: document.changes.length,
    authors: [...authors].sort((a, b) => a.localeCompare(b, 'sv')),
  };
}

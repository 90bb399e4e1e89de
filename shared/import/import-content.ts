/**
 * An imported Word document as chapter content: ProseMirror nodes of the
 * chapter schema, built from our own validated `ImportedDocument` (never
 * from JSON in the file), with Word's comments as `comment` marks and its
 * tracked changes as suggestion marks.
 *
 * The caller gives the ids: one thread id per Word comment (replies share
 * their thread's), one suggestion id per tracked change. `nodes.check()`
 * runs on the result, so content the schema rejects throws here, before
 * anything is written.
 */
import { Fragment, type Mark, type Node as PmNode } from 'prosemirror-model';
import { MAX_QUOTE_LENGTH } from '../comments/threads.ts';
import { schema } from '../schema/schema.ts';
import type { ImportedBlock, ImportedCell, ImportedDocument, ImportedRun } from './imported-document.ts';

export interface ImportIds {
  /** Thread id of each comment, by index. */
  readonly threads: readonly string[];
  /** Suggestion id of each change, by index. */
  readonly suggestions: readonly string[];
}

export interface ImportContent {
  readonly content: Fragment;
  /** The text each comment was anchored on, by index (empty when its range was not found). */
  readonly quotes: readonly string[];
}

export function importContent(document: ImportedDocument, ids: ImportIds): ImportContent {
  const quotes = document.comments.map(() => '');
  const marksOf = (run: ImportedRun): Mark[] => {
    const marks: Mark[] = [];
    if (run.href !== undefined) marks.push(schema.marks.link.create({ href: run.href }));
    if (run.bold) marks.push(schema.marks.bold.create());
    if (run.italic) marks.push(schema.marks.italic.create());
    if (run.underline) marks.push(schema.marks.underline.create());
    if (run.strike) marks.push(schema.marks.strike.create());
    for (const index of run.comments ?? []) marks.push(schema.marks.comment.create({ threadId: ids.threads[index] }));
    if (run.format !== undefined) {
      const change = document.changes[run.format];
      const marksOf = (names: readonly string[] | undefined): { type: string }[] => (names ?? []).map((type) => ({ type }));
      marks.push(schema.marks.suggestion_format.create({ id: ids.suggestions[run.format], add: marksOf(change?.add), remove: marksOf(change?.remove) }));
    }
    if (run.change !== undefined) {
      const kind = document.changes[run.change]?.kind;
      const type = kind === 'delete' ? schema.marks.suggestion_delete : schema.marks.suggestion_insert;
      marks.push(type.create({ id: ids.suggestions[run.change] }));
    }
    return marks;
  };
  const inline = (runs: readonly ImportedRun[]): PmNode[] => {
    const nodes: PmNode[] = [];
    for (const run of runs) {
      for (const index of run.comments ?? []) {
        const quote = quotes[index] ?? '';
        if (quote.length < MAX_QUOTE_LENGTH) quotes[index] = (quote + (run.break ? ' ' : run.text)).slice(0, MAX_QUOTE_LENGTH);
      }
      const marks = marksOf(run);
      if (run.break) nodes.push(schema.nodes.hard_break.create(null, null, marks));
      else if (run.text.length > 0) nodes.push(schema.text(run.text, marks));
    }
    return nodes;
  };
  const textblock = (block: Extract<ImportedBlock, { runs: unknown }>): PmNode => {
    const suggestion = block.change === undefined ? null : { id: ids.suggestions[block.change], kind: document.changes[block.change]?.kind === 'delete' ? 'delete' : 'insert' };
    return block.kind === 'heading'
      ? schema.nodes.heading.create({ level: block.level ?? 1, suggestion }, inline(block.runs))
      : schema.nodes.paragraph.create({ suggestion }, inline(block.runs));
  };
  const atLeastAParagraph = (nodes: PmNode[]): PmNode[] => (nodes.length > 0 ? nodes : [schema.nodes.paragraph.create()]);
  const cell = (c: ImportedCell): PmNode => schema.nodes.table_cell.create({ colspan: c.colspan, rowspan: c.rowspan }, atLeastAParagraph(blocks(c.blocks)));
  const blocks = (list: readonly ImportedBlock[]): PmNode[] =>
    list.flatMap((block): PmNode[] => {
      switch (block.kind) {
        case 'paragraph':
        case 'heading':
          return [textblock(block)];
        case 'list': {
          const type = block.ordered ? schema.nodes.ordered_list : schema.nodes.bullet_list;
          return [type.create(null, block.items.map((item) => schema.nodes.list_item.create(null, atLeastAParagraph(blocks(item)))))];
        }
        case 'table': {
          const rows = block.rows.filter((row) => row.cells.length > 0).map((row) => schema.nodes.table_row.create(null, row.cells.map(cell)));
          return rows.length > 0 ? [schema.nodes.table.create(null, rows)] : [];
        }
      }
    });
  const content = Fragment.from(blocks(document.blocks));
  content.forEach((node) => node.check());
  return { content, quotes };
}

/**
 * Whether a change of a block's containers is the repair every editor
 * makes to a table (prosemirror-tables' `fixTables`, run after each local
 * change: src-renderer/editor/binding/table-fixes.ts). Colleagues'
 * concurrent row and column changes leave tables malformed: a cell whose
 * rowspan reaches past the last row, cells that overlap. The first editor
 * to change anything afterwards trims those spans, and its binding writes
 * the trimmed cell into the chapter text, on whoever's table it is (fuzz
 * seed 6338: a suggester types in one cell, and her editor trims the
 * owner's cell below it).
 *
 * The editor trims against its own copy of the table, which the server's
 * need not match (seed 8690: a row another member added meanwhile makes
 * the span fit on the server's copy), so the block-field rule
 * (block-field-rule.ts) lets any trim through: a cell's rowspan or colspan
 * made smaller (and its column widths with it), nothing else of any
 * container changed. A span made larger, or any other container change,
 * stays the owner's to make. What a modified client can do with this: make
 * the owner's merged cells span less, never losing a word (the cells it
 * uncovers are added empty by the next editor's repair).
 */
import { sameContainer } from '../chapter-text/block-marker.ts';

const CELLS = new Set(['table_cell', 'table_header']);

interface Ref {
  readonly type?: unknown;
  readonly id?: unknown;
  readonly attrs?: unknown;
}

/** Whether a block's containers going from `old` to `now` only make one table cell's spans smaller. */
export function isSpanTrim(old: unknown, now: unknown): boolean {
  if (!Array.isArray(old) || !Array.isArray(now) || old.length !== now.length) return false;
  const differing = old.flatMap((ref: Ref, d) => (sameContainer(ref, now[d]) && JSON.stringify(ref.attrs) === JSON.stringify((now[d] as Ref).attrs) ? [] : [d]));
  const depth = differing[0];
  if (differing.length !== 1 || depth === undefined || depth < 2) return false;
  const [table, row, was, cell] = [old[depth - 2], old[depth - 1], old[depth], now[depth]] as Ref[];
  if (table?.type !== 'table' || row?.type !== 'table_row' || !CELLS.has(String(was?.type)) || !sameContainer(was, cell)) return false;
  const { rowspan: r0, colspan: c0, colwidth: _w0, ...rest0 } = attrsOf(was);
  const { rowspan: r1, colspan: c1, colwidth: _w1, ...rest1 } = attrsOf(cell);
  const [rowsBefore, rowsAfter, colsBefore, colsAfter] = [span(r0), span(r1), span(c0), span(c1)];
  return JSON.stringify(rest0) === JSON.stringify(rest1) && rowsAfter <= rowsBefore && colsAfter <= colsBefore && (rowsAfter < rowsBefore || colsAfter < colsBefore);
}

function attrsOf(ref: Ref | undefined): Record<string, unknown> {
  return typeof ref?.attrs === 'object' && ref.attrs !== null ? (ref.attrs as Record<string, unknown>) : {};
}

/** A span as prosemirror-tables reads it: a whole number from 1, else 1. */
function span(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : 1;
}

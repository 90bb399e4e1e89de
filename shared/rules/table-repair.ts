/**
 * Whether a change of a table cell's spans is the repair every editor makes
 * (prosemirror-tables' `fixTables`, run after each local change:
 * src-renderer/editor/binding/table-fixes.ts). Colleagues' concurrent row
 * and column changes leave tables malformed: a cell whose rowspan reaches
 * past the last row, cells that overlap. The first editor to change anything
 * afterwards trims those spans, and its binding writes the trimmed cell into
 * the chapter text, on whoever's table it is (fuzz seed 6338: a suggester
 * types in one cell, and her editor trims the owner's cell below it).
 *
 * The block-field rule (block-field-rule.ts) lets such a change through
 * when it is exactly that repair: the table as this copy holds it (rebuilt
 * from its blocks' containers, the changed block's as they were) has that
 * problem at that cell, and the new span is what `fixTables` sets. A span
 * made smaller anywhere else, or larger, is a change of the owner's table.
 */
import type { Node as PmNode } from 'prosemirror-model';
import { TableMap } from 'prosemirror-tables';
import type * as Y from 'yjs';
import { markerBeside } from '../chapter-text/block-marker.ts';
import { schema } from '../schema/schema.ts';

const CELLS = new Set(['table_cell', 'table_header']);

/** Whether `marker`'s containers going from `old` to `now` (this copy holds `now`) trim one cell's spans as `fixTables` would. */
export function isTableRepair(marker: Y.Map<unknown>, old: unknown, now: unknown): boolean {
  const depth = changedCell(old, now);
  if (depth === null) return false;
  const was = old as Ref[];
  const inTable = (path: unknown): path is Ref[] => Array.isArray(path) && path.length > depth && was.slice(0, depth - 1).every((ref, d) => sameRef(ref, path[d]));
  // The table's blocks in order, the changed one with its containers as they were.
  const before: Ref[][] = [];
  for (let m = markerBeside(marker, 'left'); m !== null && inTable(m.get('path')); m = markerBeside(m, 'left')) before.unshift(m.get('path') as Ref[]);
  const after: Ref[][] = [];
  for (let m = markerBeside(marker, 'right'); m !== null && inTable(m.get('path')); m = markerBeside(m, 'right')) after.push(m.get('path') as Ref[]);
  const table = tableOf([...before, was, ...after], depth);
  if (table === null) return false;
  const { node, cellAt } = table;
  const pos = cellAt.get(before.length);
  // Not the block whose copy of the cell shows: the rule's comparison of what shows covers it.
  if (pos === undefined) return false;
  let rowspan = attr(was[depth], 'rowspan');
  let colspan = attr(was[depth], 'colspan');
  for (const problem of TableMap.get(node).problems ?? []) {
    if (problem.type === 'overlong_rowspan' && problem.pos === pos) rowspan -= problem.n;
    if (problem.type === 'collision' && problem.pos === pos) colspan -= problem.n;
  }
  const trimmed = (now as Ref[])[depth];
  return (rowspan !== attr(was[depth], 'rowspan') || colspan !== attr(was[depth], 'colspan')) && attr(trimmed, 'rowspan') === rowspan && attr(trimmed, 'colspan') === colspan;
}

interface Ref {
  readonly type?: unknown;
  readonly id?: unknown;
  readonly attrs?: unknown;
}

/** The depth of the one container that differs, if it is a cell in a row in a table whose spans got no larger; else null. */
function changedCell(old: unknown, now: unknown): number | null {
  if (!Array.isArray(old) || !Array.isArray(now) || old.length !== now.length) return null;
  const differing = old.flatMap((ref: Ref, d) => (sameRef(ref, now[d]) && JSON.stringify(ref.attrs) === JSON.stringify((now[d] as Ref).attrs) ? [] : [d]));
  const depth = differing[0];
  if (differing.length !== 1 || depth === undefined || depth < 2) return null;
  const [table, row, was, cell] = [old[depth - 2], old[depth - 1], old[depth], now[depth]] as Ref[];
  if (table?.type !== 'table' || row?.type !== 'table_row' || !CELLS.has(String(was?.type)) || !sameRef(was, cell)) return null;
  return attr(cell, 'rowspan') <= attr(was, 'rowspan') && attr(cell, 'colspan') <= attr(was, 'colspan') ? depth : null;
}

/**
 * The table the blocks' containers at `depth` (cells) and `depth - 1`
 * (rows) build, as chapter-tree.ts `buildDoc` groups them (consecutive
 * blocks with the same id share a container, which shows its first
 * block's attrs), and where each block that opens a cell has that cell.
 */
function tableOf(paths: readonly Ref[][], depth: number): { node: PmNode; cellAt: Map<number, number> } | null {
  const rows: { id: unknown; cells: { ref: Ref; block: number }[] }[] = [];
  paths.forEach((path, block) => {
    const row = path[depth - 1] as Ref;
    const cell = path[depth] as Ref;
    if (row.type !== 'table_row' || !CELLS.has(String(cell.type))) return;
    let last = rows.at(-1);
    if (last === undefined || last.id !== row.id) rows.push((last = { id: row.id, cells: [] }));
    if (!sameRef(last.cells.at(-1)?.ref, cell)) last.cells.push({ ref: cell, block });
  });
  try {
    const cellAt = new Map<number, number>();
    let offset = 0;
    const rowNodes = rows.map(({ cells }) => {
      let inRow = offset + 1;
      const cellNodes = cells.map(({ ref, block }) => {
        const node = schema.node(String(ref.type), ref.attrs as Record<string, unknown>, schema.node('paragraph'));
        cellAt.set(block, inRow);
        inRow += node.nodeSize;
        return node;
      });
      const row = schema.node('table_row', null, cellNodes);
      offset += row.nodeSize;
      return row;
    });
    return { node: schema.node('table', null, rowNodes), cellAt };
  } catch {
    return null;
  }
}

function sameRef(a: unknown, b: unknown): boolean {
  return typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && (a as Ref).id === (b as Ref).id && (a as Ref).type === (b as Ref).type;
}

function attr(ref: Ref | undefined, key: 'rowspan' | 'colspan'): number {
  const value = typeof ref?.attrs === 'object' && ref.attrs !== null ? (ref.attrs as Record<string, unknown>)[key] : undefined;
  return typeof value === 'number' ? value : 1;
}

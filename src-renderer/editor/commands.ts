/**
 * Editor commands in ProseMirror's one shape, `(state, dispatch?, view?) =>
 * boolean`. Called without `dispatch` a command only answers "would this
 * apply?", which is exactly how the toolbar decides what is enabled.
 */
import { lift, setBlockType, toggleMark, wrapIn } from 'prosemirror-commands';
import type { MarkType, Node as PmNode, NodeType } from 'prosemirror-model';
import { liftListItem, sinkListItem, wrapInList } from 'prosemirror-schema-list';
import { TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import { addColumnAfter, addRowAfter, deleteColumn as deleteTableColumn, deleteRow as deleteTableRow, deleteTable, goToNextCell, isInTable, selectedRect } from 'prosemirror-tables';
import { schema, type HeadingLevel } from '../../shared/schema/schema.ts';
import { onWellFormedTables } from './binding/table-fixes.ts';

const { nodes, marks } = schema;

/** Undo and redo of one's own changes (the chapter binding's Y.UndoManager), in command shape. */
export { undo as undoCommand, redo as redoCommand } from './binding/undo-plugin.ts';

export const toggleBold = toggleMark(marks.bold);
export const toggleItalic = toggleMark(marks.italic);
export const toggleUnderline = toggleMark(marks.underline);
export const toggleStrike = toggleMark(marks.strike);

export const setParagraph = setBlockType(nodes.paragraph);
export const setHeading = (level: HeadingLevel): Command => setBlockType(nodes.heading, { level });

export const wrapBulletList = wrapInList(nodes.bullet_list);
export const wrapOrderedList = wrapInList(nodes.ordered_list);
export const indentListItem = sinkListItem(nodes.list_item);
export const outdentListItem: Command = (state, dispatch) => liftListItem(nodes.list_item)(state, dispatch) || lift(state, dispatch);

export { wrapIn };

/** Inserts a table of measures: a header row and two empty rows. */
export function insertTable(columns = 3, rows = 3): Command {
  return (state, dispatch) => {
    if (isInTable(state)) return false;
    // Allowed when some ancestor of the cursor can hold a table here (in a
    // paragraph at the top level, the doc can; in a list item, the item can).
    const { $from } = state.selection;
    let allowed = false;
    for (let depth = $from.depth; depth >= 0 && !allowed; depth--) {
      const index = $from.index(depth);
      allowed = $from.node(depth).canReplaceWith(index, index, nodes.table);
    }
    if (!allowed) return false;
    if (dispatch) {
      const headerRow = nodes.table_row.create(null, Array.from({ length: columns }, () => emptyCell(nodes.table_header)));
      const bodyRows = Array.from({ length: rows - 1 }, () =>
        nodes.table_row.create(null, Array.from({ length: columns }, () => emptyCell(nodes.table_cell))),
      );
      const table = nodes.table.create(null, [headerRow, ...bodyRows]);
      const tr = state.tr.replaceSelectionWith(table);
      // Put the cursor in the first header cell, ready to type, as Word does.
      // The step that inserted the table says where it went: in an empty
      // paragraph the table replaces the paragraph, so the old cursor position
      // no longer exists and mapping it points before the table, not into it.
      const inserted = insertedTablePosition(tr);
      if (inserted !== null) tr.setSelection(TextSelection.near(tr.doc.resolve(inserted + 1)));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/**
 * A cell with an empty paragraph. The schema's cells are `block*`, so
 * `createAndFill` makes a cell with no block at all, which has no place for
 * a cursor (the repair plugin fills it only after the command has chosen
 * where the cursor goes).
 */
function emptyCell(type: NodeType): PmNode {
  return type.create(null, nodes.paragraph.create());
}

/** Where the last step of `tr` put a table: the position before it. */
function insertedTablePosition(tr: Transaction): number | null {
  const step = tr.steps[tr.steps.length - 1];
  if (step === undefined) return null;
  let found: number | null = null;
  step.getMap().forEach((_oldStart, _oldEnd, newStart, newEnd) => {
    tr.doc.nodesBetween(newStart, newEnd, (node, pos) => {
      if (found !== null) return false;
      if (node.type === nodes.table && pos >= newStart) found = pos;
      return found === null;
    });
  });
  return found;
}

// Table commands run on fixed tables (binding/table-fixes.ts): a merge can
// leave a table lopsided, and prosemirror-tables' commands assume it is not.
export const addRow = onWellFormedTables(addRowAfter);

/**
 * Tab in a table: the next cell, or, in the last cell, a new row (as in Word).
 */
export const nextCellOrNewRow: Command = onWellFormedTables((state, dispatch) => {
  if (goToNextCell(1)(state, dispatch)) return true;
  if (!isInTable(state)) return false;
  if (!dispatch) return true;
  const rect = selectedRect(state);
  let tr: Transaction | undefined;
  addRowAfter(state, (rowTr) => {
    tr = rowTr;
  });
  if (tr === undefined) return false;
  // Row, cells and cursor go into one transaction, so one undo removes the
  // row. The cursor is placed in this transaction's own doc: applying it to
  // find the cell would run the plugins' appended transactions (fixTables,
  // repair), whose doc is a different one, and setSelection throws on it.
  const table = tr.doc.nodeAt(rect.tableStart - 1)!;
  let rowStart = rect.tableStart;
  for (let index = 0; index < rect.bottom; index++) rowStart += table.child(index).nodeSize;
  const row = table.child(rect.bottom);
  // addRowAfter fills cells with createAndFill, which for `block*` cells is
  // no block at all: give each one its paragraph, from the end backwards so
  // the positions computed from `row` stay valid.
  const cellStarts: number[] = [];
  row.forEach((cell, offset) => {
    if (cell.childCount === 0) cellStarts.push(rowStart + 1 + offset + 1);
  });
  for (const pos of cellStarts.reverse()) tr.insert(pos, nodes.paragraph.create());
  tr.setSelection(TextSelection.near(tr.doc.resolve(rowStart + 2)));
  dispatch(tr.scrollIntoView());
  return true;
});
export const previousCell = onWellFormedTables(goToNextCell(-1));
export const addColumn = onWellFormedTables(addColumnAfter);
export const deleteRow = onWellFormedTables(deleteTableRow);
export const deleteColumn = onWellFormedTables(deleteTableColumn);
export { deleteTable };

export function isMarkActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return type.isInSet(state.storedMarks ?? $from.marks()) !== undefined;
  return state.doc.rangeHasMark(from, to, type);
}

export function isBlockActive(state: EditorState, type: NodeType, attrs?: Record<string, unknown>): boolean {
  const { $from, to } = state.selection;
  if (to > $from.end()) return false;
  const parent = $from.parent;
  if (parent.type !== type) return false;
  return attrs === undefined || Object.entries(attrs).every(([k, v]) => parent.attrs[k] === v);
}

export function isInList(state: EditorState, type: NodeType): boolean {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (node.type === nodes.bullet_list || node.type === nodes.ordered_list) return node.type === type;
  }
  return false;
}

/** The href of the link at the selection, if any. */
export function linkAtSelection(state: EditorState): string | null {
  const { $from, from, to } = state.selection;
  const type = marks.link;
  const mark = type.isInSet($from.marks()) ?? type.isInSet(state.doc.resolve(Math.min(from + 1, to)).marks());
  return mark ? String(mark.attrs.href) : null;
}

/** Sets or removes the link on the selection (or the link around the cursor). */
export function setLink(href: string | null): Command {
  return (state, dispatch) => {
    const type = marks.link;
    let { from, to } = state.selection;
    if (state.selection.empty) {
      const range = markRange(state, type);
      if (range === null) return false;
      ({ from, to } = range);
    }
    if (dispatch) {
      const tr = state.tr.removeMark(from, to, type);
      if (href !== null) tr.addMark(from, to, type.create({ href, title: null }));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/**
 * The link dialog can open: on a selection (to link it), at a link (to change
 * it), or at a cursor in text that may carry a link (to type a new one, as
 * Ctrl+K does in Word).
 */
export const canEditLink: Command = (state) => !state.selection.empty || markRange(state, marks.link) !== null || canTypeLinkAt(state);

function canTypeLinkAt(state: EditorState): boolean {
  const { $from } = state.selection;
  return $from.parent.inlineContent && $from.parent.type.allowsMarkType(marks.link);
}

/** Types `text` as a link to `href` at the cursor, keeping the marks around it (bold stays bold). */
export function insertLink(text: string, href: string): Command {
  return (state, dispatch) => {
    if (text === '' || !state.selection.empty || !canTypeLinkAt(state)) return false;
    if (dispatch) {
      const around = (state.storedMarks ?? state.selection.$from.marks()).filter((mark) => mark.type !== marks.link);
      const link = marks.link.create({ href, title: null });
      dispatch(state.tr.replaceSelectionWith(schema.text(text, [...around, link]), false).scrollIntoView());
    }
    return true;
  };
}

/** The extent of the `type` mark around the cursor, within its textblock. */
function markRange(state: EditorState, type: MarkType): { from: number; to: number } | null {
  const { $from } = state.selection;
  const parent = $from.parent;
  // At a boundary between two text nodes, prefer the one after the cursor,
  // then the one before it.
  let index = $from.index();
  let mark = type.isInSet(parent.maybeChild(index)?.marks ?? []);
  if (!mark && index > 0) mark = type.isInSet(parent.child(--index).marks);
  if (!mark) return null;
  let first = index;
  let last = index + 1;
  while (first > 0 && mark.isInSet(parent.child(first - 1).marks)) first--;
  while (last < parent.childCount && mark.isInSet(parent.child(last).marks)) last++;
  let from = $from.start();
  for (let i = 0; i < first; i++) from += parent.child(i).nodeSize;
  let to = from;
  for (let i = first; i < last; i++) to += parent.child(i).nodeSize;
  return { from, to };
}

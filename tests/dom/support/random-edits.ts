/**
 * Random edits made the way a drafter makes them: a selection is placed in
 * the document, then a real ProseMirror command runs on it (the ones our
 * keymap and toolbar call), from prosemirror-commands, -schema-list, -tables
 * and the chapter binding's undo (src-renderer/editor/commands.ts). Nothing
 * here writes to Yjs directly: every change goes through the editor and its
 * plugins, as in the app.
 *
 * Edits are named, so a failing seed's log reads as a story ("peer 2 lift"),
 * and weighted, so that common actions (typing) dominate as they do in use.
 */
import type { Node as PmNode } from 'prosemirror-model';
import { NodeSelection, Selection, TextSelection, type Command, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import {
  chainCommands,
  createParagraphNear,
  deleteSelection,
  joinBackward,
  joinForward,
  liftEmptyBlock,
  selectNodeBackward,
  selectNodeForward,
  setBlockType,
  splitBlock,
  toggleMark,
} from 'prosemirror-commands';
import { liftListItem, sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import {
  CellSelection,
  addColumnAfter,
  addColumnBefore,
  addRowAfter,
  addRowBefore,
  deleteColumn,
  deleteRow,
  deleteTable,
  mergeCells,
  splitCell,
} from 'prosemirror-tables';
import * as prng from 'lib0/prng';
import { schema } from '../../../shared/schema/schema.ts';
import { redoCommand, undoCommand } from '../../../src-renderer/editor/commands.ts';
import { onWellFormedTables } from '../../../src-renderer/editor/binding/table-fixes.ts';
import { pickWeighted } from './weighted-choice.ts';

export interface Edit {
  readonly name: string;
  readonly weight: number;
  /** Makes the edit in `view`; false if the command did not apply there. */
  run(view: EditorView, gen: prng.PRNG): boolean;
}

const { nodes, marks } = schema;

const WORDS = ['å', 'ä', 'ö', 'Å', 'Ä', 'Ö', ' ', 'län', 'språk', 'mål. ', 'Västernorrland', 'jämställdhet', 'Försäkringskassan', 'öppna ', 'år'];

function randomText(gen: prng.PRNG): string {
  let text = '';
  for (let i = prng.int32(gen, 1, 3); i > 0; i--) text += prng.oneOf(gen, WORDS);
  return text;
}

// The chains our keymap binds (prosemirror-commands' baseKeymap, plus lists).
const enter = chainCommands(splitListItem(nodes.list_item), createParagraphNear, liftEmptyBlock, splitBlock);
const backspace = chainCommands(deleteSelection, joinBackward, selectNodeBackward);
const del = chainCommands(deleteSelection, joinForward, selectNodeForward);

function cursorNear(doc: PmNode, gen: prng.PRNG): Selection {
  return Selection.near(doc.resolve(prng.int32(gen, 0, doc.content.size)));
}

function randomRange(doc: PmNode, gen: prng.PRNG): Selection {
  const a = prng.int32(gen, 0, doc.content.size);
  const b = Math.min(doc.content.size, a + prng.int32(gen, 0, 30));
  return TextSelection.between(doc.resolve(a), doc.resolve(b));
}

function positionsOf(doc: PmNode, test: (node: PmNode) => boolean): number[] {
  const found: number[] = [];
  doc.descendants((node, pos) => {
    if (test(node)) found.push(pos);
  });
  return found;
}

/** The start (or end) of a random textblock, where Backspace (Delete) joins. */
function textblockEdge(doc: PmNode, gen: prng.PRNG, atEnd: boolean): Selection | null {
  const blocks = positionsOf(doc, (node) => node.isTextblock);
  if (blocks.length === 0) return null;
  const pos = prng.oneOf(gen, blocks);
  const node = doc.nodeAt(pos);
  return TextSelection.create(doc, atEnd && node ? pos + 1 + node.content.size : pos + 1);
}

/** A whole textblock, as when a drafter clicks its handle to delete it. */
function wholeTextblock(doc: PmNode, gen: prng.PRNG): Selection | null {
  const blocks = positionsOf(doc, (node) => node.isTextblock);
  return blocks.length === 0 ? null : NodeSelection.create(doc, prng.oneOf(gen, blocks));
}

function cellPositions(doc: PmNode): number[] {
  return positionsOf(doc, (node) => node.type.spec.tableRole === 'cell' || node.type.spec.tableRole === 'header_cell');
}

function cursorInCell(doc: PmNode, gen: prng.PRNG): Selection | null {
  const cells = cellPositions(doc);
  if (cells.length === 0) return null;
  return Selection.near(doc.resolve(prng.oneOf(gen, cells) + 1));
}

/** Two cells of one table, for merging. */
function cellRange(doc: PmNode, gen: prng.PRNG): Selection | null {
  const cells = cellPositions(doc);
  if (cells.length < 2) return null;
  const anchor = prng.oneOf(gen, cells);
  const table = doc.resolve(anchor).node(-1);
  const sameTable = cells.filter((pos) => doc.resolve(pos).node(-1) === table);
  return CellSelection.create(doc, anchor, prng.oneOf(gen, sameTable));
}

function smallTable(gen: prng.PRNG): PmNode {
  const rows = prng.int32(gen, 1, 3);
  const cols = prng.int32(gen, 1, 3);
  const row = () =>
    nodes.table_row.create(
      null,
      Array.from({ length: cols }, () => nodes.table_cell.create(null, nodes.paragraph.create(null, schema.text(randomText(gen))))),
    );
  return nodes.table.create(null, Array.from({ length: rows }, row));
}

/** Places `selection` (as a click would), then runs `command` on it. */
function at(view: EditorView, selection: Selection | null, command: Command): boolean {
  if (selection === null) return false;
  view.dispatch(view.state.tr.setSelection(selection));
  return command(view.state, view.dispatch, view);
}

const insert =
  (make: (state: EditorState) => PmNode): Command =>
  (state, dispatch) => {
    dispatch?.(state.tr.replaceSelectionWith(make(state)).scrollIntoView());
    return true;
  };

export const EDITS: readonly Edit[] = [
  {
    name: 'type',
    weight: 24,
    run: (view, gen) => {
      const text = randomText(gen);
      return at(view, cursorNear(view.state.doc, gen), (state, dispatch) => {
        dispatch?.(state.tr.insertText(text));
        return true;
      });
    },
  },
  {
    name: 'type in a cell',
    weight: 6,
    run: (view, gen) => {
      const text = randomText(gen);
      return at(view, cursorInCell(view.state.doc, gen), (state, dispatch) => {
        dispatch?.(state.tr.insertText(text));
        return true;
      });
    },
  },
  { name: 'delete a range', weight: 8, run: (view, gen) => at(view, randomRange(view.state.doc, gen), deleteSelection) },
  { name: 'delete a whole block', weight: 4, run: (view, gen) => at(view, wholeTextblock(view.state.doc, gen), deleteSelection) },
  { name: 'backspace at block start', weight: 6, run: (view, gen) => at(view, textblockEdge(view.state.doc, gen, false), backspace) },
  { name: 'delete at block end', weight: 4, run: (view, gen) => at(view, textblockEdge(view.state.doc, gen, true), del) },
  { name: 'enter', weight: 8, run: (view, gen) => at(view, cursorNear(view.state.doc, gen), enter) },
  { name: 'split block', weight: 2, run: (view, gen) => at(view, cursorNear(view.state.doc, gen), splitBlock) },
  { name: 'hard break', weight: 2, run: (view, gen) => at(view, cursorNear(view.state.doc, gen), insert(() => nodes.hard_break.create())) },
  { name: 'bullet list', weight: 4, run: (view, gen) => at(view, randomRange(view.state.doc, gen), wrapInList(nodes.bullet_list)) },
  { name: 'ordered list', weight: 3, run: (view, gen) => at(view, randomRange(view.state.doc, gen), wrapInList(nodes.ordered_list)) },
  { name: 'lift list item', weight: 4, run: (view, gen) => at(view, randomRange(view.state.doc, gen), liftListItem(nodes.list_item)) },
  { name: 'sink list item', weight: 3, run: (view, gen) => at(view, cursorNear(view.state.doc, gen), sinkListItem(nodes.list_item)) },
  {
    name: 'heading',
    weight: 4,
    run: (view, gen) => at(view, randomRange(view.state.doc, gen), setBlockType(nodes.heading, { level: prng.int32(gen, 1, 3) })),
  },
  { name: 'paragraph', weight: 2, run: (view, gen) => at(view, randomRange(view.state.doc, gen), setBlockType(nodes.paragraph)) },
  { name: 'bold', weight: 4, run: (view, gen) => at(view, randomRange(view.state.doc, gen), toggleMark(marks.bold)) },
  { name: 'italic', weight: 3, run: (view, gen) => at(view, randomRange(view.state.doc, gen), toggleMark(marks.italic)) },
  {
    name: 'link',
    weight: 3,
    run: (view, gen) => {
      const href = prng.oneOf(gen, ['https://www.regeringen.se', 'https://arbetsformedlingen.se', 'mailto:plan@lansstyrelsen.se']);
      return at(view, randomRange(view.state.doc, gen), toggleMark(marks.link, { href }));
    },
  },
  { name: 'insert table', weight: 2, run: (view, gen) => at(view, cursorNear(view.state.doc, gen), insert(() => smallTable(gen))) },
  { name: 'add row after', weight: 2, run: (view, gen) => at(view, cursorInCell(view.state.doc, gen), onWellFormedTables(addRowAfter)) },
  { name: 'add row before', weight: 1, run: (view, gen) => at(view, cursorInCell(view.state.doc, gen), onWellFormedTables(addRowBefore)) },
  { name: 'add column after', weight: 2, run: (view, gen) => at(view, cursorInCell(view.state.doc, gen), onWellFormedTables(addColumnAfter)) },
  { name: 'add column before', weight: 1, run: (view, gen) => at(view, cursorInCell(view.state.doc, gen), onWellFormedTables(addColumnBefore)) },
  { name: 'delete row', weight: 2, run: (view, gen) => at(view, cursorInCell(view.state.doc, gen), onWellFormedTables(deleteRow)) },
  { name: 'delete column', weight: 2, run: (view, gen) => at(view, cursorInCell(view.state.doc, gen), onWellFormedTables(deleteColumn)) },
  { name: 'merge cells', weight: 1, run: (view, gen) => at(view, cellRange(view.state.doc, gen), onWellFormedTables(mergeCells)) },
  { name: 'split cell', weight: 1, run: (view, gen) => at(view, cursorInCell(view.state.doc, gen), onWellFormedTables(splitCell)) },
  { name: 'delete table', weight: 1, run: (view, gen) => at(view, cursorInCell(view.state.doc, gen), deleteTable) },
  { name: 'undo', weight: 5, run: (view) => undoCommand(view.state, view.dispatch) },
  { name: 'redo', weight: 3, run: (view) => redoCommand(view.state, view.dispatch) },
];

export function pickEdit(gen: prng.PRNG): Edit {
  return pickWeighted(gen, EDITS);
}

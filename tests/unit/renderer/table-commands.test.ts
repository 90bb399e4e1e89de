/**
 * "Infoga tabell" and Tab in a table, as a drafter uses them: the cursor
 * lands in the first cell, and Tab in the last cell adds a row and moves
 * there, so the next words go into the table. The editor state carries the
 * app's plugins that append transactions (prosemirror-tables' fixTables and
 * our repair), because a command that works only without them fails in the app.
 */
import { describe, expect, it } from 'vitest';
import type { Node as PmNode } from 'prosemirror-model';
import { EditorState, TextSelection, type Command } from 'prosemirror-state';
import { tableEditing } from 'prosemirror-tables';
import { repairPlugin } from '../../../shared/schema/repair.ts';
import { schema } from '../../../shared/schema/schema.ts';
import { insertTable, nextCellOrNewRow } from '../../../src-renderer/editor/commands.ts';
import { doc, p, table, td, th, tr } from '../../support/doc-builders.ts';

const { nodes } = schema;

/** A small editor without a view: the state, and what a drafter does to it. */
class Editor {
  state: EditorState;
  constructor(content: PmNode, cursorAfter: string | null = null) {
    this.state = EditorState.create({ schema, doc: content, plugins: [tableEditing(), repairPlugin()] });
    this.state = this.state.apply(this.state.tr.setSelection(TextSelection.create(content, cursorAt(content, cursorAfter))));
  }
  run(command: Command): boolean {
    return command(this.state, (transaction) => {
      this.state = this.state.apply(transaction);
    });
  }
  type(text: string): void {
    this.state = this.state.apply(this.state.tr.insertText(text));
  }
  /** Each table row as the text of its cells. */
  rows(): string[][] {
    const found: string[][] = [];
    this.state.doc.descendants((node) => {
      if (node.type === nodes.table_row) {
        const cells: string[] = [];
        node.forEach((cell) => cells.push(cell.textContent));
        found.push(cells);
        return false;
      }
      return true;
    });
    return found;
  }
}

/** The position right after `text` (or in the first textblock when null). */
function cursorAt(content: PmNode, text: string | null): number {
  let found = -1;
  content.descendants((node, pos) => {
    if (found >= 0) return false;
    if (text === null && node.isTextblock) found = pos + 1;
    else if (text !== null && node.isText && node.text!.includes(text)) found = pos + node.text!.indexOf(text) + text.length;
    return true;
  });
  if (found < 0) throw new Error(`no place for the cursor after ${String(text)}`);
  return found;
}

/** The rows of a freshly inserted table after typing `text`: a header row and two empty rows. */
const newTableStartingWith = (text: string): string[][] => [
  [text, '', ''],
  ['', '', ''],
  ['', '', ''],
];

describe('Infoga tabell', () => {
  it('puts the cursor in the first cell, so typing fills it', () => {
    const editor = new Editor(doc(p('Åtgärder')), 'Åtgärder');
    editor.run(insertTable());
    editor.type('Åtgärd');
    expect(editor.rows()).toEqual(newTableStartingWith('Åtgärd'));
    expect(editor.state.doc.firstChild!.textContent).toBe('Åtgärder');
  });

  it('in an empty new chapter, keeps the table when the drafter starts typing', () => {
    const editor = new Editor(doc(p()));
    editor.run(insertTable());
    editor.type('Åtgärd');
    expect(editor.rows()).toEqual(newTableStartingWith('Åtgärd'));
  });
});

describe('Tab in a table', () => {
  it('moves to the next cell', () => {
    const editor = new Editor(doc(table(tr(th(p('Åtgärd')), th(p())), tr(td(p()), td(p())))), 'Åtgärd');
    expect(editor.run(nextCellOrNewRow)).toBe(true);
    editor.type('Ansvar');
    expect(editor.rows()).toEqual([
      ['Åtgärd', 'Ansvar'],
      ['', ''],
    ]);
  });

  it('in the last cell adds a row and puts the next words in its first cell', () => {
    const editor = new Editor(doc(table(tr(th(p('Åtgärd')), th(p('Ansvar'))), tr(td(p('Språkkurs')), td(p('AF'))))), 'AF');
    expect(editor.run(nextCellOrNewRow)).toBe(true);
    editor.type('Praktik');
    expect(editor.rows()).toEqual([
      ['Åtgärd', 'Ansvar'],
      ['Språkkurs', 'AF'],
      ['Praktik', ''],
    ]);
  });

  it('in the last cell of a table that is not the last block, adds the row to that table', () => {
    const editor = new Editor(doc(table(tr(td(p('A')), td(p('B')))), p('Efter tabellen')), 'B');
    editor.run(nextCellOrNewRow);
    editor.type('C');
    expect(editor.rows()).toEqual([
      ['A', 'B'],
      ['C', ''],
    ]);
    expect(editor.state.doc.lastChild!.textContent).toBe('Efter tabellen');
  });

  it('outside a table does nothing, so the browser can move focus on', () => {
    const editor = new Editor(doc(p('Text')), 'Text');
    expect(editor.run(nextCellOrNewRow)).toBe(false);
  });
});

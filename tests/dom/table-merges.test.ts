/**
 * Tables that two members reshape at the same time, offline: one adds a
 * column while the other adds a row. The merge has a short row (the new row
 * lacks the new column's cell). Nobody's text may be lost, the members'
 * editors must not answer each other's table fixes forever, and the next
 * table command on the merged table must give a well-formed table.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TextSelection } from 'prosemirror-state';
import { TableMap } from 'prosemirror-tables';
import type { Node as PmNode } from 'prosemirror-model';
import { addColumn, addRow, deleteColumn } from '../../src-renderer/editor/commands.ts';
import type { HeadlessEditor } from './support/headless-editor.ts';
import { chapterOf, paragraph, posOf } from './support/comment-editing.ts';
import { editorsOn } from './support/chapter-peers.ts';

const cell = (text: string) => ({ type: 'table_cell', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [paragraph(text)] });
const table = {
  type: 'table',
  content: [
    { type: 'table_row', content: [cell('Myndighet'), cell('Åtgärd')] },
    { type: 'table_row', content: [cell('Migrationsverket'), cell('Tidig kartläggning')] },
  ],
};

let open: HeadlessEditor[] = [];
afterEach(() => {
  for (const editor of open) editor.destroy();
  open = [];
});

function twoMembers(): [HeadlessEditor, HeadlessEditor] {
  open = editorsOn(chapterOf(paragraph('Insatser'), table, paragraph('Slut.')), 2);
  return open as [HeadlessEditor, HeadlessEditor];
}

function inCell(editor: HeadlessEditor, text: string): void {
  const { view } = editor;
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, posOf(view.state.doc, text) + 1)));
}

/** Both send what the other lacks at the same moment, so neither has seen the other's answer. */
function crossExchange(a: HeadlessEditor, b: HeadlessEditor): void {
  const toB = Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc));
  const toA = Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc));
  Y.applyUpdate(b.doc, toB);
  Y.applyUpdate(a.doc, toA);
}

function cellTexts(doc: PmNode): string[] {
  const texts: string[] = [];
  doc.descendants((node) => {
    if (node.type.name === 'table_cell') {
      texts.push(node.textContent);
      return false;
    }
    return true;
  });
  return texts.filter((text) => text !== '');
}

function theTable(doc: PmNode): PmNode {
  let found: PmNode | null = null;
  doc.descendants((node) => {
    if (node.type.name === 'table') found ??= node;
    return found === null;
  });
  if (found === null) throw new Error('no table');
  return found;
}

describe('a column and a row added at the same time', () => {
  it('merge without losing a cell, and the members stop exchanging after one round', () => {
    const [a, b] = twoMembers();
    inCell(a, 'Åtgärd');
    expect(addColumn(a.view.state, a.view.dispatch)).toBe(true);
    inCell(b, 'Tidig');
    expect(addRow(b.view.state, b.view.dispatch)).toBe(true);

    // Rounds in which either side still had something new for the other.
    let rounds = 0;
    while (rounds < 10) {
      const before = [Y.encodeStateVector(a.doc), Y.encodeStateVector(b.doc)].map((v) => v.join());
      crossExchange(a, b);
      const after = [Y.encodeStateVector(a.doc), Y.encodeStateVector(b.doc)].map((v) => v.join());
      if (after[0] === before[0] && after[1] === before[1]) break;
      rounds++;
    }
    expect(rounds, 'rounds until the members had nothing new for each other').toBeLessThanOrEqual(2);
    expect(a.view.state.doc.toJSON()).toEqual(b.view.state.doc.toJSON());
    expect(cellTexts(a.view.state.doc)).toEqual(['Myndighet', 'Åtgärd', 'Migrationsverket', 'Tidig kartläggning']);
    // The new row lacks the new column's cell until someone edits the table.
    expect(theTable(a.view.state.doc).childCount).toBe(3);
  });

  it('the next table command on the merged table fixes it first', () => {
    const [a, b] = twoMembers();
    inCell(a, 'Åtgärd');
    addColumn(a.view.state, a.view.dispatch);
    inCell(b, 'Tidig');
    addRow(b.view.state, b.view.dispatch);
    crossExchange(a, b);

    inCell(a, 'Migrationsverket');
    expect(addRow(a.view.state, a.view.dispatch)).toBe(true);
    const merged = theTable(a.view.state.doc);
    expect(() => a.view.state.doc.check()).not.toThrow();
    expect(TableMap.get(merged).problems ?? [], 'problems of the table after the command').toEqual([]);
    expect(merged.childCount).toBe(4);
    expect(cellTexts(a.view.state.doc)).toEqual(['Myndighet', 'Åtgärd', 'Migrationsverket', 'Tidig kartläggning']);

    inCell(a, 'Åtgärd');
    expect(deleteColumn(a.view.state, a.view.dispatch)).toBe(true);
    expect(TableMap.get(theTable(a.view.state.doc)).problems ?? []).toEqual([]);

    crossExchange(a, b);
    expect(b.view.state.doc.toJSON()).toEqual(a.view.state.doc.toJSON());
  });
});

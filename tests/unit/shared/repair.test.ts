/**
 * A merge of two valid edits can produce structures that no single editor
 * could have made: a cell with no blocks, a list with no items, a list item
 * with nothing in it. These tests build such documents literally, with the
 * unchecked `NodeType.create`, and require that the repair makes them usable
 * again without losing a single character.
 *
 * (The schema's list items and cells are `block*`: a merge of the chapter
 * text can produce any sequence of blocks in a container, and y-prosemirror,
 * which bound the text before schema version 2, deleted a merged node that
 * broke a stricter content expression, text and all; see
 * tests/dom/known-binding-bugs.test.ts. So a list item that starts with a
 * heading or a nested list is valid and left as the drafters made it.)
 */
import { describe, expect, it } from 'vitest';
import type { Node as PmNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { repairPlugin, repairTransaction } from '../../../shared/schema/repair.ts';
import { schema } from '../../../shared/schema/schema.ts';
import { br, doc, h2, li, ol, p, table, td, tr, ul } from '../../support/doc-builders.ts';

const { nodes } = schema;

// The builders use NodeType.create, which, like a merge of the chapter text, does not check content.

function repaired(input: PmNode): PmNode {
  const tr = repairTransaction(EditorState.create({ doc: input }));
  if (tr === null) throw new Error('expected a repair');
  return tr.doc;
}

/** Every piece of inline content, in order: what a reader would lose. */
function inlineContent(node: PmNode): string[] {
  const found: string[] = [];
  node.descendants((child) => {
    if (child.isText) found.push(child.text ?? '');
    else if (child.isInline) found.push(`<${child.type.name}>`);
  });
  return found;
}

function expectValidWithSameText(input: PmNode, output: PmNode): void {
  expect(() => output.check()).not.toThrow();
  expect(inlineContent(output)).toEqual(inlineContent(input));
}

describe('repairing a merged chapter', () => {
  it('leaves a valid chapter alone', () => {
    const valid = doc(h2('Mål'), ul(li(p('Språkstöd'), ul(li(p('Ökad närvaro'))))), table(tr(td(p('A')), td(p('B')))));
    expect(repairTransaction(EditorState.create({ doc: valid }))).toBeNull();
  });

  it('leaves a list item that starts with a nested list or a heading as the drafters made it', () => {
    expect(repairTransaction(EditorState.create({ doc: doc(ul(li(ul(li(p('Första steget')))))) }))).toBeNull();
    expect(repairTransaction(EditorState.create({ doc: doc(ol(li(h2('Åtgärder'), p('Text')))) }))).toBeNull();
  });

  it('removes a list item that has nothing left in it', () => {
    const input = doc(ul(li(p('kvar')), li()));
    const output = repaired(input);
    expectValidWithSameText(input, output);
    expect(output.toJSON()).toEqual(doc(ul(li(p('kvar')))).toJSON());
  });

  it('gives an empty table cell an empty paragraph', () => {
    const input = doc(table(tr(td(p('Län')), td()), tr(td(), td(p('Västernorrland')))));
    const output = repaired(input);
    expectValidWithSameText(input, output);
    expect(output.toJSON()).toEqual(doc(table(tr(td(p('Län')), td(p())), tr(td(p()), td(p('Västernorrland'))))).toJSON());
  });

  it('removes a bullet list or an ordered list that has no items left', () => {
    const input = doc(p('före'), ul(), ol(), p('efter'));
    const output = repaired(input);
    expectValidWithSameText(input, output);
    expect(output.toJSON()).toEqual(doc(p('före'), p('efter')).toJSON());
  });

  it('gives a chapter with no blocks an empty paragraph', () => {
    const output = repaired(doc());
    expect(() => output.check()).not.toThrow();
    expect(output.toJSON()).toEqual(doc(p()).toJSON());
  });

  it('gives a chapter whose only block was an empty list an empty paragraph', () => {
    const output = repaired(doc(ul()));
    expect(output.toJSON()).toEqual(doc(p()).toJSON());
  });

  it('turns an empty list that was all a cell held into the paragraph the cell needs', () => {
    const input = doc(table(tr(td(ul()), td(p('B')))));
    const output = repaired(input);
    expectValidWithSameText(input, output);
    expect(output.toJSON()).toEqual(doc(table(tr(td(p()), td(p('B'))))).toJSON());
  });

  it('removes an empty list that was all a list item held, and then the empty item', () => {
    const input = doc(ul(li(p('a')), li(ol())));
    const output = repaired(input);
    expectValidWithSameText(input, output);
    expect(output.toJSON()).toEqual(doc(ul(li(p('a')))).toJSON());
  });

  it('repairs many problems at once and keeps every character and line break', () => {
    const input = doc(
      ul(li(ul(li(), li(ol(li(p('å', br(), 'ä'))))), ul()), li()),
      table(tr(td(), td(ul(li(h2('ö')))))),
      ol(),
    );
    const output = repaired(input);
    expectValidWithSameText(input, output);
    expect(output.toJSON()).toEqual(
      doc(ul(li(ul(li(ol(li(p('å', br(), 'ä'))))))), table(tr(td(p()), td(ul(li(h2('ö'))))))).toJSON(),
    );
  });

  it('drops the marks of a hard break, which Yjs cannot store, and keeps those of the text', () => {
    const bold = schema.marks.bold.create();
    const input = doc(p(schema.text('fet', [bold]), nodes.hard_break.create(null, null, [bold]), schema.text('stil', [bold])));
    const output = repaired(input);
    expectValidWithSameText(input, output);
    const marksOf: string[][] = [];
    output.descendants((node) => {
      if (node.isInline) marksOf.push(node.marks.map((m) => m.type.name));
    });
    expect(marksOf).toEqual([['bold'], [], ['bold']]);
  });

  it('leaves table shape to prosemirror-tables', () => {
    // A short row is fixTables' job (tableEditing adds the missing cell).
    const ragged = doc(table(tr(td(p('a')), td(p('b'))), tr(td(p('c')))));
    expect(repairTransaction(EditorState.create({ doc: ragged }))).toBeNull();
  });

  it('keeps the cursor in the text it was in', () => {
    const input = doc(table(tr(td(), td(p('Första')))));
    const afterF = 8; // table, row, empty cell (2), cell, paragraph open; "F" is at 7
    const state = EditorState.create({ doc: input, selection: TextSelection.create(input, afterF) });
    const repair = repairTransaction(state);
    expect(repair?.selection.$from.parent.textContent).toBe('Första');
  });
});

describe('the repair plugin', () => {
  it('repairs the doc a transaction leaves invalid', () => {
    const state = EditorState.create({ doc: doc(p('x')), plugins: [repairPlugin()] });
    const next = state.apply(state.tr.replaceWith(0, state.doc.content.size, table(tr(td(), td(p('y'))))));
    expect(() => next.doc.check()).not.toThrow();
    expect(next.doc.toJSON()).toEqual(doc(table(tr(td(p()), td(p('y'))))).toJSON());
  });

  it('keeps a hard break typed in bold text free of the mark, as every peer will see it', () => {
    const bold = schema.marks.bold.create();
    const start = doc(p(schema.text('fetstil', [bold])));
    const state = EditorState.create({ doc: start, selection: TextSelection.create(start, 4), plugins: [repairPlugin()] });
    // What a Shift-Enter command does: the inserted node inherits the marks around it.
    const next = state.apply(state.tr.replaceSelectionWith(nodes.hard_break.create()));
    expect(next.doc.child(0).child(1).type.name).toBe('hard_break');
    expect(next.doc.child(0).child(1).marks).toEqual([]);
  });

  it('does not touch a transaction that leaves the doc valid', () => {
    const state = EditorState.create({ doc: doc(p('x')), plugins: [repairPlugin()] });
    const { transactions } = state.applyTransaction(state.tr.insertText('y', 1));
    expect(transactions).toHaveLength(1);
  });

  it('keeps the repair of a remote change out of the undo history', () => {
    const state = EditorState.create({ doc: doc(p('x')), plugins: [repairPlugin()] });
    const remote = state.tr.replaceWith(0, state.doc.content.size, table(tr(td()))).setMeta('addToHistory', false);
    const { transactions } = state.applyTransaction(remote);
    expect(transactions).toHaveLength(2);
    expect(transactions[1]?.getMeta('addToHistory')).toBe(false);
  });

  it('keeps the repair of a local edit in the undo history with the edit', () => {
    const state = EditorState.create({ doc: doc(p('x')), plugins: [repairPlugin()] });
    const { transactions } = state.applyTransaction(state.tr.replaceWith(0, state.doc.content.size, table(tr(td()))));
    expect(transactions).toHaveLength(2);
    expect(transactions[1]?.getMeta('addToHistory')).toBeUndefined();
  });
});

/**
 * Ctrl+K with nothing selected opens the link dialog (as in Word) and types
 * the new link's text at the cursor.
 */
import { describe, expect, it } from 'vitest';
import type { Node as PmNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { schema } from '../../../shared/schema/schema.ts';
import { canEditLink, insertLink } from '../../../src-renderer/editor/commands.ts';
import { doc, p } from '../../support/doc-builders.ts';

function at(content: PmNode, pos: number): EditorState {
  const state = EditorState.create({ schema, doc: content });
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)));
}

/** The paragraph's text pieces with their marks, e.g. "Se [link https://scb.se]SCB". */
function pieces(state: EditorState): string[] {
  const found: string[] = [];
  state.doc.firstChild!.forEach((node) => {
    const marks = node.marks.map((m) => (m.type === schema.marks.link ? `link ${String(m.attrs.href)}` : m.type.name));
    found.push(marks.length ? `[${marks.join(', ')}]${node.text}` : node.text!);
  });
  return found;
}

describe('a link with nothing selected', () => {
  it('the link dialog can open at a plain cursor in text', () => {
    expect(canEditLink(at(doc(p('Se ')), 4))).toBe(true);
  });

  it('types the link text at the cursor, linked', () => {
    let state = at(doc(p('Se  för mer.')), 4);
    insertLink('SCB', 'https://www.scb.se')(state, (tr) => (state = state.apply(tr)));
    expect(pieces(state)).toEqual(['Se ', '[link https://www.scb.se]SCB', ' för mer.']);
  });

  it('keeps bold around the cursor on the new link', () => {
    let state = at(doc(p(schema.text('Fet ', [schema.marks.bold.create()]))), 5);
    insertLink('länk', 'https://www.scb.se')(state, (tr) => (state = state.apply(tr)));
    expect(pieces(state)).toEqual(['[bold]Fet ', '[link https://www.scb.se, bold]länk']);
  });

  it('needs some text to show', () => {
    expect(insertLink('', 'https://www.scb.se')(at(doc(p('Se ')), 4))).toBe(false);
  });
});

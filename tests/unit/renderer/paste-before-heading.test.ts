/**
 * Pasting paragraphs at the start of a heading: the pasted blocks go above
 * the heading and the heading keeps its text and its level. The slices are
 * the ones ProseMirror makes from the clipboard — from HTML
 * (`<p>…</p><p>…</p>`) and from plain text (one paragraph per line) alike:
 * whole paragraphs, open at both ends.
 */
import { describe, expect, it } from 'vitest';
import { Fragment, Slice, type Node as PmNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { schema } from '../../../shared/schema/schema.ts';
import { pasteBeforeHeadingPlugin } from '../../../src-renderer/editor/paste-before-heading.ts';
import { doc, h2, li, p, ul } from '../../support/doc-builders.ts';

/** Two paragraphs as the clipboard gives them, open at both ends. */
const TWO_PARAGRAPHS = new Slice(Fragment.from([p('Första inklistrade stycket.'), p('Andra inklistrade stycket.')]), 1, 1);

/** Pastes as the view does: the plugin's handlePaste first, else ProseMirror's own replaceSelection. */
function paste(content: PmNode, cursor: number, slice: Slice): EditorState {
  const plugin = pasteBeforeHeadingPlugin();
  let state = EditorState.create({ schema, doc: content, plugins: [plugin] });
  state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, cursor)));
  const view = { state, dispatch: (tr: Parameters<EditorState['apply']>[0]) => (state = state.apply(tr)) };
  const handled = plugin.props.handlePaste!.call(plugin, view as never, {} as ClipboardEvent, slice) === true;
  if (!handled) state = state.apply(state.tr.replaceSelection(slice));
  return state;
}

/** Each block as "type: text". */
const blocks = (state: EditorState): string[] => {
  const lines: string[] = [];
  state.doc.descendants((node) => {
    if (!node.isTextblock) return true;
    lines.push(`${node.type.name}${node.attrs['level'] ? node.attrs['level'] : ''}: ${node.textContent}`);
    return false;
  });
  return lines;
};

describe('pasting paragraphs at the start of a heading', () => {
  it('puts them above the heading, which keeps its text and level', () => {
    const state = paste(doc(p('Inledning.'), h2('Bakgrund'), p('Text.')), 'Inledning.'.length + 3, TWO_PARAGRAPHS);
    expect(blocks(state)).toEqual(['paragraph: Inledning.', 'paragraph: Första inklistrade stycket.', 'paragraph: Andra inklistrade stycket.', 'heading2: Bakgrund', 'paragraph: Text.']);
  });

  it('leaves the cursor at the start of the heading, so typing goes on there', () => {
    let state = paste(doc(h2('Bakgrund')), 1, TWO_PARAGRAPHS);
    state = state.apply(state.tr.insertText('Om '));
    expect(blocks(state)).toEqual(['paragraph: Första inklistrade stycket.', 'paragraph: Andra inklistrade stycket.', 'heading2: Om Bakgrund']);
  });

  it('puts a pasted list above the heading too', () => {
    const list = new Slice(Fragment.from(ul(li(p('Ett')), li(p('Två')))), 3, 3);
    const state = paste(doc(h2('Bakgrund')), 1, list);
    expect(state.doc.eq(doc(ul(li(p('Ett')), li(p('Två'))), h2('Bakgrund')))).toBe(true);
  });

  it('still pastes a few words into the heading', () => {
    const words = new Slice(Fragment.from(p('Kort ')), 1, 1);
    expect(blocks(paste(doc(h2('Bakgrund')), 1, words))).toEqual(['heading2: Kort Bakgrund']);
  });

  it('leaves pasting inside the heading to ProseMirror', () => {
    const state = paste(doc(h2('Bakgrund')), 4, TWO_PARAGRAPHS);
    expect(blocks(state)[0]).toBe('heading2: BakFörsta inklistrade stycket.');
  });
});

/**
 * Pasting several blocks at the very start of a heading puts them before the
 * heading and leaves the heading as it was, as Word does.
 *
 * ProseMirror's default fits an open slice into the cursor's textblock: the
 * first pasted paragraph merges into the heading (and becomes the heading),
 * and the heading's own text is glued to the end of the last pasted
 * paragraph ("Andra inklistrade stycket.Bakgrund"). The clipboard's HTML and
 * its plain text both arrive here as the same kind of slice (paragraphs,
 * open at both ends), so one rule covers both.
 *
 * Only an empty cursor at offset 0 of a heading, and only a slice of
 * several blocks (or one block that is not a paragraph, such as a list or a
 * table): pasting a few words into a heading still goes into the heading.
 */
import { Slice } from 'prosemirror-model';
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from 'prosemirror-state';
import { schema } from '../../shared/schema/schema.ts';

export const pasteBeforeHeadingKey = new PluginKey('samskriv-paste-before-heading');

/** The transaction that puts `slice` before the heading at the cursor, or null when the default paste is right. */
export function pasteBeforeHeading(state: EditorState, slice: Slice): Transaction | null {
  const { selection } = state;
  if (!selection.empty) return null;
  const { $from } = selection;
  if ($from.parent.type !== schema.nodes.heading || $from.parentOffset !== 0) return null;
  const blocks = slice.content;
  const first = blocks.firstChild;
  if (first === null || !first.isBlock) return null;
  if (blocks.childCount === 1 && first.type === schema.nodes.paragraph) return null;
  const headingStart = $from.before();
  // The pasted blocks as whole nodes, not open ones to be fitted into the heading.
  const tr = state.tr.replace(headingStart, headingStart, new Slice(blocks, 0, 0));
  // The cursor stays at the start of the heading, now below what was pasted.
  tr.setSelection(TextSelection.create(tr.doc, tr.mapping.map($from.pos, 1)));
  return tr.setMeta('paste', true).setMeta('uiEvent', 'paste').scrollIntoView();
}

export function pasteBeforeHeadingPlugin(): Plugin {
  return new Plugin({
    key: pasteBeforeHeadingKey,
    props: {
      handlePaste(view, _event, slice) {
        const tr = pasteBeforeHeading(view.state, slice);
        if (tr === null) return false;
        view.dispatch(tr);
        return true;
      },
    },
  });
}

/**
 * The editor–Yjs bindings that the merge scenarios (merge-scenarios.ts), the
 * intent fuzz and bench/merge-intent.ts compare, behind one small interface:
 * how a binding stores a chapter, and a real EditorView bound to a Y.Doc.
 *
 * Nothing else about a binding is assumed, so the same scenario runs
 * unchanged against y-prosemirror and against Samskriv's own binding.
 *
 * - `yProsemirror` is y-prosemirror 1.3.7 as the app used it before issue 8:
 *   a Y.XmlFragment tree, `ySyncPlugin` + `yUndoPlugin`, and the app's
 *   plugins that reshape a merged doc (prosemirror-tables' `tableEditing`
 *   and our `repairPlugin`). It is built here, not through
 *   createHeadlessEditor, so that it stays the baseline when the app's
 *   editor moves to the new binding.
 * - `samskriv` is the app's binding (issue 8): one flat Y.Text with block
 *   markers (shared/chapter-text/), written with `writeChapterDoc`, edited in
 *   the app's editor as createHeadlessEditor builds it.
 * - `appBinding` is the binding the app's editor uses; the merge-intent tests
 *   and the intent fuzz run against it.
 */
import type * as Y from 'yjs';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type { Node as PmNode } from 'prosemirror-model';
import { tableEditing } from 'prosemirror-tables';
import { prosemirrorToYXmlFragment, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import { schema } from '../../../shared/schema/schema.ts';
import { repairPlugin } from '../../../shared/schema/repair.ts';
import { writeChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { createHeadlessEditor } from './headless-editor.ts';

export interface BoundEditor {
  readonly view: EditorView;
  destroy(): void;
}

export interface BindingUnderTest {
  readonly name: string;
  /** Writes `content` into an empty chapter Y.Doc, the way the binding stores text. */
  seed(doc: Y.Doc, content: PmNode): void;
  /** A real EditorView (jsdom) bound to the doc, with the app's editing plugins. */
  createEditor(doc: Y.Doc): BoundEditor;
}

/** The Y.XmlFragment y-prosemirror keeps a chapter in (CHAPTER_CONTENT_FIELD). */
const Y_PROSEMIRROR_FRAGMENT = 'prosemirror';

export const yProsemirror: BindingUnderTest = {
  name: 'y-prosemirror 1.3.7',
  seed: (doc, content) => prosemirrorToYXmlFragment(content, doc.getXmlFragment(Y_PROSEMIRROR_FRAGMENT)),
  createEditor: (doc) => {
    const state = EditorState.create({
      schema,
      // y-prosemirror replaces this with the fragment's content when the view is created.
      doc: schema.topNodeType.create(null, schema.nodes.paragraph.create()),
      plugins: [ySyncPlugin(doc.getXmlFragment(Y_PROSEMIRROR_FRAGMENT)), yUndoPlugin(), tableEditing(), repairPlugin()],
    });
    const view = new EditorView(document.createElement('div'), { state, handleScrollToSelection: () => true });
    return { view, destroy: () => view.destroy() };
  },
};

export const samskriv: BindingUnderTest = {
  name: 'samskriv chapter text',
  seed: (doc, content) => writeChapterDoc(doc, content),
  createEditor: (doc) => createHeadlessEditor(doc),
};

export const appBinding: BindingUnderTest = samskriv;

/** Every binding bench/merge-intent.ts compares. */
export const BINDINGS: readonly BindingUnderTest[] = [yProsemirror, samskriv];

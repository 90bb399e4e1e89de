/**
 * The benchmark's second reference editor: ProseMirror with the chapter
 * schema and nothing but y-prosemirror 1.3.7's sync and undo plugins (what
 * `bareEditorPlugins` was before schema version 2) on the `prosemirror`
 * XmlFragment of a fresh Y.Doc. bench/replay.ts types the same trace into it
 * and into bare-editor.ts (the chapter-text binding), so the two bindings
 * are compared on the same machine in the same run.
 */
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import * as Y from 'yjs';
import { legacyChapterContent } from '../../shared/plan/chapter.ts';
import { schema } from '../../shared/schema/schema.ts';
import { exposeBareEditor } from './bare-page.ts';

const doc = new Y.Doc();
const view = new EditorView(document.getElementById('editor'), {
  state: EditorState.create({
    schema,
    // One empty paragraph, as the app started before: y-prosemirror replaces it with the fragment's content.
    doc: schema.topNodeType.create(null, schema.nodes.paragraph.create()),
    plugins: [ySyncPlugin(legacyChapterContent(doc)), yUndoPlugin()],
  }),
});
exposeBareEditor(view, doc);

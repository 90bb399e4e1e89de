/**
 * The benchmark's reference editor: ProseMirror with the chapter schema and
 * nothing but y-prosemirror's sync and undo plugins (`bareEditorPlugins`, the
 * same function the app's editor starts from), bound to a fresh Y.Doc.
 *
 * With `?plugins=app` it uses the app's whole plugin set instead
 * (`chapterEditorPlugins`: keymaps, tables, repair, cursors), still without
 * React or saving; `node bench/replay.ts --diagnose` uses that page to tell
 * the cost of the plugins from the cost of the rest of the app.
 *
 * It uses the app's stylesheets and editor wrapper, so that text layout and
 * painting cost the same in both pages and the comparison isolates what the
 * app adds. The view is exposed exactly as the app exposes its own
 * (`.ProseMirror` element's `pmView`), so bench/replay.ts drives both with
 * the same code.
 */
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import { schema } from '../../shared/schema/schema.ts';
import { CHAPTER_CONTENT_FIELD } from '../../shared/plan/chapter.ts';
import type { EditorHost } from '../../src-renderer/editor/ChapterEditor.tsx';
import { bareEditorPlugins, chapterEditorPlugins } from '../../src-renderer/editor/editor-state.ts';
import 'prosemirror-view/style/prosemirror.css';
import 'prosemirror-tables/style/tables.css';
import 'prosemirror-gapcursor/style/gapcursor.css';
import '../../src-renderer/styles/app.css';

declare global {
  interface Window {
    /** Read by bench/replay.ts after the replay. */
    bareBench?: { readonly stateBytes: () => { live: number; reloaded: number } };
  }
}

const doc = new Y.Doc();
const fragment = doc.getXmlFragment(CHAPTER_CONTENT_FIELD);
const appPlugins = new URLSearchParams(window.location.search).get('plugins') === 'app';
const view = new EditorView(document.getElementById('editor'), {
  state: EditorState.create({
    schema,
    // The link dialog needs React; the replay never opens it.
    plugins: appPlugins ? chapterEditorPlugins(fragment, { openLinkDialog: () => false, hasThread: () => false }) : bareEditorPlugins(fragment),
  }),
});
(view.dom as EditorHost).pmView = view;
document.title = appPlugins ? 'ProseMirror with the app plugins (benchmark)' : document.title;
window.bareBench = {
  // `live` is the editing doc, whose undo manager keeps deleted items from
  // being garbage-collected; `reloaded` is the same state loaded into a fresh
  // Y.Doc, as the app's store does when it compacts (comparable to the app).
  stateBytes: () => {
    const update = Y.encodeStateAsUpdate(doc);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, update);
    const reloaded = Y.encodeStateAsUpdate(fresh).length;
    fresh.destroy();
    return { live: update.length, reloaded };
  },
};

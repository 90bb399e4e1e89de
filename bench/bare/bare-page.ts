/**
 * What both bare benchmark pages share: the app's stylesheets (so that text
 * layout and painting cost the same as in the app), the view exposed exactly
 * as the app exposes its own (`.ProseMirror` element's `pmView`), so
 * bench/replay.ts drives every page with the same code, and the Y.Doc's size.
 */
import type { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import type { EditorHost } from '../../src-renderer/editor/ChapterEditor.tsx';
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

export function exposeBareEditor(view: EditorView, doc: Y.Doc): void {
  (view.dom as EditorHost).pmView = view;
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
}

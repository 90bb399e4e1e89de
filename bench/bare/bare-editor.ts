/**
 * The benchmark's reference editor: ProseMirror with the chapter schema and
 * nothing but the chapter-text binding's sync and undo plugins
 * (`bareEditorPlugins`, the same function the app's editor starts from),
 * bound to the chapter text of a fresh Y.Doc.
 *
 * With `?plugins=app` it uses the app's whole plugin set instead
 * (`chapterEditorPlugins`: keymaps, tables, repair, cursors), still without
 * React or saving; `node bench/replay.ts --diagnose` uses that page to tell
 * the cost of the plugins from the cost of the rest of the app.
 *
 * With `?plugins=suggest` it is the bare editor of a drafter of another
 * agency, in Föreslå: the bare plugins plus Redigera / Föreslå, dispatching
 * through `dispatchSuggesting` as the app does; `node bench/replay.ts
 * --suggest` compares it with the bare editor (issue 12's budget).
 *
 * bare-yprosemirror-editor.ts is the same page on y-prosemirror 1.3.7 (the
 * binding before schema version 2), so the two bindings are measured alike.
 */
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import { chapterText } from '../../shared/chapter-text/chapter-text.ts';
import { schema } from '../../shared/schema/schema.ts';
import { bindChapterText } from '../../src-renderer/editor/binding/sync-plugin.ts';
import { bareEditorPlugins, chapterEditorPlugins } from '../../src-renderer/editor/editor-state.ts';
import { exposeBareEditor } from './bare-page.ts';
import { dispatchSuggesting, suggestModePlugin } from '../../src-renderer/editor/suggest-mode.ts';
import { startAsOwnSection } from '../own-section.ts';

const doc = new Y.Doc();
const binding = bindChapterText(chapterText(doc));
const variant = new URLSearchParams(window.location.search).get('plugins');
const appPlugins = variant === 'app';
const suggesting = variant === 'suggest';
const drafter = { memberId: 'bench-drafter', name: 'Bo Ek', agency: 'sos', role: 'drafter' } as const;
const view = new EditorView(document.getElementById('editor'), {
  state: EditorState.create({
    schema,
    doc: binding.doc,
    // The link dialog needs React; the replay never opens it.
    plugins: appPlugins
      ? chapterEditorPlugins(binding, { openLinkDialog: () => false, hasThread: () => false })
      : [...bareEditorPlugins(binding), ...(suggesting ? [suggestModePlugin({ member: drafter, chapter: { owner: 'migr' } })] : [])],
  }),
  ...(suggesting
    ? {
        dispatchTransaction(this: EditorView, tr) {
          dispatchSuggesting(this, tr);
        },
      }
    : {}),
});
if (suggesting) startAsOwnSection(view, drafter);
exposeBareEditor(view, doc);
document.title = appPlugins ? 'ProseMirror with the app plugins (benchmark)' : suggesting ? 'ProseMirror in Föreslå (benchmark)' : document.title;

/**
 * The plugin set of a chapter editor, in one place, so that the app, the
 * convergence fuzz and the benchmark's bare editor agree on what "the editor"
 * is. `bareEditorPlugins` is the minimum for collaboration (the chapter-text
 * binding and its undo); `chapterEditorPlugins` adds what the app offers on
 * top.
 */
import { dropCursor } from 'prosemirror-dropcursor';
import { gapCursor } from 'prosemirror-gapcursor';
import { EditorState, type Command, type Plugin } from 'prosemirror-state';
import { search } from 'prosemirror-search';
import { columnResizing } from 'prosemirror-tables';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { ChapterBinding } from '../../shared/chapter-text/chapter-binding.ts';
import { schema } from '../../shared/schema/schema.ts';
import { repairPlugin } from '../../shared/schema/repair.ts';
import { editorKeymaps, type CommentCommands } from './keymap.ts';
import { commentAnchorsPlugin } from '../comments/comment-anchors-plugin.ts';
import { remoteCursorOptions } from '../sync/remote-cursors.ts';
import { bindChapterText, chapterSyncPlugin, type ChapterSyncOptions } from './binding/sync-plugin.ts';
import { chapterUndoPlugin } from './binding/undo-plugin.ts';
import { chapterCursorPlugin } from './binding/cursor-plugin.ts';
import { textlessContainersPlugin } from './binding/textless-containers.ts';
import { localTableEditing } from './binding/table-fixes.ts';
import { pasteBeforeHeadingPlugin } from './paste-before-heading.ts';
import { wordPastePlugin } from './word-paste.ts';
import { suggestModePlugin, type SuggestModeOptions } from './suggest-mode.ts';

export interface ChapterEditorOptions {
  readonly openLinkDialog: Command;
  /** Whether a comment thread exists in this chapter (decides what a paste keeps). */
  readonly hasThread: (threadId: string) => boolean;
  /** Ctrl+Alt+M and next/previous comment; the app's editor has them. */
  readonly comments?: CommentCommands;
  /** The chapter's awareness on a shared plan: shows the others' cursors and shares ours. */
  readonly awareness?: Awareness | null;
  /** Checks of the binding (development and test builds). */
  readonly sync?: ChapterSyncOptions;
  /** A paste left out pictures, which a chapter cannot hold (the editor says so). */
  readonly onDroppedImages?: (count: number) => void;
  /** The chapter's undo history, kept across views (`chapterUndoManager`); a view-long one otherwise. */
  readonly undoManager?: Y.UndoManager;
  /** Who writes, in which chapter: Redigera / Föreslå (suggest-mode.ts). The view must dispatch with `dispatchSuggesting`. */
  readonly suggest?: SuggestModeOptions;
}

/** Development builds check after every change that the editor and the chapter text agree. */
const DEFAULT_SYNC: ChapterSyncOptions = { verify: import.meta.env?.DEV === true };

export function bareEditorPlugins(binding: ChapterBinding, sync: ChapterSyncOptions = DEFAULT_SYNC, undoManager?: Y.UndoManager): Plugin[] {
  return [chapterSyncPlugin(binding, sync), chapterUndoPlugin(binding, undoManager)];
}

export function chapterEditorPlugins(binding: ChapterBinding, options: ChapterEditorOptions): Plugin[] {
  return [
    ...bareEditorPlugins(binding, options.sync, options.undoManager),
    ...cursorPlugins(options.awareness),
    ...(options.suggest ? [suggestModePlugin(options.suggest)] : []),
    ...editorKeymaps(options.openLinkDialog, options.comments),
    pasteBeforeHeadingPlugin(),
    wordPastePlugin(options.onDroppedImages),
    commentAnchorsPlugin({ hasThread: options.hasThread }),
    columnResizing(),
    localTableEditing(),
    repairPlugin(),
    textlessContainersPlugin(),
    dropCursor(),
    gapCursor(),
    // Find in the chapter (FindBar.tsx).
    search(),
  ];
}

/** An editable chapter: the state starts from the chapter text as it is. */
export function createChapterState(text: Y.Text, options: ChapterEditorOptions): EditorState {
  const binding = bindChapterText(text);
  return EditorState.create({ schema, doc: binding.doc, plugins: chapterEditorPlugins(binding, options) });
}

function cursorPlugins(awareness: Awareness | null | undefined): Plugin[] {
  return awareness ? [chapterCursorPlugin(awareness, remoteCursorOptions(awareness))] : [];
}

/**
 * A reader's view of a shared chapter: live (the others' edits and cursors
 * appear) but with nothing that writes to the doc — no undo, no keymaps, no
 * repairs — because the server refuses a reader's changes and they would
 * wait forever.
 */
export function createReaderState(text: Y.Text, awareness: Awareness | null): EditorState {
  const binding = bindChapterText(text);
  return EditorState.create({ schema, doc: binding.doc, plugins: [chapterSyncPlugin(binding, { ...DEFAULT_SYNC, readOnly: true }), ...cursorPlugins(awareness), search()] });
}

/**
 * The plugin set of a chapter editor, in one place, so that the app, the
 * convergence fuzz and the benchmark's bare editor agree on what "the editor"
 * is. `bareEditorPlugins` is the minimum for y-prosemirror collaboration;
 * `chapterEditorPlugins` adds what the app offers on top.
 */
import { dropCursor } from 'prosemirror-dropcursor';
import { gapCursor } from 'prosemirror-gapcursor';
import { EditorState, type Command, type Plugin } from 'prosemirror-state';
import { columnResizing, tableEditing } from 'prosemirror-tables';
import { yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { schema } from '../../shared/schema/schema.ts';
import { repairPlugin } from '../../shared/schema/repair.ts';
import { editorKeymaps, type CommentCommands } from './keymap.ts';
import { commentAnchorsPlugin } from '../comments/comment-anchors-plugin.ts';
import { remoteCursorOptions } from '../sync/remote-cursors.ts';

export interface ChapterEditorOptions {
  readonly openLinkDialog: Command;
  /** Whether a comment thread exists in this chapter (decides what a paste keeps). */
  readonly hasThread: (threadId: string) => boolean;
  /** Ctrl+Alt+M and next/previous comment; the app's editor has them. */
  readonly comments?: CommentCommands;
  /** The chapter's awareness on a shared plan: shows the others' cursors and shares ours. */
  readonly awareness?: Awareness | null;
}

export function bareEditorPlugins(content: Y.XmlFragment): Plugin[] {
  return [ySyncPlugin(content), yUndoPlugin()];
}

export function chapterEditorPlugins(content: Y.XmlFragment, options: ChapterEditorOptions): Plugin[] {
  return [
    ...bareEditorPlugins(content),
    ...cursorPlugins(options.awareness),
    ...editorKeymaps(options.openLinkDialog, options.comments),
    commentAnchorsPlugin({ hasThread: options.hasThread }),
    columnResizing(),
    tableEditing(),
    repairPlugin(),
    dropCursor(),
    gapCursor(),
  ];
}

/**
 * The starting doc is one empty paragraph rather than the schema's empty
 * default (`block*`), which has no place for a cursor. y-prosemirror replaces
 * it with the chapter's content as soon as the view is created.
 */
export function createChapterState(content: Y.XmlFragment, options: ChapterEditorOptions): EditorState {
  const doc = schema.topNodeType.create(null, schema.nodes.paragraph.create());
  return EditorState.create({ schema, doc, plugins: chapterEditorPlugins(content, options) });
}

function cursorPlugins(awareness: Awareness | null | undefined): Plugin[] {
  return awareness ? [yCursorPlugin(awareness, remoteCursorOptions(awareness))] : [];
}

/**
 * A reader's view of a shared chapter: live (the others' edits and cursors
 * appear) but with nothing that writes to the doc — no undo, no keymaps, no
 * repairs — because the server refuses a reader's changes and they would
 * wait forever.
 */
export function createReaderState(content: Y.XmlFragment, awareness: Awareness | null): EditorState {
  const doc = schema.topNodeType.create(null, schema.nodes.paragraph.create());
  return EditorState.create({ schema, doc, plugins: [ySyncPlugin(content), ...cursorPlugins(awareness)] });
}

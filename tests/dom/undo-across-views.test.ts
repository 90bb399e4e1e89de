/**
 * A chapter's undo history outlives its editor view (issue 10): the app makes
 * a new view, and with it a new binding, every time the drafter switches
 * chapters, and keeps one Y.UndoManager per chapter for the plan's session
 * (`chapterUndoManager`). Undo in a later view must take back the earlier
 * view's edits, and still only this user's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import { chapterText, readChapterDoc, writeChapterDoc } from '../../shared/chapter-text/chapter-text.ts';
import { chapterUndoManager } from '../../src-renderer/editor/binding/undo-plugin.ts';
import { undoCommand } from '../../src-renderer/editor/commands.ts';
import { createChapterState } from '../../src-renderer/editor/editor-state.ts';
import { chapterOf } from './support/comment-editing.ts';
import { createHeadlessEditor, type HeadlessEditor } from './support/headless-editor.ts';

const views: (EditorView | HeadlessEditor)[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

function chapterDoc(): Y.Doc {
  const doc = new Y.Doc();
  writeChapterDoc(doc, chapterOf({ type: 'paragraph', content: [{ type: 'text', text: 'Bakgrund.' }] }));
  return doc;
}

/** A view as ChapterEditor makes one, on the chapter's lasting undo history. */
function openView(doc: Y.Doc, undoManager: Y.UndoManager): EditorView {
  const state = createChapterState(chapterText(doc), { openLinkDialog: () => false, hasThread: () => false, undoManager });
  const view = new EditorView(document.createElement('div'), { state, handleScrollToSelection: () => true });
  views.push(view);
  return view;
}

function typeAtEnd(view: EditorView, text: string): void {
  view.dispatch(view.state.tr.setSelection(TextSelection.atEnd(view.state.doc)));
  for (const char of text) view.dispatch(view.state.tr.insertText(char));
}

const textOf = (doc: Y.Doc): string => readChapterDoc(doc).textContent;

describe('undo across editor views of one chapter', () => {
  it('undoes, in a new view, the edits made before the chapter was left', () => {
    const doc = chapterDoc();
    const undoManager = chapterUndoManager(chapterText(doc));
    const before = openView(doc, undoManager);
    typeAtEnd(before, ' Egen mening.');
    before.destroy();

    const after = openView(doc, undoManager);
    expect(undoCommand(after.state, after.dispatch)).toBe(true);
    expect(textOf(doc)).toBe('Bakgrund.');
    expect(after.state.doc.textContent).toBe('Bakgrund.');
    undoManager.destroy();
  });

  it('leaves a colleague\'s edit that arrived while the chapter was away', () => {
    const doc = chapterDoc();
    const undoManager = chapterUndoManager(chapterText(doc));
    const before = openView(doc, undoManager);
    typeAtEnd(before, ' Egen.');
    before.destroy();

    const colleagueDoc = new Y.Doc();
    Y.applyUpdate(colleagueDoc, Y.encodeStateAsUpdate(doc));
    const colleague = createHeadlessEditor(colleagueDoc);
    views.push(colleague);
    typeAtEnd(colleague.view, ' Kollegans.');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(colleagueDoc, Y.encodeStateVector(doc)), 'remote');

    const after = openView(doc, undoManager);
    undoCommand(after.state, after.dispatch);
    expect(textOf(doc)).toBe('Bakgrund. Kollegans.');
    undoManager.destroy();
  });

  it('makes the first edit in a new view a step of its own', () => {
    const doc = chapterDoc();
    const undoManager = chapterUndoManager(chapterText(doc));
    // Within the capture timeout the two edits would otherwise merge into one step.
    undoManager.captureTimeout = Number.POSITIVE_INFINITY;
    const before = openView(doc, undoManager);
    typeAtEnd(before, ' Först.');
    before.destroy();
    const after = openView(doc, undoManager);
    typeAtEnd(after, ' Sedan.');
    undoCommand(after.state, after.dispatch);
    expect(textOf(doc)).toBe('Bakgrund. Först.');
    undoManager.destroy();
  });
});

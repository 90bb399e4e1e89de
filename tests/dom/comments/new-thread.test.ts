/**
 * Posting a new thread from the composer (src-renderer/comments/new-thread.ts):
 * the words selected when the composer opened are remembered as Yjs relative
 * positions, and posting anchors the thread on them in one transaction, even
 * after the text around them has changed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { anchorNewThread, composerFor } from '../../../src-renderer/comments/new-thread.ts';
import { undoCommand } from '../../../src-renderer/editor/commands.ts';
import type { HeadlessEditor } from '../support/headless-editor.ts';
import { anchorTexts, chapterOf, expectIndexMatchesDoc, paragraph, posOf, selectText } from '../support/comment-editing.ts';
import { editorsOn } from '../support/chapter-peers.ts';

const SENTENCE = 'Planen ska öka sysselsättningen bland utrikes födda kvinnor.';
const WORDS = 'öka sysselsättningen';

let editor: HeadlessEditor;

function open(): HeadlessEditor {
  [editor] = editorsOn(chapterOf(paragraph(SENTENCE)), 1) as [HeadlessEditor];
  return editor;
}

afterEach(() => editor.destroy());

describe('posting a new thread', () => {
  it('anchors the thread on the words selected when the composer opened, although text was typed before them meanwhile', () => {
    const { view } = open();
    selectText(view, WORDS);
    const composer = composerFor(view.state)!;
    expect(composer.quote).toBe(WORDS);
    view.dispatch(view.state.tr.insertText('I år: ', 1));

    view.dispatch(anchorNewThread(view.state, composer, 'thread-1')!);

    expect(anchorTexts(view, 'thread-1')).toEqual([WORDS]);
    expectIndexMatchesDoc(view);
  });

  it('leaves a caret after the commented words, so typing next cannot replace them', () => {
    const { view } = open();
    selectText(view, WORDS);
    const composer = composerFor(view.state)!;

    view.dispatch(anchorNewThread(view.state, composer, 'thread-1')!);

    expect(view.state.selection.empty).toBe(true);
    expect(view.state.selection.head).toBe(posOf(view.state.doc, WORDS) + WORDS.length);
  });

  it('keeps the anchor out of the undo history: undoing the typing before it leaves the anchor', () => {
    const { view } = open();
    view.dispatch(view.state.tr.insertText('I år: ', 1));
    editor.newUndoStep();
    selectText(view, WORDS);

    view.dispatch(anchorNewThread(view.state, composerFor(view.state)!, 'thread-1')!);
    undoCommand(view.state, view.dispatch, view);

    expect(view.state.doc.textContent).toBe(SENTENCE);
    expect(anchorTexts(view, 'thread-1')).toEqual([WORDS]);
  });

  it('gives no anchor when the selected words were deleted meanwhile (the thread is posted detached)', () => {
    const { view } = open();
    selectText(view, WORDS);
    const composer = composerFor(view.state)!;
    const from = posOf(view.state.doc, WORDS);
    view.dispatch(view.state.tr.delete(from, from + WORDS.length));

    expect(anchorNewThread(view.state, composer, 'thread-1')).toBeNull();
  });

  it('opens no composer for a caret', () => {
    const { view } = open();
    expect(composerFor(view.state)).toBeNull();
  });
});

/**
 * A drafter undoes a large change while a colleague types inside it (issue
 * 10, item 8): Försäkringskassan selects the whole chapter, deletes it and
 * presses Ctrl+Z, while Migrationsverket types a sentence into the second
 * paragraph. The chapter must come back whole, and Migrationsverket's
 * sentence must stay whole, in the paragraph it was typed into.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AllSelection, TextSelection } from 'prosemirror-state';
import { deleteSelection } from 'prosemirror-commands';
import { undoCommand } from '../../src-renderer/editor/commands.ts';
import type { HeadlessEditor } from './support/headless-editor.ts';
import { blockTexts, chapterOf, exchange, paragraph, posOf } from './support/comment-editing.ts';
import { editorsOn } from './support/chapter-peers.ts';

let open: HeadlessEditor[] = [];
afterEach(() => {
  for (const editor of open) editor.destroy();
  open = [];
});

function typeAt(editor: HeadlessEditor, pos: number, text: string): void {
  const { view } = editor;
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos)));
  editor.newUndoStep();
  // Key by key, as a person types.
  for (const char of text) view.dispatch(view.state.tr.insertText(char));
}

const START = ['Bakgrund', 'Myndigheterna samverkar om etablering.', 'Uppföljningen sker årligen.'];
const SENTENCE = ' Migrationsverket skriver medan kapitlet raderas av någon annan.';

describe('Ctrl+Z of a deleted chapter while a colleague types in it', () => {
  it.each([
    ['the typing arrives before the undo', true],
    ['the typing arrives after the undo', false],
  ])('%s: the chapter comes back whole and the sentence stays in its paragraph', (_label, typingFirst) => {
    open = editorsOn(chapterOf(paragraph(START[0]!), paragraph(START[1]!), paragraph(START[2]!)), 2);
    const [fk, migr] = open as [HeadlessEditor, HeadlessEditor];

    typeAt(migr, posOf(migr.view.state.doc, 'etablering.') + 'etablering.'.length, SENTENCE);

    fk.newUndoStep();
    fk.view.dispatch(fk.view.state.tr.setSelection(new AllSelection(fk.view.state.doc)));
    expect(deleteSelection(fk.view.state, fk.view.dispatch)).toBe(true);
    if (typingFirst) exchange(migr, fk);
    expect(undoCommand(fk.view.state, fk.view.dispatch)).toBe(true);
    exchange(migr, fk);
    exchange(fk, migr);

    const expected = [START[0], START[1] + SENTENCE, START[2]];
    expect(blockTexts(fk)).toEqual(expected);
    expect(blockTexts(migr)).toEqual(expected);
  });
});

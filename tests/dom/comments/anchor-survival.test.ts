/**
 * A comment stays on the text it is about while the chapter is rewritten
 * around it (issue 4, "Anchor survival"): paragraphs split and joined at and
 * inside the anchor, the paragraph wrapped in a list, a table cell edited
 * next to an anchored cell, text cut and pasted elsewhere, overlapping
 * threads, typing at an anchor's edge, and deleting the anchored text, which
 * leaves the thread detached with its quote.
 *
 * Everything runs in headless editors with the app's plugins, through real
 * ProseMirror commands and the real paste path. After every step the
 * editor's incremental anchor index must equal a full scan of its doc.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TextSelection, type Command } from 'prosemirror-state';
import type { Slice } from 'prosemirror-model';
import { chainCommands, deleteSelection, joinBackward, joinForward, selectNodeBackward, selectNodeForward, splitBlock } from 'prosemirror-commands';
import { liftListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { addColumnAfter, addRowAfter, deleteRow } from 'prosemirror-tables';
import { schema } from '../../../shared/schema/schema.ts';
import { threadsAt } from '../../../shared/comments/anchors.ts';
import { readThreads, replyToThread } from '../../../shared/comments/threads.ts';
import { anchorIndexOf } from '../../../src-renderer/comments/comment-anchors-plugin.ts';
import { undoCommand } from '../../../src-renderer/editor/commands.ts';
import type { HeadlessEditor } from '../support/headless-editor.ts';
import {
  anchorText,
  anchorTexts,
  blockTexts,
  chapterOf,
  commentOnSelection,
  exchange,
  expectIndexMatchesDoc,
  paragraph,
  placement,
  posOf,
  selectText,
  threadById,
} from '../support/comment-editing.ts';
import { editorsOn } from '../support/chapter-peers.ts';
import { anna, bo } from '../../unit/comments/comment-members.ts';

const { nodes } = schema;
const enter = chainCommands(splitListItem(nodes.list_item), splitBlock);
const backspace = chainCommands(deleteSelection, joinBackward, selectNodeBackward);
const del = chainCommands(deleteSelection, joinForward, selectNodeForward);

const SENTENCE = 'Andelen kvinnor i arbete ökade till 68 procent år 2022.';
const ANCHOR = 'ökade till 68 procent';

let open: HeadlessEditor[] = [];

function editors(count: number, ...content: Record<string, unknown>[]): HeadlessEditor[] {
  open = editorsOn(chapterOf(...content), count);
  return open;
}

afterEach(() => {
  for (const editor of open) editor.destroy();
  open = [];
});

/** Runs a command with the cursor placed `offset` characters into `text`, checks the index afterwards. */
function at(editor: HeadlessEditor, text: string, offset: number, command: Command): void {
  const { view } = editor;
  const pos = posOf(view.state.doc, text) + offset;
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos)));
  expect(command(view.state, view.dispatch, view), 'the command applies').toBe(true);
  expectIndexMatchesDoc(view);
}

function type(editor: HeadlessEditor, pos: number, text: string): void {
  const { view } = editor;
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos)));
  view.dispatch(view.state.tr.insertText(text));
  expectIndexMatchesDoc(view);
}

/** Bo comments on `text` in the first editor. */
function commentOn(editor: HeadlessEditor, text: string, threadId = 't1', occurrence = 0): void {
  selectText(editor.view, text, occurrence);
  expect(commentOnSelection(editor, bo, { threadId, messageId: `${threadId}-m1`, text: 'Stämmer siffran? Källa?' })).toBe(true);
  expectIndexMatchesDoc(editor.view);
}

/**
 * ProseMirror's own paste path (parse the clipboard HTML, transformPasted,
 * handlePaste, replace the selection). jsdom has no ClipboardEvent; the
 * event only reaches handlePaste hooks, which read the slice, not the event.
 */
function paste(editor: HeadlessEditor, html: string): boolean {
  return editor.view.pasteHTML(html, new Event('paste') as ClipboardEvent);
}

/** The HTML the editor puts on the clipboard for the current selection. */
function copySelection(editor: HeadlessEditor): string {
  const { view } = editor;
  return view.serializeForClipboard(view.state.selection.content()).dom.innerHTML;
}

describe('a comment follows its text through block edits', () => {
  it('a split inside the anchor keeps both halves anchored, and joining makes it whole again', () => {
    const [a] = editors(1, paragraph(SENTENCE));
    if (!a) throw new Error('no editor');
    commentOn(a, ANCHOR);

    at(a, '68 procent', 0, enter);
    expect(blockTexts(a)).toEqual(['Andelen kvinnor i arbete ökade till ', '68 procent år 2022.']);
    expect(anchorTexts(a.view, 't1')).toEqual(['ökade till ', '68 procent']);

    at(a, '68 procent', 0, backspace);
    expect(blockTexts(a)).toEqual([SENTENCE]);
    expect(anchorTexts(a.view, 't1')).toEqual([ANCHOR]);
  });

  it('a split at the anchor’s start moves the whole anchor to the new paragraph, and a join brings it back', () => {
    const [a] = editors(1, paragraph(SENTENCE));
    if (!a) throw new Error('no editor');
    commentOn(a, ANCHOR);

    at(a, ANCHOR, 0, enter);
    expect(blockTexts(a)).toEqual(['Andelen kvinnor i arbete ', 'ökade till 68 procent år 2022.']);
    expect(anchorTexts(a.view, 't1')).toEqual([ANCHOR]);

    at(a, 'Andelen kvinnor i arbete ', 'Andelen kvinnor i arbete '.length, del);
    expect(blockTexts(a)).toEqual([SENTENCE]);
    expect(anchorTexts(a.view, 't1')).toEqual([ANCHOR]);
  });

  it('a split at the anchor’s end leaves it whole in the first paragraph', () => {
    const [a] = editors(1, paragraph(SENTENCE));
    if (!a) throw new Error('no editor');
    commentOn(a, ANCHOR);

    at(a, ANCHOR, ANCHOR.length, enter);
    expect(blockTexts(a)).toEqual(['Andelen kvinnor i arbete ökade till 68 procent', ' år 2022.']);
    expect(anchorTexts(a.view, 't1')).toEqual([ANCHOR]);

    at(a, ' år 2022.', 0, backspace);
    expect(anchorTexts(a.view, 't1')).toEqual([ANCHOR]);
  });

  it('joining the paragraph before into the anchored one keeps the anchor', () => {
    const [a] = editors(1, paragraph('Inledning.'), paragraph(SENTENCE));
    if (!a) throw new Error('no editor');
    commentOn(a, 'Andelen kvinnor');

    at(a, 'Andelen kvinnor', 0, backspace);
    expect(blockTexts(a)).toEqual([`Inledning.${SENTENCE}`]);
    expect(anchorTexts(a.view, 't1')).toEqual(['Andelen kvinnor']);
  });

  it('wrapping the paragraph in a list and lifting it out again keeps the anchor', () => {
    const [a] = editors(1, paragraph('Inledning.'), paragraph(SENTENCE));
    if (!a) throw new Error('no editor');
    commentOn(a, ANCHOR);

    at(a, ANCHOR, 2, wrapInList(nodes.bullet_list));
    expect(a.view.state.doc.child(1).type.name).toBe('bullet_list');
    expect(anchorTexts(a.view, 't1')).toEqual([ANCHOR]);

    at(a, ANCHOR, 'ökade'.length, enter);
    expect(a.view.state.doc.child(1).childCount).toBe(2);
    expect(anchorTexts(a.view, 't1')).toEqual(['ökade', ' till 68 procent']);

    at(a, ' till 68 procent', 0, liftListItem(nodes.list_item));
    at(a, 'ökade', 0, liftListItem(nodes.list_item));
    expect(a.view.state.doc.child(1).type.name).toBe('paragraph');
    expect(anchorTexts(a.view, 't1')).toEqual(['ökade', ' till 68 procent']);
  });

  it('editing a table next to an anchored cell leaves the anchor on its cell', () => {
    const cell = (text: string) => ({ type: 'table_cell', content: [paragraph(text)] });
    const [a] = editors(1, {
      type: 'table',
      content: [
        { type: 'table_row', content: [cell('Myndighet'), cell('Åtgärd')] },
        { type: 'table_row', content: [cell('Migrationsverket'), cell('Språkstöd på arbetsplatsen')] },
      ],
    });
    if (!a) throw new Error('no editor');
    commentOn(a, 'Språkstöd');

    type(a, posOf(a.view.state.doc, 'Migrationsverket') + 'Migrationsverket'.length, ' (MV)');
    type(a, posOf(a.view.state.doc, 'Myndighet'), 'Ansvarig ');
    // In the anchored cell itself, right after the anchor: not part of it.
    type(a, posOf(a.view.state.doc, 'Språkstöd') + 'Språkstöd'.length, ' och mentorer');
    at(a, 'Myndighet', 0, addRowAfter);
    at(a, 'Åtgärd', 0, addColumnAfter);
    at(a, 'Myndighet', 0, deleteRow);
    expect(blockTexts(a)).toContain('Språkstöd och mentorer på arbetsplatsen');
    expect(anchorTexts(a.view, 't1')).toEqual(['Språkstöd']);
  });
});

describe('cut, copy and paste', () => {
  it('cut and paste moves the anchor with the text', () => {
    const [a] = editors(1, paragraph(SENTENCE), paragraph('Slutsats: '));
    if (!a) throw new Error('no editor');
    commentOn(a, '68 procent');

    selectText(a.view, 'till 68 procent');
    const html = copySelection(a);
    expect(deleteSelection(a.view.state, a.view.dispatch)).toBe(true);
    expectIndexMatchesDoc(a.view);
    expect(placement(a.view, threadById(a.doc, 't1')), 'detached between cut and paste').toBe('detached');

    const end = posOf(a.view.state.doc, 'Slutsats: ') + 'Slutsats: '.length;
    a.view.dispatch(a.view.state.tr.setSelection(TextSelection.create(a.view.state.doc, end)));
    expect(paste(a, html)).toBe(true);
    expectIndexMatchesDoc(a.view);

    expect(blockTexts(a)).toEqual(['Andelen kvinnor i arbete ökade  år 2022.', 'Slutsats: till 68 procent']);
    expect(anchorTexts(a.view, 't1')).toEqual(['68 procent']);
    expect(threadsAt(anchorIndexOf(a.view.state), posOf(a.view.state.doc, '68 procent') + 1)).toEqual(['t1']);
  });

  it('copy and paste does not make a second anchor for the thread', () => {
    const [a] = editors(1, paragraph(SENTENCE), paragraph('Slutsats: '));
    if (!a) throw new Error('no editor');
    commentOn(a, '68 procent');

    selectText(a.view, 'till 68 procent');
    const html = copySelection(a);
    const end = posOf(a.view.state.doc, 'Slutsats: ') + 'Slutsats: '.length;
    a.view.dispatch(a.view.state.tr.setSelection(TextSelection.create(a.view.state.doc, end)));
    expect(paste(a, html)).toBe(true);
    expectIndexMatchesDoc(a.view);

    expect(blockTexts(a)).toEqual([SENTENCE, 'Slutsats: till 68 procent']);
    expect(anchorIndexOf(a.view.state).ranges).toEqual([expect.objectContaining({ threadId: 't1', from: posOf(a.view.state.doc, '68 procent') })]);
  });

  it('the copied text keeps its other marks', () => {
    const [a] = editors(1, { type: 'paragraph', content: [{ type: 'text', text: 'Viktigt', marks: [{ type: 'bold' }] }, { type: 'text', text: ' här.' }] }, paragraph('Slut'));
    if (!a) throw new Error('no editor');
    commentOn(a, 'Viktigt');
    selectText(a.view, 'Viktigt');
    const html = copySelection(a);
    a.view.dispatch(a.view.state.tr.setSelection(TextSelection.create(a.view.state.doc, posOf(a.view.state.doc, 'Slut') + 4)));
    paste(a, html);
    const pasted = a.view.state.doc.lastChild?.lastChild;
    expect(pasted?.text).toBe('Viktigt');
    expect(pasted?.marks.map((m) => m.type.name)).toEqual(['bold']);
  });

  it('text pasted into another chapter, where the thread does not exist, loses the mark', () => {
    const [a] = editors(1, paragraph(SENTENCE));
    if (!a) throw new Error('no editor');
    commentOn(a, '68 procent');
    selectText(a.view, '68 procent');
    const html = copySelection(a);
    // The cut leaves no anchor behind, so only the missing thread stops the paste.
    deleteSelection(a.view.state, a.view.dispatch);

    const [other] = editorsOn(chapterOf(paragraph('Ett annat kapitel: ')), 1);
    if (!other) throw new Error('no editor');
    open.push(other);
    other.view.dispatch(other.view.state.tr.setSelection(TextSelection.atEnd(other.view.state.doc)));
    expect(paste(other, html)).toBe(true);
    expect(other.view.state.doc.textContent).toBe('Ett annat kapitel: 68 procent');
    expect(anchorIndexOf(other.view.state).ranges).toEqual([]);
    expectIndexMatchesDoc(other.view);
  });

  it('pasting the same cut text twice anchors it once', () => {
    const [a] = editors(1, paragraph(SENTENCE), paragraph('Slut'));
    if (!a) throw new Error('no editor');
    commentOn(a, '68 procent');
    selectText(a.view, '68 procent');
    const html = copySelection(a);
    deleteSelection(a.view.state, a.view.dispatch);
    for (let i = 0; i < 2; i++) {
      a.view.dispatch(a.view.state.tr.setSelection(TextSelection.atEnd(a.view.state.doc)));
      paste(a, html);
      expectIndexMatchesDoc(a.view);
    }
    expect(blockTexts(a).at(-1)).toBe('Slut68 procent68 procent');
    expect(anchorTexts(a.view, 't1')).toEqual(['68 procent']);
  });

  it('a paste of a slice with the mark of a thread that exists and is unanchored keeps it (the cut case, without HTML)', () => {
    const [a] = editors(1, paragraph(SENTENCE));
    if (!a) throw new Error('no editor');
    commentOn(a, '68 procent');
    selectText(a.view, '68 procent');
    const slice: Slice = a.view.state.selection.content();
    deleteSelection(a.view.state, a.view.dispatch);
    const { dom } = a.view.serializeForClipboard(slice);
    a.view.dispatch(a.view.state.tr.setSelection(TextSelection.atStart(a.view.state.doc)));
    paste(a, dom.innerHTML);
    expect(anchorTexts(a.view, 't1')).toEqual(['68 procent']);
    expect(blockTexts(a)).toEqual(['68 procentAndelen kvinnor i arbete ökade till  år 2022.']);
  });
});

/**
 * ProseMirror's own drop handler, fed the way a browser feeds it: a drag
 * started on the selection (view.dragging, as its dragstart handler sets
 * it), then a drop event. jsdom has no layout, so the one thing stubbed is
 * where the mouse is (posAtCoords); and no DataTransfer, so the drop carries
 * an empty one (the dragged slice comes from view.dragging, as in a browser).
 */
function drag(editor: HeadlessEditor, text: string, dropAt: number, options: { copy: boolean }): void {
  const { view } = editor;
  selectText(view, text);
  view.dragging = { slice: view.state.selection.content(), move: !options.copy };
  view.posAtCoords = () => ({ pos: dropAt, inside: -1 });
  const drop = new Event('drop', { bubbles: true, cancelable: true });
  Object.defineProperties(drop, {
    dataTransfer: { value: { getData: () => '', types: [], files: [] } },
    clientX: { value: 0 },
    clientY: { value: 0 },
    ctrlKey: { value: options.copy },
    altKey: { value: options.copy },
  });
  view.dom.dispatchEvent(drop);
  expect(drop.defaultPrevented, 'the editor handled the drop').toBe(true);
  expectIndexMatchesDoc(view);
}

describe('drag and drop', () => {
  it('dragging anchored text moves the anchor with it', () => {
    const [a] = editors(1, paragraph(SENTENCE), paragraph('Slut.'));
    if (!a) throw new Error('no editor');
    commentOn(a, '68 procent');
    drag(a, '68 procent', posOf(a.view.state.doc, 'Slut.'), { copy: false });
    expect(blockTexts(a)).toEqual(['Andelen kvinnor i arbete ökade till  år 2022.', '68 procentSlut.']);
    expect(anchorTexts(a.view, 't1')).toEqual(['68 procent']);
    expect(anchorIndexOf(a.view.state).ranges[0]?.from).toBe(posOf(a.view.state.doc, '68 procent'));
  });

  it('drag-copying anchored text (Ctrl held) does not make a second anchor', () => {
    const [a] = editors(1, paragraph(SENTENCE), paragraph('Slut.'));
    if (!a) throw new Error('no editor');
    commentOn(a, '68 procent');
    drag(a, '68 procent', posOf(a.view.state.doc, 'Slut.'), { copy: true });
    expect(blockTexts(a)).toEqual([SENTENCE, '68 procentSlut.']);
    expect(anchorTexts(a.view, 't1')).toEqual(['68 procent']);
    expect(anchorIndexOf(a.view.state).ranges[0]?.from).toBe(posOf(a.view.state.doc, '68 procent'));
  });
});

describe('overlapping threads', () => {
  function threeThreads(): HeadlessEditor {
    const [a] = editors(1, paragraph(SENTENCE));
    if (!a) throw new Error('no editor');
    commentOn(a, ANCHOR, 't1');
    // Shares "68 procent" with t1.
    commentOn(a, '68 procent år 2022', 't2');
    // Wholly inside t1.
    commentOn(a, 'till', 't3');
    return a;
  }

  it('each keeps its own text, and a position in the overlap lists both', () => {
    const a = threeThreads();
    expect(anchorTexts(a.view, 't1')).toEqual([ANCHOR]);
    expect(anchorTexts(a.view, 't2')).toEqual(['68 procent år 2022']);
    expect(anchorTexts(a.view, 't3')).toEqual(['till']);
    const index = anchorIndexOf(a.view.state);
    expect(threadsAt(index, posOf(a.view.state.doc, '68') + 1).sort()).toEqual(['t1', 't2']);
    expect(threadsAt(index, posOf(a.view.state.doc, 'till') + 1).sort()).toEqual(['t1', 't3']);
    expect(threadsAt(index, posOf(a.view.state.doc, 'år') + 1)).toEqual(['t2']);
    expect(threadsAt(index, posOf(a.view.state.doc, 'Andelen') + 1)).toEqual([]);
  });

  it('all survive typing in the overlap, a split inside both, and a join', () => {
    const a = threeThreads();
    type(a, posOf(a.view.state.doc, 'procent'), 'ungefär ');
    expect(anchorTexts(a.view, 't1')).toEqual(['ökade till 68 ungefär procent']);
    expect(anchorTexts(a.view, 't2')).toEqual(['68 ungefär procent år 2022']);

    at(a, 'ungefär', 0, enter);
    expect(anchorTexts(a.view, 't1')).toEqual(['ökade till 68 ', 'ungefär procent']);
    expect(anchorTexts(a.view, 't2')).toEqual(['68 ', 'ungefär procent år 2022']);
    expect(anchorTexts(a.view, 't3')).toEqual(['till']);

    at(a, 'ungefär', 0, backspace);
    expect(anchorTexts(a.view, 't1')).toEqual(['ökade till 68 ungefär procent']);
    expect(anchorTexts(a.view, 't2')).toEqual(['68 ungefär procent år 2022']);
    expect(anchorTexts(a.view, 't3')).toEqual(['till']);
  });

  it('a second editor receives all three, overlapping as they are', () => {
    editors(2, paragraph(SENTENCE));
    const [a, b] = open as [HeadlessEditor, HeadlessEditor];
    commentOn(a, ANCHOR, 't1');
    commentOn(a, '68 procent år 2022', 't2');
    commentOn(a, 'till', 't3');
    exchange(a, b);
    expectIndexMatchesDoc(b.view);
    expect(b.view.state.doc.toJSON()).toEqual(a.view.state.doc.toJSON());
    expect(anchorIndexOf(b.view.state)).toEqual(anchorIndexOf(a.view.state));
  });

  it('two members who comment on the same words in opposite order see the same chapter', () => {
    // ProseMirror lists marks of one type in the order they were added; the
    // binding puts them in one canonical order, so a peer that reads them
    // from Yjs and the members who added them build the same document.
    editors(2, paragraph(SENTENCE));
    const [a, b] = open as [HeadlessEditor, HeadlessEditor];
    commentOn(a, ANCHOR, 'tz');
    commentOn(a, ANCHOR, 'ta');
    exchange(a, b);
    commentOn(b, '68 procent', 'tm');
    exchange(b, a);
    expect(a.view.state.doc.toJSON()).toEqual(b.view.state.doc.toJSON());
    const marksOf = (editor: HeadlessEditor): string[] =>
      (editor.view.state.doc.nodeAt(posOf(editor.view.state.doc, '68'))?.marks ?? []).map((mark) => String(mark.attrs.threadId));
    expect(marksOf(a)).toEqual(['ta', 'tm', 'tz']);
    expect(marksOf(b)).toEqual(['ta', 'tm', 'tz']);
  });

  it('deleting the overlap leaves each thread the text that is only its own', () => {
    const a = threeThreads();
    selectText(a.view, '68 procent');
    deleteSelection(a.view.state, a.view.dispatch);
    expectIndexMatchesDoc(a.view);
    expect(anchorTexts(a.view, 't1')).toEqual(['ökade till ']);
    expect(anchorTexts(a.view, 't2')).toEqual([' år 2022']);
  });
});

describe('typing at the edge of an anchor does not extend it', () => {
  it.each([
    ['just after the anchor', ANCHOR.length],
    ['just before the anchor', 0],
  ])('%s', (_label, offset) => {
    const [a] = editors(1, paragraph(SENTENCE));
    if (!a) throw new Error('no editor');
    commentOn(a, ANCHOR);
    type(a, posOf(a.view.state.doc, ANCHOR) + offset, 'XYZ');
    expect(anchorTexts(a.view, 't1')).toEqual([ANCHOR]);
    expect(a.view.state.doc.textContent).toContain('XYZ');
  });

  it('at the very start of a paragraph that the anchor starts', () => {
    const [a] = editors(1, paragraph(SENTENCE));
    if (!a) throw new Error('no editor');
    commentOn(a, 'Andelen');
    type(a, 1, 'XYZ ');
    expect(anchorTexts(a.view, 't1')).toEqual(['Andelen']);
  });

  it('at the very end of a paragraph that the anchor ends', () => {
    const [a] = editors(1, paragraph(SENTENCE));
    if (!a) throw new Error('no editor');
    commentOn(a, '2022.');
    type(a, a.view.state.doc.content.size - 1, ' Mer text.');
    expect(anchorTexts(a.view, 't1')).toEqual(['2022.']);
  });

  it('typing inside the anchor grows it', () => {
    const [a] = editors(1, paragraph(SENTENCE));
    if (!a) throw new Error('no editor');
    commentOn(a, ANCHOR);
    type(a, posOf(a.view.state.doc, 'till'), 'snabbt ');
    expect(anchorTexts(a.view, 't1')).toEqual(['ökade snabbt till 68 procent']);
  });
});

describe('deleting the anchored text', () => {
  it('detaches the thread: it stays open and listed, with the text it was about quoted', () => {
    const [a] = editors(1, paragraph('Inledning.'), paragraph(SENTENCE));
    if (!a) throw new Error('no editor');
    commentOn(a, ANCHOR);
    expect(placement(a.view, threadById(a.doc, 't1'))).toBe('anchored');

    const block = posOf(a.view.state.doc, SENTENCE) - 1;
    a.view.dispatch(a.view.state.tr.delete(block, block + SENTENCE.length + 2));
    expectIndexMatchesDoc(a.view);

    const thread = threadById(a.doc, 't1');
    expect(placement(a.view, thread)).toBe('detached');
    expect(thread.quote).toBe(ANCHOR);
    expect(anchorText(a.view, 't1')).toBe('');
    expect(readThreads(a.doc)).toHaveLength(1);
  });

  it('an undo of the deletion brings the text back with its anchor', () => {
    const [a] = editors(1, paragraph(SENTENCE));
    if (!a) throw new Error('no editor');
    commentOn(a, ANCHOR);
    a.newUndoStep();
    selectText(a.view, 'kvinnor i arbete ökade till 68 procent år');
    deleteSelection(a.view.state, a.view.dispatch);
    expect(placement(a.view, threadById(a.doc, 't1'))).toBe('detached');
    expect(undoCommand(a.view.state, a.view.dispatch)).toBe(true);
    expectIndexMatchesDoc(a.view);
    expect(a.view.state.doc.textContent).toBe(SENTENCE);
    expect(anchorTexts(a.view, 't1')).toEqual([ANCHOR]);
  });

  it('an undo of typing done before commenting does not take the anchor with it', () => {
    const [a] = editors(1, paragraph(SENTENCE));
    if (!a) throw new Error('no editor');
    a.newUndoStep();
    type(a, 1, 'Nytt: ');
    commentOn(a, ANCHOR);
    expect(undoCommand(a.view.state, a.view.dispatch)).toBe(true);
    expectIndexMatchesDoc(a.view);
    expect(a.view.state.doc.textContent).toBe(SENTENCE);
    expect(anchorTexts(a.view, 't1')).toEqual([ANCHOR]);
  });

  it('rule 2: one drafter deletes the anchored text while another replies offline — detached, with the reply, on both', () => {
    editors(2, paragraph('Inledning.'), paragraph(SENTENCE));
    const [a, b] = open as [HeadlessEditor, HeadlessEditor];
    commentOn(a, ANCHOR);
    exchange(a, b);
    expectIndexMatchesDoc(b.view);
    expect(anchorTexts(b.view, 't1')).toEqual([ANCHOR]);

    // Offline: Cecilia deletes the sentence; Anna replies to the thread.
    selectText(b.view, SENTENCE);
    deleteSelection(b.view.state, b.view.dispatch);
    replyToThread(a.doc, anna, 't1', { id: 'm2', text: 'Jag tror siffran stämmer.' });

    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const)
      exchange(from, to);

    for (const editor of [a, b]) {
      expectIndexMatchesDoc(editor.view);
      const thread = threadById(editor.doc, 't1');
      expect(placement(editor.view, thread)).toBe('detached');
      expect(thread.quote).toBe(ANCHOR);
      expect(thread.messages.map((m) => m.text)).toEqual(['Stämmer siffran? Källa?', 'Jag tror siffran stämmer.']);
    }
    expect(readThreads(a.doc)).toEqual(readThreads(b.doc));
  });
});

describe('edits by a colleague in another editor', () => {
  it('the anchor index follows remote splits, typing, list wrapping and joins', () => {
    editors(2, paragraph('Inledning.'), paragraph(SENTENCE), paragraph('Slut.'));
    const [a, b] = open as [HeadlessEditor, HeadlessEditor];
    commentOn(a, ANCHOR, 't1');
    commentOn(a, 'Slut', 't2');
    exchange(a, b);

    const steps: [string, () => void][] = [
      ['types before the anchor', () => type(b, posOf(b.view.state.doc, 'Andelen'), 'Enligt SCB: ')],
      ['splits inside it', () => at(b, '68', 0, enter)],
      ['wraps it in a list', () => at(b, '68', 0, wrapInList(nodes.ordered_list))],
      ['types inside it', () => type(b, posOf(b.view.state.doc, 'procent'), 'hela ')],
      ['deletes the introduction', () => at(b, 'Inledning.', 0, (state, dispatch) => {
        dispatch?.(state.tr.delete(posOf(state.doc, 'Inledning.') - 1, posOf(state.doc, 'Inledning.') + 'Inledning.'.length + 1));
        return true;
      })],
    ];
    for (const [label, step] of steps) {
      step();
      exchange(b, a);
      expectIndexMatchesDoc(a.view, `after Cecilia ${label}, Anna’s anchor index`);
      expect(anchorIndexOf(a.view.state), `after Cecilia ${label}`).toEqual(anchorIndexOf(b.view.state));
    }
    expect(anchorTexts(a.view, 't1')).toEqual(['ökade till ', '68 hela procent']);
    expect(anchorTexts(a.view, 't2')).toEqual(['Slut']);
  });

  it('a remote doc change that does not touch any anchor keeps the index object', () => {
    editors(2, paragraph(SENTENCE), paragraph('Annat stycke.'));
    const [a, b] = open as [HeadlessEditor, HeadlessEditor];
    commentOn(a, ANCHOR);
    exchange(a, b);
    const before = anchorIndexOf(a.view.state).ranges[0];
    type(b, posOf(b.view.state.doc, 'Annat') + 5, ' nytt');
    exchange(b, a);
    expect(a.view.state.doc.textContent).toContain('Annat nytt stycke.');
    expect(anchorIndexOf(a.view.state).ranges[0]).toBe(before);
  });
});

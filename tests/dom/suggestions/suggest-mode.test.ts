/**
 * Suggest mode as a drafter uses it: Bo (Socialstyrelsen) proposes changes in
 * Migrationsverket's chapter; Maja (the owner) and Anna (the coordinator)
 * accept or reject them. Every test states the text each writer intended,
 * on the writer's editor, on the other peer after sync, and as stored.
 */
import { describe, expect, it } from 'vitest';
import { baseKeymap, deleteSelection, setBlockType, toggleMark } from 'prosemirror-commands';
import { NodeSelection } from 'prosemirror-state';
import { liftListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { addRowAfter } from 'prosemirror-tables';
import { Slice, Fragment } from 'prosemirror-model';
import * as Y from 'yjs';
import { schema } from '../../../shared/schema/schema.ts';
import { decideSuggestions, pendingSuggestionIds } from '../../../shared/suggestions/decide.ts';
import { readSuggestions } from '../../../shared/suggestions/suggestions.ts';
import { chapterText, readChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { toggleSuggestMode, editModeOf, setWriter } from '../../../src-renderer/editor/suggest-mode.ts';
import { redo, undo } from '../../../src-renderer/editor/binding/undo-plugin.ts';
import { doc, li, ol, p, table, tr, td, ul } from '../../support/doc-builders.ts';
import { serverJudge } from '../support/server-judge.ts';
import { anna, bo, maja, markup, migrChapter, outlineOf, posOf, select, storedMarkup, suggestingPeers, type, type SuggestingPeer } from '../support/suggestion-peers.ts';

const target = doc(p('Målgruppen är kvinnor.'), p('Andra stycket.'));

function sync(a: SuggestingPeer, b: SuggestingPeer): void {
  Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)));
  Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc)));
}

/** Bo suggests on peer 1, Maja owns the chapter on peer 2. */
function boAndMaja(chapter = target): [SuggestingPeer, SuggestingPeer] {
  const [b, m] = suggestingPeers(chapter, [{ member: bo }, { member: maja }]);
  return [b as SuggestingPeer, m as SuggestingPeer];
}

function openIds(peer: SuggestingPeer): string[] {
  return readSuggestions(peer.doc).filter((s) => s.state === 'open').map((s) => s.id);
}

function decide(peer: SuggestingPeer, action: 'accept' | 'reject', ids = openIds(peer)): void {
  decideSuggestions(peer.doc, chapterText(peer.doc), peer.member, migrChapter, ids, action);
}

/** Which item and list each paragraph is in, on every editor and as stored (call after `expectEverywhere`, which syncs). */
function expectOutlineEverywhere(peers: readonly SuggestingPeer[], expected: string): void {
  for (const peer of peers) {
    expect(outlineOf(peer.view.state.doc)).toBe(expected);
    expect(outlineOf(readChapterDoc(peer.doc))).toBe(expected);
  }
}

function expectEverywhere(a: SuggestingPeer, b: SuggestingPeer, expected: string): void {
  sync(a, b);
  expect(markup(a.view.state.doc)).toBe(expected);
  expect(markup(b.view.state.doc)).toBe(expected);
  expect(storedMarkup(a.doc)).toBe(expected);
}

describe('a drafter of another agency suggests', () => {
  it('is in suggest mode and cannot switch to direct editing', () => {
    const [b, m] = boAndMaja();
    expect(editModeOf(b.view.state)?.mode).toBe('suggest');
    expect(toggleSuggestMode(b.view.state, b.view.dispatch)).toBe(false);
    expect(editModeOf(m.view.state)?.mode).toBe('edit');
    expect(toggleSuggestMode(m.view.state, m.view.dispatch)).toBe(true);
    expect(editModeOf(m.view.state)?.mode).toBe('suggest');
  });

  it('writes directly once the owner names his agency co-writer, and suggests again when she takes it back', () => {
    const [b, m] = boAndMaja();
    setWriter(b.view, bo, { owner: 'migr', coWriters: ['sos'] });
    expect(editModeOf(b.view.state)?.mayEdit).toBe(true);
    select(b, posOf(b.view.state.doc, 'kvinnor'));
    type(b, ' och flickor');
    expectEverywhere(b, m, 'Målgruppen är kvinnor och flickor. | Andra stycket.');
    expect(openIds(b)).toEqual([]);

    setWriter(b.view, bo, { owner: 'migr', coWriters: [] });
    expect(editModeOf(b.view.state)?.mode).toBe('suggest');
    select(b, posOf(b.view.state.doc, 'flickor'));
    type(b, ' i alla åldrar');
    expectEverywhere(b, m, 'Målgruppen är kvinnor och flickor[+ i alla åldrar]. | Andra stycket.');
  });

  it('types: the words are suggested, one suggestion for a run of typing, with Bo as author', () => {
    const [b, m] = boAndMaja();
    select(b, posOf(b.view.state.doc, 'är'));
    for (const ch of ' utrikes födda') type(b, ch);
    expectEverywhere(b, m, 'Målgruppen är[+ utrikes födda] kvinnor. | Andra stycket.');
    const suggestions = readSuggestions(m.doc);
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({ kind: 'insert', state: 'open', author: { memberId: 'm-bo', agency: 'sos' } });
  });

  it('deletes with Backspace: the text stays, struck through, and the cursor moves before it', () => {
    const [b, m] = boAndMaja();
    select(b, posOf(b.view.state.doc, 'kvinnor'));
    for (let i = 0; i < 3; i++) b.view.dispatch(b.view.state.tr.delete(b.view.state.selection.from - 1, b.view.state.selection.from));
    expectEverywhere(b, m, 'Målgruppen är kvin[-nor]. | Andra stycket.');
    expect(b.view.state.selection.from).toBe(posOf(b.view.state.doc, 'kvin'));
    expect(readSuggestions(m.doc).map((s) => s.kind)).toEqual(['delete']);
  });

  it('deleting own suggested words removes them, and the emptied suggestion is withdrawn', () => {
    const [b, m] = boAndMaja();
    select(b, posOf(b.view.state.doc, 'är'));
    type(b, ' x');
    const end = b.view.state.selection.from;
    b.view.dispatch(b.view.state.tr.delete(end - 2, end));
    expectEverywhere(b, m, 'Målgruppen är kvinnor. | Andra stycket.');
    expect(readSuggestions(m.doc).map((s) => s.state)).toEqual(['withdrawn']);
  });

  it('replaces a word: the old one struck, the new one after it', () => {
    const [b, m] = boAndMaja();
    const doc0 = b.view.state.doc;
    select(b, posOf(doc0, 'kvinnor', true), posOf(doc0, 'kvinnor'));
    type(b, 'flickor');
    expectEverywhere(b, m, 'Målgruppen är [-kvinnor][+flickor]. | Andra stycket.');
    expect(b.view.state.selection.from).toBe(posOf(b.view.state.doc, 'flickor'));
  });

  it('splits a paragraph: the new boundary is a suggestion; reject joins it again, accept keeps it', () => {
    for (const [action, expected] of [
      ['reject', 'Målgruppen är kvinnor. | Andra stycket.'],
      ['accept', 'Målgruppen är |  kvinnor. | Andra stycket.'],
    ] as const) {
      const [b, m] = boAndMaja();
      select(b, posOf(b.view.state.doc, 'är'));
      b.view.dispatch(b.view.state.tr.split(b.view.state.selection.from));
      // The split leaves the space in the first paragraph, as Enter does.
      expectEverywhere(b, m, 'Målgruppen är | ¶+ kvinnor. | Andra stycket.');
      expect(readSuggestions(m.doc).map((s) => s.kind)).toEqual(['insert']);
      decide(m, action);
      expectEverywhere(b, m, expected);
    }
  });

  it('joins two paragraphs with Backspace: a suggested join; accept joins, reject keeps both', () => {
    for (const [action, expected] of [
      ['accept', 'Målgruppen är kvinnor.Andra stycket.'],
      ['reject', 'Målgruppen är kvinnor. | Andra stycket.'],
    ] as const) {
      const [b, m] = boAndMaja();
      const start = posOf(b.view.state.doc, 'Andra', true);
      select(b, start);
      b.view.dispatch(b.view.state.tr.delete(start - 2, start));
      expectEverywhere(b, m, 'Målgruppen är kvinnor. | ¶-Andra stycket.');
      expect(b.view.state.selection.from).toBe(posOf(b.view.state.doc, 'kvinnor.'));
      decide(m, action);
      expectEverywhere(b, m, expected);
    }
  });

  it('turns a paragraph into a heading: a change; reject restores the paragraph', () => {
    const [b, m] = boAndMaja();
    select(b, posOf(b.view.state.doc, 'Andra'));
    setBlockType(schema.nodes.heading, { level: 2 })(b.view.state, b.view.dispatch);
    expectEverywhere(b, m, 'Målgruppen är kvinnor. | ¶~h2:Andra stycket.');
    decide(m, 'reject');
    expectEverywhere(b, m, 'Målgruppen är kvinnor. | Andra stycket.');
  });

  it('turns his own suggested paragraph into a heading: it stays his suggested paragraph, now a heading', () => {
    for (const [action, expected] of [
      ['reject', 'Målgruppen är kvinnor. | Andra stycket.'],
      ['accept', 'Målgruppen är | h2: kvinnor. | Andra stycket.'],
    ] as const) {
      const [b, m] = boAndMaja();
      select(b, posOf(b.view.state.doc, 'är'));
      b.view.dispatch(b.view.state.tr.split(b.view.state.selection.from));
      setBlockType(schema.nodes.heading, { level: 2 })(b.view.state, b.view.dispatch);
      expectEverywhere(b, m, 'Målgruppen är | ¶+h2: kvinnor. | Andra stycket.');
      expect(readSuggestions(m.doc).map((s) => s.kind)).toEqual(['insert']);
      decide(m, action);
      expectEverywhere(b, m, expected);
    }
  });

  it('wraps paragraphs in a bullet list: one change; accept keeps the list, reject lifts it out', () => {
    for (const [action, expected] of [
      ['accept', '•Målgruppen är kvinnor. | •Andra stycket.'],
      ['reject', 'Målgruppen är kvinnor. | Andra stycket.'],
    ] as const) {
      const [b, m] = boAndMaja();
      select(b, 2, b.view.state.doc.content.size - 2);
      wrapInList(schema.nodes.bullet_list)(b.view.state, b.view.dispatch);
      expectEverywhere(b, m, '¶~•Målgruppen är kvinnor. | ¶~•Andra stycket.');
      expect(readSuggestions(m.doc).map((s) => s.kind)).toEqual(['block']);
      decide(m, action);
      expectEverywhere(b, m, expected);
    }
  });

  // Joining two items (or two lists) changes no block's type or containers'
  // types, only which item the second one's paragraph is in; made directly,
  // it was the owner's structure changed with nothing to decide.
  it('joins two of the owner’s list items with Delete: a change of the second; accept keeps one item, reject gives back two', () => {
    for (const [action, expected] of [
      ['accept', 'bullet_list(li(Ett, Två))'],
      ['reject', 'bullet_list(li(Ett), li(Två))'],
    ] as const) {
      const [b, m] = boAndMaja(doc(ul(li(p('Ett')), li(p('Två')))));
      const server = serverJudge([b, m]);
      select(b, posOf(b.view.state.doc, 'Ett'));
      baseKeymap['Delete']?.(b.view.state, b.view.dispatch);
      expectEverywhere(b, m, '•Ett | ¶~•Två');
      expectOutlineEverywhere([b, m], 'bullet_list(li(Ett, Två))');
      expect(server.receive(b)).toEqual([]);
      decide(m, action);
      expectEverywhere(b, m, '•Ett | •Två');
      expectOutlineEverywhere([b, m], expected);
    }
  });

  it('joins two of the owner’s lists with Backspace: a change of the second; accept keeps one list, reject gives back two', () => {
    for (const [action, expected] of [
      ['accept', 'bullet_list(li(Ett), li(Två))'],
      ['reject', 'bullet_list(li(Ett)) | bullet_list(li(Två))'],
    ] as const) {
      const [b, m] = boAndMaja(doc(ul(li(p('Ett'))), ul(li(p('Två')))));
      const server = serverJudge([b, m]);
      select(b, posOf(b.view.state.doc, 'Två', true));
      baseKeymap['Backspace']?.(b.view.state, b.view.dispatch);
      expectEverywhere(b, m, '•Ett | ¶~•Två');
      expectOutlineEverywhere([b, m], 'bullet_list(li(Ett), li(Två))');
      expect(server.receive(b)).toEqual([]);
      decide(m, action);
      expectEverywhere(b, m, '•Ett | •Två');
      expectOutlineEverywhere([b, m], expected);
    }
  });

  it('lifts the middle item out of the owner’s list: accept leaves two lists around the paragraph, reject gives back one list', () => {
    for (const [action, expected] of [
      ['accept', 'ordered_list(li(Ett)) | Två | ordered_list(li(Tre))'],
      ['reject', 'ordered_list(li(Ett), li(Två), li(Tre))'],
    ] as const) {
      const [b, m] = boAndMaja(doc(ol(li(p('Ett')), li(p('Två')), li(p('Tre')))));
      const server = serverJudge([b, m]);
      select(b, posOf(b.view.state.doc, 'Två'));
      liftListItem(schema.nodes.list_item)(b.view.state, b.view.dispatch);
      sync(b, m);
      expectOutlineEverywhere([b, m], 'ordered_list(li(Ett)) | Två | ordered_list(li(Tre))');
      expect(server.receive(b)).toEqual([]);
      decide(m, action);
      expect(server.receive(b)).toEqual([]);
      sync(b, m);
      expectOutlineEverywhere([b, m], expected);
    }
  });

  // ProseMirror's Enter in a list item takes the sub-list after the cursor
  // into the new item. Rejecting (or withdrawing) the new item must give
  // the owner's sub-list back to the item it was in, not leave it in an
  // item of its own with no paragraph.
  it('presses Enter in the owner’s list item that has a sub-list: accept keeps the new item with the sub-list, reject and withdraw give the sub-list back', () => {
    const cases = [
      {
        owners: doc(ul(li(p('Språkstöd')), li(p('Validering'), ol(li(p('Yrkesprov')), li(p('Praktik'))))), p('Slut.')),
        where: 'Validering',
        suggested: 'bullet_list(li(Språkstöd), li(Validering), li(∅, ordered_list(li(Yrkesprov), li(Praktik)))) | Slut.',
        accepted: '•Språkstöd | •Validering | • | •Yrkesprov | •Praktik | Slut.',
      },
      {
        owners: doc(ul(li(p('Språkstöd')), li(p('Validering'), ol(li(p('Yrkesprov')), li(p('Praktik'))))), p('Slut.')),
        where: 'Valid',
        suggested: 'bullet_list(li(Språkstöd), li(Valid), li(ering, ordered_list(li(Yrkesprov), li(Praktik)))) | Slut.',
        accepted: '•Språkstöd | •Valid | •ering | •Yrkesprov | •Praktik | Slut.',
      },
      // More of the item before the cursor than after it: the binding gave the sub-list the new id this time.
      {
        owners: doc(ul(li(p('Språkstöd'), p('Validering'), ol(li(p('Yrkesprov'))))), p('Slut.')),
        where: 'Validering',
        suggested: 'bullet_list(li(Språkstöd, Validering), li(∅, ordered_list(li(Yrkesprov)))) | Slut.',
        accepted: '•Språkstöd | •Validering | • | •Yrkesprov | Slut.',
      },
    ];
    for (const { owners, where, suggested, accepted } of cases) {
      const original = outlineOf(owners);
      const plain = markup(owners);
      for (const action of ['accept', 'reject', 'withdraw'] as const) {
        const [b, m] = boAndMaja(owners);
        const server = serverJudge([b, m]);
        select(b, posOf(b.view.state.doc, where));
        splitListItem(schema.nodes.list_item)(b.view.state, b.view.dispatch);
        sync(b, m);
        expectOutlineEverywhere([b, m], suggested);
        expect(server.receive(b)).toEqual([]);
        if (action === 'withdraw') decideSuggestions(b.doc, chapterText(b.doc), b.member, migrChapter, openIds(b), 'withdraw');
        else decide(m, action);
        expect(server.receive(b)).toEqual([]);
        expectEverywhere(b, m, action === 'accept' ? accepted : plain);
        expectOutlineEverywhere([b, m], action === 'accept' ? suggested : original);
      }
    }
  });

  it('makes a phrase bold: a formatting suggestion; reject takes the bold away again', () => {
    const [b, m] = boAndMaja();
    const doc0 = b.view.state.doc;
    select(b, posOf(doc0, 'kvinnor', true), posOf(doc0, 'kvinnor'));
    toggleMark(schema.marks.bold)(b.view.state, b.view.dispatch);
    expectEverywhere(b, m, 'Målgruppen är [~kvinnor]. | Andra stycket.');
    decide(m, 'reject');
    expectEverywhere(b, m, 'Målgruppen är kvinnor. | Andra stycket.');
    let bold = false;
    m.view.state.doc.descendants((node) => {
      if (node.marks.some((mk) => mk.type.name === 'bold')) bold = true;
    });
    expect(bold).toBe(false);
  });

  it('adds a table row: every new cell is suggested; reject removes the row', () => {
    const chapter = doc(p('Åtgärder:'), table(tr(td(p('Språk')), td(p('AF')))));
    const [b, m] = boAndMaja(chapter);
    select(b, posOf(b.view.state.doc, 'Språk'));
    addRowAfter(b.view.state, b.view.dispatch);
    expectEverywhere(b, m, 'Åtgärder: | ‖Språk | ‖AF | ¶+‖ | ¶+‖');
    select(b, posOf(b.view.state.doc, 'AF') + 6); // past </p></td></tr><tr><td><p>
    type(b, 'Mentorer');
    expectEverywhere(b, m, 'Åtgärder: | ‖Språk | ‖AF | ¶+‖[+Mentorer] | ¶+‖');
    decide(m, 'reject');
    expectEverywhere(b, m, 'Åtgärder: | ‖Språk | ‖AF');
  });

  it('deletes the paragraph of a cell in his own suggested row: the cell keeps its block, still his suggestion, and the row still goes on reject', () => {
    const chapter = doc(p('Åtgärder:'), table(tr(td(p('Språk')), td(p('AF')))));
    const [b, m] = boAndMaja(chapter);
    select(b, posOf(b.view.state.doc, 'Språk'));
    addRowAfter(b.view.state, b.view.dispatch);
    expectEverywhere(b, m, 'Åtgärder: | ‖Språk | ‖AF | ¶+‖ | ¶+‖');
    // A whole-block selection of the new row's first paragraph, then Delete.
    const cellParagraph = posOf(b.view.state.doc, 'AF') + 5; // past </p></td></tr><tr><td>
    b.view.dispatch(b.view.state.tr.setSelection(NodeSelection.create(b.view.state.doc, cellParagraph)));
    deleteSelection(b.view.state, b.view.dispatch);
    // Without keeping it, the cell is left empty and the schema repair puts a
    // plain paragraph there: a block boundary of his that is no suggestion.
    expectEverywhere(b, m, 'Åtgärder: | ‖Språk | ‖AF | ¶+‖ | ¶+‖');
    decide(m, 'reject');
    expectEverywhere(b, m, 'Åtgärder: | ‖Språk | ‖AF');
  });

  it('pastes two paragraphs: both suggested, and accepting makes them ordinary text', () => {
    const [b, m] = boAndMaja();
    select(b, posOf(b.view.state.doc, 'kvinnor.'));
    const slice = new Slice(Fragment.from([schema.nodes.paragraph.create(null, schema.text(' Ett')), schema.nodes.paragraph.create(null, schema.text('Två'))]), 1, 1);
    b.view.dispatch(b.view.state.tr.replaceSelection(slice));
    expectEverywhere(b, m, 'Målgruppen är kvinnor.[+ Ett] | ¶+[+Två] | Andra stycket.');
    decide(m, 'accept');
    expectEverywhere(b, m, 'Målgruppen är kvinnor. Ett | Två | Andra stycket.');
  });
});

describe('the owner and the coordinator', () => {
  it('type inside a suggested insertion as ordinary text', () => {
    const [b, m] = boAndMaja();
    select(b, posOf(b.view.state.doc, 'är'));
    type(b, ' unga');
    sync(b, m);
    select(m, posOf(m.view.state.doc, ' un'));
    type(m, 'X');
    expectEverywhere(b, m, 'Målgruppen är[+ un]X[+ga] kvinnor. | Andra stycket.');
  });

  it('may not be overruled by a drafter: Bo cannot accept his own suggestion', () => {
    const [b, m] = boAndMaja();
    select(b, posOf(b.view.state.doc, 'är'));
    type(b, ' unga');
    const outcome = decideSuggestions(b.doc, chapterText(b.doc), bo, migrChapter, openIds(b), 'accept');
    expect(outcome.decided).toEqual([]);
    expect(outcome.refused.map((r) => r.error.code)).toEqual(['not-allowed']);
    expectEverywhere(b, m, 'Målgruppen är[+ unga] kvinnor. | Andra stycket.');
  });

  it('accept all by an agency leaves the others', () => {
    const [b, a, m] = suggestingPeers(target, [{ member: bo }, { member: anna, mode: 'suggest' }, { member: maja }]) as [SuggestingPeer, SuggestingPeer, SuggestingPeer];
    select(b, posOf(b.view.state.doc, 'är'));
    type(b, ' unga');
    select(a, posOf(a.view.state.doc, 'stycket'));
    type(a, ' här');
    sync(b, m);
    sync(a, m);
    const bos = readSuggestions(m.doc).filter((s) => s.author.agency === 'sos').map((s) => s.id);
    decide(m, 'accept', bos);
    sync(b, m);
    sync(a, m);
    expect(markup(m.view.state.doc)).toBe('Målgruppen är unga kvinnor. | Andra stycket[+ här].');
    expect(markup(a.view.state.doc)).toBe(markup(m.view.state.doc));
  });
});

describe('undo', () => {
  it('undoes a suggestion: its text goes, and its author has withdrawn it', () => {
    const [b, m] = boAndMaja();
    select(b, posOf(b.view.state.doc, 'är'));
    type(b, ' unga');
    b.newUndoStep();
    undo(b.view.state, b.view.dispatch);
    expectEverywhere(b, m, 'Målgruppen är kvinnor. | Andra stycket.');
    expect(readSuggestions(m.doc).map((s) => [s.state, s.decision?.by.name])).toEqual([['withdrawn', 'Bo Ek']]);
  });

  it('undoes an accept: the suggested text comes back, pending again, and the accept stays in the history', () => {
    const [b, m] = boAndMaja();
    select(b, posOf(b.view.state.doc, 'kvinnor', true), posOf(b.view.state.doc, 'kvinnor'));
    type(b, 'flickor');
    sync(b, m);
    m.newUndoStep();
    decide(m, 'accept');
    expectEverywhere(b, m, 'Målgruppen är flickor. | Andra stycket.');
    m.newUndoStep();
    undo(m.view.state, m.view.dispatch);
    expectEverywhere(b, m, 'Målgruppen är [-kvinnor][+flickor]. | Andra stycket.');
    expect([...pendingSuggestionIds(m.doc)]).toHaveLength(2);
    expect(readSuggestions(m.doc).map((s) => s.state)).toEqual(['accepted', 'accepted']);
    decide(m, 'reject', [...pendingSuggestionIds(m.doc)]);
    expectEverywhere(b, m, 'Målgruppen är kvinnor. | Andra stycket.');
    expect(readSuggestions(m.doc).map((s) => s.state)).toEqual(['rejected', 'rejected']);
  });

  it('undoes and redoes his deletion of his own suggested words: they come back as his one suggestion, go again, and the cursor returns to where it was', () => {
    // In Föreslå an undo writes the words it gives back as his suggestion
    // explicitly, in the undo's own transaction (restored-words.ts); redo and
    // a second undo must still follow the history.
    const [b, m] = boAndMaja();
    select(b, posOf(b.view.state.doc, 'kvinnor'));
    type(b, ' och flickor');
    b.newUndoStep();
    select(b, posOf(b.view.state.doc, ' flickor', true), posOf(b.view.state.doc, ' flickor'));
    b.view.dispatch(b.view.state.tr.deleteSelection());
    b.newUndoStep();
    expectEverywhere(b, m, 'Målgruppen är kvinnor[+ och]. | Andra stycket.');
    const cursor = b.view.state.selection.from;

    undo(b.view.state, b.view.dispatch);
    expectEverywhere(b, m, 'Målgruppen är kvinnor[+ och flickor]. | Andra stycket.');
    expect(readSuggestions(m.doc).map((s) => s.state)).toEqual(['open']);
    expect(b.view.state.selection.from).toBe(posOf(b.view.state.doc, ' flickor', true));
    expect(b.view.state.selection.to).toBe(posOf(b.view.state.doc, ' flickor'));

    expect(redo(b.view.state, b.view.dispatch)).toBe(true);
    expectEverywhere(b, m, 'Målgruppen är kvinnor[+ och]. | Andra stycket.');
    expect(b.view.state.selection.from).toBe(cursor);

    undo(b.view.state, b.view.dispatch);
    expectEverywhere(b, m, 'Målgruppen är kvinnor[+ och flickor]. | Andra stycket.');
    undo(b.view.state, b.view.dispatch);
    expectEverywhere(b, m, 'Målgruppen är kvinnor. | Andra stycket.');
    expect(undo(b.view.state)).toBe(false);
  });
});

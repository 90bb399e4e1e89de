/**
 * Citations (shared/sources/citation.ts): a passage of a source cited in a
 * chapter stays linked to that exact passage through edits of the chapter,
 * survives a round trip through the chapter's Y.Text, and keeps its quote
 * when the source is removed.
 */
import { describe, expect, it } from 'vitest';
import { EditorState, TextSelection } from 'prosemirror-state';
import * as Y from 'yjs';
import { schema } from '../../../shared/schema/schema.ts';
import { citePassage, findCitations, insertCitation, resolveCitation } from '../../../shared/sources/citation.ts';
import { clearSourceDoc, initSourceDoc, sourceText } from '../../../shared/sources/source-doc.ts';
import { readChapterDoc, writeChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';

const PLAN = '0b7c1c2e-4d7e-4f5a-9a51-6f7f3c1d2e3f';
const SOURCE = '5e0b3f7a-1c2d-4e8f-9a0b-1c2d3e4f5a6b';
const PASSAGE = 'tidigt nå ut med information om möjligheten att kontakta civilsamhället';
const SOURCE_TEXT = `Samrådet 7 december 2022.\nDeltagarna betonade vikten av att ${PASSAGE}.\nNästa samråd hålls i vår.`;

function source(): Y.Doc {
  const doc = new Y.Doc();
  initSourceDoc(doc, { planId: PLAN, sourceId: SOURCE, text: SOURCE_TEXT, file: { name: 'samrad.txt', format: 'text', data: new TextEncoder().encode(SOURCE_TEXT) } });
  return doc;
}

function citeInto(state: EditorState, sourceDoc: Y.Doc): EditorState {
  const from = SOURCE_TEXT.indexOf(PASSAGE);
  const attrs = citePassage(sourceDoc, SOURCE, from, from + PASSAGE.length, 'c1');
  let next = state;
  expect(insertCitation(attrs)(state, (tr) => (next = state.apply(tr)))).toBe(true);
  return next;
}

function chapter(text: string, cursor: number): EditorState {
  const doc = schema.node('doc', null, [schema.node('paragraph', null, [schema.text(text)])]);
  return EditorState.create({ doc, selection: TextSelection.create(doc, cursor) });
}

describe('citing a passage', () => {
  it('puts the quote at the cursor, marked with the passage it came from', () => {
    const sourceDoc = source();
    const state = citeInto(chapter('Vi ska . Det är viktigt.', 8), sourceDoc);
    expect(state.doc.textContent).toBe(`Vi ska ”${PASSAGE}”. Det är viktigt.`);
    const [found] = findCitations(state.doc);
    expect(found?.quote).toBe(PASSAGE);
    expect(found?.sourceId).toBe(SOURCE);
    const passage = resolveCitation(sourceDoc, found!);
    expect(SOURCE_TEXT.slice(passage!.from, passage!.to)).toBe(PASSAGE);
  });

  it('stays on its words when the chapter is edited around it and its paragraph is split', () => {
    let state = citeInto(chapter('Vi ska . Det är viktigt.', 8), source());
    state = state.apply(state.tr.insertText('Inledning: ', 1));
    const end = state.doc.textContent.indexOf('. Det') + 1;
    state = state.apply(state.tr.split(end + 1));
    const [found] = findCitations(state.doc);
    expect(found?.text).toBe(`”${PASSAGE}”`);
    expect(state.doc.textBetween(found!.from, found!.to)).toBe(`”${PASSAGE}”`);
  });

  it('is kept through the chapter text in Yjs, as a peer reads it', () => {
    const state = citeInto(chapter('Vi ska . Det är viktigt.', 8), source());
    const doc = new Y.Doc();
    writeChapterDoc(doc, state.doc);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    expect(findCitations(readChapterDoc(peer)).map((c) => c.quote)).toEqual([PASSAGE]);
  });

  it('when the source is removed, the passage is gone but the citation keeps its quote', () => {
    const sourceDoc = source();
    const state = citeInto(chapter('Vi ska . Det är viktigt.', 8), sourceDoc);
    clearSourceDoc(sourceDoc);
    expect(sourceText(sourceDoc).length).toBe(0);
    const [found] = findCitations(state.doc);
    expect(resolveCitation(sourceDoc, found!)).toBeNull();
    expect(found?.quote).toBe(PASSAGE);
  });

  it('finds the passage on a peer that got the source by sync', () => {
    const sourceDoc = source();
    const state = citeInto(chapter('x', 1), sourceDoc);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(sourceDoc));
    const passage = resolveCitation(peer, findCitations(state.doc)[0]!);
    expect(sourceText(peer).toString().slice(passage!.from, passage!.to)).toBe(PASSAGE);
  });
});

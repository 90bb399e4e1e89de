/**
 * The chapter-text rule on its own (shared/rules/chapter-text-rule.ts): a
 * drafter of another agency deletes only what she suggested herself; the
 * owner agency and its named co-writers change anything. She adds words
 * and block boundaries only as her own suggestions, and never unmarks her
 * own suggested words. Each update is applied to a copy as the server's
 * guard does.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Member } from '../../../shared/plan/member.ts';
import { defineRoots, recordChanges, type TextChange } from '../../../shared/rules/doc-changes.ts';
import { checkChapterText, unmarkingBreach, type ChapterTextContext } from '../../../shared/rules/chapter-text-rule.ts';
import { createSuggestion, noteWriting } from '../../../shared/suggestions/suggestions.ts';
import { suggestionMarkKey } from '../../../shared/chapter-text/text-attributes.ts';

/** The attribute key the editor gives suggestion 2.0's insertion mark. */
const KEY = suggestionMarkKey('suggestion_insert', '2.0');

const fia: Member = { memberId: 'm-fia', name: 'Fia', agency: 'fk', role: 'drafter' };
const omar: Member = { memberId: 'm-omar', name: 'Omar', agency: 'migr', role: 'drafter' };
const context: ChapterTextContext = { chapter: { owner: 'migr', status: 'draft', coWriters: [] } };
/** The same chapter once Migrationsverket has named Försäkringskassan co-writer. */
const coWritten: ChapterTextContext = { chapter: { owner: 'migr', status: 'draft', coWriters: ['fk'] } };

/** A chapter with Omar's sentence, Fia's client on a copy of it, and the server's copy. */
function setUp(): { server: Y.Doc; fiaDoc: Y.Doc } {
  const omarDoc = new Y.Doc();
  omarDoc.clientID = 1;
  omarDoc.getText('text').insert(0, 'Kapitlets text.');
  const server = new Y.Doc();
  defineRoots(server, 'chapter');
  Y.applyUpdate(server, Y.encodeStateAsUpdate(omarDoc));
  const fiaDoc = new Y.Doc();
  fiaDoc.clientID = 2;
  Y.applyUpdate(fiaDoc, Y.encodeStateAsUpdate(omarDoc));
  return { server, fiaDoc };
}

/** Fia's change, as the server's rule judges it for `member`: what the guard refuses, and what the unmarking rule finds (measured, not enforced). */
function judgeBoth(server: Y.Doc, fiaDoc: Y.Doc, member: Member, change: (doc: Y.Doc) => void, on = context): { refused: string | null; unmarks: string | null } {
  const before = Y.encodeStateVector(fiaDoc);
  change(fiaDoc);
  const update = Y.encodeStateAsUpdate(fiaDoc, before);
  const changes = recordChanges(server, 'chapter', () => Y.applyUpdate(server, update), { deletedText: true });
  const text = changes.filter((c): c is TextChange => c.kind === 'text');
  return { refused: checkChapterText(member, on, text)?.rule ?? null, unmarks: unmarkingBreach(member, on, text)?.rule ?? null };
}

function judge(server: Y.Doc, fiaDoc: Y.Doc, member: Member, change: (doc: Y.Doc) => void, on = context): string | null {
  return judgeBoth(server, fiaDoc, member, change, on).refused;
}

/** `author` suggests `words` at the end of the sentence, as the editor writes it: entry, writer and marked words in one transaction. */
function suggestion(author: Member, words: string): (doc: Y.Doc) => void {
  return (d) =>
    d.transact(() => {
      createSuggestion(d, author, { id: '2.0', kind: 'insert' });
      noteWriting(d, '2.0', false);
      d.getText('text').insert(15, words, { [KEY]: { id: '2.0' } });
    });
}

/** A marker (an embedded Y.Map) for a paragraph, in a table cell when `inCell`. */
function paragraphMarker(inCell = false): Y.Map<unknown> {
  const path = inCell ? [{ type: 'table', id: 't', attrs: {} }, { type: 'table_row', id: 'r', attrs: {} }, { type: 'table_cell', id: 'c', attrs: {} }] : [];
  return new Y.Map<unknown>([['type', 'paragraph'], ['path', path]]);
}

/** The owner (a client of her own) changes the server's copy directly, as she may. */
function ownerChanges(server: Y.Doc, change: (doc: Y.Doc) => void): void {
  const ownerDoc = new Y.Doc();
  ownerDoc.clientID = 3;
  Y.applyUpdate(ownerDoc, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(ownerDoc);
  change(ownerDoc);
  Y.applyUpdate(server, Y.encodeStateAsUpdate(ownerDoc, before));
}

describe('the chapter-text rule', () => {
  it('refuses a drafter of another agency deleting the owner’s words', () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, fia, (d) => d.getText('text').delete(10, 4))).toBe('text-not-permitted');
  });

  it('refuses words she adds without marking them as her suggestion', () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, fia, (d) => d.getText('text').insert(0, 'Tillagt '))).toBe('text-not-permitted');
  });

  it('finds nothing wrong in her own suggested words', () => {
    const { server, fiaDoc } = setUp();
    expect(judgeBoth(server, fiaDoc, fia, suggestion(fia, ' Förslag.'))).toEqual({ refused: null, unmarks: null });
  });

  it('refuses a block boundary she splits the owner’s words with, but not the one the editor gives words that have no first block', () => {
    const split = setUp();
    expect(judge(split.server, split.fiaDoc, fia, (d) => d.getText('text').insertEmbed(10, paragraphMarker()))).toBe('text-not-permitted');
    // The chapter's words have no marker before them (their first block's marker was deleted concurrently).
    const first = setUp();
    expect(judge(first.server, first.fiaDoc, fia, (d) => d.getText('text').insertEmbed(0, paragraphMarker()))).toBeNull();
  });

  it('lets a block boundary inside a table cell through: every editor repairs a table’s shape, and no word changes', () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, fia, (d) => d.getText('text').insertEmbed(10, paragraphMarker(true)))).toBeNull();
  });

  it('lets her type on inside her suggestion while the owner accepts it: her new words are accepted with it (docs/decisions/suggestions.md §3)', () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, fia, suggestion(fia, ' Förslag.'))).toBeNull();
    // Omar accepts: the mark comes off on the server; Fia has not seen it yet.
    ownerChanges(server, (d) => d.getText('text').format(15, 9, { [KEY]: null }));
    // Fia types inside her suggestion, where her mark is still in effect on her copy.
    expect(judge(server, fiaDoc, fia, (d) => d.getText('text').insert(20, 'ade', { [KEY]: { id: '2.0' } }))).toBeNull();
    expect(server.getText('text').toDelta()).toEqual([{ insert: 'Kapitlets text. Försadelag.' }]);
  });

  it('refuses plain words typed right after her suggestion when her own update takes the mark off', () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, fia, suggestion(fia, ' Förslag.'))).toBeNull();
    expect(judge(server, fiaDoc, fia, (d) => d.getText('text').insert(24, ' Direkt.', {}))).toBe('text-not-permitted');
  });

  it('refuses her turning her own suggested words into plain text', () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, fia, suggestion(fia, ' Förslag.'))).toBeNull();
    expect(judgeBoth(server, fiaDoc, fia, (d) => d.getText('text').format(15, 9, { [KEY]: null }))).toEqual({ refused: 'text-not-permitted', unmarks: 'text-not-permitted' });
  });

  it('refuses her deleting the formatting that marks her suggestion (the other way to unmark it)', () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, fia, suggestion(fia, ' Förslag.'))).toBeNull();
    const opening = (d: Y.Doc): Y.Item => {
      for (let item = d.getText('text')._start; item !== null; item = item.right) if (item.content instanceof Y.ContentFormat && item.content.value !== null) return item;
      throw new Error('no formatting item');
    };
    expect(judge(server, fiaDoc, fia, (d) => d.transact((t) => opening(d).delete(t)))).toBe('text-not-permitted');
  });

  it('lets her take her suggestion’s mark off words she did not write (a withdrawal where Yjs formatting spread her id)', () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, fia, suggestion(fia, ' Förslag.'))).toBeNull();
    // Her id on Omar's words, as a formatting race leaves it; she takes it off.
    expect(judge(server, fiaDoc, omar, (d) => d.getText('text').format(0, 9, { [KEY]: { id: '2.0' } }))).toBeNull();
    expect(judgeBoth(server, fiaDoc, fia, (d) => d.getText('text').format(0, 9, { [KEY]: null }))).toEqual({ refused: null, unmarks: null });
  });

  it("lets a co-writing agency delete the owner's words", () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, fia, (d) => d.getText('text').delete(10, 4), coWritten)).toBeNull();
  });

  it('lets her suggest words, and take back her own suggested words', () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, fia, suggestion(fia, ' Förslag.'))).toBeNull();
    expect(judge(server, fiaDoc, fia, (d) => d.getText('text').delete(15, 9))).toBeNull();
  });

  it('refuses her deleting someone else’s suggested words', () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, omar, suggestion(omar, ' Omars.'))).toBeNull();
    expect(judge(server, fiaDoc, fia, (d) => d.getText('text').delete(15, 7))).toBe('text-not-permitted');
  });

  it('lets the owner agency change anything', () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, omar, (d) => d.getText('text').delete(0, 10))).toBeNull();
  });
});

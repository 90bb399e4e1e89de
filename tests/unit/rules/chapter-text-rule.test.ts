/**
 * The chapter-text rule on its own (shared/rules/chapter-text-rule.ts): a
 * drafter of another agency deletes only what she suggested herself; the
 * owner agency and its named co-writers change anything. The server
 * enforces the deletion rule; the insertion rule (she adds only her own
 * suggestions) is measured, not enforced yet. Each update is applied to a
 * copy as the server's guard does.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Member } from '../../../shared/plan/member.ts';
import { defineRoots, recordChanges, type TextChange } from '../../../shared/rules/doc-changes.ts';
import { checkChapterText, insertionBreach, type ChapterTextContext } from '../../../shared/rules/chapter-text-rule.ts';
import { createSuggestion } from '../../../shared/suggestions/suggestions.ts';

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

/** Fia's change, as the server's rule judges it for `member`: what the guard refuses, and what the insertion rule would. */
function judgeBoth(server: Y.Doc, fiaDoc: Y.Doc, member: Member, change: (doc: Y.Doc) => void, on = context): { refused: string | null; wouldRefuse: string | null } {
  const before = Y.encodeStateVector(fiaDoc);
  change(fiaDoc);
  const update = Y.encodeStateAsUpdate(fiaDoc, before);
  const changes = recordChanges(server, 'chapter', () => Y.applyUpdate(server, update), { deletedText: true });
  const text = changes.filter((c): c is TextChange => c.kind === 'text');
  return { refused: checkChapterText(member, on, text)?.rule ?? null, wouldRefuse: insertionBreach(member, on, text)?.rule ?? null };
}

function judge(server: Y.Doc, fiaDoc: Y.Doc, member: Member, change: (doc: Y.Doc) => void, on = context): string | null {
  return judgeBoth(server, fiaDoc, member, change, on).refused;
}

/** `author` suggests `words` at the end of the sentence, as the editor writes it: entry and marked words in one transaction. */
function suggestion(author: Member, words: string): (doc: Y.Doc) => void {
  return (d) =>
    d.transact(() => {
      createSuggestion(d, author, { id: '2.0', kind: 'insert' });
      d.getText('text').insert(15, words, { 'suggestion_insert--a': { id: '2.0' } });
    });
}

describe('the chapter-text rule', () => {
  it('refuses a drafter of another agency deleting the owner’s words', () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, fia, (d) => d.getText('text').delete(10, 4))).toBe('text-not-permitted');
  });

  it('lets words without her mark through, and counts them: the insertion rule is measured, not enforced (docs/rules.md)', () => {
    const { server, fiaDoc } = setUp();
    expect(judgeBoth(server, fiaDoc, fia, (d) => d.getText('text').insert(0, 'Tillagt '))).toEqual({ refused: null, wouldRefuse: 'text-not-permitted' });
  });

  it('the insertion rule finds nothing wrong in her own suggested words', () => {
    const { server, fiaDoc } = setUp();
    expect(judgeBoth(server, fiaDoc, fia, suggestion(fia, ' Förslag.'))).toEqual({ refused: null, wouldRefuse: null });
  });

  it('counts a block boundary she splits the owner’s words with, but not the one the editor gives words that have no first block', () => {
    const split = setUp();
    expect(judgeBoth(split.server, split.fiaDoc, fia, (d) => d.getText('text').insertEmbed(10, new Y.Map([['type', 'paragraph']]))).wouldRefuse).toBe('text-not-permitted');
    // The chapter's words have no marker before them (their first block's marker was deleted concurrently).
    const first = setUp();
    expect(judgeBoth(first.server, first.fiaDoc, fia, (d) => d.getText('text').insertEmbed(0, new Y.Map([['type', 'paragraph']])))).toEqual({ refused: null, wouldRefuse: null });
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

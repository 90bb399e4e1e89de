/**
 * The chapter-text rule on its own (shared/rules/chapter-text-rule.ts): a
 * drafter of another agency deletes only what she suggested herself; the
 * owner agency changes anything. Measured, not yet enforced by the server. Each update is applied to a copy as the server's guard does.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Member } from '../../../shared/plan/member.ts';
import { defineRoots, recordChanges, type TextChange } from '../../../shared/rules/doc-changes.ts';
import { checkChapterText, deletionBreach } from '../../../shared/rules/chapter-text-rule.ts';
import { createSuggestion } from '../../../shared/suggestions/suggestions.ts';

const fia: Member = { memberId: 'm-fia', name: 'Fia', agency: 'fk', role: 'drafter' };
const omar: Member = { memberId: 'm-omar', name: 'Omar', agency: 'migr', role: 'drafter' };
const context = { chapter: { owner: 'migr' as const, status: 'draft' as const } };

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

/** Fia's change, as the server's rule judges it for `member`. */
function judge(server: Y.Doc, fiaDoc: Y.Doc, member: Member, change: (doc: Y.Doc) => void): string | null {
  const before = Y.encodeStateVector(fiaDoc);
  change(fiaDoc);
  const update = Y.encodeStateAsUpdate(fiaDoc, before);
  const changes = recordChanges(server, 'chapter', () => Y.applyUpdate(server, update), { deletedText: true });
  const text = changes.filter((c): c is TextChange => c.kind === 'text');
  // Not enforced by the guard yet (chapter-text-rule.ts): it lets everything through.
  expect(checkChapterText(member, context, text)).toBeNull();
  return deletionBreach(member, context, text)?.rule ?? null;
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

  it('does not judge what she adds yet (docs/rules.md): words without her mark pass', () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, fia, (d) => d.getText('text').insert(0, 'Tillagt '))).toBeNull();
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

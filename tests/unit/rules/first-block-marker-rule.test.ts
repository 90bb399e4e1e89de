/**
 * The chapter-text rule (shared/rules/chapter-text-rule.ts) on the marker
 * the editor gives words that have no first block (their first block's
 * marker was deleted while they were typed): a suggester who suggests
 * deleting that block writes the marker with her own deletion suggestion
 * on it (fuzz seed 4012 with her client id highest). The server takes
 * that, as it takes her deletion suggestion on any block, and still
 * refuses a colleague's suggestion on it and a marker that splits the
 * owner's words.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Member } from '../../../shared/plan/member.ts';
import { defineRoots, recordChanges, type TextChange } from '../../../shared/rules/doc-changes.ts';
import { checkChapterText, type ChapterTextContext } from '../../../shared/rules/chapter-text-rule.ts';
import { createSuggestion, noteWriting } from '../../../shared/suggestions/suggestions.ts';

const fia: Member = { memberId: 'm-fia', name: 'Fia', agency: 'fk', role: 'drafter' };
const bo: Member = { memberId: 'm-bo', name: 'Bo', agency: 'sos', role: 'drafter' };
const context: ChapterTextContext = { chapter: { owner: 'migr', status: 'draft', coWriters: [] } };

/** Omar's sentence with no block marker before it, Fia's client on a copy, and the server's copy. */
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

/** What the server's rule refuses of `member`'s change made on `fiaDoc`. */
function judge(server: Y.Doc, fiaDoc: Y.Doc, member: Member, change: (doc: Y.Doc) => void): string | null {
  const before = Y.encodeStateVector(fiaDoc);
  fiaDoc.transact(() => change(fiaDoc));
  const changes = recordChanges(server, 'chapter', () => Y.applyUpdate(server, Y.encodeStateAsUpdate(fiaDoc, before)), { deletedText: true });
  return checkChapterText(member, context, changes.filter((c): c is TextChange => c.kind === 'text'))?.rule ?? null;
}

/** `author`'s suggestion entry `id`, as the editor creates it with the edit. */
function entry(author: Member, id: string): (doc: Y.Doc) => void {
  return (d) => {
    createSuggestion(d, author, { id, kind: 'delete' });
    noteWriting(d, id, true);
  };
}

/** A paragraph's marker carrying the deletion suggestion `id`. */
function deletedParagraph(id: string): Y.Map<unknown> {
  return new Y.Map<unknown>([['type', 'paragraph'], ['attrs', {}], ['path', []], ['suggestion', { id, kind: 'delete' }]]);
}

describe('the marker the editor gives words that have no first block, with a deletion suggestion', () => {
  it('takes it with her own suggestion', () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, fia, (d) => {
      entry(fia, '2.5')(d);
      d.getText('text').insertEmbed(0, deletedParagraph('2.5'));
    })).toBeNull();
  });

  it('refuses it with a colleague’s suggestion', () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, bo, entry(bo, '2.4'))).toBeNull();
    expect(judge(server, fiaDoc, fia, (d) => d.getText('text').insertEmbed(0, deletedParagraph('2.4')))).toBe('text-not-permitted');
  });

  it('refuses it where it splits the owner’s words', () => {
    const { server, fiaDoc } = setUp();
    expect(judge(server, fiaDoc, fia, (d) => {
      entry(fia, '2.5')(d);
      d.getText('text').insertEmbed(10, deletedParagraph('2.5'));
    })).toBe('text-not-permitted');
  });
});

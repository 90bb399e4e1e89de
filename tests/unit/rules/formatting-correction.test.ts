/**
 * The direct-formatting rule (shared/rules/text-format-rule.ts
 * `directFormatting`) and the server's correction
 * (shared/rules/formatting-correction.ts): a drafter who may only suggest
 * formats the owner agency's words only as her own format suggestion. What
 * else her update changes of their formatting, the server gives back in
 * the transaction that applies her update, so nobody sees it; so is a
 * record of hers that claims to have removed formatting the words did not
 * have. Each update is applied to a
 * copy as the server's guard and `admit` do (src-server/sync-server.ts).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Member } from '../../../shared/plan/member.ts';
import { defineRoots, recordChanges, type TextChange } from '../../../shared/rules/doc-changes.ts';
import type { ChapterTextContext } from '../../../shared/rules/chapter-text-rule.ts';
import { checkChapterText } from '../../../shared/rules/chapter-text-rule.ts';
import { directFormatting } from '../../../shared/rules/text-format-rule.ts';
import { decideSuggestions } from '../../../shared/suggestions/decide.ts';
import { correctFormatting } from '../../../shared/rules/formatting-correction.ts';
import { createSuggestion, noteWriting } from '../../../shared/suggestions/suggestions.ts';
import { markKey, suggestionMarkKey } from '../../../shared/chapter-text/text-attributes.ts';
import { schema } from '../../../shared/schema/schema.ts';

const fia: Member = { memberId: 'm-fia', name: 'Fia', agency: 'fk', role: 'drafter' };
const context: ChapterTextContext = { chapter: { owner: 'migr', status: 'draft', coWriters: [] } };
const LINK = { href: 'https://www.regeringen.se', title: null };
const FORMAT = (id: string, add: unknown[], remove: unknown[] = []): Record<string, unknown> => ({ [suggestionMarkKey('suggestion_format', id)]: { id, add, remove } });
/** A format suggestion's record under the key an editor writes it with (`markKey`, from its whole value), which orders it among the words' marks on every copy. */
const AS_WRITTEN = (id: string, add: unknown[], remove: unknown[] = []): Record<string, unknown> => ({ [markKey(schema.marks.suggestion_format!.create({ id, add, remove }))]: { id, add, remove } });

/** Omar's (Migrationsverket, the owner) sentence, with a link on "regeringen"; Fia's copy and the server's. */
function setUp(): { omarDoc: Y.Doc; fiaDoc: Y.Doc; server: Y.Doc } {
  const omarDoc = new Y.Doc();
  omarDoc.clientID = 1;
  omarDoc.getText('text').insert(0, 'Kapitlets text. Se ');
  omarDoc.getText('text').insert(19, 'regeringen', { link: LINK });
  omarDoc.getText('text').insert(29, '.');
  const copy = (clientID: number): Y.Doc => {
    const doc = new Y.Doc();
    doc.clientID = clientID;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(omarDoc));
    return doc;
  };
  const server = copy(9);
  defineRoots(server, 'chapter');
  return { omarDoc, fiaDoc: copy(2), server };
}

/**
 * Fia's change on her copy, sent to the server: judged, then applied with
 * the corrections in one transaction, as the server does. Returns the
 * enforced rules' verdict, the number of runs corrected, and what the
 * server broadcast (one update).
 */
function send(server: Y.Doc, fiaDoc: Y.Doc, change: (doc: Y.Doc) => void): { refused: string | null; corrected: number; broadcast: Uint8Array | null } {
  const before = Y.encodeStateVector(fiaDoc);
  fiaDoc.transact(() => change(fiaDoc));
  const update = Y.encodeStateAsUpdate(fiaDoc, before);
  // The guard's shadow.
  const shadow = new Y.Doc();
  defineRoots(shadow, 'chapter');
  Y.applyUpdate(shadow, Y.encodeStateAsUpdate(server));
  const text = recordChanges(shadow, 'chapter', () => Y.applyUpdate(shadow, update), { deletedText: true }).filter((c): c is TextChange => c.kind === 'text');
  const corrections = directFormatting(fia, context, text);
  const refused = checkChapterText(fia, context, text);
  if (refused !== null) return { refused: refused.detail, corrected: 0, broadcast: null };
  let broadcast: Uint8Array | null = null;
  const catchUpdate = (u: Uint8Array): void => {
    broadcast = u;
  };
  server.on('update', catchUpdate);
  Y.transact(server, () => {
    Y.applyUpdate(server, update);
    correctFormatting(server.getText('text'), corrections);
  }, 'connection', false);
  server.off('update', catchUpdate);
  return { refused: null, corrected: corrections.length, broadcast };
}

/** The formatting of the first run holding `words`. */
function formattingOf(doc: Y.Doc, words: string): Record<string, unknown> {
  for (const op of doc.getText('text').toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert === 'string' && op.insert.includes(words)) return op.attributes ?? {};
  }
  throw new Error(`"${words}" is not in the text`);
}

describe('a suggester’s direct formatting of the owner agency’s words, given back by the server', () => {
  it('takes her direct bold off the owner’s words and keeps the words she suggested in the same update', () => {
    const { omarDoc, fiaDoc, server } = setUp();
    const sent = send(server, fiaDoc, (d) => {
      createSuggestion(d, fia, { id: '2.0', kind: 'insert' });
      noteWriting(d, '2.0', false);
      d.getText('text').insert(15, ' Förslag.', { [suggestionMarkKey('suggestion_insert', '2.0')]: { id: '2.0' } });
      d.getText('text').format(0, 9, { bold: {} });
    });
    expect(sent).toMatchObject({ refused: null, corrected: 1 });
    expect(server.getText('text').toString()).toBe('Kapitlets text. Förslag. Se regeringen.');
    expect(formattingOf(server, 'Kapitlets')).toEqual({});
    expect(Object.keys(formattingOf(server, ' Förslag.'))).toEqual([suggestionMarkKey('suggestion_insert', '2.0')]);
    // The owner's copy gets her words and never her bold: one update, already corrected.
    let everBold = false;
    omarDoc.on('afterTransaction', () => {
      everBold ||= 'bold' in formattingOf(omarDoc, 'Kapitlets');
    });
    Y.applyUpdate(omarDoc, sent.broadcast!);
    expect(everBold).toBe(false);
    expect(omarDoc.getText('text').toString()).toBe('Kapitlets text. Förslag. Se regeringen.');
    // And her copy, once it has what the server broadcast, shows what everyone does.
    Y.applyUpdate(fiaDoc, sent.broadcast!);
    expect(fiaDoc.getText('text').toDelta()).toEqual(server.getText('text').toDelta());
  });

  it('gives back the owner’s words after her suggested words the bold she wrote right behind them', () => {
    const { server, fiaDoc } = setUp();
    const sent = send(server, fiaDoc, (d) => {
      createSuggestion(d, fia, { id: '2.6', kind: 'insert' });
      noteWriting(d, '2.6', false);
      d.getText('text').insert(15, ' Förslag', { [suggestionMarkKey('suggestion_insert', '2.6')]: { id: '2.6' } });
      // Her format item right behind her new words, where Yjs writes the items that end their formatting: bold on to the end of the sentence.
      d.getText('text').format(23, 15, { bold: {} });
    });
    expect(sent.refused).toBeNull();
    expect(server.getText('text').toString()).toBe('Kapitlets text. Förslag Se regeringen.');
    expect(formattingOf(server, ' Se ')).toEqual({});
    expect(formattingOf(server, 'regeringen')).toEqual({ link: LINK });
  });

  it('gives the owner’s link back its address, and back to the words she unlinked', () => {
    const moved = setUp();
    expect(send(moved.server, moved.fiaDoc, (d) => d.getText('text').format(19, 10, { link: { href: 'https://example.com/fel', title: null } }))).toMatchObject({ refused: null, corrected: 1 });
    expect(formattingOf(moved.server, 'regeringen')).toEqual({ link: LINK });
    const removed = setUp();
    expect(send(removed.server, removed.fiaDoc, (d) => d.getText('text').format(19, 10, { link: null }))).toMatchObject({ refused: null, corrected: 1 });
    expect(formattingOf(removed.server, 'regeringen')).toEqual({ link: LINK });
  });

  it('corrects nothing where she suggests the change: bold recorded as added, a link recorded as removed', () => {
    const { server, fiaDoc } = setUp();
    const bold = send(server, fiaDoc, (d) => {
      createSuggestion(d, fia, { id: '2.1', kind: 'format' });
      d.getText('text').format(0, 9, { bold: {}, ...FORMAT('2.1', [{ type: 'bold' }]) });
    });
    expect(bold).toMatchObject({ refused: null, corrected: 0 });
    expect(formattingOf(server, 'Kapitlets')).toMatchObject({ bold: {} });
    const unlink = send(server, fiaDoc, (d) => {
      createSuggestion(d, fia, { id: '2.2', kind: 'format' });
      d.getText('text').format(19, 10, { link: null, ...FORMAT('2.2', [], [{ type: 'link', attrs: LINK }]) });
    });
    expect(unlink).toMatchObject({ refused: null, corrected: 0 });
    expect(formattingOf(server, 'regeringen')).not.toHaveProperty('link');
  });

  it('gives back the record of a format suggestion that claims to remove a link the words never had, so the owner’s reject cannot put it on them', () => {
    const never = setUp();
    const forged = send(never.server, never.fiaDoc, (d) => {
      createSuggestion(d, fia, { id: '2.3', kind: 'format' });
      d.getText('text').format(0, 9, FORMAT('2.3', [], [{ type: 'link', attrs: { href: 'https://example.com/fel', title: null } }]));
    });
    expect(forged).toMatchObject({ refused: null, corrected: 1 });
    // Nothing left to suggest there: the mark is off the words.
    expect(formattingOf(never.server, 'Kapitlets')).toEqual({});

    // She unlinks the owner's words and records another address as the one she removed.
    const swapped = setUp();
    expect(send(swapped.server, swapped.fiaDoc, (d) => {
      createSuggestion(d, fia, { id: '2.7', kind: 'format' });
      d.getText('text').format(19, 10, { link: null, ...FORMAT('2.7', [], [{ type: 'link', attrs: { href: 'https://example.com/fel', title: null } }]) });
    })).toMatchObject({ refused: null, corrected: 1 });
    // Given back under the key of what it now records, as an editor would write it: the claiming record is off the words (seed 1374).
    expect(formattingOf(swapped.server, 'regeringen')).toEqual(AS_WRITTEN('2.7', [], [{ type: 'link', attrs: LINK }]));
    // The owner rejects it: the words get their own link back, not hers.
    const omar: Member = { memberId: 'm-omar', name: 'Omar', agency: 'migr', role: 'drafter' };
    expect(decideSuggestions(swapped.server, swapped.server.getText('text'), omar, { owner: 'migr' }, ['2.7'], 'reject').decided).toEqual(['2.7']);
    expect(formattingOf(swapped.server, 'regeringen')).toEqual({ link: LINK });
  });

  it('gives nothing back where her suggestion to remove the owner’s link records just that link', () => {
    const { server, fiaDoc } = setUp();
    expect(send(server, fiaDoc, (d) => {
      createSuggestion(d, fia, { id: '2.5', kind: 'format' });
      d.getText('text').format(19, 10, { link: null, ...FORMAT('2.5', [], [{ type: 'link', attrs: LINK }]) });
    })).toMatchObject({ refused: null, corrected: 0 });
  });

  it('gives the owner’s bold back where her format suggestion met it: each keeps the extent they formatted', () => {
    const { omarDoc, fiaDoc, server } = setUp();
    // Omar bolds " text" at the moment Fia suggests bold on "Kapitlets"; the server has his first.
    omarDoc.getText('text').format(9, 5, { bold: {} });
    Y.applyUpdate(server, Y.encodeStateAsUpdate(omarDoc, Y.encodeStateVector(server)));
    const sent = send(server, fiaDoc, (d) => {
      createSuggestion(d, fia, { id: '2.4', kind: 'format' });
      d.getText('text').format(0, 9, { bold: {}, ...FORMAT('2.4', [{ type: 'bold' }]) });
    });
    expect(sent.refused).toBeNull();
    const delta = (server.getText('text').toDelta() as { insert: string; attributes?: Record<string, unknown> }[]).map((op) => [op.insert, Object.keys(op.attributes ?? {}).sort()]);
    expect(delta.slice(0, 3)).toEqual([
      ['Kapitlets', ['bold', suggestionMarkKey('suggestion_format', '2.4')].sort()],
      [' text', ['bold']],
      ['. Se ', []],
    ]);
  });
});

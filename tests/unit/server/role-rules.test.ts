/**
 * Issue 13: the server enforces the roles. For each row of the rules table
 * (docs/rules.md), a client with a valid token of the wrong role makes the
 * change through a real provider: the server closes that document with
 * 4422 and the rule, the other clients never see the change, and after a
 * restart the stored documents still do not have it. The allowed rows are
 * acknowledged and reach the others.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initChapterMeta } from '../../../shared/plan/chapter.ts';
import { chapterDocName, manifestDocName } from '../../../shared/plan/doc-names.ts';
import { addChapter, initManifest, setCoWriters } from '../../../shared/plan/manifest.ts';
import { deleteChapter } from '../../../shared/plan/chapter-deletion.ts';
import { authorOf, type Member } from '../../../shared/plan/member.ts';
import { createThread, deleteMessage, editMessage, replyToThread, resolveThread, threadsMap } from '../../../shared/comments/threads.ts';
import { acceptSuggestion, createSuggestion, noteWriting, suggestionsMap, withdrawSuggestion } from '../../../shared/suggestions/suggestions.ts';
import { suggestionMarkKey } from '../../../shared/chapter-text/text-attributes.ts';
import { changeStatus } from '../../../shared/workflow/chapter-status.ts';
import { readStatusHistory, statusHistoryArray } from '../../../shared/workflow/status-history.ts';
import { ruleOfCloseReason } from '../../../shared/rules/rule-refusal.ts';
import { CLOSE, readDocumentClose } from '../../../shared/sync-protocol/close-codes.ts';
import type { RuleRefusal } from '../../../shared/sync-protocol/refusals.ts';
import { authAnswer, authFrame, connectClient, isSettled, openRawClient, waitUntil, type TestClient } from '../../support/sync-client.ts';
import { awarenessFrame } from '../../support/awareness-flood.ts';
import { setUpPlan, startSyncServerProcess, type SyncServerProcess, type TestPlan } from '../../support/sync-server-process.ts';

type Who = 'coordinator' | 'migr' | 'fk';
type Where = 'manifest' | 'chapter' | 'unlisted';

interface Row {
  readonly name: string;
  readonly who: Who;
  readonly where: Where;
  /** The change, made on a synced copy of the document. */
  act(doc: Y.Doc, member: Member): void;
  /** Whether a copy of the document shows the change. */
  shows(doc: Y.Doc): boolean;
  /** `corrected`: acknowledged, and the server gives the words back their formatting in the same transaction (text-format-rule.ts `directFormatting`). */
  readonly expected: RuleRefusal | 'allowed' | 'corrected';
}

let dataDir: string;
let server: SyncServerProcess;
let plan: TestPlan;
const members = {} as Record<Who, { member: Member; token: string }>;
const chapterA = randomUUID(); // owned by migr
const chapterB = randomUUID(); // owned by fk
const chapterC = randomUUID(); // owned by migr
const unlisted = randomUUID();
const newChapter = randomUUID();
const names = (): Record<Where, string> => ({
  manifest: manifestDocName(plan.planId),
  chapter: chapterDocName(plan.planId, chapterA),
  unlisted: chapterDocName(plan.planId, unlisted),
});
/** Clients of the coordinator that stay connected throughout: they must never see a refused change. */
const observers = {} as Record<'manifest' | 'chapter', TestClient>;

const entry = (doc: Y.Doc, id: string): Y.Map<unknown> => doc.getMap('chapters').get(id) as Y.Map<unknown>;
const thread = (doc: Y.Doc, id: string): Y.Map<unknown> => threadsMap(doc).get(id)!;
const events = (doc: Y.Doc, threadId: string): unknown[] => (thread(doc, threadId).get('events') as Y.Array<unknown>).toArray();
const message = (doc: Y.Doc, threadId: string, index: number): Y.Map<unknown> => (thread(doc, threadId).get('messages') as Y.Array<Y.Map<unknown>>).get(index);
const suggestionEvents = (doc: Y.Doc, id: string): { type: string; by: { memberId: string } }[] =>
  (suggestionsMap(doc).get(id)?.get('events') as Y.Array<{ type: string; by: { memberId: string } }> | undefined)?.toArray() ?? [];
const hasEvent = (list: readonly unknown[], type: string, by: Who): boolean =>
  list.some((e) => (e as { type: string }).type === type && (e as { by: { memberId: string } }).by.memberId === members[by].member.memberId);


/** The first run of a chapter's text holding `words`: its index and its formatting attributes. */
const runOf = (doc: Y.Doc, words: string): { index: number; attributes: Record<string, unknown> } => {
  let index = 0;
  for (const op of doc.getText('text').toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    const found = typeof op.insert === 'string' ? op.insert.indexOf(words) : -1;
    if (found >= 0) return { index: index + found, attributes: op.attributes ?? {} };
    index += typeof op.insert === 'string' ? op.insert.length : 1;
  }
  throw new Error(`"${words}" is not in the chapter`);
};
/** Deletes the first occurrence of `words` from a chapter's text (a block marker counts one position, as in Yjs). */
const deleteWords = (doc: Y.Doc, words: string): void => doc.getText('text').delete(runOf(doc, words).index, words.length);
const formatWords = (doc: Y.Doc, words: string, attributes: Record<string, unknown>): void => doc.getText('text').format(runOf(doc, words).index, words.length, attributes);
const attributesOf = (doc: Y.Doc, words: string): string[] => Object.keys(runOf(doc, words).attributes);
/** The coordinator's linked words (set up below): their link's address. */
const linkOf = (doc: Y.Doc): unknown => (runOf(doc, 'regeringen').attributes['link'] as { href?: unknown } | undefined)?.href;
/** The chapter's first block marker (the coordinator wrote it, before the words). */
const firstMarker = (doc: Y.Doc): Y.Map<unknown> => (doc.getText('text').toDelta() as { insert: unknown }[])[0]?.insert as Y.Map<unknown>;

/** Signs as `other` although the token is `member`'s. */
const as = (other: Who): Member => members[other].member;

const ROWS: Row[] = [
  // Manifest
  { name: 'a drafter renames the plan', who: 'migr', where: 'manifest', act: (d) => d.getMap('plan').set('title', 'Kapad plan'), shows: (d) => d.getMap('plan').get('title') === 'Kapad plan', expected: 'plan-not-permitted' },
  { name: 'a drafter adds a chapter', who: 'migr', where: 'manifest', act: (d) => addChapter(d, { id: unlisted, title: 'Smuggel', owner: 'migr' }, 99), shows: (d) => d.getMap('chapters').has(unlisted), expected: 'plan-not-permitted' },
  { name: "a drafter takes over another agency's chapter", who: 'fk', where: 'manifest', act: (d) => entry(d, chapterA).set('owner', 'fk'), shows: (d) => entry(d, chapterA).get('owner') === 'fk', expected: 'plan-not-permitted' },
  { name: "a drafter marks another agency's chapter ready for review", who: 'fk', where: 'manifest', act: (d) => entry(d, chapterA).set('status', 'in-review'), shows: (d) => entry(d, chapterA).get('status') === 'in-review', expected: 'plan-not-permitted' },
  { name: 'the owner agency approves its own chapter', who: 'migr', where: 'manifest', act: (d) => entry(d, chapterA).set('status', 'approved'), shows: (d) => entry(d, chapterA).get('status') === 'approved', expected: 'plan-not-permitted' },
  { name: 'a drafter reorders the chapters', who: 'migr', where: 'manifest', act: (d) => entry(d, chapterB).set('order', 0.5), shows: (d) => entry(d, chapterB).get('order') === 0.5, expected: 'plan-not-permitted' },
  { name: "a drafter deletes another agency's chapter", who: 'fk', where: 'manifest', act: (d) => deleteChapter(d, { id: chapterA, title: '', order: 1, owner: 'fk', status: 'draft', coWriters: [] }, { ...as('fk'), agency: 'fk' }, '2026-01-01T00:00:00Z'), shows: (d) => entry(d, chapterA).has('deletedAt'), expected: 'plan-not-permitted' },
  { name: 'a drafter removes a chapter from the list', who: 'migr', where: 'manifest', act: (d) => d.getMap('chapters').delete(chapterB), shows: (d) => !d.getMap('chapters').has(chapterB), expected: 'plan-not-permitted' },
  { name: 'a drafter raises the plan’s schema version to 999', who: 'migr', where: 'manifest', act: (d) => d.getMap('meta').set('schemaVersion', 999), shows: (d) => d.getMap('meta').get('schemaVersion') === 999, expected: 'schema-version' },
  { name: 'the coordinator raises the plan’s schema version to 999', who: 'coordinator', where: 'manifest', act: (d) => d.getMap('meta').set('schemaVersion', 999), shows: (d) => d.getMap('meta').get('schemaVersion') === 999, expected: 'schema-version' },
  { name: 'the coordinator signs a chapter deletion with another member', who: 'coordinator', where: 'manifest', act: (d) => deleteChapter(d, { id: chapterB, title: '', order: 2, owner: 'fk', status: 'draft', coWriters: [] }, as('fk'), '2026-01-01T00:00:00Z'), shows: (d) => entry(d, chapterB).has('deletedAt'), expected: 'plan-not-permitted' },
  { name: 'the owner agency marks its chapter ready for review', who: 'migr', where: 'manifest', act: (d, m) => changeStatus(d, chapterC, m, { action: 'mark-ready', at: '2026-01-01T00:00:00Z' }), shows: (d) => entry(d, chapterC).get('status') === 'in-review', expected: 'allowed' },
  { name: 'a drafter changes a status without its history entry', who: 'migr', where: 'manifest', act: (d) => entry(d, chapterA).set('status', 'in-review'), shows: (d) => entry(d, chapterA).get('status') === 'in-review' && readStatusHistory(d).every((e) => e.chapterId !== chapterA), expected: 'plan-not-permitted' },
  { name: 'a drafter removes an entry from the status history', who: 'migr', where: 'manifest', act: (d) => statusHistoryArray(d).delete(0, 1), shows: (d) => statusHistoryArray(d).length === 0, expected: 'plan-not-permitted' },
  { name: 'the coordinator renames the plan and adds a chapter', who: 'coordinator', where: 'manifest', act: (d) => d.transact(() => { d.getMap('plan').set('title', 'Ny titel'); addChapter(d, { id: newChapter, title: 'Nytt', owner: 'fk' }, 4); }), shows: (d) => d.getMap('plan').get('title') === 'Ny titel' && d.getMap('chapters').has(newChapter), expected: 'allowed' },
  { name: 'the coordinator approves a chapter', who: 'coordinator', where: 'manifest', act: (d, m) => d.transact(() => { changeStatus(d, chapterB, m, { action: 'mark-ready', at: '2026-01-01T00:00:00Z' }); changeStatus(d, chapterB, m, { action: 'approve', at: '2026-01-01T00:00:01Z' }); }), shows: (d) => entry(d, chapterB).get('status') === 'approved', expected: 'allowed' },

  // Chapter: which documents, meta
  { name: 'a drafter writes a chapter the manifest does not list', who: 'migr', where: 'unlisted', act: (d) => initChapterMeta(d, plan.planId, unlisted), shows: (d) => d.getMap('meta').has('kind'), expected: 'unlisted-chapter' },
  { name: 'a drafter raises a chapter’s schema version to 999', who: 'fk', where: 'chapter', act: (d) => d.getMap('meta').set('schemaVersion', 999), shows: (d) => d.getMap('meta').get('schemaVersion') === 999, expected: 'schema-version' },
  { name: 'a drafter lowers a chapter’s schema version', who: 'migr', where: 'chapter', act: (d) => d.getMap('meta').set('schemaVersion', 1), shows: (d) => d.getMap('meta').get('schemaVersion') === 1, expected: 'schema-version' },
  { name: 'a drafter writes a part a chapter does not have', who: 'fk', where: 'chapter', act: (d) => d.getMap('evil').set('x', 1), shows: (d) => d.getMap('evil').size > 0, expected: 'unknown-part' },

  // Chapter text (shared/rules/chapter-text-rule.ts): chapter A is Migrationsverket's; its text is "Kapitlets text. Medskrivet."
  { name: "a drafter of another agency deletes the owner agency's words", who: 'fk', where: 'chapter', act: (d) => deleteWords(d, 'text.'), shows: (d) => !d.getText('text').toString().includes('text.'), expected: 'text-not-permitted' },
  { name: 'a drafter of another agency deletes a block boundary', who: 'fk', where: 'chapter', act: (d) => d.getText('text').delete(0, 1), shows: (d) => !((d.getText('text').toDelta() as { insert: unknown }[])[0]?.insert instanceof Y.Map), expected: 'text-not-permitted' },
  { name: 'a drafter of another agency adds words without suggesting them', who: 'fk', where: 'chapter', act: (d) => d.getText('text').insert(d.getText('text').length, ' Smugglat.'), shows: (d) => d.getText('text').toString().includes('Smugglat'), expected: 'text-not-permitted' },
  { name: "a drafter of another agency splits the owner agency's paragraph without suggesting it", who: 'fk', where: 'chapter', act: (d) => d.getText('text').insertEmbed(5, new Y.Map<unknown>([['type', 'paragraph'], ['path', []]])), shows: (d) => (d.getText('text').toDelta() as { insert: unknown }[]).filter((op) => op.insert instanceof Y.Map).length > 1, expected: 'text-not-permitted' },
  // Formatting and block fields (shared/rules/text-format-rule.ts, block-field-rule.ts): before the co-writer row below, while Försäkringskassan only suggests.
  { name: "a drafter of another agency marks the owner agency's words as her suggested insertion, to delete them as hers next", who: 'fk', where: 'chapter', act: (d, m) => { d.transact(() => { createSuggestion(d, m, { id: 'sug.h', kind: 'insert' }); formatWords(d, 'text.', { [suggestionMarkKey('suggestion_insert', 'sug.h')]: { id: 'sug.h' } }); }); deleteWords(d, 'text.'); }, shows: (d) => !d.getText('text').toString().includes('text.') || attributesOf(d, 'text.').some((key) => key.startsWith('suggestion_insert')), expected: 'text-not-permitted' },
  { name: "a drafter of another agency marks the owner agency's paragraph boundary as her suggested insertion", who: 'fk', where: 'chapter', act: (d, m) => d.transact(() => { createSuggestion(d, m, { id: 'sug.b', kind: 'insert' }); firstMarker(d).set('suggestion', { id: 'sug.b', kind: 'insert' }); }), shows: (d) => JSON.stringify(firstMarker(d).get('suggestion')) === JSON.stringify({ id: 'sug.b', kind: 'insert' }), expected: 'text-not-permitted' },
  { name: "a drafter of another agency marks the owner agency's words with the coordinator's deletion suggestion", who: 'fk', where: 'chapter', act: (d) => formatWords(d, 'text.', { [suggestionMarkKey('suggestion_delete', 'sug.k')]: { id: 'sug.k' } }), shows: (d) => attributesOf(d, 'text.').some((key) => key.startsWith('suggestion_delete')), expected: 'text-not-permitted' },
  { name: "a drafter of another agency suggests bold on the owner agency's words", who: 'fk', where: 'chapter', act: (d, m) => d.transact(() => { createSuggestion(d, m, { id: 'sug.f', kind: 'format' }); formatWords(d, 'text.', { bold: {}, [suggestionMarkKey('suggestion_format', 'sug.f')]: { id: 'sug.f', add: [{ type: 'bold' }], remove: [] } }); }), shows: (d) => attributesOf(d, 'text.').includes('bold'), expected: 'allowed' },
  { name: "a drafter of another agency bolds the coordinator's words directly", who: 'fk', where: 'chapter', act: (d) => formatWords(d, 'regeringen', { bold: {} }), shows: (d) => attributesOf(d, 'regeringen').includes('bold'), expected: 'corrected' },
  { name: "a drafter of another agency points the coordinator's link somewhere else", who: 'fk', where: 'chapter', act: (d) => formatWords(d, 'regeringen', { link: { href: 'https://example.com/fel', title: null } }), shows: (d) => linkOf(d) === 'https://example.com/fel', expected: 'corrected' },
  { name: "a drafter of another agency takes the link off the coordinator's words", who: 'fk', where: 'chapter', act: (d) => formatWords(d, 'regeringen', { link: null }), shows: (d) => linkOf(d) === undefined, expected: 'corrected' },
  { name: "a drafter of another agency turns the owner agency's paragraph into a heading without suggesting it", who: 'fk', where: 'chapter', act: (d) => d.transact(() => { const marker = firstMarker(d); marker.set('type', 'heading'); marker.set('attrs', { level: 3 }); }), shows: (d) => (firstMarker(d).get('attrs') as { level?: number } | undefined)?.level === 3, expected: 'text-not-permitted' },
  { name: "a drafter of another agency wraps the owner agency's paragraphs in a list without suggesting it", who: 'fk', where: 'chapter', act: (d) => firstMarker(d).set('path', [{ type: 'bullet_list', id: 'list.fk', attrs: {} }, { type: 'list_item', id: 'item.fk', attrs: {} }]), shows: (d) => JSON.stringify(firstMarker(d).get('path') ?? []).includes('bullet_list'), expected: 'text-not-permitted' },
  // Her editor writes a block's containers again near every change (the same ones, or new ids): from her first suggestion on that is her own writing, but not hers to change afterwards (block-field-rule.ts `writtenAsSuggested`).
  { name: "a drafter of another agency wraps the owner agency's paragraph in a list after writing its containers again unchanged", who: 'fk', where: 'chapter', act: (d) => { d.transact(() => { noteWriting(d, 'sug.1', false); firstMarker(d).set('path', []); }); firstMarker(d).set('path', [{ type: 'bullet_list', id: 'list.fk2', attrs: {} }, { type: 'list_item', id: 'item.fk2', attrs: {} }]); }, shows: (d) => JSON.stringify(firstMarker(d).get('path') ?? []).includes('list.fk2'), expected: 'text-not-permitted' },
  { name: "a drafter of another agency turns the owner agency's paragraph into a heading after writing its type again unchanged", who: 'fk', where: 'chapter', act: (d) => { d.transact(() => { noteWriting(d, 'sug.1', false); firstMarker(d).set('type', 'paragraph'); firstMarker(d).set('attrs', {}); }); d.transact(() => { firstMarker(d).set('type', 'heading'); firstMarker(d).set('attrs', { level: 1 }); }); }, shows: (d) => (firstMarker(d).get('attrs') as { level?: number } | undefined)?.level === 1, expected: 'text-not-permitted' },
  { name: "a drafter of another agency suggests turning the owner agency's paragraph into a heading", who: 'fk', where: 'chapter', act: (d, m) => d.transact(() => { createSuggestion(d, m, { id: 'sug.c', kind: 'block' }); const marker = firstMarker(d); marker.set('before', { type: 'paragraph', attrs: {}, path: [] }); marker.set('type', 'heading'); marker.set('attrs', { level: 2 }); marker.set('suggestion', { id: 'sug.c', kind: 'change' }); }), shows: (d) => firstMarker(d).get('type') === 'heading', expected: 'allowed' },
  { name: 'a drafter names her own agency co-writer of another agency’s chapter', who: 'fk', where: 'manifest', act: (d) => setCoWriters(d, chapterC, ['fk']), shows: (d) => JSON.stringify(entry(d, chapterC).get('coWriters')) === '["fk"]', expected: 'plan-not-permitted' },
  { name: 'the owner agency names a co-writer', who: 'migr', where: 'manifest', act: (d) => setCoWriters(d, chapterA, ['fk']), shows: (d) => JSON.stringify(entry(d, chapterA).get('coWriters')) === '["fk"]', expected: 'allowed' },
  { name: 'a co-writing agency deletes words directly', who: 'fk', where: 'chapter', act: (d) => deleteWords(d, ' Medskrivet.'), shows: (d) => !d.getText('text').toString().includes('Medskrivet'), expected: 'allowed' },
  { name: 'a drafter of another agency suggests words (their own suggested insertion)', who: 'fk', where: 'chapter', act: (d) => d.getText('text').insert(d.getText('text').length, ' Förslag.', { 'suggestion_insert--fk1': { id: 'sug.1' } }), shows: (d) => d.getText('text').toString().includes('Förslag.'), expected: 'allowed' },
  { name: "the owner agency deletes the chapter's words directly", who: 'migr', where: 'chapter', act: (d) => deleteWords(d, 'Kapitlets '), shows: (d) => !d.getText('text').toString().includes('Kapitlets'), expected: 'allowed' },

  // Threads
  { name: 'a drafter starts a thread signed with the coordinator’s name', who: 'fk', where: 'chapter', act: (d) => createThread(d, as('coordinator'), { id: 'forged-thread', messageId: 'm-f', text: 'Godkänt', quote: '', assignedAgency: null }), shows: (d) => threadsMap(d).has('forged-thread'), expected: 'thread-not-permitted' },
  { name: 'a drafter replies signed with another member', who: 'fk', where: 'chapter', act: (d) => replyToThread(d, as('migr'), 'thread-migr', { id: 'forged-reply', text: 'Jag drar tillbaka allt' }), shows: (d) => (thread(d, 'thread-migr').get('messages') as Y.Array<Y.Map<unknown>>).toArray().some((m) => m.get('id') === 'forged-reply'), expected: 'thread-not-permitted' },
  { name: "a drafter edits another member's message", who: 'fk', where: 'chapter', act: (d) => (message(d, 'thread-migr', 0).get('body') as Y.Map<unknown>).set('text', 'Ändrad av fel person'), shows: (d) => (message(d, 'thread-migr', 0).get('body') as Y.Map<unknown> | undefined)?.get('text') === 'Ändrad av fel person', expected: 'thread-not-permitted' },
  { name: "a drafter deletes another member's message", who: 'fk', where: 'chapter', act: (d) => deleteMessage(d, as('migr'), 'thread-migr', 'm-migr'), shows: (d) => typeof message(d, 'thread-migr', 0).get('deletedAt') === 'string', expected: 'thread-not-permitted' },
  { name: "a drafter resolves another member's thread", who: 'fk', where: 'chapter', act: (d) => resolveThread(d, { ...as('fk'), role: 'coordinator' }, 'thread-coordinator'), shows: (d) => hasEvent(events(d, 'thread-coordinator'), 'resolved', 'fk'), expected: 'thread-not-permitted' },
  { name: 'a drafter removes an event from a thread’s history', who: 'migr', where: 'chapter', act: (d) => (thread(d, 'thread-migr').get('events') as Y.Array<unknown>).delete(0, 1), shows: (d) => events(d, 'thread-migr').length === 0, expected: 'thread-not-permitted' },
  { name: 'a drafter rewrites who started a thread', who: 'fk', where: 'chapter', act: (d) => thread(d, 'thread-coordinator').set('author', { memberId: 'x', name: 'Någon', agency: 'fk' }), shows: (d) => (thread(d, 'thread-coordinator').get('author') as { name: string }).name === 'Någon', expected: 'thread-not-permitted' },
  { name: 'a drafter comments in another agency’s chapter', who: 'fk', where: 'chapter', act: (d) => createThread(d, as('fk'), { id: 'thread-fk', messageId: 'm-fk', text: 'En fråga', quote: '', assignedAgency: 'migr' }), shows: (d) => threadsMap(d).has('thread-fk'), expected: 'allowed' },
  { name: 'the author edits their own message', who: 'migr', where: 'chapter', act: (d) => editMessage(d, as('migr'), 'thread-migr', 'm-migr', 'Rättad'), shows: (d) => (message(d, 'thread-migr', 0).get('body') as Y.Map<unknown>).get('text') === 'Rättad', expected: 'allowed' },
  { name: "the coordinator resolves a drafter's thread", who: 'coordinator', where: 'chapter', act: (d) => resolveThread(d, as('coordinator'), 'thread-migr'), shows: (d) => hasEvent(events(d, 'thread-migr'), 'resolved', 'coordinator'), expected: 'allowed' },

  // Suggestions
  { name: 'a drafter makes a suggestion signed with another member', who: 'fk', where: 'chapter', act: (d) => createSuggestion(d, as('migr'), { id: 'forged.1', kind: 'insert' }), shows: (d) => suggestionsMap(d).has('forged.1'), expected: 'suggestion-not-permitted' },
  { name: "a drafter accepts a suggestion in another agency's chapter", who: 'fk', where: 'chapter', act: (d) => acceptSuggestion(d, as('fk'), { owner: 'fk' }, 'sug.1'), shows: (d) => hasEvent(suggestionEvents(d, 'sug.1'), 'accepted', 'fk'), expected: 'suggestion-not-permitted' },
  { name: "the owner agency withdraws another member's suggestion", who: 'migr', where: 'chapter', act: (d) => (suggestionsMap(d).get('sug.2')!.get('events') as Y.Array<unknown>).push([{ type: 'withdrawn', by: authorOf(as('migr')), at: '2026-01-01T00:00:00Z' }]), shows: (d) => hasEvent(suggestionEvents(d, 'sug.2'), 'withdrawn', 'migr'), expected: 'suggestion-not-permitted' },
  { name: 'a drafter removes a suggestion', who: 'fk', where: 'chapter', act: (d) => suggestionsMap(d).delete('sug.2'), shows: (d) => !suggestionsMap(d).has('sug.2'), expected: 'suggestion-not-permitted' },
  { name: 'a drafter suggests in another agency’s chapter', who: 'fk', where: 'chapter', act: (d) => createSuggestion(d, as('fk'), { id: 'sug.3', kind: 'insert' }), shows: (d) => suggestionsMap(d).has('sug.3'), expected: 'allowed' },
  { name: "a drafter claims the owner's Yjs client as writing under her suggestion", who: 'fk', where: 'chapter', act: (d) => (suggestionsMap(d).get('sug.3')!.get('writers') as Y.Map<number>).set(String(d.clientID + 1), 0), shows: (d) => ((suggestionsMap(d).get('sug.3')?.get('writers') as Y.Map<number> | undefined)?.size ?? 0) > 0, expected: 'suggestion-not-permitted' },
  { name: 'the owner agency accepts a suggestion', who: 'migr', where: 'chapter', act: (d) => acceptSuggestion(d, as('migr'), { owner: 'migr' }, 'sug.1'), shows: (d) => hasEvent(suggestionEvents(d, 'sug.1'), 'accepted', 'migr'), expected: 'allowed' },
  { name: 'the author withdraws their own suggestion', who: 'fk', where: 'chapter', act: (d) => withdrawSuggestion(d, as('fk'), 'sug.2'), shows: (d) => hasEvent(suggestionEvents(d, 'sug.2'), 'withdrawn', 'fk'), expected: 'allowed' },
];

/**
 * Connects `who` to `where`, waits until synced, makes the change; resolves
 * with the server's close, or null once acknowledged. `settled`, if given,
 * must hold on the writer's copy before it goes (a correction reaching it).
 */
async function attempt(row: Row, settled?: (doc: Y.Doc) => boolean): Promise<{ code: number; reason: string } | null> {
  const { token, member } = members[row.who];
  const client = connectClient(server.wsUrl, names()[row.where], token);
  let closed: { code: number; reason: string } | null = null;
  client.socket.on('close', ({ event }: { event: { code: number; reason: string } }) => {
    closed ??= { code: event.code, reason: event.reason };
  });
  // A refused update closes that document only (its CLOSE message, "4422 …").
  client.provider.on('close', ({ event }: { event: { code: number; reason: string } }) => {
    closed ??= readDocumentClose(event.reason);
  });
  try {
    await waitUntil(() => isSettled(client), `${row.who} is synced`);
    row.act(client.doc, member);
    await waitUntil(() => closed !== null || isSettled(client), 'the server refuses or acknowledges the change', 20_000);
    if (closed === null && settled !== undefined) await waitUntil(() => settled(client.doc), 'the writer’s copy gets what the server made of the change');
    return closed;
  } finally {
    client.destroy();
  }
}

function observerOf(where: Where): Y.Doc {
  return observers[where === 'manifest' ? 'manifest' : 'chapter'].doc;
}

async function connected(name: string, token: string): Promise<TestClient> {
  const client = connectClient(server.wsUrl, name, token);
  await waitUntil(() => isSettled(client), `a client of ${name} is synced`);
  return client;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'samskriv-rules-'));
  server = await startSyncServerProcess({ dataDir });
  plan = await setUpPlan(server, dataDir);
  const addMember = async (who: Who, name: string, agency: 'af' | 'migr' | 'fk', role: 'coordinator' | 'drafter'): Promise<void> => {
    const { token, memberId } = await plan.addMember(name, agency, role);
    members[who] = { token, member: { memberId, name, agency, role } };
  };
  await addMember('coordinator', 'Karin Samordnare', 'af', 'coordinator');
  await addMember('migr', 'Omar Said', 'migr', 'drafter');
  await addMember('fk', 'Fia Karlsson', 'fk', 'drafter');

  // The plan as the coordinator's app makes it.
  observers.manifest = await connected(names().manifest, members.coordinator.token);
  initManifest(observers.manifest.doc, {
    planId: plan.planId,
    title: 'Gemensam plan',
    deadline: null,
    createdAt: '2026-01-01T00:00:00Z',
    chapters: [
      { id: chapterA, title: 'Migration', owner: 'migr' },
      { id: chapterB, title: 'Försäkring', owner: 'fk' },
      { id: chapterC, title: 'Mottagande', owner: 'migr' },
    ],
  });
  await waitUntil(() => isSettled(observers.manifest), 'the manifest is stored');
  observers.chapter = await connected(names().chapter, members.coordinator.token);
  const chapter = observers.chapter.doc;
  initChapterMeta(chapter, plan.planId, chapterA);
  // A block marker first, as the app writes it, then the words.
  chapter.getText('text').insertEmbed(0, new Y.Map([['type', 'paragraph']]));
  chapter.getText('text').insert(1, 'Kapitlets text. Medskrivet.');
  createThread(chapter, as('coordinator'), { id: 'thread-coordinator', messageId: 'm-coordinator', text: 'Se över', quote: '', assignedAgency: null });
  // Words the coordinator suggests deleting (her mark on them, as the app writes it): someone else's suggestion for Fia's rows.
  chapter.transact(() => {
    createSuggestion(chapter, as('coordinator'), { id: 'sug.k', kind: 'delete' });
    chapter.getText('text').insert(chapter.getText('text').length, ' Samordnat.', { [suggestionMarkKey('suggestion_delete', 'sug.k')]: { id: 'sug.k' } });
  });
  // Linked words of the coordinator's, for the direct-formatting rows.
  chapter.getText('text').insert(chapter.getText('text').length, ' Se regeringen.', { link: { href: 'https://www.regeringen.se', title: null } });
  await waitUntil(() => isSettled(observers.chapter), 'the coordinator’s thread is stored');

  // Omar's thread and Fia's suggestions, by their own clients.
  const omar = await connected(names().chapter, members.migr.token);
  createThread(omar.doc, as('migr'), { id: 'thread-migr', messageId: 'm-migr', text: 'Vår text', quote: '', assignedAgency: null });
  await waitUntil(() => isSettled(omar), 'Omar’s thread is stored');
  omar.destroy();
  const fia = await connected(names().chapter, members.fk.token);
  createSuggestion(fia.doc, as('fk'), { id: 'sug.1', kind: 'insert' });
  createSuggestion(fia.doc, as('fk'), { id: 'sug.2', kind: 'delete' });
  await waitUntil(() => isSettled(fia), 'Fia’s suggestions are stored');
  fia.destroy();
  await waitUntil(() => suggestionsMap(chapter).has('sug.2') && threadsMap(chapter).has('thread-migr'), 'the observer has everything');
}, 60_000);

afterAll(async () => {
  for (const observer of Object.values(observers)) observer.destroy();
  await server?.stop();
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
});

describe('sync server: the rules of each role (docs/rules.md)', () => {
  for (const row of ROWS) {
    if (row.expected === 'allowed') {
      it(`allowed: ${row.name}`, async () => {
        expect(await attempt(row)).toBeNull();
        await waitUntil(() => row.shows(observerOf(row.where)), 'the other clients see the change');
      });
    } else if (row.expected === 'corrected') {
      it(`corrected: ${row.name}`, async () => {
        const observer = observerOf(row.where);
        let seen = row.shows(observer);
        const watch = (): void => {
          seen ||= row.shows(observer);
        };
        observer.on('afterTransaction', watch);
        try {
          // Acknowledged, not refused: an honest editor's formatting meeting a colleague's writes such updates too.
          expect(await attempt(row, (d) => !row.shows(d))).toBeNull();
          await new Promise((resolve) => setTimeout(resolve, 200));
          expect(seen, 'the other clients never see the change').toBe(false);
          expect(server.logs().some((r) => r['event'] === 'formatting-corrected' && r['memberId'] === members[row.who].member.memberId)).toBe(true);
        } finally {
          observer.off('afterTransaction', watch);
        }
      });
    } else {
      it(`refused (${row.expected}): ${row.name}`, async () => {
        const closed = await attempt(row);
        expect(closed?.code).toBe(CLOSE.notPermitted);
        expect(ruleOfCloseReason(closed?.reason ?? '')).toBe(row.expected);
        // A change the server applied would have reached the observer well within this.
        await new Promise((resolve) => setTimeout(resolve, 200));
        if (row.where !== 'unlisted') expect(row.shows(observerOf(row.where))).toBe(false);
      });
    }
  }

  it('nobody writes under the Yjs client id the server gave formatting back under', async () => {
    const writer = server.logs().find((r) => r['event'] === 'formatting-corrected')?.['writer'];
    expect(typeof writer).toBe('number');
    const row: Row = {
      name: 'a drafter writes under the client id of the server’s correction',
      who: 'migr',
      where: 'chapter',
      act: (d, m) => {
        // After the sync: Yjs would give a copy that receives structs under its own id a new one.
        d.clientID = writer as number;
        createThread(d, m, { id: 'thread-as-server', messageId: 'm-as-server', text: 'Från servern', quote: '', assignedAgency: null });
      },
      shows: (d) => threadsMap(d).has('thread-as-server'),
      expected: 'client-not-yours',
    };
    const closed = await attempt(row);
    expect(closed?.code).toBe(CLOSE.notPermitted);
    expect(ruleOfCloseReason(closed?.reason ?? '')).toBe('client-not-yours');
    expect(row.shows(observerOf('chapter'))).toBe(false);
  });

  it("a drafter's update of another member's presence entry reaches nobody", async () => {
    const omar = await connected(names().manifest, members.migr.token);
    omar.provider.awareness!.setLocalState({ chapterId: chapterA });
    const omarId = omar.doc.clientID;
    const seen = (): Record<string, unknown> | undefined => observers.manifest.provider.awareness!.getStates().get(omarId);
    await waitUntil(() => seen()?.['chapterId'] === chapterA, 'the observer sees Omar in chapter A');

    const raw = await openRawClient(server.wsUrl);
    raw.send(authFrame(names().manifest, members.fk.token));
    expect(await authAnswer(raw)).toBe('authenticated');
    raw.send(awarenessFrame(names().manifest, omarId, 1, 1_000, JSON.stringify({ chapterId: chapterB })));
    await new Promise((resolve) => setTimeout(resolve, 300));
    raw.socket.close();

    expect(seen()).toMatchObject({ chapterId: chapterA, member: { id: members.migr.member.memberId } });
    expect(server.logs().some((r) => r['event'] === 'presence-refused' && r['memberId'] === members.fk.member.memberId && r['clientId'] === omarId)).toBe(true);
    omar.destroy();
  });

  it('a refusal is logged with the member, the role and the rule', () => {
    const refused = server.logs().filter((r) => r['event'] === 'message-refused' && r['code'] === CLOSE.notPermitted);
    // The rows, and the write under the server's client id.
    expect(refused.length).toBe(ROWS.filter((r) => r.expected !== 'allowed' && r.expected !== 'corrected').length + 1);
    expect(refused[0]).toMatchObject({ memberId: members.migr.member.memberId, role: 'drafter', agency: 'migr', rule: 'plan-not-permitted' });
  });

  it("the owner agency's words that reach an approved chapter are kept, and the server reopens it for review in her name", async () => {
    // Chapter C is Migrationsverket's and in review (a row above); the coordinator approves it.
    changeStatus(observers.manifest.doc, chapterC, as('coordinator'), { action: 'approve', at: '2026-01-02T00:00:00Z' });
    await waitUntil(() => isSettled(observers.manifest), 'the approval is stored');
    // Omar wrote offline before he learned of it; his app sends it now.
    const omar = await connected(chapterDocName(plan.planId, chapterC), members.migr.token);
    initChapterMeta(omar.doc, plan.planId, chapterC);
    omar.doc.getText('text').insert(0, 'Skrivet offline.');
    await waitUntil(() => isSettled(omar), 'the server acknowledges his words');
    omar.destroy();
    await waitUntil(() => entry(observers.manifest.doc, chapterC).get('status') === 'in-review', 'the coordinator sees the chapter back in review');
    expect(readStatusHistory(observers.manifest.doc).at(-1)).toMatchObject({
      chapterId: chapterC,
      from: 'approved',
      to: 'in-review',
      kind: 'late-edit',
      by: { memberId: members.migr.member.memberId, agency: 'migr' },
    });
  });

  it('after a restart, the stored documents hold every allowed change and no refused one', async () => {
    for (const observer of Object.values(observers)) observer.destroy();
    const port = server.port;
    await server.stop();
    server = await startSyncServerProcess({ dataDir, port });
    const stored = {
      manifest: await connected(names().manifest, plan.coordinatorToken),
      chapter: await connected(names().chapter, plan.coordinatorToken),
      unlisted: await connected(names().unlisted, plan.coordinatorToken),
    };
    observers.manifest = stored.manifest;
    observers.chapter = stored.chapter;
    try {
      const wrong = ROWS.filter((row) => row.shows(stored[row.where].doc) !== (row.expected === 'allowed')).map((row) => row.name);
      expect(wrong).toEqual([]);
      // The server's own reopening of chapter C (late edit) was stored too.
      expect(readStatusHistory(stored.manifest.doc).filter((e) => e.chapterId === chapterC).map((e) => e.kind)).toEqual(['changed', 'changed', 'late-edit']);
      expect(entry(stored.manifest.doc, chapterC).get('status')).toBe('in-review');
    } finally {
      stored.unlisted.destroy();
    }
  }, 30_000);
});

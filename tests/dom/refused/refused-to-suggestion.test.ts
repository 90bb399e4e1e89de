/**
 * "Gör om till förslag" (src-renderer/refused/refused-to-suggestion.ts): the
 * words of a change the server refused become the writer's own
 * suggestions in the chapter as the server holds it. Bo (Socialstyrelsen)
 * changed Migrationsverket's chapter directly (a client that was not in
 * suggest mode); the server refused it. Replayed as suggestions:
 * - accepting them all gives exactly the text Bo wrote, and rejecting them
 *   all the server's text: his intent, nothing else;
 * - every suggestion is his;
 * - the server's rules (checkDocChanges, as rule-guard.ts calls them)
 *   accept the update from him.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { chapterText, readChapterDoc, writeChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { ThreadStore } from '../../../shared/comments/thread-store.ts';
import { defineRoots, recordChanges } from '../../../shared/rules/doc-changes.ts';
import { checkDocChanges } from '../../../shared/rules/doc-rules.ts';
import { previewDoc } from '../../../shared/suggestions/decide.ts';
import { readSuggestions } from '../../../shared/suggestions/suggestions.ts';
import { accessForSchemaVersion } from '../../../shared/schema/version.ts';
import { chapterSchemaVersion } from '../../../shared/plan/chapter.ts';
import type { Node as PmNode } from 'prosemirror-model';
import { chapterUndoManager } from '../../../src-renderer/editor/binding/undo-plugin.ts';
import type { ChapterHandle } from '../../../src-renderer/plan/plan-session.ts';
import { suggestRefusedChange } from '../../../src-renderer/refused/refused-to-suggestion.ts';
import { doc, h2, p } from '../../support/doc-builders.ts';
import { editChapter } from '../../unit/host/chapter-doc.ts';
import { bo, migrChapter } from '../support/suggestion-peers.ts';

const PLAN = '0b6f3c1e-2d4a-4c8e-9f10-3a5b7c9d1e2f';
const CHAPTER = '5d2e8a41-7b3c-4f96-8e0d-1c2b3a4d5e6f';

function handleOf(ydoc: Y.Doc): ChapterHandle {
  const text = chapterText(ydoc);
  return {
    id: CHAPTER,
    doc: ydoc,
    text,
    problem: null,
    threads: new ThreadStore(ydoc),
    access: () => accessForSchemaVersion(chapterSchemaVersion(ydoc)),
    undoManager: () => chapterUndoManager(text),
  };
}

function plain(node: PmNode): string {
  return node.textBetween(0, node.content.size, ' | ');
}

/** The server's copy, the refused state Bo's client had, and the result of replaying it in a fresh copy of the server's. */
function replay(server: PmNode, wanted: PmNode): { result: Y.Doc; before: Uint8Array; update: Uint8Array; direct: Uint8Array; outcome: ReturnType<typeof suggestRefusedChange> } {
  const serverDoc = new Y.Doc();
  serverDoc.clientID = 1;
  writeChapterDoc(serverDoc, server);
  // Bo's client: the server's copy, changed directly.
  const refused = new Y.Doc();
  refused.clientID = 2;
  Y.applyUpdate(refused, Y.encodeStateAsUpdate(serverDoc));
  editChapter(refused, wanted.toJSON());
  // The chapter rebuilt from the server (a new client), then replayed.
  const rebuilt = new Y.Doc();
  rebuilt.clientID = 3;
  Y.applyUpdate(rebuilt, Y.encodeStateAsUpdate(serverDoc));
  const before = Y.encodeStateAsUpdate(rebuilt);
  const updates: Uint8Array[] = [];
  rebuilt.on('update', (u: Uint8Array) => updates.push(u));
  const outcome = suggestRefusedChange(handleOf(rebuilt), Y.encodeStateAsUpdate(refused), bo, migrChapter);
  const direct = Y.encodeStateAsUpdate(refused, Y.encodeStateVector(serverDoc));
  return { result: rebuilt, before, update: Y.mergeUpdates(updates), direct, outcome };
}

/** What the server's guard says of `update` from Bo, applied to the chapter as it was (`before`). */
function serverVerdict(before: Uint8Array, update: Uint8Array): unknown {
  const shadow = new Y.Doc();
  defineRoots(shadow, 'chapter');
  Y.applyUpdate(shadow, before);
  const changes = recordChanges(shadow, 'chapter', () => Y.applyUpdate(shadow, update), { deletedText: true });
  return checkDocChanges(bo, { kind: 'chapter', planId: PLAN, chapterId: CHAPTER, chapter: { owner: 'migr', status: 'draft', coWriters: [] } }, changes);
}

describe('a refused change turned into suggestions', () => {
  it('carries words added and removed in two paragraphs, a paragraph removed and one added, and nothing else', () => {
    const server = doc(h2('Mål'), p('Målgruppen är kvinnor som har kommit till Sverige.'), p('Ett stycke som Bo tar bort.'), p('Uppföljning sker varje år.'));
    const wanted = doc(h2('Mål'), p('Målgruppen är utrikes födda kvinnor som kommit till Sverige.'), p('Uppföljning sker varje kvartal.'), p('Ett nytt stycke av Bo.'));
    const { result, before, update, direct, outcome } = replay(server, wanted);
    // What his client sent is what the server refuses (the verdict below bites) …
    expect(serverVerdict(before, direct)).toMatchObject({ rule: 'text-not-permitted' });

    expect(outcome.notSuggestible).toEqual([]);
    expect(plain(readChapterDoc(previewDoc(result, 'accepted')))).toBe(plain(wanted));
    expect(plain(readChapterDoc(previewDoc(result, 'original')))).toBe(plain(server));
    const suggestions = readSuggestions(result);
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.every((s) => s.author.memberId === bo.memberId && s.author.agency === 'sos' && s.state === 'open')).toBe(true);
    // … and his suggestions it accepts.
    expect(serverVerdict(before, update)).toBeNull();
  });

  it('leaves the chapter alone when the refused text is the server’s', () => {
    const server = doc(p('Samma text.'));
    const { result, outcome } = replay(server, server);
    expect(outcome).toEqual({ suggested: 0, notSuggestible: [] });
    expect(readSuggestions(result)).toEqual([]);
  });
});

/**
 * The search worker (src-renderer/search/search-worker.ts), run in Node with
 * a stand-in for the worker's global scope: it indexes the Yjs updates it is
 * sent, answers a query, and answers it again by itself after a chapter or a
 * source changes while the query is open (the dialog's live results), and
 * stops once told to.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { writeChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { initSourceDoc } from '../../../shared/sources/source-doc.ts';
import type { FromSearchWorker, ToSearchWorker } from '../../../src-renderer/search/search-protocol.ts';
import { doc, p } from '../../support/doc-builders.ts';

const PLAN = '0b7c1c2e-4d7e-4f5a-9a51-6f7f3c1d2e3f';
const posted: FromSearchWorker[] = [];
const scope: { onmessage: ((event: { data: ToSearchWorker }) => void) | null; postMessage: (m: FromSearchWorker) => void } = {
  onmessage: null,
  postMessage: (message) => posted.push(message),
};

beforeAll(async () => {
  vi.useFakeTimers();
  (globalThis as unknown as { self: unknown }).self = scope;
  await import('../../../src-renderer/search/search-worker.ts');
});
afterAll(() => vi.useRealTimers());

const send = (message: ToSearchWorker): void => scope.onmessage!({ data: message });
const lastMatches = (): string[] => posted.at(-1)!.found.results.map((r) => r.context.match);

describe('the search worker', () => {
  it('answers from the indexed docs, and again after every change while the query is open', () => {
    const chapter = new Y.Doc();
    writeChapterDoc(chapter, doc(p('Många anhöriginvandrare saknar kontakt.')));
    send({ type: 'update', kind: 'chapter', id: 'c1', update: Y.encodeStateAsUpdate(chapter) });
    const source = new Y.Doc();
    initSourceDoc(source, { planId: PLAN, sourceId: 's1', text: 'Samrådet.\nOm anhöriginvandrarnas barn.', file: { name: 's.txt', format: 'text', data: new Uint8Array([1]) } });
    send({ type: 'update', kind: 'source', id: 's1', update: Y.encodeStateAsUpdate(source) });

    send({ type: 'query', queryId: 1, text: 'anhöriginvandrare', chapters: ['c1'], sources: ['s1'] });
    expect(lastMatches()).toEqual(['anhöriginvandrare', 'anhöriginvandrarnas']);

    // A colleague's edit arrives while the dialog is open: the worker answers again by itself.
    const before = posted.length;
    chapter.on('update', (update: Uint8Array) => send({ type: 'update', kind: 'chapter', id: 'c1', update }));
    chapter.getText('text').insert(chapter.getText('text').length, ' Anhöriginvandrarna');
    expect(posted.length).toBe(before);
    vi.advanceTimersByTime(500);
    expect(posted.length).toBe(before + 1);
    expect(lastMatches()).toEqual(['anhöriginvandrare', 'Anhöriginvandrarna', 'anhöriginvandrarnas']);

    // Closed: further edits are indexed but not answered.
    send({ type: 'stop' });
    chapter.getText('text').insert(0, 'anhöriginvandrare ');
    vi.advanceTimersByTime(500);
    expect(posted.length).toBe(before + 1);

    // A removed source is forgotten at once.
    send({ type: 'query', queryId: 2, text: 'anhöriginvandrare', chapters: ['c1'], sources: ['s1'] });
    send({ type: 'forget', kind: 'source', id: 's1' });
    expect(lastMatches()).toEqual(['anhöriginvandrare', 'anhöriginvandrare', 'Anhöriginvandrarna']);
  });
});

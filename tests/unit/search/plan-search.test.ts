/**
 * Collecting plan-wide search results from several chapter docs, read from
 * their Y.Docs without an editor (shared/search/plan-search.ts).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Node as PmNode } from 'prosemirror-model';
import { readChapterDoc, writeChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { createThread, deleteMessage, readThreads } from '../../../shared/comments/threads.ts';
import { schema } from '../../../shared/schema/schema.ts';
import { createSuggestion, readSuggestions, replyToSuggestion } from '../../../shared/suggestions/suggestions.ts';
import { parseQuery } from '../../../shared/search/query.ts';
import { searchPlan, type SearchedChapter } from '../../../shared/search/plan-search.ts';
import { br, doc, h2, p } from '../../support/doc-builders.ts';
import { bo } from '../comments/comment-members.ts';

function chapterDoc(content: PmNode): Y.Doc {
  const ydoc = new Y.Doc();
  writeChapterDoc(ydoc, content);
  return ydoc;
}

function searched(id: string, ydoc: Y.Doc): SearchedChapter {
  return { id, doc: readChapterDoc(ydoc), threads: new Map(readThreads(ydoc).map((thread) => [thread.id, thread])), suggestions: readSuggestions(ydoc) };
}

const query = (text: string) => parseQuery(text)!;

describe('plan-wide search', () => {
  it('finds inflected forms in every chapter, chapter by chapter, with their text positions', () => {
    const one = chapterDoc(doc(h2('Bakgrund'), p('Många anhöriginvandrare saknar kontakt.')));
    const two = chapterDoc(doc(p('Om etablering.'), p('Stöd till anhöriginvandrarna', br(), 'och anhöriginvandrares barn.')));
    const { results, total } = searchPlan(query('anhöriginvandrare'), [searched('c1', one), searched('c2', two)]);
    expect(total).toBe(3);
    expect(results.map((r) => [r.chapterId, r.context.match])).toEqual([
      ['c1', 'anhöriginvandrare'],
      ['c2', 'anhöriginvandrarna'],
      ['c2', 'anhöriginvandrares'],
    ]);
    const pm = readChapterDoc(two);
    for (const result of results.slice(1)) {
      if (result.kind !== 'text') throw new Error('expected text');
      expect(pm.textBetween(result.from, result.to)).toBe(result.context.match);
    }
  });

  it('finds comment messages, but not deleted ones', () => {
    const ydoc = chapterDoc(doc(p('Text utan ordet.')));
    createThread(ydoc, bo, { id: 't1', messageId: 'm1', text: 'Gäller detta anhöriginvandrarna?', quote: 'Text', assignedAgency: null });
    createThread(ydoc, bo, { id: 't2', messageId: 'm2', text: 'Anhöriginvandrare igen.', quote: 'Text', assignedAgency: null });
    deleteMessage(ydoc, bo, 't2', 'm2');
    const { results } = searchPlan(query('anhöriginvandrare'), [searched('c1', ydoc)]);
    expect(results).toEqual([
      expect.objectContaining({ kind: 'comment', chapterId: 'c1', threadId: 't1', messageId: 'm1', author: bo.name }),
    ]);
  });

  it('finds replies on a suggestion', () => {
    const ydoc = chapterDoc(doc(p('Text.')));
    // Only the suggestion's entry and its reply matter here, not its marks in the text.
    createSuggestion(ydoc, bo, { id: 'a.1', kind: 'insert' });
    replyToSuggestion(ydoc, bo, 'a.1', { id: 'r1', text: 'Skriv hellre anhöriginvandrarna.' });
    const { results } = searchPlan(query('anhöriginvandrare'), [searched('c1', ydoc)]);
    expect(results).toEqual([expect.objectContaining({ kind: 'suggestion-reply', suggestionId: 'a.1', messageId: 'r1', author: bo.name })]);
  });

  it('finds text suggested for deletion, and says so', () => {
    const struck = schema.text('vätgasen', [schema.marks.suggestion_delete.create({ id: 's1' })]);
    const ydoc = chapterDoc(doc(p('Om ', struck, ' och vätgas.')));
    const { results } = searchPlan(query('vätgas'), [searched('c1', ydoc)]);
    expect(results.map((r) => r.kind === 'text' && [r.context.match, r.suggestedDeletion])).toEqual([
      ['vätgasen', true],
      ['vätgas', false],
    ]);
  });

  it('shows context around a match, cut at whole words', () => {
    const long = `${'ord '.repeat(30)}anhöriginvandrare${' slut'.repeat(30)}`;
    const { results } = searchPlan(query('anhöriginvandrare'), [searched('c1', chapterDoc(doc(p(long))))]);
    const context = results[0]!.context;
    expect(context.before.startsWith('…ord')).toBe(true);
    expect(context.after.endsWith('slut…')).toBe(true);
    expect(context.before.length).toBeLessThanOrEqual(62);
  });

  it('lists at most the limit, and counts the rest', () => {
    const ydoc = chapterDoc(doc(p('kvinna '.repeat(10))));
    const { results, total } = searchPlan(query('kvinna'), [searched('c1', ydoc)], 4);
    expect(results).toHaveLength(4);
    expect(total).toBe(10);
  });
});

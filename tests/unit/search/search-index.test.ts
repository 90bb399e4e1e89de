/**
 * The incremental search index (shared/search/search-index.ts): after random
 * edits, comments and source changes it holds exactly what a fresh build
 * holds, and finds exactly what the scan (searchPlan) finds. Seeded; a
 * failure prints its seed.
 */
import { describe, expect, it } from 'vitest';
import { EditorState, TextSelection } from 'prosemirror-state';
import type { Node as PmNode } from 'prosemirror-model';
import { schema } from '../../../shared/schema/schema.ts';
import { parseQuery } from '../../../shared/search/query.ts';
import { searchPlan } from '../../../shared/search/plan-search.ts';
import { SearchIndex } from '../../../shared/search/search-index.ts';
import type { CommentThread } from '../../../shared/comments/threads.ts';
import { seededRandom } from '../../support/seeded-random.ts';
import { doc, p } from '../../support/doc-builders.ts';

const WORDS = ['anhöriginvandrare', 'anhöriginvandrarna', 'myndigheten', 'myndigheternas', 'kvinnor', 'invandrarkvinnor', 'idé', 'armé', 'klimatanpassning', 'vätgas', 'is', 'isolering', 'EU:s', 'och', 'stöd', 'Öresund', 'arbetsmarknaden'];
const QUERIES = ['anhöriginvandrare', 'myndighet', 'kvinna', 'idé', 'anpassning', 'is', 'EU', 'vätgasen', 'utrikes födda', 'stöd och', 'øresund'];

function sentence(random: () => number): string {
  const n = 1 + Math.floor(random() * 8);
  return Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
}

/** One random edit of a chapter: type, delete, split, join or add a paragraph. */
function edit(state: EditorState, random: () => number): EditorState {
  const size = state.doc.content.size;
  const at = Math.max(1, Math.floor(random() * size));
  const choice = random();
  let tr = state.tr;
  try {
    if (choice < 0.4) tr = tr.insertText(` ${sentence(random)}`, Math.min(at, size - 1));
    else if (choice < 0.6 && size > 4) tr = tr.delete(Math.min(at, size - 2), Math.min(at + 1 + Math.floor(random() * 12), size - 1));
    else if (choice < 0.8) tr = tr.setSelection(TextSelection.create(tr.doc, Math.min(at, size - 1))).split(Math.min(at, size - 1));
    else tr = tr.insert(size, schema.node('paragraph', null, [schema.text(sentence(random))]));
  } catch {
    return state;
  }
  return state.apply(tr);
}

function thread(id: string, texts: readonly string[]): CommentThread {
  return {
    id,
    messages: texts.map((text, i) => ({ id: `${id}.${i}`, text, author: { memberId: 'm', name: 'Sara Lind', agency: 'sos' }, createdAt: '', editedAt: null, deletedAt: null })),
  } as unknown as CommentThread;
}

describe('the incremental search index', () => {
  for (const seed of [1, 2, 3, 42, 2026]) {
    it(`equals a fresh build and the scan after random edits (seed ${seed})`, () => {
      console.log(`search-index seed ${seed}`);
      const random = seededRandom(seed);
      const chapters = ['c1', 'c2', 'c3'];
      const states = new Map<string, EditorState>(chapters.map((id) => [id, EditorState.create({ doc: doc(p(sentence(random)), p(sentence(random))) })]));
      const threads = new Map<string, CommentThread[]>(chapters.map((id) => [id, []]));
      const sources = new Map<string, string>([['s1', `${sentence(random)}\n${sentence(random)}`]]);
      const live = new SearchIndex();
      const put = (index: SearchIndex, id: string): void => index.setChapter(id, states.get(id)!.doc, threads.get(id)!, []);
      for (const id of chapters) put(live, id);
      live.setSource('s1', sources.get('s1')!);

      for (let step = 0; step < 200; step++) {
        const id = chapters[Math.floor(random() * chapters.length)]!;
        const r = random();
        if (r < 0.8) states.set(id, edit(states.get(id)!, random));
        else if (r < 0.9) threads.set(id, [...threads.get(id)!, thread(`t${step}`, [sentence(random)])]);
        else sources.set('s1', random() < 0.2 ? '' : `${sources.get('s1')}\n${sentence(random)}`);
        put(live, id);
        live.setSource('s1', sources.get('s1')!);
      }

      const fresh = new SearchIndex();
      for (const id of chapters) put(fresh, id);
      fresh.setSource('s1', sources.get('s1')!);
      expect(live.snapshot()).toEqual(fresh.snapshot());

      for (const text of QUERIES) {
        const query = parseQuery(text)!;
        const scanned = searchPlan(
          query,
          chapters.map((id) => ({ id, doc: states.get(id)!.doc as PmNode, threads: new Map(threads.get(id)!.map((t) => [t.id, t])), suggestions: [] })),
        );
        const indexed = live.search(query, chapters, []);
        expect(indexed, `query ${text}, seed ${seed}`).toEqual(scanned);
      }
    });
  }

  it('finds words in a source, with offsets in its text', () => {
    const index = new SearchIndex();
    const text = 'Samrådet 7 december 2022.\nDeltagarna talade om anhöriginvandrarnas behov.';
    index.setSource('s1', text);
    const { results } = index.search(parseQuery('anhöriginvandrare')!, [], ['s1']);
    expect(results).toHaveLength(1);
    const [found] = results;
    expect(found?.kind).toBe('source');
    if (found?.kind === 'source') expect(text.slice(found.from, found.to)).toBe('anhöriginvandrarnas');
  });

  it('forgets a removed source: its words leave the vocabulary', () => {
    const index = new SearchIndex();
    index.setSource('s1', 'vätgas och klimatanpassning');
    index.removeSource('s1');
    expect(index.snapshot()).toEqual({ docs: {}, vocabulary: {}, texts: 0 });
  });
});

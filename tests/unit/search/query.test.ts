/**
 * Which Swedish word forms a plan-wide search finds (shared/search/query.ts).
 * The table is the one in docs/architecture.md ("Plan-wide search").
 */
import { describe, expect, it } from 'vitest';
import { findInText, parseQuery } from '../../../shared/search/query.ts';
import { normalizeWord, wordsOf } from '../../../shared/search/search-words.ts';

/** Whether `query` finds the text `word`. */
function finds(query: string, word: string): boolean {
  const parsed = parseQuery(query);
  if (parsed === null) throw new Error(`no query in "${query}"`);
  return findInText(parsed, word).length > 0;
}

const FOUND: readonly (readonly [string, string])[] = [
  // Inflections: definite, plural, genitive.
  ['anhöriginvandrare', 'anhöriginvandrarna'],
  ['anhöriginvandrare', 'anhöriginvandrares'],
  ['anhöriginvandrare', 'anhöriginvandrarnas'],
  ['anhöriginvandrarna', 'anhöriginvandrare'],
  ['myndighet', 'myndigheternas'],
  ['myndigheternas', 'myndighet'],
  ['myndighet', 'myndigheten'],
  ['vätgas', 'vätgasen'],
  ['vätgasen', 'vätgas'],
  ['kvinna', 'kvinnor'],
  ['kvinnor', 'kvinnornas'],
  ['arbetsmarknad', 'arbetsmarknaden'],
  ['åtgärd', 'åtgärderna'],
  // Case, and accents other than å ä ö.
  ['Anhöriginvandrare', 'ANHÖRIGINVANDRARNA'],
  ['idé', 'idéer'],
  ['ide', 'idé'],
  ['armé', 'arméns'],
  ['Øresund', 'Öresund'],
  // Compounds: the query as the last part of a longer word.
  ['anpassning', 'klimatanpassning'],
  ['kvinna', 'invandrarkvinnor'],
  // Short words: only themselves.
  ['EU', 'EU:s'],
  ['is', 'is'],
  // Phrases: consecutive words, each by its own rule.
  ['utrikes födda', 'Utrikes föddas'],
];

const NOT_FOUND: readonly (readonly [string, string])[] = [
  ['is', 'isolering'],
  ['EU', 'EUR'],
  ['år', 'århundrade'],
  ['har', 'här'],
  ['åtgärd', 'atgard'],
  ['andel', 'handel'],
  ['myndighet', 'kommun'],
  ['utrikes födda', 'födda utrikes'],
  ['utrikes födda', 'utrikes och födda'],
];

describe('Swedish word forms', () => {
  it.each(FOUND)('"%s" finds "%s"', (query, word) => {
    expect(finds(query, word)).toBe(true);
  });

  it.each(NOT_FOUND)('"%s" does not find "%s"', (query, word) => {
    expect(finds(query, word)).toBe(false);
  });
});

describe('words in a text', () => {
  it('keeps é, å, ä and ö inside a word', () => {
    expect(wordsOf('En idé om armén, för åtgärder.').map((w) => w.norm)).toEqual(['en', 'ide', 'om', 'armen', 'för', 'åtgärder']);
  });

  it('keeps å, ä and ö apart from a, o', () => {
    expect(normalizeWord('ÅÄÖ')).toBe('åäö');
    expect(normalizeWord('Café')).toBe('cafe');
  });

  it('gives each match its whole words, in order', () => {
    const text = 'Anhöriginvandrare och anhöriginvandrarnas barn.';
    const query = parseQuery('anhöriginvandrare')!;
    expect(findInText(query, text).map((m) => text.slice(m.from, m.to))).toEqual(['Anhöriginvandrare', 'anhöriginvandrarnas']);
  });

  it('has no query without words', () => {
    expect(parseQuery(' – , ')).toBeNull();
  });
});

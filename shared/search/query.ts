/**
 * Which words a plan-wide search query finds, in Swedish (issue 16).
 *
 * A query is one or more words; a match is that many consecutive words of
 * one paragraph, each found by its query word. A query word finds a text
 * word when, compared as normalizeWord gives them:
 * - it is short (under MIN_STEMMED letters): the same word, or one with the
 *   same stem. "is" does not find "isolering", "EU" does not find "EUR";
 * - otherwise the text word starts with the query word's *key*: its
 *   Snowball stem (the Swedish stemmer of `@orama/stemmers`), never shorter
 *   than MIN_STEMMED letters. "anhöriginvandrare" (key "anhöriginvandr")
 *   finds "anhöriginvandrarna" and "anhöriginvandrares";
 * - or, for a key of at least MIN_COMPOUND_TAIL letters, the text word ends
 *   in a compound whose head has at least MIN_COMPOUND_HEAD letters:
 *   "anpassning" finds "klimatanpassningen", "kvinna" finds
 *   "invandrarkvinnor", but "andel" does not find "handel".
 *
 * Why a prefix on the stem rather than equal stems: Snowball's Swedish
 * stems of one word's forms differ ("myndighet" → "mynd", "myndigheternas"
 * → "myndighet"; "vätgas" → "vätg", "vätgasen" → "vätgas"), so equal stems
 * miss; the shorter stem is always a prefix of the longer form. The price
 * is a few related words found too ("myndighet" finds "myndig"). The table
 * of word forms is in docs/architecture.md and tests/unit/search/.
 */
import { stemmer } from '@orama/stemmers/swedish';
import { wordsOf, type TextWord } from './search-words.ts';

export const MIN_STEMMED = 4;
export const MIN_COMPOUND_TAIL = 5;
export const MIN_COMPOUND_HEAD = 3;

export interface QueryWord {
  /** The word as typed, normalised. */
  readonly norm: string;
  /** What a text word must start with; null for a short word (found whole). */
  readonly key: string | null;
  readonly stem: string;
}

export interface PlanQuery {
  readonly words: readonly QueryWord[];
}

/** The query in `input`, or null when it holds no word. */
export function parseQuery(input: string): PlanQuery | null {
  const words = wordsOf(input).map(({ norm }) => queryWord(norm));
  return words.length === 0 ? null : { words };
}

function queryWord(norm: string): QueryWord {
  const stem = stemmer(norm);
  if (norm.length < MIN_STEMMED) return { norm, key: null, stem };
  return { norm, key: stem.length >= MIN_STEMMED ? stem : norm.slice(0, MIN_STEMMED), stem };
}

/** Whether `word` (normalised) is found by the query word. */
export function wordMatches(query: QueryWord, word: string): boolean {
  if (word === query.norm) return true;
  if (query.key === null) return stemmer(word) === query.stem;
  if (word.startsWith(query.key)) return true;
  if (query.key.length < MIN_COMPOUND_TAIL) return false;
  const at = word.indexOf(query.key, MIN_COMPOUND_HEAD);
  return at >= MIN_COMPOUND_HEAD;
}

export interface TextMatch {
  /** Index of the first matched character in the text. */
  readonly from: number;
  /** Index just after the last matched character. */
  readonly to: number;
}

/** Every match of the query in `text`, whole words, in order, not overlapping. */
export function findInText(query: PlanQuery, text: string): TextMatch[] {
  return findInWords(query, wordsOf(text));
}

export function findInWords(query: PlanQuery, words: readonly TextWord[]): TextMatch[] {
  const matches: TextMatch[] = [];
  const n = query.words.length;
  for (let i = 0; i + n <= words.length; i++) {
    if (!query.words.every((q, k) => wordMatches(q, words[i + k]!.norm))) continue;
    matches.push({ from: words[i]!.start, to: words[i + n - 1]!.end });
    i += n - 1;
  }
  return matches;
}

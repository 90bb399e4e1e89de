/**
 * Words as plan-wide search sees them: where each word of a text starts and
 * ends, and the form it is compared in.
 *
 * A word is a run of letters, combining marks and digits (Unicode classes),
 * so "idé", "armé" and "EU" are whole words and a hyphen, colon or
 * apostrophe separates ("EU:s" is "EU" and "s"). The compared form is lower
 * case with accents folded away, except the Swedish letters å, ä and ö,
 * which are letters of their own ("har" is not "här"); ø and æ count as ö
 * and ä, so Nordic names are found either way.
 */

export interface TextWord {
  /** Index of the word's first character in the text. */
  readonly start: number;
  /** Index just after the word. */
  readonly end: number;
  /** The compared form (normalizeWord). */
  readonly norm: string;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
// After NFD: a combining mark that is not the ring of å or the diaeresis of ä/ö.
const FOLDED_MARK = /(?<![aAoO])\u0308|(?<![aA])\u030a|(?![\u0308\u030a])\p{M}/gu;

export function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/ø/g, 'ö').replace(/æ/g, 'ä').normalize('NFD').replace(FOLDED_MARK, '').normalize('NFC');
}

export function wordsOf(text: string): TextWord[] {
  const words: TextWord[] = [];
  for (const match of text.matchAll(WORD)) {
    words.push({ start: match.index, end: match.index + match[0].length, norm: normalizeWord(match[0]) });
  }
  return words;
}

/**
 * The oracle of the intent fuzz (tests/dom/intent-fuzz.test.ts): it judges a
 * merged chapter by what the drafters meant, not only by whether the peers
 * agree.
 *
 * The fuzz writes a chapter of unique words (w1 w2 …) and every inserted word
 * is unique too (p2n17: peer 2's 17th), so each word names one place in the
 * text. Words are kept self-delimiting: an inserted word is typed with a
 * space on both sides, a join is followed by a space, and splits happen
 * only next to a space. So the merged text, split on white space, must
 * consist of whole known words, whatever the merge did with the spaces.
 * While peers edit, `IntentLog` records each word-level edit with the
 * neighbouring words the peer saw at that moment.
 *
 * "Block" means a textblock of the final document. An edit's neighbours are
 * the words right before and after the place it was made, in the same
 * textblock, in the editing peer's view at that moment. The rules, checked
 * after the network heals and all peers show the same chapter:
 *
 * 1. Whole words: every token of the chapter is a word someone wrote
 *    (nothing fragmented, glued or interleaved). While updates are still
 *    on their way two words may touch; apart from that, this holds on every
 *    peer after every step, and the fuzz checks it there too (`strangers`).
 * 2. Nothing lost or duplicated: every word nobody deleted (initial or
 *    inserted) is present exactly once.
 * 3. Deleted stays deleted: every word somebody deleted is absent.
 * 4. An insert stays where it was made: a word W typed right after word X
 *    comes after X, with only inserted words (anyone's) between them, in the
 *    same block; likewise before the word Y it was typed in front of. Exempt:
 *    X (or Y) was deleted. X and W may end up in different blocks only where
 *    someone split between two words that enclose the boundary (the nearest
 *    words on each side of the split that nobody deleted): a split and an
 *    insert at one place may order either way. Enter at the start or end of
 *    a block only adds an empty block beside it: a word typed at that edge
 *    stays in its block.
 * 5. Untouched neighbours stay neighbours: two words that were adjacent in a
 *    block (at the start, or made adjacent by an insert) are still adjacent,
 *    in one block, unless one of them was deleted or another insert or split
 *    was made next to them: right of the first or left of the second. An
 *    edit that did not see an inserted word can still land beside it when
 *    it was made where that word was typed (Yjs orders the two either way),
 *    so an inserted word's own neighbours count as its own, transitively.
 *
 * Where an edit's nearest neighbour was later deleted, rules 4 and 5 also use
 * the nearest word on that side that nobody deleted.
 */
import type { Node as PmNode } from 'prosemirror-model';

export interface PlacedWord {
  readonly text: string;
  readonly from: number;
  readonly to: number;
}

export interface TextblockWords {
  /** The position before the textblock. */
  readonly pos: number;
  readonly node: PmNode;
  readonly words: readonly PlacedWord[];
}

/**
 * Every textblock in document order, with its words and their positions.
 * A word is a match of `pattern`: by default a run of non-space, as a
 * reader sees words.
 */
export function textblockWords(doc: PmNode, pattern: RegExp = /\S+/g): TextblockWords[] {
  const blocks: TextblockWords[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    // An inline leaf counts as one non-space character, so string offsets are
    // position offsets (the fuzz makes none).
    const text = node.textBetween(0, node.content.size, undefined, '\uFFFC');
    const words = [...text.matchAll(pattern)].map((match) => ({ text: match[0], from: pos + 1 + match.index, to: pos + 1 + match.index + match[0].length }));
    blocks.push({ pos, node, words });
    return false;
  });
  return blocks;
}

/**
 * A place between words, as one peer saw it: the words before it and after
 * it in the whole chapter, nearest first, and whether it is at the start or
 * the end of its textblock (then the nearest word on that side is in
 * another block, or there is none).
 */
export interface Gap {
  readonly wordsBefore: readonly string[];
  readonly wordsAfter: readonly string[];
  readonly atBlockStart: boolean;
  readonly atBlockEnd: boolean;
}

/** The gap before word `index` of textblock `block` (`index` = its word count: the block's end). */
export function gapAt(blocks: readonly TextblockWords[], block: number, index: number): Gap {
  const texts = blocks.map((b) => b.words.map((word) => word.text));
  const words = texts[block] ?? [];
  return {
    wordsBefore: [...texts.slice(0, block).flat(), ...words.slice(0, index)].reverse(),
    wordsAfter: [...words.slice(index), ...texts.slice(block + 1).flat()],
    atBlockStart: index === 0,
    atBlockEnd: index === words.length,
  };
}

/** An insert (of `word`) or a split (`word` null) at a gap. */
interface GapEdit {
  readonly word: string | null;
  readonly gap: Gap;
}

/** The word right before a gap in its own block, if any. */
const leftInBlock = (gap: Gap): string | null => (gap.atBlockStart ? null : (gap.wordsBefore[0] ?? null));
/** The word right after a gap in its own block, if any. */
const rightInBlock = (gap: Gap): string | null => (gap.atBlockEnd ? null : (gap.wordsAfter[0] ?? null));

export class IntentLog {
  private readonly initialBlocks: readonly (readonly string[])[];
  private readonly edits: GapEdit[] = [];
  private readonly deleted = new Set<string>();

  constructor(start: PmNode) {
    this.initialBlocks = textblockWords(start).map((block) => block.words.map((word) => word.text));
  }

  /** `word` was typed at `gap`. */
  inserted(word: string, gap: Gap): void {
    this.edits.push({ word, gap });
  }

  /** A block was split at `gap` (Enter). */
  split(gap: Gap): void {
    this.edits.push({ word: null, gap });
  }

  deletedWord(word: string): void {
    this.deleted.add(word);
  }

  /**
   * What holds on every peer at every moment, not only after the merge: the
   * text is made of words someone wrote. (Two of them may touch for a while:
   * Yjs applies a received deletion at once even while the insert it came
   * with waits for an earlier update, so a join can arrive before its space.
   * `pattern` must therefore find words that touch.) Returns the matches of
   * `pattern` that are no word anyone wrote.
   */
  strangers(doc: PmNode, pattern: RegExp): string[] {
    const known = new Set([...this.initialBlocks.flat(), ...this.edits.map((edit) => edit.word)]);
    return textblockWords(doc, pattern).flatMap((block) => block.words.map((word) => word.text).filter((word) => !known.has(word)));
  }

  /** What in `doc` breaks the rules above; empty if the merge kept every intent. */
  violations(doc: PmNode): string[] {
    const blocks = textblockWords(doc).map((block) => block.words.map((word) => word.text));
    const where = new Map<string, { block: number; index: number; order: number }[]>();
    let order = 0;
    blocks.forEach((words, block) => words.forEach((word, index) => where.set(word, [...(where.get(word) ?? []), { block, index, order: order++ }])));
    const sequence = blocks.flat();
    // The same words with a pilcrow between blocks, for messages.
    const shown = blocks.flatMap((words, block) => (block === 0 ? words : ['¶', ...words]));
    const shownAt = (order: number) => order + (where.get(sequence[order] ?? '')?.[0]?.block ?? 0);
    const context = (order: number) => `… ${shown.slice(Math.max(0, shownAt(order) - 4), shownAt(order) + 6).join(' ')} …`;
    const inserts = this.edits.filter((edit): edit is GapEdit & { word: string } => edit.word !== null);
    const insertedWords = new Set(inserts.map((insert) => insert.word));
    const known = new Set([...this.initialBlocks.flat(), ...insertedWords]);
    const problems: string[] = [];

    for (const word of where.keys()) {
      if (!known.has(word)) problems.push(`"${word}" is not a word anyone wrote (fragmented, glued or interleaved)`);
    }
    for (const word of known) {
      const count = where.get(word)?.length ?? 0;
      if (this.deleted.has(word) && count > 0) problems.push(`"${word}" was deleted but is present ${count}×`);
      if (!this.deleted.has(word) && count !== 1) problems.push(`"${word}" was not deleted but is present ${count}×`);
    }

    const at = (word: string) => where.get(word)?.[0];
    // The words an edit was next to: the nearest one on that side, and the
    // nearest one nobody deleted (possibly in another block).
    const anchors = (words: readonly string[]): string[] => {
      const survivor = words.find((word) => !this.deleted.has(word));
      return [...new Set([words[0], survivor].filter((word): word is string => word !== undefined))];
    };
    // A block boundary between neighbouring words A and B is explained by a
    // split between two words that may have landed there: the nearest words
    // on either side of it that nobody deleted enclose A and B.
    //
    // Enter at a block's edge counts too, but it encloses only the junction
    // of two blocks: the last word of one and the first of the next. It
    // moves no text, yet when another drafter concurrently joined those two
    // blocks and typed a word at the junction, the new block still stands
    // between them, and the word has to land on one side of it: next to its
    // left neighbour or next to its right one, never both. Without this, no
    // merge could satisfy the oracle (intent fuzz seeds 235, 317, 412 and 13
    // more of the first 1,000).
    const splits = this.edits.filter((edit) => edit.word === null);
    const survivorOf = (words: readonly string[]) => words.map(at).find((place) => place !== undefined && !this.deleted.has(sequence[place.order] ?? ''));
    const explained = (a: number, b: number) =>
      splits.some((split) => {
        const before = survivorOf(split.gap.wordsBefore);
        const after = survivorOf(split.gap.wordsAfter);
        return (before === undefined || before.order <= a) && (after === undefined || b <= after.order);
      });

    // Rule 4, for one side of an insert: `first` precedes `second` with only inserted words between, in one block unless split.
    const checkOrder = (first: string, second: string, inserted: string, side: string): void => {
      const a = at(first);
      const b = at(second);
      if (!a || !b) return;
      if (a.order >= b.order) {
        problems.push(`"${inserted}", typed ${side}, is not ${first === inserted ? 'before' : 'after'} it: ${context(b.order)}`);
        return;
      }
      const between = sequence.slice(a.order + 1, b.order);
      const intruders = between.filter((word) => !insertedWords.has(word));
      if (intruders.length > 0) {
        problems.push(`"${inserted}", typed ${side}, is separated from it by ${intruders.map((w) => `"${w}"`).join(', ')}: ${context(a.order)}`);
      } else {
        for (let order = a.order; order < b.order; order++) {
          if (where.get(sequence[order] ?? '')?.[0]?.block === where.get(sequence[order + 1] ?? '')?.[0]?.block) continue;
          if (explained(order, order + 1)) continue;
          problems.push(`"${inserted}", typed ${side}, ended up in another block, and nobody split there: ${context(a.order)}`);
          break;
        }
      }
    };
    for (const insert of inserts) {
      const left = leftInBlock(insert.gap);
      const right = rightInBlock(insert.gap);
      if (this.deleted.has(insert.word)) continue;
      if (left !== null && !this.deleted.has(left)) checkOrder(left, insert.word, insert.word, `after "${left}"`);
      if (right !== null && !this.deleted.has(right)) checkOrder(insert.word, right, insert.word, `before "${right}"`);
    }

    // Rule 5. An edit that did not see an inserted word may still land next
    // to it: one anchored where that word was anchored (Yjs orders the two
    // either way), so the words an inserted word was typed next to count as
    // its own, transitively.
    const insertOf = new Map(inserts.map((insert) => [insert.word, insert]));
    const reach = (word: string, side: 'wordsBefore' | 'wordsAfter', seen = new Set<string>()): Set<string> => {
      if (seen.has(word)) return seen;
      seen.add(word);
      const insert = insertOf.get(word);
      if (insert) for (const anchor of anchors(insert.gap[side])) reach(anchor, side, seen);
      return seen;
    };
    const pairs: { left: string; right: string; madeBy: GapEdit | null }[] = [];
    for (const words of this.initialBlocks) words.slice(1).forEach((right, i) => pairs.push({ left: words[i] as string, right, madeBy: null }));
    for (const insert of inserts) {
      const left = leftInBlock(insert.gap);
      const right = rightInBlock(insert.gap);
      if (left !== null) pairs.push({ left, right: insert.word, madeBy: insert });
      if (right !== null) pairs.push({ left: insert.word, right, madeBy: insert });
    }
    for (const pair of pairs) {
      if (this.deleted.has(pair.left) || this.deleted.has(pair.right)) continue;
      const lefts = reach(pair.left, 'wordsBefore');
      const rights = reach(pair.right, 'wordsAfter');
      const touched = this.edits.some(
        (edit) => edit !== pair.madeBy && (anchors(edit.gap.wordsBefore).some((word) => lefts.has(word)) || anchors(edit.gap.wordsAfter).some((word) => rights.has(word))),
      );
      if (touched) continue;
      const a = at(pair.left);
      const b = at(pair.right);
      if (a && b && !(a.block === b.block && b.index === a.index + 1)) {
        problems.push(`"${pair.left} ${pair.right}" were neighbours nobody touched, now: ${context(a.order)}`);
      }
    }
    return problems;
  }
}

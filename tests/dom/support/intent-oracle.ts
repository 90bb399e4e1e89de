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
 * "Block" means a textblock of the final document; "neighbours" means the
 * words right before and after, in the same textblock, in the editing peer's
 * view when it edited. The rules, checked after the network heals and all
 * peers show the same chapter:
 *
 * 1. Whole words: every token of the chapter is a word someone wrote
 *    (nothing fragmented, glued or interleaved).
 * 2. Nothing lost or duplicated: every word nobody deleted (initial or
 *    inserted) is present exactly once.
 * 3. Deleted stays deleted: every word somebody deleted is absent.
 * 4. An insert stays where it was made: a word W typed right after word X
 *    (in X's block) comes after X, with only inserted words (anyone's)
 *    between them, in the same block; likewise before the word Y it was
 *    typed in front of. Exempt: X (or Y) was deleted. Where X and W end up in
 *    different blocks, that is allowed only if someone split next to one of
 *    the words from X to W (a split and an insert at the same place may
 *    order either way).
 * 5. Untouched neighbours stay neighbours: two words that were adjacent in a
 *    block (at the start, or made adjacent by an insert) stay adjacent in
 *    one block, unless anyone deleted one of them, or inserted or split
 *    between them (an insert or split whose left neighbour is the first or
 *    whose right neighbour is the second).
 *
 * A split's neighbours may later be deleted; the rules then use the nearest
 * word on that side that nobody deleted, from the words the peer saw in
 * that block.
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

/** Every textblock in document order, with its words (runs of non-space) and their positions. */
export function textblockWords(doc: PmNode): TextblockWords[] {
  const blocks: TextblockWords[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    // An inline leaf counts as one non-space character, so string offsets are
    // position offsets (the fuzz makes none).
    const text = node.textBetween(0, node.content.size, undefined, '\uFFFC');
    const words = [...text.matchAll(/\S+/g)].map((match) => ({ text: match[0], from: pos + 1 + match.index, to: pos + 1 + match.index + match[0].length }));
    blocks.push({ pos, node, words });
    return false;
  });
  return blocks;
}

interface Insert {
  readonly word: string;
  readonly left: string | null;
  readonly right: string | null;
}

interface Split {
  /** The words of the block before the split point, nearest first. */
  readonly leftWords: readonly string[];
  /** The words of the block after the split point, nearest first. */
  readonly rightWords: readonly string[];
}

export class IntentLog {
  private readonly initialBlocks: readonly (readonly string[])[];
  private readonly inserts: Insert[] = [];
  private readonly deleted = new Set<string>();
  private readonly splits: Split[] = [];

  constructor(start: PmNode) {
    this.initialBlocks = textblockWords(start).map((block) => block.words.map((word) => word.text));
  }

  /** `word` was typed between `left` and `right` (null: the block's edge), as the peer saw them. */
  inserted(word: string, left: string | null, right: string | null): void {
    this.inserts.push({ word, left, right });
  }

  deletedWord(word: string): void {
    this.deleted.add(word);
  }

  /** A block was split between `leftWords[0]` and `rightWords[0]`. */
  split(leftWords: readonly string[], rightWords: readonly string[]): void {
    this.splits.push({ leftWords, rightWords });
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
    const insertedWords = new Set(this.inserts.map((insert) => insert.word));
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
    const survivor = (words: readonly string[]) => words.find((word) => !this.deleted.has(word) && at(word) !== undefined) ?? null;
    const effectiveSplits = this.splits.map((split) => ({ left: survivor(split.leftWords), right: survivor(split.rightWords) }));
    const splitNextTo = (words: ReadonlySet<string>) =>
      effectiveSplits.some((split) => (split.left !== null && words.has(split.left)) || (split.right !== null && words.has(split.right)));

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
      } else if (a.block !== b.block && !splitNextTo(new Set([first, ...between, second]))) {
        problems.push(`"${inserted}", typed ${side}, ended up in another block, and nobody split there: ${context(a.order)}`);
      }
    };
    for (const insert of this.inserts) {
      if (this.deleted.has(insert.word)) continue;
      if (insert.left !== null && !this.deleted.has(insert.left)) checkOrder(insert.left, insert.word, insert.word, `after "${insert.left}"`);
      if (insert.right !== null && !this.deleted.has(insert.right)) checkOrder(insert.word, insert.right, insert.word, `before "${insert.right}"`);
    }

    // Rule 5.
    const pairs: { left: string; right: string; madeBy: Insert | null }[] = [];
    for (const words of this.initialBlocks) words.slice(1).forEach((right, i) => pairs.push({ left: words[i] as string, right, madeBy: null }));
    for (const insert of this.inserts) {
      if (insert.left !== null) pairs.push({ left: insert.left, right: insert.word, madeBy: insert });
      if (insert.right !== null) pairs.push({ left: insert.word, right: insert.right, madeBy: insert });
    }
    for (const pair of pairs) {
      if (this.deleted.has(pair.left) || this.deleted.has(pair.right)) continue;
      const touched =
        this.inserts.some((insert) => insert !== pair.madeBy && (insert.left === pair.left || insert.right === pair.right)) ||
        this.splits.some((split) => split.leftWords[0] === pair.left || split.rightWords[0] === pair.right);
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

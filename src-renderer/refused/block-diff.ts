/**
 * The differences between a chapter as it is and a chapter as someone
 * wanted it (a refused change, refused-to-suggestion.ts), as replace steps.
 *
 * Found block by block: the longest common run of equal top-level blocks,
 * so an edit in the first and one in the tenth paragraph stay two changes.
 * Where one block became one block with the same settings, the difference
 * is narrowed to the words that differ (ProseMirror's `findDiffStart` /
 * `findDiffEnd`); otherwise the differing blocks are replaced whole.
 *
 * What is carried: words and blocks, with their formatting where the words
 * are new. What is not: comment anchors and suggestion marks in the wanted
 * text (its comments live in threads, which are not part of the words), a
 * change of formatting alone where no block differs otherwise is carried as
 * a replacement of those words, and blocks are compared without comments
 * and suggestions, so a comment made meanwhile is no difference.
 */
import { Fragment, Slice, type Mark, type Node as PmNode } from 'prosemirror-model';
import { isSuggestionMark } from '../../shared/suggestions/text-decisions.ts';

/** A difference: replace [from, to) of the chapter now with `slice` of the wanted chapter. */
export interface Hunk {
  readonly from: number;
  readonly to: number;
  readonly slice: Slice;
}

/** The differences between `now` and `wanted`, in document order (positions in `now`). */
export function diffBlocks(now: PmNode, wanted: PmNode): Hunk[] {
  const a = children(now);
  const b = children(wanted).map(cleaned);
  const keysA = a.map(blockKey);
  const keysB = b.map(blockKey);
  const pairs = commonRuns(keysA, keysB);
  const starts = [0];
  for (const node of a) starts.push(starts.at(-1)! + node.nodeSize);
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [a.length, b.length] as const]) {
    if (i < pi || j < pj) hunks.push(hunkOf(a.slice(i, pi), b.slice(j, pj), starts[i]!));
    i = pi + 1;
    j = pj + 1;
  }
  return hunks;
}

/** One run of differing blocks: narrowed to the words when one block became one block of the same type. */
function hunkOf(a: readonly PmNode[], b: readonly PmNode[], from: number): Hunk {
  const size = a.reduce((sum, node) => sum + node.nodeSize, 0);
  // Compared without comments and suggestions, which take no positions: a comment made meanwhile is no difference.
  if (a.length === 1 && b.length === 1 && cleaned(a[0]!).sameMarkup(b[0]!)) {
    const [x, y] = [cleaned(a[0]!), b[0]!];
    const start = x.content.findDiffStart(y.content);
    const end = x.content.findDiffEnd(y.content);
    if (start !== null && end !== null) {
      // Where the common start and end overlap (a repeated letter), the end gives way.
      const overlap = start - Math.min(end.a, end.b);
      const endA = overlap > 0 ? end.a + overlap : end.a;
      const endB = overlap > 0 ? end.b + overlap : end.b;
      return { from: from + 1 + start, to: from + 1 + endA, slice: y.slice(start, endB) };
    }
  }
  return { from, to: from + size, slice: new Slice(Fragment.fromArray([...b]), 0, 0) };
}

function children(node: PmNode): PmNode[] {
  const list: PmNode[] = [];
  node.forEach((child) => list.push(child));
  return list;
}

/** Comment anchors and suggestion marks are not carried into the suggestion (module comment). */
function keep(mark: Mark): boolean {
  return mark.type.name !== 'comment' && !isSuggestionMark(mark.type.name);
}

function cleaned(node: PmNode): PmNode {
  if (node.isText) return node.mark(node.marks.filter(keep));
  const content: PmNode[] = [];
  node.forEach((child) => content.push(cleaned(child)));
  const attrs = 'suggestion' in node.attrs ? { ...node.attrs, suggestion: null } : node.attrs;
  return node.type.create(attrs, Fragment.fromArray(content), node.marks.filter(keep));
}

/** What makes two blocks the same for the diff: their content and settings without comments and suggestions. */
function blockKey(node: PmNode): string {
  return JSON.stringify(cleaned(node).toJSON());
}

/** Index pairs of a longest common subsequence of `a` and `b`, in order. */
function commonRuns(a: readonly string[], b: readonly string[]): [number, number][] {
  // Equal leading and trailing blocks first: most refusals touch a few blocks of many.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  const lengths = new Uint32Array((n + 1) * (m + 1));
  for (let x = n - 1; x >= 0; x--) {
    for (let y = m - 1; y >= 0; y--) {
      lengths[x * (m + 1) + y] =
        a[head + x] === b[head + y] ? lengths[(x + 1) * (m + 1) + y + 1]! + 1 : Math.max(lengths[(x + 1) * (m + 1) + y]!, lengths[x * (m + 1) + y + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  for (let k = 0; k < head; k++) pairs.push([k, k]);
  let x = 0;
  let y = 0;
  while (x < n && y < m) {
    if (a[head + x] === b[head + y]) {
      pairs.push([head + x, head + y]);
      x++;
      y++;
    } else if (lengths[(x + 1) * (m + 1) + y]! >= lengths[x * (m + 1) + y + 1]!) x++;
    else y++;
  }
  for (let k = tail; k > 0; k--) pairs.push([a.length - k, b.length - k]);
  return pairs;
}

/**
 * Where each comment thread is anchored in a chapter: the ranges of text that
 * carry its `comment` mark (DESIGN §6).
 *
 * The mark is the truth; this index is a cache of it that the sidebar reads
 * on every change. Rebuilding it by walking a 100-page chapter on every
 * keystroke would cost milliseconds, so `updateAnchorIndex` only rescans the
 * textblocks that changed. It finds them with `findDiffStart`/`findDiffEnd`,
 * which compare nodes by identity first. That also covers remote changes:
 * the chapter-text binding applies them as steps on the blocks they touched,
 * so every other block keeps its node object and the diff is as small as the
 * edit.
 *
 * A mark never crosses a textblock boundary, so after widening the changed
 * range to whole textblocks every range is either entirely inside it (rescan)
 * or entirely outside (keep, shifted when after it).
 */
import type { Mark, Node as PMNode } from 'prosemirror-model';

export interface AnchorRange {
  readonly threadId: string;
  readonly from: number;
  readonly to: number;
}

export interface AnchorIndex {
  /** All anchored ranges, ordered by `from`; a thread may have several. */
  readonly ranges: readonly AnchorRange[];
}

export const COMMENT_MARK = 'comment';

export function commentThreadId(mark: Mark): string | null {
  if (mark.type.name !== COMMENT_MARK) return null;
  const id: unknown = mark.attrs.threadId;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

/** Scans the whole document. Used on open and by tests as the reference. */
export function buildAnchorIndex(doc: PMNode): AnchorIndex {
  return { ranges: scan(doc, 0, doc.content.size) };
}

/**
 * Where `newDoc` differs from `oldDoc`: from `start` to `endA` in the old doc
 * and to `endB` in the new one; null when they are equal. Nodes are compared
 * by identity first, so this costs the number of blocks, not their size.
 */
export function changedRange(oldDoc: PMNode, newDoc: PMNode): { start: number; endA: number; endB: number } | null {
  if (oldDoc === newDoc) return null;
  const start = oldDoc.content.findDiffStart(newDoc.content);
  if (start === null) return null;
  const end = oldDoc.content.findDiffEnd(newDoc.content);
  let endA = end ? end.a : oldDoc.content.size;
  let endB = end ? end.b : newDoc.content.size;
  // findDiffEnd may overlap findDiffStart when the edit repeats its
  // surroundings ("aa" → "aaa"); push both ends out by the overlap, as
  // ProseMirror's own DOM diffing does.
  const overlap = start - Math.min(endA, endB);
  if (overlap > 0) {
    endA += overlap;
    endB += overlap;
  }
  return { start, endA, endB };
}

/**
 * The position of the one top-level block in which `after` differs from
 * `before`, or null when the change spans blocks or adds or removes one.
 * The sidebar uses it to tell typing inside one block (which moves no card
 * unless it moves an anchor in that block) from everything else.
 */
export function changedTopLevelBlock(before: PMNode, after: PMNode): number | null {
  if (before.childCount !== after.childCount) return null;
  const changed = changedRange(before, after);
  if (changed === null) return null;
  const $start = after.resolve(changed.start);
  const $end = after.resolve(Math.min(changed.endB, after.content.size));
  if ($start.depth === 0 || $end.depth === 0 || $start.index(0) !== $end.index(0)) return null;
  return $start.before(1);
}

/** The index of `newDoc`, given the index of `oldDoc` (see the header). */
export function updateAnchorIndex(index: AnchorIndex, oldDoc: PMNode, newDoc: PMNode): AnchorIndex {
  const changed = changedRange(oldDoc, newDoc);
  if (changed === null) return index;
  const { start, endA, endB } = changed;
  const $start = newDoc.resolve(start);
  const from = $start.parent.isTextblock ? $start.start() : start;
  const $end = newDoc.resolve(endB);
  const toB = $end.parent.isTextblock ? $end.end() : endB;
  const shift = endB - endA;
  const toA = toB - shift;

  const before: AnchorRange[] = [];
  const after: AnchorRange[] = [];
  for (const range of index.ranges) {
    if (range.to <= from) before.push(range);
    else if (range.from >= toA) after.push({ threadId: range.threadId, from: range.from + shift, to: range.to + shift });
  }
  return { ranges: [...before, ...scan(newDoc, from, toB), ...after] };
}

/** Each thread's ranges, in document order. */
export function rangesByThread(index: AnchorIndex): Map<string, AnchorRange[]> {
  const map = new Map<string, AnchorRange[]>();
  for (const range of index.ranges) {
    const list = map.get(range.threadId);
    if (list) list.push(range);
    else map.set(range.threadId, [range]);
  }
  return map;
}

/** The threads whose anchors contain `pos` (inclusive ends, so a caret at an edge counts). */
export function threadsAt(index: AnchorIndex, pos: number): string[] {
  const ids: string[] = [];
  for (const range of index.ranges) {
    if (range.from > pos) break;
    if (range.to >= pos && !ids.includes(range.threadId)) ids.push(range.threadId);
  }
  return ids;
}

/** The text a thread is anchored to, with its ranges joined by a space. */
export function anchoredText(doc: PMNode, ranges: readonly AnchorRange[]): string {
  return ranges.map((r) => doc.textBetween(r.from, r.to, ' ', ' ')).join(' ');
}

function scan(doc: PMNode, from: number, to: number): AnchorRange[] {
  const ranges: AnchorRange[] = [];
  // The open range of each thread, to merge text nodes that are split by
  // other marks (bold inside a comment) into one range.
  const open = new Map<string, { threadId: string; from: number; to: number }>();
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isInline) return true;
    const nodeEnd = pos + node.nodeSize;
    // Overlapping comment marks on one node may be in a different order on
    // different peers (y-prosemirror keeps the local order after an edit);
    // sorting by thread id keeps the index, and the sidebar, the same everywhere.
    const threadIds: string[] = [];
    for (const mark of node.marks) {
      const threadId = commentThreadId(mark);
      if (threadId !== null) threadIds.push(threadId);
    }
    if (threadIds.length > 1) threadIds.sort();
    for (const threadId of threadIds) {
      const current = open.get(threadId);
      if (current && current.to === pos) {
        current.to = nodeEnd;
      } else {
        const range = { threadId, from: pos, to: nodeEnd };
        open.set(threadId, range);
        ranges.push(range);
      }
    }
    return false;
  });
  return ranges;
}

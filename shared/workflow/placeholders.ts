/**
 * Bracketed placeholders left in the plan: "[ange diarienummer]",
 * "[andel enligt SCB, ange år och källa]". The sample plan and drafters use
 * them where a fact is not known yet; a plan sent to the government must not
 * hold one, so the readiness check lists each, with its place.
 *
 * A placeholder is a "[" … "]" within one paragraph holding at least one
 * letter and no other bracket: "[1]" (a reference number) is not one.
 */
import type { Node as PmNode } from 'prosemirror-model';

export interface PlaceholderMatch {
  /** ProseMirror positions in the chapter document (readChapterDoc). */
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

const PLACEHOLDER = /\[[^[\]\n]{0,300}?\p{L}[^[\]\n]{0,300}?\]/gu;

/** Every placeholder in a text value (a plan detail), in order. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[0]);
}

/** Every placeholder in a chapter document, in document order. */
export function findPlaceholders(doc: PmNode): PlaceholderMatch[] {
  const found: PlaceholderMatch[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    // One character per inline node (a hard break is "\ufffc"), so an index
    // in this string is an offset from the block's content start.
    const text = node.textBetween(0, node.content.size, '\n', '\ufffc');
    for (const match of text.matchAll(PLACEHOLDER)) {
      const from = pos + 1 + match.index;
      found.push({ from, to: from + match[0].length, text: match[0] });
    }
    return false;
  });
  return found;
}

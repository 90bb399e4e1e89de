/**
 * Where a suggestion is in an editor's document: from the first to the last
 * position that carries its id (a mark on text, or a textblock's block
 * suggestion), for "Visa i texten" and next / previous.
 */
import type { Node as PmNode } from 'prosemirror-model';
import { readBlockSuggestion } from '../../shared/chapter-text/block-marker.ts';
import { isSuggestionMark } from '../../shared/suggestions/text-decisions.ts';

export function suggestionRange(doc: PmNode, id: string): { from: number; to: number } | null {
  let from = -1;
  let to = -1;
  doc.descendants((node, pos) => {
    if (node.isTextblock && readBlockSuggestion(node.attrs.suggestion)?.id === id) {
      if (from < 0) from = pos + 1;
      to = Math.max(to, pos + 1);
    }
    if (node.isInline && node.marks.some((mark) => isSuggestionMark(mark.type.name) && mark.attrs.id === id)) {
      if (from < 0) from = pos;
      to = Math.max(to, pos + node.nodeSize);
    }
    return true;
  });
  return from < 0 ? null : { from, to };
}

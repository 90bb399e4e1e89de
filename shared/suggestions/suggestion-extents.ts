/**
 * What each suggestion covers in the chapter text, read from the Y.Text
 * directly (like anchoredThreadIds for comments), so a chapter needs no
 * editor for the sidebar, the outline counts or the plan overview: the
 * words it would insert and delete, whether it formats text, and how many
 * block boundaries and block changes it holds, in document order.
 */
import type * as Y from 'yjs';
import { isMarker, readBlockSuggestion } from '../chapter-text/block-marker.ts';
import { markName } from '../chapter-text/text-attributes.ts';
import { isSuggestionMark } from './text-decisions.ts';

export interface SuggestionExtent {
  readonly id: string;
  /** Index of the suggestion's first item in the flat text: document order. */
  readonly start: number;
  inserted: string;
  deleted: string;
  formatted: string;
  /** Block boundaries suggested in (splits, new paragraphs, rows) and out (joins, removed paragraphs). */
  newBlocks: number;
  removedBlocks: number;
  /** Blocks whose type or list changes. */
  changedBlocks: number;
}

interface DeltaOp {
  readonly insert: string | Y.Map<unknown> | Readonly<Record<string, unknown>>;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** Every suggestion the text refers to, in document order. */
export function suggestionExtents(text: Y.Text): Map<string, SuggestionExtent> {
  const extents = new Map<string, SuggestionExtent>();
  const extentOf = (id: string, index: number): SuggestionExtent => {
    let extent = extents.get(id);
    if (extent === undefined) {
      extent = { id, start: index, inserted: '', deleted: '', formatted: '', newBlocks: 0, removedBlocks: 0, changedBlocks: 0 };
      extents.set(id, extent);
    }
    return extent;
  };
  let index = 0;
  for (const op of text.toDelta() as DeltaOp[]) {
    if (isMarker(op.insert)) {
      const suggestion = readBlockSuggestion(op.insert.get('suggestion'));
      if (suggestion !== null) {
        const extent = extentOf(suggestion.id, index);
        if (suggestion.kind === 'insert') extent.newBlocks++;
        else if (suggestion.kind === 'delete') extent.removedBlocks++;
        else extent.changedBlocks++;
      }
      index++;
      continue;
    }
    const words = typeof op.insert === 'string' ? op.insert : '';
    for (const [key, value] of Object.entries(op.attributes ?? {})) {
      const name = markName(key);
      const id = isSuggestionMark(name) ? (value as { id?: unknown } | null)?.id : undefined;
      if (typeof id !== 'string') continue;
      const extent = extentOf(id, index);
      if (name === 'suggestion_insert') extent.inserted += words;
      else if (name === 'suggestion_delete') extent.deleted += words;
      else extent.formatted += words;
    }
    index += typeof op.insert === 'string' ? op.insert.length : 1;
  }
  return extents;
}

/** Every suggestion id the text refers to (marks and markers). */
export function suggestionIdsInText(text: Y.Text): Set<string> {
  return new Set(suggestionExtents(text).keys());
}

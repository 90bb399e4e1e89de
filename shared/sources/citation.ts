/**
 * A citation: words in a chapter linked to a passage of a source.
 *
 * In the chapter it is the `citation` mark (shared/schema/schema.ts) on the
 * quoted words, inserted at the cursor as ”…”. The mark's attrs carry all
 * there is to know, so the citation lives wholly in the chapter text and
 * travels with it like a comment anchor (DESIGN §6: marks survive splits,
 * joins, list wraps and cut and paste; relative positions into the
 * chapter would not):
 *   id        unique per citation
 *   sourceId  the source (source-list.ts)
 *   start/end Yjs relative positions (base64) into the source's text: the
 *             exact passage, wherever it is now in that doc
 *   quote     the passage's words when cited, so a citation of a removed
 *             source still shows what it quoted
 *
 * The source's text is never edited after it is added (source-doc.ts), so
 * relative positions are only a guard against what the future may bring;
 * once a source is removed they resolve to nothing and the quote stands in.
 */
import * as buffer from 'lib0/buffer';
import type { Node as PmNode } from 'prosemirror-model';
import type { Command } from 'prosemirror-state';
import * as Y from 'yjs';
import { schema } from '../schema/schema.ts';
import { sourceText } from './source-doc.ts';

/** The longest passage one citation quotes (about half a page). */
export const MAX_QUOTE_LENGTH = 2_000;

export interface CitationAttrs {
  readonly id: string;
  readonly sourceId: string;
  readonly start: string;
  readonly end: string;
  readonly quote: string;
}

/** The attrs of a citation of `[from, to)` of the source's text. */
export function citePassage(sourceDoc: Y.Doc, sourceId: string, from: number, to: number, id: string): CitationAttrs {
  const text = sourceText(sourceDoc);
  // The start sticks to the passage's first character, the end to its last.
  const start = Y.createRelativePositionFromTypeIndex(text, from, 0);
  const end = Y.createRelativePositionFromTypeIndex(text, to, -1);
  return {
    id,
    sourceId,
    start: buffer.toBase64(Y.encodeRelativePosition(start)),
    end: buffer.toBase64(Y.encodeRelativePosition(end)),
    quote: text.toString().slice(from, to),
  };
}

/** Where the cited passage is in the source's text now, or null (the source was removed or never arrived, or the attrs are damaged). */
export function resolveCitation(sourceDoc: Y.Doc, attrs: Pick<CitationAttrs, 'start' | 'end'>): { readonly from: number; readonly to: number } | null {
  try {
    const text = sourceText(sourceDoc);
    const start = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(buffer.fromBase64(attrs.start)), sourceDoc);
    const end = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(buffer.fromBase64(attrs.end)), sourceDoc);
    if (start === null || end === null || start.type !== text || end.type !== text || start.index >= end.index) return null;
    return { from: start.index, to: end.index };
  } catch {
    return null;
  }
}

/** Reads a citation mark's attrs; null if they are not a citation's. */
export function citationAttrs(value: unknown): CitationAttrs | null {
  if (typeof value !== 'object' || value === null) return null;
  const { id, sourceId, start, end, quote } = value as Record<string, unknown>;
  if (typeof id !== 'string' || typeof sourceId !== 'string' || typeof start !== 'string' || typeof end !== 'string' || typeof quote !== 'string') return null;
  return { id, sourceId, start, end, quote };
}

/** One citation found in a chapter: its attrs and where its words are. */
export interface CitationPlace extends CitationAttrs {
  readonly from: number;
  readonly to: number;
  /** The words in the chapter that carry the mark (their writer may have shortened the quote). */
  readonly text: string;
}

/** Every citation in a chapter document, in document order; one place per citation id (its marked words joined). */
export function findCitations(doc: PmNode): CitationPlace[] {
  const byId = new Map<string, { attrs: CitationAttrs; from: number; to: number; text: string }>();
  doc.descendants((node, pos) => {
    if (!node.isInline) return true;
    for (const mark of node.marks) {
      if (mark.type !== schema.marks.citation) continue;
      const attrs = citationAttrs(mark.attrs);
      if (attrs === null) continue;
      const words = node.isText ? (node.text ?? '') : '';
      const known = byId.get(attrs.id);
      if (known === undefined) byId.set(attrs.id, { attrs, from: pos, to: pos + node.nodeSize, text: words });
      else {
        known.to = pos + node.nodeSize;
        known.text += words;
      }
    }
    return false;
  });
  return [...byId.values()].map(({ attrs, from, to, text }) => ({ ...attrs, from, to, text }));
}

/**
 * Inserts the citation at the cursor (replacing a selection): the quote in
 * Swedish quotation marks, marked. A ProseMirror command, so the toolbar
 * asks it without `dispatch` whether it applies, and dispatching it through
 * the editor's view lets suggest mode make it a suggestion.
 */
export function insertCitation(attrs: CitationAttrs): Command {
  return (state, dispatch) => {
    const { $from } = state.selection;
    if (!$from.parent.inlineContent || !$from.parent.type.allowsMarkType(schema.marks.citation)) return false;
    if (dispatch) {
      const mark = schema.marks.citation.create({ ...attrs });
      const marks = state.storedMarks ?? $from.marks();
      const node = schema.text(`”${attrs.quote}”`, mark.addToSet(marks.filter((m) => m.type !== schema.marks.comment)));
      const tr = state.tr.replaceSelectionWith(node, false);
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

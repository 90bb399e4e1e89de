/**
 * What accepting or rejecting a suggestion does to the chapter's flat text
 * (docs/decisions/suggestions.md). Written directly on the Y.Text, not as a
 * ProseMirror transaction: the editor's binding reads it like any change
 * from elsewhere, and the same function serves the app, the "Som godtaget" /
 * "Original" views (on a copy of the doc) and a peer without an editor.
 *
 * | carried by                        | accept                  | reject                               |
 * |-----------------------------------|-------------------------|--------------------------------------|
 * | `suggestion_insert` on text       | drop the mark           | delete the text                      |
 * | `suggestion_delete` on text       | delete the text         | drop the mark                        |
 * | `suggestion_format` on text       | drop the mark           | undo `add`/`remove`, drop the mark   |
 * | marker `{ kind: 'insert' }`       | drop the field          | delete the marker (blocks rejoin)    |
 * | marker `{ kind: 'delete' }`       | delete the marker       | drop the field                       |
 * | marker `{ kind: 'change' }`       | drop the field          | restore `before`, drop the field     |
 *
 * A deleted marker's text joins the block before it, so no text goes with a
 * block boundary. Text is only ever deleted where it carries the decided
 * suggestion's own insert or delete mark: nothing else is lost.
 *
 * All decisions are collected in one pass over the text and applied from the
 * end, so accepting a thousand suggestions costs one walk, not a thousand.
 * The caller opens the Yjs transaction (with the origin undo should track).
 */
import type * as Y from 'yjs';
import { readBlockSuggestion, readMarkerBefore, updateMarker, readMarker, isMarker } from '../chapter-text/block-marker.ts';
import { markName } from '../chapter-text/text-attributes.ts';

export type TextDecision = 'accept' | 'reject';

export const SUGGESTION_MARKS = ['suggestion_insert', 'suggestion_delete', 'suggestion_format'] as const;
export type SuggestionMarkName = (typeof SUGGESTION_MARKS)[number];

export function isSuggestionMark(name: string): name is SuggestionMarkName {
  return (SUGGESTION_MARKS as readonly string[]).includes(name);
}

/** A formatting mark as `suggestion_format` records it: the mark's name and attrs. */
export interface FormatMarkJson {
  readonly type: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
}

interface DeltaOp {
  readonly insert: string | Y.Map<unknown> | Readonly<Record<string, unknown>>;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

type TextEdit = { readonly index: number; readonly length: number; readonly format: Record<string, unknown> | null };

/** Applies `decisions` (suggestion id → accept or reject) to the text. Returns whether anything changed. */
export function applyTextDecisions(text: Y.Text, decisions: ReadonlyMap<string, TextDecision>): boolean {
  if (decisions.size === 0) return false;
  const edits: TextEdit[] = [];
  let changed = false;
  let index = 0;
  for (const op of text.toDelta() as DeltaOp[]) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1;
    if (isMarker(op.insert)) {
      const outcome = decideMarker(op.insert, decisions);
      if (outcome === 'delete') edits.push({ index, length: 1, format: null });
      else if (outcome === 'changed') changed = true;
    } else if (op.attributes !== undefined) {
      const edit = decideRun(op.attributes, decisions);
      if (edit === 'delete') edits.push({ index, length, format: null });
      else if (edit !== null) edits.push({ index, length, format: edit });
    }
    index += length;
  }
  // From the end, so earlier indexes stay valid.
  for (let i = edits.length - 1; i >= 0; i--) {
    const edit = edits[i] as TextEdit;
    if (edit.format === null) text.delete(edit.index, edit.length);
    else text.format(edit.index, edit.length, edit.format);
  }
  return changed || edits.length > 0;
}

/** 'delete' when the marker itself must go; otherwise its fields are updated in place ('changed'). */
function decideMarker(marker: Y.Map<unknown>, decisions: ReadonlyMap<string, TextDecision>): 'delete' | 'changed' | 'none' {
  const suggestion = readBlockSuggestion(marker.get('suggestion'));
  if (suggestion === null) return 'none';
  const decision = decisions.get(suggestion.id);
  if (decision === undefined) return 'none';
  if ((suggestion.kind === 'insert' && decision === 'reject') || (suggestion.kind === 'delete' && decision === 'accept')) return 'delete';
  if (suggestion.kind === 'change' && decision === 'reject') {
    const before = readMarkerBefore(marker);
    if (before !== null) updateMarker(marker, before, readMarker(marker));
  }
  marker.delete('suggestion');
  marker.delete('before');
  return 'changed';
}

/** 'delete' for a run that goes, attribute changes for one that stays, null for one not concerned. */
function decideRun(attributes: Readonly<Record<string, unknown>>, decisions: ReadonlyMap<string, TextDecision>): 'delete' | Record<string, unknown> | null {
  let format: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(attributes)) {
    const name = markName(key);
    if (!isSuggestionMark(name)) continue;
    const id = idOf(value);
    const decision = id === null ? undefined : decisions.get(id);
    if (decision === undefined) continue;
    if ((name === 'suggestion_insert' && decision === 'reject') || (name === 'suggestion_delete' && decision === 'accept')) return 'delete';
    format ??= {};
    format[key] = null;
    if (name === 'suggestion_format' && decision === 'reject') {
      const { add, remove } = value as { add?: unknown; remove?: unknown };
      for (const mark of formatMarks(add)) format[mark.type] = null;
      for (const mark of formatMarks(remove)) format[mark.type] = { ...(mark.attrs ?? {}) };
    }
  }
  return format;
}

function idOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' ? id : null;
}

/** The marks listed in a `suggestion_format`'s add or remove; anything malformed is left out. */
export function formatMarks(value: unknown): FormatMarkJson[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (mark): mark is FormatMarkJson =>
      typeof mark === 'object' &&
      mark !== null &&
      typeof (mark as FormatMarkJson).type === 'string' &&
      !isSuggestionMark((mark as FormatMarkJson).type) &&
      (mark as FormatMarkJson).type !== 'comment',
  );
}

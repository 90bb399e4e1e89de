/**
 * Accept, reject and withdraw, whole: the decision event in the suggestion's
 * history (suggestions.ts) and its effect on the text (text-decisions.ts) in
 * one Yjs transaction, so no peer ever sees a decided suggestion whose text
 * is still open, or the reverse.
 *
 * One function for one suggestion, all by an agency, all in a range and all
 * in the chapter: the caller chooses the ids. Each id is checked on its own
 * (`may()`, still open); the ones refused are returned, not thrown, so
 * "accept all" accepts what the member may decide and says what it left.
 */
import * as Y from 'yjs';
import type { Member } from '../plan/member.ts';
import { chapterText } from '../chapter-text/chapter-text.ts';
import {
  acceptSuggestion,
  readSuggestions,
  rejectSuggestion,
  SuggestionError,
  suggestionBounds,
  withdrawSuggestion,
  type ChapterContext,
} from './suggestions.ts';
import { applyTextDecisions, type TextDecision } from './text-decisions.ts';
import { suggestionIdsInText } from './suggestion-extents.ts';

export type DecisionAction = 'accept' | 'reject' | 'withdraw';

/** The origin of a decision's Yjs transaction: undo tracks it (undo-plugin.ts), like the writer's own edits. */
export class DecisionWrite {}

export interface DecisionOutcome {
  readonly decided: readonly string[];
  readonly refused: readonly { readonly id: string; readonly error: SuggestionError }[];
}

export function decideSuggestions(
  doc: Y.Doc,
  text: Y.Text,
  member: Member,
  chapter: ChapterContext,
  ids: readonly string[],
  action: DecisionAction,
  options: { readonly origin?: unknown; readonly at?: string } = {},
): DecisionOutcome {
  const decided: string[] = [];
  const refused: { id: string; error: SuggestionError }[] = [];
  const at = options.at ?? new Date().toISOString();
  const textDecision: TextDecision = action === 'accept' ? 'accept' : 'reject';
  // A decided suggestion whose id is still in the text may be decided again (suggestions.ts, rule 4).
  const inText = suggestionIdsInText(text);
  doc.transact(() => {
    for (const id of ids) {
      const options = { at, again: inText.has(id) };
      try {
        if (action === 'accept') acceptSuggestion(doc, member, chapter, id, options);
        else if (action === 'reject') rejectSuggestion(doc, member, chapter, id, options);
        else withdrawSuggestion(doc, member, id, options);
        decided.push(id);
      } catch (error) {
        if (!(error instanceof SuggestionError)) throw error;
        refused.push({ id, error });
      }
    }
    applyTextDecisions(text, new Map(decided.map((id) => [id, textDecision])), suggestionBounds(doc, decided), { byAuthor: action === 'withdraw' });
  }, options.origin ?? new DecisionWrite());
  return { decided, refused };
}

/**
 * A copy of the chapter doc with every open suggestion accepted ("Som
 * godtaget") or rejected ("Original"), for the read-only views. The copy is
 * never synced; the chapter itself does not change.
 */
export function previewDoc(doc: Y.Doc, view: 'accepted' | 'original'): Y.Doc {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const decision: TextDecision = view === 'accepted' ? 'accept' : 'reject';
  const text = chapterText(copy);
  const ids = pendingSuggestionIds(copy, text);
  copy.transact(() => applyTextDecisions(text, new Map([...ids].map((id) => [id, decision])), suggestionBounds(copy, ids)));
  return copy;
}

/** The suggestions still to decide: open ones, and decided ones whose id is back in the text (rule 4). */
export function pendingSuggestionIds(doc: Y.Doc, text: Y.Text = chapterText(doc)): Set<string> {
  const inText = suggestionIdsInText(text);
  return new Set(readSuggestions(doc).filter((s) => s.state === 'open' || inText.has(s.id)).map((s) => s.id));
}

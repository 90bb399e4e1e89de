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
import {
  acceptSuggestion,
  readSuggestions,
  rejectSuggestion,
  SuggestionError,
  withdrawSuggestion,
  type ChapterContext,
} from './suggestions.ts';
import { applyTextDecisions, type TextDecision } from './text-decisions.ts';

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
  doc.transact(() => {
    for (const id of ids) {
      try {
        if (action === 'accept') acceptSuggestion(doc, member, chapter, id, at);
        else if (action === 'reject') rejectSuggestion(doc, member, chapter, id, at);
        else withdrawSuggestion(doc, member, id, at);
        decided.push(id);
      } catch (error) {
        if (!(error instanceof SuggestionError)) throw error;
        refused.push({ id, error });
      }
    }
    applyTextDecisions(text, new Map(decided.map((id) => [id, textDecision])));
  }, options.origin ?? new DecisionWrite());
  return { decided, refused };
}

/**
 * A copy of the chapter doc with every open suggestion accepted ("Som
 * godtaget") or rejected ("Original"), for the read-only views. The copy is
 * never synced; the chapter itself does not change.
 */
export function previewDoc(doc: Y.Doc, textName: string, view: 'accepted' | 'original'): Y.Doc {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const decision: TextDecision = view === 'accepted' ? 'accept' : 'reject';
  const open = readSuggestions(copy).filter((s) => s.state === 'open');
  copy.transact(() => applyTextDecisions(copy.getText(textName), new Map(open.map((s) => [s.id, decision]))));
  return copy;
}

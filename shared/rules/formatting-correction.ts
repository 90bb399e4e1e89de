/**
 * The server's correction of a suggester's direct formatting (issue 13,
 * text-format-rule.ts `directFormatting`): after her update, in the same
 * transaction, it gives others' words back the formatting her update
 * changed beyond her own suggestions. Her update is applied as she made it
 * (her suggestions, her own words); only the formatting of others' words
 * is written again, as a client of the server.
 *
 * Written with format items right around each run, by its Yjs ids
 * (TextCursor.formatExactly), as a decision formats exactly the words it
 * means: no format item elsewhere is moved over or deleted, so a
 * colleague's concurrent formatting next to the run keeps its extent.
 */
import * as Y from 'yjs';
import { applyFormat, disableSearchMarkers, internals, TextCursor } from '../chapter-text/text-cursor.ts';
import type { FormattingCorrection } from './text-format-rule.ts';

/**
 * Writes `corrections` into `text`, in the transaction that applies the
 * update they were found in (the server's) or right after it (a copy that
 * has nothing else to apply in between). The formatting in effect at each
 * run is read from `text` itself, not from the copy the rules judged on:
 * that copy can lack format items Yjs' clean-up deleted there as redundant,
 * and on a server with Redis another instance's update can arrive between
 * the check and the apply. One walk from the start of the text per run: a
 * correction is rare (about one suggester update in 400 in the fuzz).
 */
export function correctFormatting(text: Y.Text, corrections: readonly FormattingCorrection[]): void {
  const doc = text.doc;
  if (doc === null || corrections.length === 0) return;
  // A cursor writes by item, not index: Yjs' search markers would not follow (text-cursor.ts).
  disableSearchMarkers(text);
  Y.transact(doc, (transaction) => {
    for (const run of corrections) {
      const start = Y.getItemCleanStart(transaction, Y.createID(run.client, run.clock));
      if (run.length < start.length) Y.getItemCleanStart(transaction, Y.createID(run.client, run.clock + run.length));
      new TextCursor(transaction, text, start.left, formattingBefore(text, start)).formatExactly(run.length, run.format);
    }
  });
}

/** The formatting in effect right before `item`: every live format item to its left, in order. */
function formattingBefore(text: Y.Text, item: Y.Item): Map<string, unknown> {
  const attributes = new Map<string, unknown>();
  for (let at = internals(text)._start; at !== null && at !== item; at = at.right) {
    if (!at.deleted && at.content instanceof Y.ContentFormat) applyFormat(attributes, at.content);
  }
  return attributes;
}

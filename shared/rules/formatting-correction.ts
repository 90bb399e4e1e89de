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
import { disableSearchMarkers, TextCursor } from '../chapter-text/text-cursor.ts';
import type { FormattingCorrection } from './text-format-rule.ts';

/**
 * Writes `corrections` into `text`. Call it inside the transaction that
 * applied the update they were found in, before anything else changes the
 * text: each run's `attributes` are the formatting in effect there then.
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
      new TextCursor(transaction, text, start.left, run.attributes).formatExactly(run.length, run.format);
    }
  });
}

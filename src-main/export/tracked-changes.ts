/**
 * Suggestions as Word tracked changes, for the review copy: text a member
 * suggested inserting is a tracked insertion, text suggested for deletion a
 * tracked deletion, each with the suggestion's author and time, so a
 * reviewer in Word accepts or rejects them there as with any tracked change.
 *
 * The text says which suggestion it belongs to (the mark's `id`); who made it
 * lives in the chapter's `suggestions` map. A mark whose suggestion has not
 * arrived yet (the text synced first) is still shown as a change, by an
 * unnamed author, rather than as settled text.
 *
 * A formatting suggestion is tracked formatting (`w:rPrChange`): the text
 * has the suggested formatting, and the change keeps the formatting from
 * before it (accepted-text.ts), with the suggestion's author and time, so
 * Word shows "Formaterat: Fet" and rejecting it there restores the old.
 */
import type { Suggestion } from '../../shared/suggestions/suggestions.ts';
import type { PmJsonMark } from '../../shared/sample/sample-plan.ts';
import { SUGGESTED_DELETION, SUGGESTED_FORMAT, SUGGESTED_INSERTION } from './accepted-text.ts';
import { authorName } from './word-comments.ts';

export interface TrackedChange {
  readonly kind: 'insert' | 'delete' | 'format';
  /** Unique among the document's tracked changes. */
  readonly id: number;
  readonly author: string;
  /** ISO 8601. */
  readonly date: string;
}

/** Who made a change whose suggestion is not in the chapter's map. */
export const UNKNOWN_AUTHOR = 'Samskriv';

/**
 * Revision ids start far above the comment ids (given out from 0 by
 * WordComments), so no id names both a comment and a change.
 */
const FIRST_REVISION_ID = 1_000_000;

/** The tracked changes of one document; `forChapter` for each chapter's suggestions. */
export class TrackedChanges {
  #next = FIRST_REVISION_ID;
  readonly #fallbackDate: string;

  constructor(exportDate: Date) {
    this.#fallbackDate = exportDate.toISOString();
  }

  forChapter(suggestions: readonly Suggestion[]): ChapterChanges {
    const byId = new Map(suggestions.map((s) => [s.id, s]));
    const change = (kind: TrackedChange['kind'], mark: PmJsonMark): TrackedChange => {
      const id = mark.attrs?.['id'];
      const suggestion = typeof id === 'string' ? byId.get(id) : undefined;
      return {
        kind,
        id: this.#next++,
        author: suggestion === undefined ? UNKNOWN_AUTHOR : authorName(suggestion.author),
        date: suggestion === undefined ? this.#fallbackDate : suggestion.createdAt,
      };
    };
    return {
      changeOf: (marks) => {
        const mark = (marks ?? []).find((m) => m.type === SUGGESTED_INSERTION) ?? (marks ?? []).find((m) => m.type === SUGGESTED_DELETION);
        return mark === undefined ? null : change(mark.type === SUGGESTED_INSERTION ? 'insert' : 'delete', mark);
      },
      formatChangeOf: (marks) => {
        // Word keeps one earlier formatting per run; with two formatting suggestions on the same words, the first names the change.
        const mark = (marks ?? []).find((m) => m.type === SUGGESTED_FORMAT);
        return mark === undefined ? null : change('format', mark);
      },
    };
  }
}

export interface ChapterChanges {
  /** The tracked change text carrying `marks` is part of, or null for settled text. */
  changeOf(marks: readonly PmJsonMark[] | undefined): TrackedChange | null;
  /** The tracked formatting change of text carrying `marks`, or null. */
  formatChangeOf(marks: readonly PmJsonMark[] | undefined): TrackedChange | null;
}

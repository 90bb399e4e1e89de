/**
 * Words that undo or redo gives back to a suggester, written so that every
 * copy shows them as her suggestion (docs/decisions/suggestions.md, Undo).
 *
 * Yjs' UndoManager restores deleted words as new items after their old left
 * neighbour (yjs `redoItem`: `item.content.copy()`, origin `item.left`), and
 * they take whatever formatting is in effect there, by each copy's own
 * format items. On her copy that is her suggestion's mark. On a copy where a
 * colleague decided that suggestion meanwhile (without these words: they
 * were deleted when the colleague decided), the items that gave the mark
 * are gone or ended before the words, and the words land as plain text in
 * the owner's chapter. The server refuses her undo (seeds 445 and 932 of
 * the suggestion fuzz) or lets it through as typing on (seed 606), and her
 * words end as the chapter's text that nobody accepted.
 *
 * So, in the undo's own Yjs transaction (the server judges each update on
 * its own), each restored run that carries a suggestion mark of hers is
 * written again right behind itself, between format items of its own
 * (`TextCursor.insertBetweenFormats`), and the restored copy is deleted:
 * - at the end of her suggestion's run on her copy (the words after it do
 *   not carry the mark): between her mark and its end, explicitly. The
 *   suggestion's id is in the text again; if a colleague decided it
 *   meanwhile, it is pending again (suggestions.ts, rule 4).
 * - inside her suggestion's run (its words go on after them): an end item
 *   there would take her mark off the words after them on her copy, and a
 *   mark without an end would spread over the words after them on a copy
 *   where the suggestion was decided (the decided words would be suggested
 *   again). So these words get a new suggestion of hers besides, whose mark
 *   no colleague can have touched: on a copy where the old one was decided
 *   they are still her suggestion.
 * Restored words without a mark of hers (a direct edit of the owner, undone
 * in Föreslå) are left as they are: nothing to suggest them under.
 */
import * as Y from 'yjs';
import type { Member } from '../plan/member.ts';
import { markName, suggestionMarkKey } from '../chapter-text/text-attributes.ts';
import { applyFormat, TextCursor, internals } from '../chapter-text/text-cursor.ts';
import { createSuggestion, entryIsBy, noteWriting, suggestionsMap } from './suggestions.ts';
import { nextSuggestionId } from './suggestion-ids.ts';

interface Restored {
  readonly item: Y.Item;
  /** The formatting in effect at it. */
  readonly attributes: Map<string, unknown>;
  /** Her own insertion marks on it: attribute key → value. */
  readonly marks: Map<string, { readonly id: string }>;
}

/**
 * Rewrites, inside `transaction` (an undo or redo of `member`'s), the words
 * it restored that carry a suggestion mark of hers. Only content her own
 * client wrote in this transaction counts: undo restores with the undoer's
 * client id.
 */
export function markRestoredWords(transaction: Y.Transaction, text: Y.Text, member: Member): void {
  const doc = transaction.doc;
  const client = doc.clientID;
  const since = transaction.beforeState.get(client) ?? 0;
  const isRestored = (item: Y.Item): boolean => item.id.client === client && item.id.clock >= since && !item.deleted && isWords(item);
  const restored = restoredRuns(text, isRestored, (id) => entryIsBy(suggestionsMap(doc).get(id), member.memberId));
  if (restored.length === 0) return;
  let fresh: string | null = null;
  for (const { item, attributes, marks } of restored) {
    const following = attributesOfNextWords(item, attributes, isRestored);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    let continues = false;
    for (const [key, value] of marks) {
      if (following.get(key) !== undefined) {
        continues = true;
        continue;
      }
      noteWriting(doc, value.id, false);
      before[key] = value;
      after[key] = null;
    }
    if (continues) {
      if (fresh === null) {
        fresh = nextSuggestionId(doc);
        createSuggestion(doc, member, { id: fresh, kind: 'insert' });
        noteWriting(doc, fresh, false);
      }
      const key = suggestionMarkKey('suggestion_insert', fresh);
      before[key] = { id: fresh };
      after[key] = null;
    }
    const content = item.content;
    const cursor = new TextCursor(transaction, text, item, attributes);
    cursor.insertBetweenFormats(content instanceof Y.ContentString ? content.str : ((content as Y.ContentEmbed).embed as Record<string, unknown>), before, after);
    item.delete(transaction);
  }
}

/** Restored items carrying a mark of hers, in text order, with the formatting in effect at each. */
function restoredRuns(text: Y.Text, isRestored: (item: Y.Item) => boolean, isHers: (id: string) => boolean): Restored[] {
  const found: Restored[] = [];
  const attributes = new Map<string, unknown>();
  for (let item = internals(text)._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentFormat) {
      applyFormat(attributes, item.content);
      continue;
    }
    if (!isRestored(item)) continue;
    const marks = new Map<string, { id: string }>();
    for (const [key, value] of attributes) {
      const id = (value as { id?: unknown } | null)?.id;
      if (markName(key) === 'suggestion_insert' && typeof id === 'string' && isHers(id)) marks.set(key, { id });
    }
    if (marks.size > 0) found.push({ item, attributes: new Map(attributes), marks });
  }
  return found;
}

/**
 * The formatting in effect at the first live words (or block marker) after
 * `item` that were not restored too, or at the end of the text: what her
 * copy shows right after the restored run.
 */
function attributesOfNextWords(item: Y.Item, at: ReadonlyMap<string, unknown>, isRestored: (item: Y.Item) => boolean): Map<string, unknown> {
  const attributes = new Map(at);
  for (let next = item.right; next !== null; next = next.right) {
    if (next.deleted) continue;
    if (next.content instanceof Y.ContentFormat) applyFormat(attributes, next.content);
    else if (!isRestored(next)) return attributes;
  }
  return new Map();
}

/** Text or an inline embed; block markers carry their suggestion in a field of their own, and block-end sentinels are no words. */
function isWords(item: Y.Item): boolean {
  return (item.content instanceof Y.ContentString && !/^\u2063+$/.test(item.content.str)) || item.content instanceof Y.ContentEmbed;
}

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
 * its own), each restored item that carries a suggestion mark of hers is
 * written again right behind itself, between format items of its own
 * (`TextCursor.insertBetweenFormats`), and the restored copy is deleted.
 * The format items use an attribute key of their own for the same
 * suggestion (value `{ id }`, as the mark's; the key is the mark key of the
 * id and the restored item's Yjs id): nobody else has formatting under that
 * key, so its end item ends nothing else on any copy, and its start item
 * marks exactly these words on every copy. (With the suggestion's own key,
 * an end item takes her mark off whatever follows on a copy where the
 * suggestion's formatting reaches further, and a mark without an end
 * spreads over the owner's words where it was decided: the 1,000-seed soak
 * found both.) The editor reads both keys as the one mark; decisions,
 * extents and the server's rules go by the value's id.
 *
 * If a colleague decided the suggestion meanwhile, its id is in the text
 * again on every copy: pending again (suggestions.ts, rule 4), with only
 * the words she took back.
 * Restored words that her copy shows without a mark of hers get the
 * suggestion they were written under, where that is certain
 * (`originalSuggestion`): a colleague accepted it while she, offline,
 * withdrew it or deleted the words, and the accept's item ending the mark
 * lies right before them; Yjs puts the restored copy behind it, plain on
 * every copy (fuzz seeds 2114, 2408: the server refused her undo).
 * Other restored words without a mark of hers (a direct edit of the owner,
 * undone in Föreslå) are left as they are: nothing to suggest them under.
 */
import * as Y from 'yjs';
import type { Member } from '../plan/member.ts';
import { markName, suggestionIdOf, suggestionRunKey } from '../chapter-text/text-attributes.ts';
import { applyFormat, TextCursor, internals } from '../chapter-text/text-cursor.ts';
import { entryIsBy, noteWriting, suggestionsMap, writtenUnder } from './suggestions.ts';

interface Restored {
  readonly item: Y.Item;
  /** The formatting in effect at it. */
  readonly attributes: Map<string, unknown>;
  /** The ids of her own suggestions whose insertion mark it carries. */
  readonly marks: ReadonlySet<string>;
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
  const isHers = (id: string): boolean => entryIsBy(suggestionsMap(doc).get(id), member.memberId);
  const restored = restoredRuns(text, isRestored, isHers, (item) => originalSuggestion(doc, item, isHers));
  for (const { item, attributes, marks } of restored) {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const id of marks) {
      // Her other clients may have written the suggestion so far.
      noteWriting(doc, id, false);
      const key = suggestionRunKey('suggestion_insert', id, item.id.client, item.id.clock);
      before[key] = { id };
      after[key] = null;
    }
    const content = item.content;
    const cursor = new TextCursor(transaction, text, item, attributes);
    const copy = cursor.insertBetweenFormats(content instanceof Y.ContentString ? content.str : ((content as Y.ContentEmbed).embed as Record<string, unknown>), before, after);
    item.delete(transaction);
    // The copy stands for the restored item in the undo history, as Yjs'
    // own redone items do (yjs redoItem: `redone`, kept from garbage
    // collection): a later undo of the typing that first wrote these words
    // follows `redone` to the copy and deletes it.
    item.redone = copy.id;
    copy.keep = true;
  }
}

/** Restored items carrying a mark of hers (or, without one, written under a suggestion of hers: `written`), in text order, with the formatting in effect at each. */
function restoredRuns(text: Y.Text, isRestored: (item: Y.Item) => boolean, isHers: (id: string) => boolean, written: (item: Y.Item) => string | null): Restored[] {
  const found: Restored[] = [];
  const attributes = new Map<string, unknown>();
  for (let item = internals(text)._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentFormat) {
      applyFormat(attributes, item.content);
      continue;
    }
    if (!isRestored(item)) continue;
    const marks = new Set<string>();
    for (const [key, value] of attributes) {
      const id = suggestionIdOf(value);
      if (markName(key) === 'suggestion_insert' && id !== null && isHers(id)) marks.add(id);
    }
    if (marks.size === 0) {
      const id = written(item);
      if (id !== null) marks.add(id);
    }
    if (marks.size > 0) found.push({ item, attributes: new Map(attributes), marks });
  }
  return found;
}

/**
 * The suggestion of hers that the words `restored` gives back were written
 * under, or null. The original is the deleted item Yjs copied (its
 * `redone`; the copy's right origin). Its suggestion is the nearest
 * insertion mark of hers opened before it in its block, past items that
 * set such a mark to null written by other clients (a decision taking the
 * mark off: an accept, whose words her withdrawal deleted at the same
 * moment), but not past one her own client wrote under that key (her
 * editor ended the mark before these words); and her client must have
 * written the original under that suggestion (the entry's `writers`).
 */
function originalSuggestion(doc: Y.Doc, restored: Y.Item, isHers: (id: string) => boolean): string | null {
  const origin = restored.rightOrigin;
  const original = origin === null ? null : Y.getItem(doc.store, origin);
  if (!(original instanceof Y.Item) || original.redone === null || !Y.compareIDs(original.redone, restored.id)) return null;
  const ended = new Set<string>();
  for (let item = original.left; item !== null; item = item.left) {
    const content = item.content;
    // A block marker: the original's block starts here.
    if (content instanceof Y.ContentType) return null;
    if (item.deleted || !(content instanceof Y.ContentFormat) || markName(content.key) !== 'suggestion_insert' || ended.has(content.key)) continue;
    const id = suggestionIdOf(content.value);
    if (id === null) {
      if (item.id.client === original.id.client) ended.add(content.key);
      continue;
    }
    return isHers(id) && writtenUnder(doc, id, original.id) ? id : null;
  }
  return null;
}

/** Text or an inline embed; block markers carry their suggestion in a field of their own, and block-end sentinels are no words. */
function isWords(item: Y.Item): boolean {
  return (item.content instanceof Y.ContentString && !/^\u2063+$/.test(item.content.str)) || item.content instanceof Y.ContentEmbed;
}

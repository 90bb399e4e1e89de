/**
 * Words a suggester types, written so that every copy shows them as her
 * suggestion (docs/decisions/suggestions.md, "Typing"; fuzz seed 265).
 *
 * Yjs writes no format item for a value that is in effect already where
 * words go in (TextCursor.insert does the same), so typed words take their
 * mark from a format item further left, by each copy's own items. Where
 * that is her own writing right before them (typing on in her suggestion),
 * every copy has it: the words are her suggestion everywhere, or accepted
 * with it if the owner accepted it meanwhile (§3). Where her copy shows her
 * mark there for another reason, the server's copy may not. Seed 265: Yjs
 * had dropped the items ending her mark on her copy, and a colleague's item
 * that put it back after his words then carried it over the owner's words,
 * on her copy only; she typed after one of them, and her words landed as
 * plain text in the owner's chapter, which the server refused.
 *
 * So words whose mark is in effect already, and that do not follow her own
 * writing, are written between format items of their own, under an
 * attribute key of their own (`suggestionRunKey`, as restored-words.ts
 * does for words undo gives back): the start item marks exactly them on
 * every copy, and the end item ends nothing else. The editor reads either
 * key as the one mark; decisions, extents and the server's rules go by the
 * value's id. Typing on from them writes nothing more: her last word is
 * her own writing. The cost is two format items per such run of typing,
 * none per keystroke typed on (BENCHMARKS.md).
 *
 * "Her own writing right before them" is what the server's insertion rule
 * lets through on its own (chapter-text-rule.ts `continuesOwnSuggestions`):
 * the words' Yjs left origin is a character her clients wrote under her
 * suggestions (the entries' `writers`), or the format item that opens the
 * mark, past format items written in the same transaction.
 */
import * as Y from 'yjs';
import type { InlineWrite } from '../chapter-text/chapter-binding.ts';
import { equalAttributeValues, markName, suggestionIdOf, suggestionRunKey } from '../chapter-text/text-attributes.ts';
import { applyFormat, type TextCursor } from '../chapter-text/text-cursor.ts';
import { entryIsBy, memberWriting, suggestionsMap, writtenUnder } from './suggestions.ts';

/**
 * The binding's inline write (ChapterBinding.writeTransaction `writeInline`)
 * for `memberId` writing in `doc` in Föreslå. Call it for each write, after
 * the write's own `noteWriting`: it reads her writing once, when first
 * needed.
 */
export function typedWordsWriter(doc: Y.Doc, memberId: string): InlineWrite {
  let bound: ReadonlyMap<number, number> | null = null;
  // Typing on in one suggestion, the character before is that suggestion's
  // own writing: one lookup in its entry, not a walk over every entry
  // (memberWriting), on every keystroke. The suggestion's bound is never
  // below hers, so this answers as the rule's bound does.
  const hers = (item: Y.Item, id: string): boolean => {
    if (entryIsBy(suggestionsMap(doc).get(id), memberId) && writtenUnder(doc, id, item.id)) return true;
    return item.id.clock >= ((bound ??= memberWriting(doc, memberId)).get(item.id.client) ?? Number.POSITIVE_INFINITY);
  };
  return (cursor, content, attributes) => {
    let written: Record<string, unknown> | null = null;
    for (const [key, value] of Object.entries(attributes)) {
      const id = suggestionIdOf(value);
      if (markName(key) !== 'suggestion_insert' || id === null) continue;
      const ofHerMark = (effect: ReadonlyMap<string, unknown>): [string, unknown][] => [...effect].filter(([k, v]) => markName(k) === 'suggestion_insert' && suggestionIdOf(v) === id);
      let inEffect = ofHerMark(cursor.attributes);
      // Where her mark is not in effect, TextCursor.insert writes the item
      // that opens it right before the words, unless that item is among
      // the format items right after the cursor (typing at the start of her
      // suggested words): it moves past them, and the words take her mark
      // from them, as where it is in effect. Past her struck mark's end
      // item, written with them, they follow no writing the server counts
      // as hers; an accept then left them plain, refused (fuzz seed 496).
      if (inEffect.length === 0) inEffect = ofHerMark(whereInserted(cursor, attributes));
      if (inEffect.length === 0) continue;
      // The keys that give her mark here stay as they are, whichever they
      // are: typing on inside words under a key of their own neither ends
      // that key nor opens the suggestion's own.
      written ??= { ...attributes };
      if (!inEffect.some(([k]) => k === key)) delete written[key];
      for (const [k, v] of inEffect) written[k] = v;
      if (followsOwnWriting(cursor, written, id, hers)) continue;
      // A key of its own gives her mark to the words on every copy.
      const doc = cursor.transaction.doc;
      written[suggestionRunKey('suggestion_insert', id, doc.clientID, Y.getState(doc.store, doc.clientID))] = value;
    }
    cursor.insert(content, (written ?? attributes) as Readonly<Record<string, unknown>>);
  };
}

/** The formatting in effect where TextCursor.insert puts words with `attributes`: past the format items it moves over first. */
function whereInserted(cursor: TextCursor, attributes: Readonly<Record<string, unknown>>): Map<string, unknown> {
  const effect = new Map(cursor.attributes);
  for (const item of cursor.formatsPassedBy(attributes)) applyFormat(effect, item.content as Y.ContentFormat);
  return effect;
}

/**
 * Whether words inserted at `cursor` with `attributes` get a Yjs left origin
 * that is her own writing, or the item opening mark `id`: where
 * TextCursor.insert puts them, past the format items that already give
 * the wanted values.
 */
function followsOwnWriting(cursor: TextCursor, attributes: Readonly<Record<string, unknown>>, id: string, hers: (item: Y.Item, id: string) => boolean): boolean {
  let left = cursor.left;
  for (let right = cursor.right; right !== null && !right.deleted && right.content instanceof Y.ContentFormat; right = right.right) {
    if (!equalAttributeValues(attributes[right.content.key] ?? null, right.content.value)) break;
    left = right;
  }
  const transaction = cursor.transaction;
  const added = (item: Y.Item): boolean => item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
  while (left !== null) {
    if (!(left.content instanceof Y.ContentFormat)) return hers(left, id);
    if (markName(left.content.key) === 'suggestion_insert') return suggestionIdOf(left.content.value) === id;
    if (!added(left)) return false;
    const origin = left.origin === null ? null : Y.getItem(transaction.doc.store, left.origin);
    left = origin instanceof Y.Item ? origin : null;
  }
  return false;
}


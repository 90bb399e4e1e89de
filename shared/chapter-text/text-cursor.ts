/**
 * A position in a Y.Text, reached from a known item instead of an index,
 * with the text operations Yjs performs at a position.
 *
 * Why not `Y.Text.insert(index, …)`: once a Y.Text holds formatting, Yjs
 * finds an index by walking every item from the start of the text (search
 * markers are switched off with formatting, yjs src/types/YText.js
 * findPosition). A chapter is one Y.Text, so that walk costs about 75 µs per
 * keystroke on a 700-paragraph chapter (measured here on Node 24). The
 * binding knows each block's marker item, so it starts from there and walks
 * one block at most.
 *
 * `insert` and `delete` are ports of Yjs 13.6's insertText and deleteText
 * (src/types/YText.js, MIT, Kevin Jahns), which are not exported; they
 * create the same items with the same origins, so the result is what
 * `Y.Text.insert` would have made at that index. Keep them in step with
 * Yjs when upgrading it. Except: `insert` writes the items ending the
 * words' formatting right behind them, not past deleted content
 * (`#insertNegatedAttributes`), and `format` writes what formatText would,
 * but deletes no format item (below).
 *
 * The caller switches the text's search markers off (`disableSearchMarkers`)
 * before using a cursor: Yjs keeps them in step only for its own index
 * operations.
 */
import * as Y from 'yjs';
import { equalAttributeValues } from './text-attributes.ts';

type Item = Y.Item;

/** Yjs' internals that this module uses and the typings do not declare. */
interface TextInternals {
  _start: Item | null;
  _searchMarker: unknown[] | null;
}

export function internals(text: Y.Text): TextInternals {
  return text as unknown as TextInternals;
}

export function disableSearchMarkers(text: Y.Text): void {
  internals(text)._searchMarker = null;
}

/**
 * A block's start sentinel: two invisible characters, deleted as written.
 * Its length tells it from an end sentinel (one character) once Yjs has
 * dropped deleted content; its right origin is the marker it starts.
 */
const START_SENTINEL = '\u2063\u2063';

/** The start sentinel of the block `marker` begins, among the deleted and formatting items right before it; null for a block written without one. */
function startSentinelOf(marker: Item): Item | null {
  for (let item = marker.left; item !== null && (item.deleted || item.content instanceof Y.ContentFormat); item = item.left) {
    if (isStartSentinel(item) && Y.compareIDs(item.rightOrigin, marker.id)) return item;
  }
  return null;
}

/** Whether `item` is a block's start sentinel (`insertMarker`): deleted, two characters long, written right before a marker. */
export function isStartSentinel(item: Item): boolean {
  const doc = item.parent instanceof Y.AbstractType ? item.parent.doc : null;
  if (!item.deleted || item.length !== START_SENTINEL.length || item.rightOrigin === null || doc === null) return false;
  const right = Y.getItem(doc.store, item.rightOrigin);
  return right instanceof Y.Item && right.content instanceof Y.ContentType && right.content.type instanceof Y.Map;
}

export class TextCursor {
  left: Item | null;
  right: Item | null;
  /** The formatting attributes in effect at this position. */
  readonly attributes: Map<string, unknown>;

  readonly transaction: Y.Transaction;
  readonly text: Y.Text;

  constructor(transaction: Y.Transaction, text: Y.Text, left: Item | null, attributes: ReadonlyMap<string, unknown>) {
    this.transaction = transaction;
    this.text = text;
    this.left = left;
    this.right = left === null ? internals(text)._start : left.right;
    this.attributes = new Map(attributes);
  }

  forward(): void {
    const right = this.right;
    if (right === null) throw new Error('TextCursor moved past the end of the text');
    if (!right.deleted && right.content instanceof Y.ContentFormat) applyFormat(this.attributes, right.content);
    this.left = right;
    this.right = right.right;
  }

  /** Moves over `count` characters or embeds (formats and deleted items do not count). */
  skip(count: number): void {
    while (this.right !== null && count > 0) {
      const right = this.right;
      if (!right.deleted) {
        if (right.content instanceof Y.ContentFormat) applyFormat(this.attributes, right.content);
        else {
          if (count < right.length) Y.getItemCleanStart(this.transaction, Y.createID(right.id.client, right.id.clock + count));
          count -= right.length;
        }
      }
      this.left = right;
      this.right = right.right;
    }
    if (count > 0) throw new Error(`TextCursor: ${count} characters beyond the end of the text`);
  }

  /**
   * Inserts text, an embed (a JSON object) or a Y type, formatted with
   * exactly `attributes`: keys in effect here but absent from `attributes`
   * are ended for the inserted content.
   */
  insert(content: string | Record<string, unknown> | Y.Map<unknown>, attributes: Readonly<Record<string, unknown>>): void {
    const wanted: Record<string, unknown> = { ...attributes };
    for (const key of this.attributes.keys()) if (wanted[key] === undefined) wanted[key] = null;
    this.#minimizeAttributeChanges(wanted);
    const negated = this.#insertAttributes(wanted);
    const itemContent =
      typeof content === 'string'
        ? new Y.ContentString(content)
        : content instanceof Y.Map
          ? new Y.ContentType(content as unknown as Y.AbstractType<unknown>)
          : new Y.ContentEmbed(content);
    this.right = this.#integrate(itemContent);
    this.forward();
    this.#insertNegatedAttributes(negated);
  }

  /**
   * Deletes `count` characters or embeds from here; formats stay (a
   * colleague may be typing between them: text-decisions.ts). Returns the
   * deleted Y types (block markers) in order.
   */
  delete(count: number): Y.Map<unknown>[] {
    const deletedTypes: Y.Map<unknown>[] = [];
    while (count > 0 && this.right !== null) {
      const right = this.right;
      if (!right.deleted && !(right.content instanceof Y.ContentFormat)) {
        if (count < right.length) Y.getItemCleanStart(this.transaction, Y.createID(right.id.client, right.id.clock + count));
        count -= right.length;
        if (right.content instanceof Y.ContentType && right.content.type instanceof Y.Map) deletedTypes.push(right.content.type as Y.Map<unknown>);
        right.delete(this.transaction);
      }
      this.forward();
    }
    if (count > 0) throw new Error(`TextCursor: cannot delete ${count} characters beyond the end of the text`);
    return deletedTypes;
  }

  /**
   * Sets (value) or removes (null) attributes on the next `count`
   * characters, deleting no format item: one right before them for each
   * attribute whose value in effect differs, one right after each format
   * item among them that sets another value, and one right after them
   * giving the content that follows the value it had, where that differs.
   *
   * Why not Yjs' formatText (which this once ported): it deletes the format
   * items of the same attributes it passes, among them the item that ends a
   * colleague's mark right after the range. On a copy where the colleague's
   * concurrent item starting that mark lies between (he bolded the same
   * words at the same moment), deleting his end item spread his bold over
   * the words after: a suggester's format suggestion did that on the
   * server's copy (fuzz seed 126), as a decision did before
   * `formatExactly` (seeds 618, 748, 808).
   */
  format(count: number, attributes: Readonly<Record<string, unknown>>): void {
    const keys = Object.keys(attributes);
    // What the words would have without this change, per attribute: what to give back after them.
    const underlying = new Map(keys.map((key) => [key, this.attributes.get(key) ?? null]));
    // Past the format items right before the first character (a suggestion's
    // mark that opens there): a colleague's words typed at the same place at
    // the same moment go before those items on every copy, and so stay out
    // of this formatting (fuzz seed 293). Not past deleted text: words typed
    // among it would get other formatting written with this one (a link
    // over her own words and the owner's, its format suggestion on the
    // owner's only) without the rest (seed 27).
    while (count > 0 && this.right !== null && !this.right.deleted && this.right.content instanceof Y.ContentFormat) {
      const { key, value } = this.right.content;
      if (underlying.has(key)) underlying.set(key, value);
      this.forward();
    }
    for (const key of keys) this.#set(key, attributes[key] ?? null);
    while (count > 0 && this.right !== null) {
      const right = this.right;
      if (!right.deleted && right.content instanceof Y.ContentFormat && underlying.has(right.content.key)) {
        const { key, value } = right.content;
        underlying.set(key, value);
        this.forward();
        this.#set(key, attributes[key] ?? null);
        continue;
      }
      if (!right.deleted && !(right.content instanceof Y.ContentFormat)) {
        if (count < right.length) Y.getItemCleanStart(this.transaction, Y.createID(right.id.client, right.id.clock + count));
        count -= right.length;
      }
      this.forward();
    }
    if (count > 0) throw new Error(`TextCursor: cannot format ${count} characters beyond the end of the text`);
    // What follows: the words' own values, and the format items between them and the next content.
    const following = new Map(underlying);
    let item = this.right;
    for (; item !== null && (item.deleted || item.content instanceof Y.ContentFormat); item = item.right) {
      if (!item.deleted && following.has((item.content as Y.ContentFormat).key)) following.set((item.content as Y.ContentFormat).key, (item.content as Y.ContentFormat).value);
    }
    // At the end of the text nothing follows to give anything back to.
    if (item === null) return;
    for (const key of keys) this.#set(key, following.get(key) ?? null);
  }

  /** Writes a format item for `key` here, unless `value` is in effect already; returns whether it wrote one. */
  #set(key: string, value: unknown): boolean {
    if (equalAttributeValues(this.attributes.get(key) ?? null, value)) return false;
    this.right = this.#integrate(new Y.ContentFormat(key, value as object));
    this.forward();
    return true;
  }

  /**
   * Sets (value) or removes (null) attributes on exactly the next `count`
   * characters, which must start right here (the cursor's right item): a
   * format item right before them for each attribute whose value in effect
   * differs, and one right after them for each attribute whose value the
   * content after them had, where that differs. Unlike `format` it moves
   * over no format item before them, and what it gives back after them
   * stops at deleted content.
   *
   * Why: Yjs' formatText deletes the format items it passes with the same
   * key, an end item after the range included. On a copy where a
   * colleague's format item for that key lies between the range and that
   * end item (a mark he put back after his own words), deleting the end
   * item spreads the mark over the words after it, the owner's words too:
   * a suggester's withdrawal did that on the server's copy (fuzz seeds 618,
   * 748, 808). (`format` no longer deletes either.)
   *
   * `giveBack` says which changed keys get their value given back after
   * the range (all by default; text-decisions.ts leaves a withdrawn
   * suggestion's mark out).
   */
  formatExactly(count: number, attributes: Readonly<Record<string, unknown>>, giveBack: (key: string) => boolean = () => true): void {
    const before = new Map(this.attributes);
    const changed: string[] = [];
    for (const [key, value] of Object.entries(attributes)) if (this.#set(key, value)) changed.push(key);
    this.skip(count);
    // What the content after the range had: the formatting at the range as
    // it was, and the format items between the range and that content.
    // Deleted content counts as content: words a colleague types among it
    // at the same moment (its author typing on inside a suggestion a
    // reject deletes around words it only unmarks) land after the item
    // given back here, and keep the formatting they were typed with (fuzz
    // seed 2906); content after the deleted keeps its own as before.
    const following = before;
    let item = this.right;
    for (; item !== null && !item.deleted && item.content instanceof Y.ContentFormat; item = item.right) applyFormat(following, item.content);
    // At the end of the text nothing follows to give anything back to.
    if (item === null) return;
    for (const key of changed) if (giveBack(key)) this.#set(key, following.get(key) ?? null);
  }

  /**
   * Inserts text or an embed between format items of its own: one for
   * each key of `before` right before it, one for each key of `after`
   * right behind it, whether or not the value is in effect here already.
   * Keys in effect here and in neither stay in effect for the content.
   *
   * Why: `insert` (and Yjs) writes no format item for a value already in
   * effect, so the content takes that value from a format item further
   * left, which a colleague may be removing at the same time (an accept of
   * the suggestion it marks); on her copy the content lands unformatted.
   * Written here with the cursor's left neighbour new in this same
   * transaction (nothing a colleague wrote can follow it), the items and the
   * content are neighbours on every copy, and the content has `before` on
   * every copy.
   */
  insertBetweenFormats(content: string | Record<string, unknown>, before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): Item {
    for (const [key, value] of Object.entries(before)) {
      this.right = this.#integrate(new Y.ContentFormat(key, value as object));
      this.forward();
    }
    const item = this.#integrate(typeof content === 'string' ? new Y.ContentString(content) : new Y.ContentEmbed(content));
    this.right = item;
    this.forward();
    for (const [key, value] of Object.entries(after)) {
      this.right = this.#integrate(new Y.ContentFormat(key, value as object));
      this.forward();
    }
    return item;
  }

  #integrate(content: Y.ContentString | Y.ContentEmbed | Y.ContentType | Y.ContentFormat): Item {
    const doc = this.transaction.doc;
    const client = doc.clientID;
    const left = this.left;
    const right = this.right;
    const item = new Y.Item(Y.createID(client, Y.getState(doc.store, client)), left, left && left.lastId, right, right && right.id, this.text, null, content);
    item.integrate(this.transaction, 0);
    return item;
  }

  /**
   * Moves over formats that already give the wanted value. Unlike Yjs, text
   * does not move over deleted items: a block's end sentinel (a deleted item
   * before the next marker, see `insertMarker`) must stay to the right of
   * text typed at the end of the block.
   */
  #minimizeAttributeChanges(attributes: Readonly<Record<string, unknown>>): void {
    for (let passed = this.formatsPassedBy(attributes).length; passed > 0; passed--) this.forward();
  }

  /**
   * The format items right of the cursor that an insert with `attributes`
   * moves past before it writes (`#minimizeAttributeChanges`): those that
   * already give the wanted value (a key `attributes` lacks is wanted
   * null), up to the first other item.
   */
  formatsPassedBy(attributes: Readonly<Record<string, unknown>>): Y.Item[] {
    const passed: Y.Item[] = [];
    for (let right = this.right; right !== null && !right.deleted && right.content instanceof Y.ContentFormat; right = right.right) {
      if (!equalAttributeValues(attributes[right.content.key] ?? null, right.content.value)) break;
      passed.push(right);
    }
    return passed;
  }

  /**
   * Inserts a block marker so that its block starts here, keeping every
   * block end marked by a sentinel: a deleted item, invisible and counted
   * nowhere, that sits before each marker and at the end of the text; and
   * every new block's start marked by a start sentinel right before its
   * marker.
   *
   * Why the end sentinel: text typed at the end of a block and a block
   * inserted after it are otherwise concurrent inserts with the same left
   * neighbour, which Yjs orders by client id — so a colleague's words at the
   * end of a paragraph would land in a new table row or paragraph half of
   * the time (scenario 13 of the merge-intent tests). With the sentinel, the
   * typed text goes before it (its right origin) and the new block after it
   * (its left origin).
   *
   * Why the start sentinel: two new blocks at one boundary are the same
   * race, one level up. A block that ends the block before it (Enter at the
   * end of a table cell's paragraph, reached from inside that block) goes
   * before the next block's start sentinel; one that starts the next block
   * (a new first cell of the next row, a new row, Enter at the start of the
   * next block: reached from before its marker) goes after it. Otherwise the
   * paragraph added to the last cell of a row and a colleague's new cell or
   * row there were ordered by client id, and half the time her paragraph
   * became a row of its own (merge-intent scenario 15). Blocks written before
   * start sentinels existed have none, and order as before.
   */
  insertMarker(marker: Y.Map<unknown>): void {
    let ahead = this.right;
    while (ahead !== null && (ahead.deleted || ahead.content instanceof Y.ContentFormat)) ahead = ahead.right;
    const atBlockEnd = ahead === null || (ahead.content instanceof Y.ContentType && ahead.content.type instanceof Y.Map);
    if (atBlockEnd) {
      // After the ending block's sentinel, before the next block's start sentinel; the new block gets its own.
      const stop = ahead === null ? null : startSentinelOf(ahead);
      while (this.right !== null && this.right !== ahead && this.right !== stop) this.forward();
      this.insert(marker, {});
      // The new block's content goes between its marker and its sentinel.
      this.insertSentinel(true);
    } else {
      this.insertSentinel();
      this.insert(marker, {});
    }
    this.#insertStartSentinel(marker);
  }

  /** The start sentinel right before `marker` (a deleted item just left of it, of its own length). */
  #insertStartSentinel(marker: Y.Map<unknown>): void {
    const markerItem = marker._item;
    if (markerItem === null) return;
    const doc = this.transaction.doc;
    const client = doc.clientID;
    const left = markerItem.left;
    const item = new Y.Item(Y.createID(client, Y.getState(doc.store, client)), left, left && left.lastId, markerItem, markerItem.id, this.text, null, new Y.ContentString(START_SENTINEL));
    item.integrate(this.transaction, 0);
    item.delete(this.transaction);
  }

  /** A deleted character: a stable position that no text is typed after. */
  insertSentinel(stayBefore = false): void {
    const item = this.#integrate(new Y.ContentString('\u2063'));
    this.right = item;
    if (!stayBefore) this.forward();
    item.delete(this.transaction);
  }

  #insertAttributes(attributes: Readonly<Record<string, unknown>>): Map<string, unknown> {
    const negated = new Map<string, unknown>();
    for (const key in attributes) {
      const value = attributes[key];
      const current = this.attributes.get(key) ?? null;
      if (!equalAttributeValues(current, value)) {
        negated.set(key, current);
        this.right = this.#integrate(new Y.ContentFormat(key, value as object));
        this.forward();
      }
    }
    return negated;
  }

  #insertNegatedAttributes(negated: Map<string, unknown>): void {
    // Not past deleted content, as Yjs' insertText goes: words a colleague
    // typed before that content at the same moment (on her copy it was
    // still there) would come between these words and the items ending
    // their formatting, and get it (fuzz seed 959: the owner's words got a
    // suggester's mark, which the server refused).
    while (this.right !== null && !this.right.deleted && this.right.content instanceof Y.ContentFormat && equalAttributeValues(negated.get(this.right.content.key), this.right.content.value)) {
      negated.delete(this.right.content.key);
      this.forward();
    }
    for (const [key, value] of negated) {
      this.right = this.#integrate(new Y.ContentFormat(key, value as object));
      this.forward();
    }
  }
}

/**
 * Calls `visit` for every live content item of the text in order (text,
 * embeds, block markers), with the formatting in effect at it; format items
 * are applied, not visited. The map is the walk's own and changes as it goes.
 */
export function forEachContent(text: Y.Text, visit: (item: Item, attributes: ReadonlyMap<string, unknown>) => void): void {
  const attributes = new Map<string, unknown>();
  for (let item = internals(text)._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentFormat) applyFormat(attributes, item.content);
    else visit(item, attributes);
  }
}

export function applyFormat(attributes: Map<string, unknown>, format: Y.ContentFormat): void {
  if (format.value === null) attributes.delete(format.key);
  else attributes.set(format.key, format.value);
}

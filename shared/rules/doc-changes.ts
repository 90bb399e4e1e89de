/**
 * What one update changed in a document, as the rules (shared/rules/) read
 * it: applied to a copy of the document inside one Yjs transaction, the
 * transaction's events say which maps gained, changed or lost which keys
 * (with the old values) and which arrays gained or lost which entries.
 *
 * Why events and not a before/after comparison: Yjs computes them anyway,
 * they name exactly the types the update touched (a keystroke in a
 * 100-page chapter is one text event, not a walk over the chapter), and a
 * map event keeps every overwritten value, so "who wrote this message" is
 * read from what was there before the update, not from what it claims.
 *
 * A type created by the update is reported once, as the value added to its
 * parent, with its content as the update built it; the rules read it whole.
 */
import * as Y from 'yjs';
import { equalAttributeValues } from '../chapter-text/text-attributes.ts';

/** Any shared type, as Yjs types its roots. */
type YType = Y.Doc['share'] extends Map<string, infer T> ? T : never;

export interface MapChange {
  readonly kind: 'map';
  /** The root the map lives under ('threads', 'chapters', …). */
  readonly root: string;
  readonly map: Y.Map<unknown>;
  /** Keys and indices from the root to `map`. */
  readonly path: readonly (string | number)[];
  readonly key: string;
  readonly action: 'add' | 'update' | 'delete';
  readonly oldValue: unknown;
  /** Undefined when deleted. */
  readonly newValue: unknown;
}

export interface ArrayChange {
  readonly kind: 'array';
  readonly root: string;
  readonly array: Y.Array<unknown>;
  readonly path: readonly (string | number)[];
  readonly inserted: readonly unknown[];
  /** How many entries that existed before the update it deleted. */
  readonly deleted: number;
}

/** A change in text or XML (the chapter text, the old schema's tree): the chapter-text rule's to judge. */
export interface TextChange {
  readonly kind: 'text';
  readonly root: string;
  readonly event: Y.YEvent<YType>;
  /**
   * For a Y.Text that lost content: what the deleted content was, with the
   * formatting it had before the update. Read while the transaction ends,
   * because Yjs then replaces deleted content (and deleted formatting) with
   * placeholders; the chapter-text rule needs to know whose words went.
   */
  readonly deleted?: readonly DeletedRun[];
  /**
   * For a Y.Text whose formatting the update touched (it added or deleted a
   * formatting item): the content that existed before the update and still
   * exists (words and inline embeds: a block marker's formatting shows
   * nowhere), whose formatting differs, with its attributes before and after.
   * Compared value by value: Yjs' delta lists an attribute as set to null
   * where a deleted formatting item changed nothing.
   */
  readonly reformatted?: readonly ReformattedRun[];
  /**
   * With `reformatted`: the formatting items of the text that the update
   * deleted, with their content, which Yjs replaces with placeholders once
   * the transaction ends (a rule that reads the formatting as it was before
   * the update needs them).
   */
  readonly formatsDeleted?: ReadonlyMap<Y.Item, Y.ContentFormat>;
  /**
   * For a block marker (a Y.Map in the text) whose fields the update wrote:
   * each field it set, with the value set and the value its writer's copy
   * showed there (the write's origin), and each field it deleted. Yjs keeps
   * the last of concurrent writes to a key, so the map event alone misses a
   * write that lost to a colleague's and reports, as replaced, a colleague's
   * value the writer never saw.
   */
  readonly fields?: ReadonlyMap<string, FieldWrite>;
}

/** One field of a block marker as an update wrote it. `seen` is undefined where the writer's copy had no value, or where this copy cannot tell (`seenKnown`). */
export interface FieldWrite {
  readonly seen: unknown;
  /**
   * False where the item her write replaced (its origin) was deleted on
   * this copy before the update: a colleague's concurrent write replaced it
   * or a decision deleted it, and whether her copy still showed its value
   * (which Yjs has discarded here) cannot be told.
   */
  readonly seenKnown: boolean;
  /** The Yjs id of the item that held the value she saw (her write's origin, or the item she deleted): who wrote that value. */
  readonly seenIn: Y.ID | null;
  /** Undefined when the update deleted the field. */
  readonly written: unknown;
}

/** Content whose formatting an update changed: one Yjs item, its attributes before and after the update. */
export interface ReformattedRun {
  readonly client: number;
  readonly clock: number;
  readonly length: number;
  readonly before: ReadonlyMap<string, unknown>;
  readonly after: ReadonlyMap<string, unknown>;
  /** For each attribute, the formatting item that sets (or ends) it at this content after the update, and before it. */
  readonly setBy: ReadonlyMap<string, Y.Item>;
  readonly setBefore: ReadonlyMap<string, Y.Item>;
}

/** Content an update deleted from a Y.Text: text or an embed, with its formatting before the update. */
export interface DeletedRun {
  /** The Yjs id of its first character: who wrote it (client) and when (clock). */
  readonly client: number;
  readonly clock: number;
  readonly length: number;
  readonly attributes: ReadonlyMap<string, unknown>;
  /** For a deleted block marker (an embedded Y.Map): its fields as they were. */
  readonly marker: ReadonlyMap<string, unknown> | null;
}

/** A change to a root the document kind does not have: no honest client writes one. */
export interface UnknownRootChange {
  readonly kind: 'unknown-root';
  readonly root: string;
}

export type DocChange = MapChange | ArrayChange | TextChange | UnknownRootChange;

/** The roots of each document kind and their types, so a copy instantiates them before the update arrives. */
export const DOC_ROOTS = {
  manifest: { meta: Y.Map, plan: Y.Map, chapters: Y.Map, sources: Y.Map, statusHistory: Y.Array },
  chapter: { meta: Y.Map, text: Y.Text, threads: Y.Map, suggestions: Y.Map, prosemirror: Y.XmlFragment },
  source: { meta: Y.Map, text: Y.Text, file: Y.Map },
} as const;

export type DocKind = keyof typeof DOC_ROOTS;

/** Gives `doc` the roots of `kind`, typed, so that their changes raise events. */
export function defineRoots(doc: Y.Doc, kind: DocKind): void {
  for (const [name, type] of Object.entries(DOC_ROOTS[kind])) doc.get(name, type as never);
}

/**
 * Runs `apply` (which applies an update to `doc`) and returns what it
 * changed. `doc` must have had `defineRoots` called for `kind`.
 *
 * `deletedText` also reads what a text lost (`TextChange.deleted`): a walk
 * over the whole text for every update that deletes, so only the
 * chapter-text rule's measurement asks for it; the server's guard does not
 * while that rule is not enforced (chapter-text-rule.ts).
 */
export function recordChanges(doc: Y.Doc, kind: DocKind, apply: () => void, options: { readonly deletedText?: boolean } = {}): DocChange[] {
  const changes: DocChange[] = [];
  const roots = new Map<YType, string>();
  for (const [name, type] of doc.share) roots.set(type, name);
  const known = new Set(Object.keys(DOC_ROOTS[kind]));
  // Reading a text event's delta (`describe`) makes Yjs delete formatting
  // items it finds redundant, in a transaction of its own on this copy
  // (YTextEvent.delta's clean-up): such as a colleague's item that the
  // sender's new item before it now repeats. That is this copy's doing,
  // not the sender's, and is not recorded (fuzz seeds 867 and 938 read it
  // as the suggester deleting a colleague's suggestion mark).
  let describing = false;
  const ownCleanUps = new WeakSet<Y.Transaction>();
  const starting = (transaction: Y.Transaction): void => {
    if (describing) ownCleanUps.add(transaction);
  };
  const listener = (transaction: Y.Transaction): void => {
    if (ownCleanUps.has(transaction)) return;
    describing = true;
    try {
      record(transaction);
    } finally {
      describing = false;
    }
  };
  const record = (transaction: Y.Transaction): void => {
    for (const type of transaction.changed.keys()) {
      const root = rootOf(type, roots);
      if (root === null || !known.has(root)) changes.push({ kind: 'unknown-root', root: root ?? '?' });
    }
    for (const [type, events] of transaction.changedParentTypes) {
      const root = roots.get(type);
      if (root === undefined || !known.has(root)) continue;
      for (const event of events) changes.push(...describe(root, type, event, options.deletedText === true));
    }
  };
  doc.on('beforeTransaction', starting);
  doc.on('afterTransaction', listener);
  try {
    apply();
  } finally {
    doc.off('afterTransaction', listener);
    doc.off('beforeTransaction', starting);
  }
  return changes;
}

function describe(root: string, rootType: YType, event: Y.YEvent<YType>, deletedText: boolean): DocChange[] {
  const target = event.target;
  // Yjs computes a text event's delta lazily, from the items as they are
  // then; once the transaction ends it has replaced deleted items' content
  // (deleted formatting included) with placeholders, and a change made by
  // deleting formatting items (Y.Text.format over a formatted run) would
  // read as no change at all. So read the delta now when anything was
  // deleted, for the callers that judge text (`deletedText`: the guard asks
  // for it only for members who may only suggest).
  if (deletedText && target instanceof Y.Text && event.transaction.deleteSet.clients.size > 0) void event.delta;
  if (deletedText && target instanceof Y.Text && (target as unknown) === rootType) {
    const deleted = event.transaction.deleteSet.clients.size > 0 ? deletedRuns(target, event.transaction) : undefined;
    const formatsDeleted = new Map<Y.Item, Y.ContentFormat>();
    const reformatted = touchesFormatting(target, event.transaction) ? reformattedRuns(target, event.transaction, formatsDeleted) : undefined;
    return [{ kind: 'text', root, event, ...(deleted === undefined ? {} : { deleted }), ...(reformatted === undefined ? {} : { reformatted, formatsDeleted }) }];
  }
  if (target instanceof Y.Text || target instanceof Y.XmlFragment || target instanceof Y.XmlElement || target instanceof Y.XmlText || rootType instanceof Y.Text || rootType instanceof Y.XmlFragment) {
    // A block marker's fields (a map in the text): Yjs computes which keys
    // changed only while the transaction ends, and the rules read them later.
    if (target instanceof Y.Map) {
      void event.keys;
      if (deletedText) return [{ kind: 'text', root, event, fields: fieldWrites(target as Y.Map<unknown>, event) }];
    }
    return [{ kind: 'text', root, event }];
  }
  const path = pathTo(rootType, target);
  if (target instanceof Y.Map) {
    return [...event.changes.keys].map(([key, { action, oldValue }]) => ({
      kind: 'map' as const,
      root,
      map: target,
      path,
      key,
      action,
      oldValue: oldValue as unknown,
      newValue: action === 'delete' ? undefined : target.get(key),
    }));
  }
  if (target instanceof Y.Array) {
    const inserted = [...event.changes.added].flatMap((item) => item.content.getContent() as unknown[]);
    const deleted = [...event.changes.deleted].reduce((sum, item) => sum + item.length, 0);
    return [{ kind: 'array', root, array: target as Y.Array<unknown>, path, inserted, deleted }];
  }
  return [{ kind: 'unknown-root', root }];
}

/**
 * The content `transaction` deleted from `text` that existed before it, with
 * the formatting in effect there before it: a walk over every item, applying
 * the format items that were live before the transaction.
 */
function deletedRuns(text: Y.Text, transaction: Y.Transaction): DeletedRun[] {
  const runs: DeletedRun[] = [];
  const attributes = new Map<string, unknown>();
  for (let item = (text as unknown as { _start: Y.Item | null })._start; item !== null; item = item.right) {
    const existed = item.id.clock < (transaction.beforeState.get(item.id.client) ?? 0);
    const deletedNow = item.deleted && Y.isDeleted(transaction.deleteSet, item.id);
    if (!existed || (item.deleted && !deletedNow)) continue;
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      if (content.value === null) attributes.delete(content.key);
      else attributes.set(content.key, content.value);
      continue;
    }
    if (!deletedNow) continue;
    let marker: Map<string, unknown> | null = null;
    if (content instanceof Y.ContentType && content.type instanceof Y.Map) {
      // The map's entries are deleted with it; their items still hold the values until the transaction ends.
      marker = new Map();
      for (const [key, entry] of (content.type as unknown as { _map: Map<string, Y.Item> })._map) marker.set(key, entry.content.getContent()[0]);
    }
    runs.push({ client: item.id.client, clock: item.id.clock, length: item.length, attributes: new Map(attributes), marker });
  }
  return runs;
}

/** Calls `visit` with every item `transaction` added (in order of client, then clock). */
export function forEachAdded(transaction: Y.Transaction, visit: (item: Y.Item) => void): void {
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = transaction.doc.store.clients.get(client) ?? [];
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i];
      if (struct instanceof Y.Item) visit(struct);
    }
  }
}

/**
 * The fields of `marker` that the event's transaction set (every item it
 * added to the map, the ones that lost to concurrent writes included) or
 * deleted, with what the writer's copy showed there: the value at the new
 * item's origin, or the deleted item's.
 */
function fieldWrites(marker: Y.Map<unknown>, event: Y.YEvent<YType>): Map<string, FieldWrite> {
  const transaction = event.transaction;
  const writes = new Map<string, FieldWrite>();
  const store = transaction.doc.store;
  forEachAdded(transaction, (item) => {
    if (item.parent !== marker || item.parentSub === null) return;
    const key = item.parentSub;
    const written = item.content.getContent().at(-1);
    // A second write to the field in the same update: she saw what she saw before the first.
    const earlier = writes.get(key);
    if (earlier !== undefined) {
      writes.set(key, { ...earlier, written });
      return;
    }
    const origin = item.origin === null ? null : Y.getItem(store, item.origin);
    // Her write deletes the item it replaces on her copy; one deleted here before her update held a value she may or may not still have seen. (Taking this copy's value instead judged her against a colleague's concurrent write she never saw: 80 of 1,000 fuzz seeds.)
    const gone = origin !== null && (!(origin instanceof Y.Item) || (origin.deleted && !Y.isDeleted(transaction.deleteSet, origin.id)));
    const seen = origin instanceof Y.Item && !gone ? origin.content.getContent().at(-1) : undefined;
    writes.set(key, { seen, seenKnown: !gone, seenIn: item.origin, written });
  });
  for (const [key, { action, oldValue }] of event.keys) {
    if (action === 'delete' && !writes.has(key)) writes.set(key, { seen: oldValue as unknown, seenKnown: true, seenIn: marker._map.get(key)?.id ?? null, written: undefined });
  }
  return writes;
}

/**
 * Whether `transaction` added or deleted a formatting item of `text`: only
 * then can content that was there before have changed its formatting. A
 * keystroke, even a suggester's (her mark in effect already), adds none.
 */
function touchesFormatting(text: Y.Text, transaction: Y.Transaction): boolean {
  const isFormat = (struct: Y.AbstractStruct): boolean => struct instanceof Y.Item && struct.parent === text && struct.content instanceof Y.ContentFormat;
  let found = false;
  forEachAdded(transaction, (item) => {
    found ||= isFormat(item);
  });
  if (found) return true;
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    found ||= isFormat(struct);
  });
  return found;
}

/**
 * The content that existed before `transaction` and still exists whose
 * formatting differs: one walk over the items with two attribute maps, the
 * formatting items live before the transaction and those live after it.
 * Read while the transaction ends, before Yjs replaces deleted formatting
 * items' content.
 */
function reformattedRuns(text: Y.Text, transaction: Y.Transaction, formatsDeleted: Map<Y.Item, Y.ContentFormat>): ReformattedRun[] {
  const runs: ReformattedRun[] = [];
  const before = new Map<string, unknown>();
  const after = new Map<string, unknown>();
  const setBy = new Map<string, Y.Item>();
  const setBefore = new Map<string, Y.Item>();
  let differs = false;
  for (let item = (text as unknown as { _start: Y.Item | null })._start; item !== null; item = item.right) {
    const existed = item.id.clock < (transaction.beforeState.get(item.id.client) ?? 0) && !(item.deleted && !Y.isDeleted(transaction.deleteSet, item.id));
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      if (existed && item.deleted) formatsDeleted.set(item, content);
      if (existed) {
        applyValue(before, content);
        setBefore.set(content.key, item);
      }
      if (!item.deleted) {
        applyValue(after, content);
        setBy.set(content.key, item);
      }
      differs = !sameAttributes(before, after);
      continue;
    }
    // Block markers' formatting shows nowhere (a block is its marker's fields): words and inline embeds only.
    if (differs && existed && !item.deleted && !(content instanceof Y.ContentDeleted) && !(content instanceof Y.ContentType && content.type instanceof Y.Map)) {
      runs.push({ client: item.id.client, clock: item.id.clock, length: item.length, before: new Map(before), after: new Map(after), setBy: new Map(setBy), setBefore: new Map(setBefore) });
    }
  }
  return runs;
}

function applyValue(attributes: Map<string, unknown>, format: Y.ContentFormat): void {
  if (format.value === null) attributes.delete(format.key);
  else attributes.set(format.key, format.value);
}

/** Whether two sets of formatting attributes are equal, value by value (Yjs' own equality). */
export function sameAttributes(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (!b.has(key) || !equalAttributeValues(value, b.get(key))) return false;
  return true;
}

function rootOf(type: YType, roots: ReadonlyMap<YType, string>): string | null {
  let current: YType | null = type;
  while (current !== null) {
    const name = roots.get(current);
    if (name !== undefined) return name;
    current = current.parent;
  }
  return null;
}

/** Map keys and array indices from `root` down to `target`. */
function pathTo(root: YType, target: YType): (string | number)[] {
  const path: (string | number)[] = [];
  let child: YType = target;
  while (child !== root && child._item !== null) {
    const item = child._item;
    const parent = item.parent as YType;
    if (item.parentSub !== null) path.unshift(item.parentSub);
    else path.unshift(parent instanceof Y.Array ? parent.toArray().indexOf(child) : -1);
    child = parent;
  }
  return path;
}

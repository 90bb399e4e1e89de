/**
 * The shape of a Yjs update: what it would build, summarised without a
 * document, so that the expensive part (decoding) can run where a hang is
 * harmless (the server's guard workers) and the cheap part (placing the
 * shape in the real document, doc-limits.ts) on the thread that owns the doc.
 *
 * The shape is plain data (structured-clone safe): the Y types the update
 * creates with where each one hangs, and the sizes that need no document.
 * Where a new type hangs is found inside the update first (an item without
 * an explicit parent takes its origin's parent, Yjs' own rule in
 * `Item.getMissing`), following origin chains iteratively: a typing trace
 * chains thousands of items and a nested attack chains ten thousand, and
 * neither may recurse.
 */
import * as Y from 'yjs';

/** Where a created type hangs, as far as the update itself tells. */
export type ParentRef =
  /** Directly under a root type (`doc.getText('text')`, `doc.getMap('threads')`). */
  | readonly ['root']
  /** Inside the type created by the item with this id (in this update or in the document). */
  | readonly ['type', number, number]
  /** Beside the item with this id (an origin outside the update): in that item's parent. */
  | readonly ['near', number, number]
  /** Nowhere: Yjs turns such an item into garbage on integration. */
  | readonly ['none'];

export interface CreatedType {
  readonly client: number;
  readonly clock: number;
  readonly parent: ParentRef;
}

export interface UpdateShape {
  /** Every Y type (map, array, text, XML node, embedded marker) the update creates. */
  readonly types: readonly CreatedType[];
  /** UTF-16 code units of text the update inserts: Y.Text strings plus strings inside JSON values. */
  readonly textLength: number;
  /** Deepest JSON value (map value, array element, embed, format attribute); a scalar is 0. */
  readonly valueDepth: number;
  /** Most containers in one block marker's `path` (shared/chapter-text/block-marker.ts). */
  readonly blockNesting: number;
}

/** The map key of a block marker that holds its containers, outermost first (block-marker.ts). */
const MARKER_PATH_KEY = 'path';

/** Summarises `updates` (Yjs v1) as one: ids in one may refer to items of another. Throws if one does not decode. */
export function summarizeUpdates(updates: readonly Uint8Array[]): UpdateShape {
  const items: Y.Item[] = [];
  const byClient = new Map<number, (Y.Item | Y.GC | Y.Skip)[]>();
  for (const update of updates) {
    for (const struct of Y.decodeUpdate(update).structs) {
      if (struct instanceof Y.Item) items.push(struct);
      const list = byClient.get(struct.id.client);
      if (list === undefined) byClient.set(struct.id.client, [struct]);
      else list.push(struct);
    }
  }
  for (const list of byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock);

  const find = (id: Y.ID): Y.Item | Y.GC | Y.Skip | undefined => {
    const list = byClient.get(id.client);
    if (list === undefined) return undefined;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const struct = list[middle]!;
      if (id.clock < struct.id.clock) high = middle - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = middle + 1;
      else return struct;
    }
    return undefined;
  };

  const parents = new Map<Y.Item, ParentRef>();
  const parentOf = (start: Y.Item): ParentRef => {
    const chain = new Set<Y.Item>();
    let item: Y.Item = start;
    let ref: ParentRef;
    for (;;) {
      const known = parents.get(item);
      if (known !== undefined) {
        ref = known;
        break;
      }
      chain.add(item);
      const parent = item.parent as unknown;
      if (typeof parent === 'string') {
        ref = ['root'];
        break;
      }
      if (parent instanceof Y.ID) {
        ref = ['type', parent.client, parent.clock];
        break;
      }
      const origin = item.origin ?? item.rightOrigin;
      if (origin === null) {
        ref = ['none'];
        break;
      }
      const next = find(origin);
      if (next === undefined) {
        ref = ['near', origin.client, origin.clock];
        break;
      }
      // An origin that is garbage (or skipped) gives no parent: Yjs GCs the item.
      if (!(next instanceof Y.Item) || chain.has(next)) {
        ref = ['none'];
        break;
      }
      item = next;
    }
    for (const visited of chain) parents.set(visited, ref);
    return ref;
  };

  const types: CreatedType[] = [];
  let textLength = 0;
  let valueDepth = 0;
  let blockNesting = 0;
  for (const item of items) {
    const content = item.content;
    if (content instanceof Y.ContentType) {
      types.push({ client: item.id.client, clock: item.id.clock, parent: parentOf(item) });
    } else if (content instanceof Y.ContentString) {
      textLength += content.str.length;
    } else if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) {
      for (const value of content.arr as unknown[]) {
        const measured = measureValue(value);
        textLength += measured.text;
        valueDepth = Math.max(valueDepth, measured.depth);
        if (item.parentSub === MARKER_PATH_KEY && Array.isArray(value)) blockNesting = Math.max(blockNesting, value.length);
      }
    } else if (content instanceof Y.ContentEmbed) {
      const measured = measureValue(content.embed);
      textLength += measured.text;
      valueDepth = Math.max(valueDepth, measured.depth);
    } else if (content instanceof Y.ContentFormat) {
      const measured = measureValue(content.value);
      textLength += measured.text + content.key.length;
      valueDepth = Math.max(valueDepth, measured.depth);
    }
  }
  return { types, textLength, valueDepth, blockNesting };
}

/** Nesting depth (a scalar is 0, `[]` and `{}` are 1) and total string length of a JSON value, without recursion. */
export function measureValue(value: unknown): { depth: number; text: number } {
  let depth = 0;
  let text = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, level] = stack.pop()!;
    if (typeof current === 'string') {
      text += current.length;
    } else if (current !== null && typeof current === 'object' && !(current instanceof Uint8Array)) {
      depth = Math.max(depth, level + 1);
      if (Array.isArray(current)) {
        for (const element of current) stack.push([element, level + 1]);
      } else {
        for (const [key, element] of Object.entries(current)) {
          text += key.length;
          stack.push([element, level + 1]);
        }
      }
    }
  }
  return { depth, text };
}

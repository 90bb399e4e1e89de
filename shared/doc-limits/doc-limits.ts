/**
 * Structural limits on what any update may build in a Samskriv document,
 * checked against the real document (issue 11, finding 1): one update that
 * nests 10,000 elements decodes and applies fine, and then overflows the
 * stack of every editor that renders it. An update over a limit is refused
 * whole, before it is applied, so it never reaches the document.
 *
 * Who checks:
 *  - the sync server's guard, for every update a client sends
 *    (src-server/sync-server.ts; the shape is summarised in its decoding
 *    workers, the placing below runs on the main thread);
 *  - any client that applies a remote update may call `checkUpdateLimits`
 *    first (a file import, or a server without the guard): refuse the
 *    update, keep working and report the `LimitBreach`.
 *
 * Why against the real document: the depth of a new type is its parent's
 * depth plus one, and the parent can be in the document already. A fresh
 * doc would see each of 10,000 one-level updates as harmless. Updates whose
 * parent is missing wait in the doc's pending structs; they are summarised
 * with the new update, so a chain sent in reverse order (tip first) is
 * still measured whole when its base arrives.
 *
 * The limits, from the schema and the data model (architecture.md, "Data"):
 *  - Y type depth. The deepest type Samskriv writes is a comment's body:
 *    threads → thread → messages → message → body, depth 5; a chapter is one
 *    Y.Text (1) with block markers (2), the manifest two levels. The old
 *    chapter format (schema 1, y-prosemirror's XmlFragment, still readable
 *    for migration) nests one type per ProseMirror node: a paragraph in a
 *    table cell in nine list levels (Word's maximum) is about 25. Limit 32.
 *  - Block nesting: the containers in one block marker's `path` (lists,
 *    list items, table, row, cell), the chapter text's own form of depth,
 *    which the editor turns into nested nodes. Same reasoning: 32.
 *  - JSON value depth: a marker's path is the deepest value Samskriv
 *    stores (path → container → attrs → colwidth, 4). Limit 16.
 *  - Nodes: live Y types per document. A 100-page chapter with 500 comment
 *    threads (bench/comments.ts) holds about 10,000 (one marker per block,
 *    a few per thread and message); a 7 MiB paste about 25,000. Limit
 *    200,000, which still keeps a client's memory for them in the low
 *    hundreds of MB.
 *  - Text: live UTF-16 code units per document (text, strings in values).
 *    A 100-page chapter is about 300,000. Limit 16 Mi, some 5,000 pages.
 * Every limit is far above what a person writes and far below what breaks
 * a client; none depends on timing, so every peer decides the same way.
 */
import * as Y from 'yjs';
import type { LimitRefusal } from '../sync-protocol/refusals.ts';
import { measureValue, summarizeUpdates, type CreatedType, type ParentRef, type UpdateShape } from './update-shape.ts';

export interface DocLimits {
  readonly maxTypeDepth: number;
  readonly maxBlockNesting: number;
  readonly maxValueDepth: number;
  readonly maxNodes: number;
  readonly maxTextLength: number;
}

export const DOC_LIMITS: DocLimits = {
  maxTypeDepth: 32,
  maxBlockNesting: 32,
  maxValueDepth: 16,
  maxNodes: 200_000,
  maxTextLength: 16 * 1024 * 1024,
};

export interface LimitBreach {
  readonly refusal: LimitRefusal;
  /** English, for a close reason or a log: what was measured against which limit. */
  readonly detail: string;
}

/**
 * Null if `update` keeps `doc` within `limits`, otherwise the first limit it
 * breaks. Call it before `Y.applyUpdate(doc, update)`. Throws if the update
 * does not decode (a hostile update may spin here: yjs#687; the server
 * decodes in a worker with a time limit and uses the two halves below).
 */
export function checkUpdateLimits(doc: Y.Doc, update: Uint8Array, limits: DocLimits = DOC_LIMITS): LimitBreach | null {
  return checkShape(doc, summarizeUpdates(withPending(doc, update)), limits);
}

/** `update` preceded by the doc's pending structs, which it may complete: summarise them together. */
export function withPending(doc: Y.Doc, update: Uint8Array): Uint8Array[] {
  const pending = pendingUpdate(doc);
  return pending === null ? [update] : [pending, update];
}

/**
 * The structs `doc` holds back until what they depend on arrives, as a v1
 * update (Yjs keeps them in the v2 encoding), or null. Usually null: only
 * an update that skips ahead of what the doc has leaves any.
 */
export function pendingUpdate(doc: Y.Doc): Uint8Array | null {
  const pending = doc.store.pendingStructs;
  return pending === null ? null : Y.convertUpdateFormatV2ToV1(pending.update);
}

/** Places `shape` (of `withPending(doc, update)`) in `doc` and checks the limits. */
export function checkShape(doc: Y.Doc, shape: UpdateShape, limits: DocLimits = DOC_LIMITS): LimitBreach | null {
  if (shape.valueDepth > limits.maxValueDepth) {
    return { refusal: 'value-too-deep', detail: `a value nested ${shape.valueDepth} deep (limit ${limits.maxValueDepth})` };
  }
  if (shape.blockNesting > limits.maxBlockNesting) {
    return { refusal: 'block-too-deep', detail: `a block in ${shape.blockNesting} containers (limit ${limits.maxBlockNesting})` };
  }
  const depth = deepestType(doc, shape.types, limits.maxTypeDepth);
  if (depth > limits.maxTypeDepth) {
    return { refusal: 'too-deep', detail: `types nested ${depth} deep (limit ${limits.maxTypeDepth})` };
  }
  const totals = liveTotalsBound(doc, shape, limits);
  if (totals.nodes + shape.types.length > limits.maxNodes) {
    return { refusal: 'too-many-nodes', detail: `${totals.nodes + shape.types.length} nodes (limit ${limits.maxNodes})` };
  }
  if (totals.text + shape.textLength > limits.maxTextLength) {
    return { refusal: 'text-too-long', detail: `${totals.text + shape.textLength} characters (limit ${limits.maxTextLength})` };
  }
  return null;
}

/** The depth of the deepest created type (a root type is 1); stops counting past `cap`. */
function deepestType(doc: Y.Doc, types: readonly CreatedType[], cap: number): number {
  const byId = new Map<string, CreatedType>();
  for (const type of types) byId.set(`${type.client}:${type.clock}`, type);
  const depths = new Map<CreatedType, number>();
  let deepest = 0;
  for (const start of types) {
    // Walk up through the update's own types, then ask the document.
    const chain: CreatedType[] = [];
    const inChain = new Set<CreatedType>();
    let current: CreatedType | undefined = start;
    let base = 0;
    while (current !== undefined) {
      const known = depths.get(current);
      if (known !== undefined) {
        base = known;
        break;
      }
      chain.push(current);
      inChain.add(current);
      const ref: ParentRef = current.parent;
      const inUpdate: CreatedType | undefined = ref[0] === 'type' ? byId.get(`${ref[1]}:${ref[2]}`) : undefined;
      if (inUpdate !== undefined && !inChain.has(inUpdate)) {
        current = inUpdate;
        continue;
      }
      base = parentDepthInDoc(doc, ref, cap);
      break;
    }
    for (let i = chain.length - 1; i >= 0; i--) depths.set(chain[i]!, ++base);
    deepest = Math.max(deepest, base);
  }
  return deepest;
}

/**
 * The depth of the type a ref points into, from the document. A parent the
 * document does not have (yet) counts as a root: the part above it is
 * measured when it arrives, together with this part (`withPending`).
 */
function parentDepthInDoc(doc: Y.Doc, ref: ParentRef, cap: number): number {
  if (ref[0] === 'root' || ref[0] === 'none') return 1;
  const struct = findStruct(doc, ref[1], ref[2]);
  if (!(struct instanceof Y.Item)) return 1;
  if (ref[0] === 'type') return struct.content instanceof Y.ContentType ? typeDepth(struct.content.type, cap) : 1;
  return struct.parent instanceof Y.AbstractType ? typeDepth(struct.parent, cap) : 1;
}

function typeDepth(type: Y.AbstractType<unknown>, cap: number): number {
  let depth = 1;
  let item = type._item;
  while (item !== null && depth <= cap) {
    depth++;
    const parent = item.parent;
    item = parent instanceof Y.AbstractType ? parent._item : null;
  }
  return depth;
}

function findStruct(doc: Y.Doc, client: number, clock: number): Y.Item | Y.GC | null {
  const structs = doc.store.clients.get(client);
  if (structs === undefined || clock >= Y.getState(doc.store, client)) return null;
  return structs[Y.findIndexSS(structs, clock)] ?? null;
}

interface Totals {
  readonly nodes: number;
  readonly text: number;
}

/**
 * Live nodes and text of each document last counted, with the sum of its
 * clocks then. Every inserted node or character advances a clock by at
 * least one, so the count plus the clocks gained since is an upper bound
 * that costs O(clients) instead of a walk over every struct; the walk runs
 * only when the bound would break a limit, i.e. after at least the room
 * left has been written (amortised O(1) per update). Applies to updates
 * from anywhere (Redis, loading), not only the ones checked here.
 */
const counted = new WeakMap<Y.Doc, Totals & { readonly clocks: number }>();

function liveTotalsBound(doc: Y.Doc, shape: UpdateShape, limits: DocLimits): Totals {
  const clocks = clockSum(doc);
  const last = counted.get(doc);
  if (last !== undefined) {
    const gained = clocks - last.clocks;
    const bound = { nodes: last.nodes + gained, text: last.text + gained };
    if (bound.nodes + shape.types.length <= limits.maxNodes && bound.text + shape.textLength <= limits.maxTextLength) return bound;
  }
  const exact = liveTotals(doc);
  counted.set(doc, { ...exact, clocks });
  return exact;
}

function clockSum(doc: Y.Doc): number {
  let sum = 0;
  for (const client of doc.store.clients.keys()) sum += Y.getState(doc.store, client);
  return sum;
}

/** Live (not deleted) Y types and text in `doc`: one walk over its structs. */
export function liveTotals(doc: Y.Doc): Totals {
  let nodes = 0;
  let text = 0;
  for (const structs of doc.store.clients.values()) {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item) || struct.deleted) continue;
      const content = struct.content;
      if (content instanceof Y.ContentType) nodes++;
      else if (content instanceof Y.ContentString) text += content.str.length;
      else if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) for (const value of content.arr as unknown[]) text += measureValue(value).text;
      else if (content instanceof Y.ContentEmbed) text += measureValue(content.embed).text;
      else if (content instanceof Y.ContentFormat) text += measureValue(content.value).text + content.key.length;
    }
  }
  return { nodes, text };
}

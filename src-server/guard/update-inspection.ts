/**
 * The checks an untrusted Yjs update must pass before the server applies or
 * stores it. They run in a worker thread (see update-checker.ts), because
 * decoding is where crafted input can spin or eat memory (yjs#687).
 *
 * 1. It decodes completely as a Yjs v1 update (the only encoding Hocuspocus
 *    uses on the wire): `Y.decodeUpdate` reads every struct and the delete
 *    set, so a truncated update or random bytes fail here.
 * 2. No struct or deletion reaches beyond clock 2^31 of its client. Clocks
 *    count operations, so a real client would need two billion edits; a
 *    GC/skip/deleted run claiming more is a run-length bomb: applied, it
 *    would make every later state vector and diff of the doc carry it.
 * 3. It applies to a fresh Y.Doc without an error.
 *
 * Returns null if the update passes, otherwise the reason, in English, for
 * the close message.
 *
 * `inspectAndSummarize` also returns the update's shape
 * (shared/doc-limits/update-shape.ts), which the main thread places in the
 * real document to check the structural limits, and the Yjs client ids it
 * writes structs under (`writes`), which the main thread checks against
 * their owners (src-server/members/client-owners.ts): summarising is
 * decoding, so it belongs here, under the worker's time limit.
 */
import * as Y from 'yjs';
import { summarizeUpdates, type UpdateShape } from '../../shared/doc-limits/update-shape.ts';

/** An update writes structs under Yjs client `client`, up to clock `end` (exclusive). */
export type ClientWrite = readonly [client: number, end: number];

export type Inspection =
  | { readonly problem: string; readonly shape: null; readonly writes: null }
  | { readonly problem: null; readonly shape: UpdateShape; readonly writes: readonly ClientWrite[] };

/**
 * `inspectUpdate`, then the shape of `pending` (the document's pending
 * structs, which the update may complete) and `update` together.
 */
export function inspectAndSummarize(update: Uint8Array, pending: Uint8Array | null): Inspection {
  const inspected = inspect(update);
  if (typeof inspected === 'string') return { problem: inspected, shape: null, writes: null };
  try {
    return { problem: null, shape: summarizeUpdates(pending === null ? [update] : [pending, update]), writes: clientWrites(inspected) };
  } catch (error) {
    return { problem: `update cannot be decoded: ${describe(error)}`, shape: null, writes: null };
  }
}

/** Per client, the end of the structs `update` itself carries (skips are gaps, not writing; the pending structs were judged with their own update). */
function clientWrites(structs: readonly (Y.Item | Y.GC | Y.Skip)[]): ClientWrite[] {
  const ends = new Map<number, number>();
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    const end = struct.id.clock + struct.length;
    if (end > (ends.get(struct.id.client) ?? 0)) ends.set(struct.id.client, end);
  }
  return [...ends];
}

export const MAX_CLOCK = 2 ** 31;

export function inspectUpdate(update: Uint8Array): string | null {
  const inspected = inspect(update);
  return typeof inspected === 'string' ? inspected : null;
}

/** The update's structs if it passes, otherwise the reason. */
function inspect(update: Uint8Array): string | readonly (Y.Item | Y.GC | Y.Skip)[] {
  if (update.length === 0) return 'empty update (yjs#498)';
  let decoded;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    return `update cannot be decoded: ${describe(error)}`;
  }
  for (const struct of decoded.structs) {
    if (!Number.isSafeInteger(struct.id.clock) || !Number.isSafeInteger(struct.length) || struct.id.clock + struct.length > MAX_CLOCK) {
      return `update claims a run beyond clock 2^31 (run-length bomb, yjs#687)`;
    }
  }
  for (const ranges of decoded.ds.clients.values()) {
    for (const range of ranges) {
      if (!Number.isSafeInteger(range.clock) || !Number.isSafeInteger(range.len) || range.clock + range.len > MAX_CLOCK) {
        return `update deletes a range beyond clock 2^31 (run-length bomb, yjs#687)`;
      }
    }
  }
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
  } catch (error) {
    return `update cannot be applied: ${describe(error)}`;
  } finally {
    doc.destroy();
  }
  return decoded.structs;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

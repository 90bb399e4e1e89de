/**
 * Rebuilds a document's state from its stored blobs (snapshot, then the log
 * in order) by applying them to a `Y.Doc`, the way every client does, and
 * encodes what that doc holds.
 *
 * Why not `Y.mergeUpdates`: it is not equivalent to applying. Its merge
 * assumes the clients of each update are written in descending order, as
 * Yjs' own encoder writes them; `Y.applyUpdate` accepts any order. Given an
 * update whose clients ascend, mergeUpdates skips every client after the
 * first whose structs lie within clocks already written, e.g. the GC-only
 * clients of an update (yjs 13.6.33, mergeUpdatesV2: the loop "iterate until
 * we find something that we haven't written already"). A store that merged
 * would hold less than the peers that applied the same update, and its state
 * vector would differ from theirs after a restart. So stored state is always
 * what a doc that applied every stored blob holds.
 *
 * Applying also shows what merging hides: structs whose dependencies are not
 * stored stay "pending" in the doc. Loading refuses them by default, since
 * the document would otherwise look complete (or empty) without a word;
 * compaction and the sync server keep them, so nothing stored is ever lost.
 */
import * as Y from 'yjs';
import { describeError, StoreDataError } from './store-errors.ts';

export interface StoredBlob {
  readonly source: 'snapshot' | 'update';
  /** The log row, for an update. */
  readonly seq: number | null;
  readonly data: Uint8Array;
}

/**
 * What to do with stored updates whose dependencies are not stored:
 * - `refuse`: throw `StoreDataError` (reason `missing-dependencies`);
 * - `keep`: encode them with the state, so they are applied as soon as what
 *   they wait for arrives, as they would have been had they never been stored.
 */
export type PendingPolicy = 'refuse' | 'keep';

/** Applies `blobs` in order to a fresh doc; the caller destroys it. Throws `StoreDataError` naming the blob that fails. */
export function applyStored(doc: string, blobs: readonly StoredBlob[]): Y.Doc {
  const ydoc = new Y.Doc();
  try {
    // One transaction: the doc's cleanup (GC, merging of structs) runs once, not once per row.
    ydoc.transact(() => {
      for (const blob of blobs) {
        try {
          Y.applyUpdate(ydoc, blob.data);
        } catch (error) {
          throw new StoreDataError(doc, blob.source, blob.seq, describeError(error), { cause: error });
        }
      }
    });
  } catch (error) {
    ydoc.destroy();
    if (error instanceof StoreDataError) throw error;
    // Thrown by the transaction's cleanup, not by one blob.
    throw new StoreDataError(doc, 'merge', null, describeError(error), { cause: error });
  }
  return ydoc;
}

/** Everything `ydoc` holds as one update, with its pending structs and deletes handled by `pending`. */
export function encodeLiveState(doc: string, ydoc: Y.Doc, pending: PendingPolicy): Uint8Array {
  const { pendingStructs, pendingDs } = ydoc.store;
  if (pendingStructs === null && pendingDs === null) return Y.encodeStateAsUpdate(ydoc);
  if (pending === 'refuse') {
    const missing = pendingStructs === null ? [] : [...pendingStructs.missing].map(([client, clock]) => `client ${client} up to clock ${clock}`);
    const detail =
      missing.length > 0
        ? `updates wait for ${missing.join(', ')}`
        : 'deletions refer to text that is not stored';
    throw new StoreDataError(doc, 'merge', null, detail, { reason: 'missing-dependencies' });
  }
  // The pending parts are V2 updates written by Yjs itself (clients in
  // descending order), which is the input mergeUpdates handles correctly.
  const parts = [Y.encodeStateAsUpdateV2(ydoc)];
  if (pendingStructs !== null) parts.push(pendingStructs.update);
  if (pendingDs !== null) parts.push(pendingDs);
  return Y.convertUpdateFormatV2ToV1(Y.mergeUpdatesV2(parts));
}

/** `applyStored` then `encodeLiveState`: the stored state of `doc` as one update. */
export function liveStateOf(doc: string, blobs: readonly StoredBlob[], pending: PendingPolicy): Uint8Array {
  const ydoc = applyStored(doc, blobs);
  try {
    return encodeLiveState(doc, ydoc, pending);
  } finally {
    ydoc.destroy();
  }
}

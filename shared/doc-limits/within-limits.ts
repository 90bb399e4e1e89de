/**
 * What of a remote update a client may apply (issue 11, finding 1): the
 * part that keeps the document within the structural limits
 * (doc-limits.ts). A client gets remote updates from a server that may not
 * guard them (an old server, a lab server) or from a file, and one update
 * nesting 10,000 elements overflows the stack of the editor that renders
 * it. So the client checks each one first and applies only what passes.
 *
 * Why not just refuse the whole update: on a reconnect the server sends
 * everything this client lacks as one sync step 2, every member's changes
 * together. If the server holds one hostile change, refusing the whole
 * step 2 would shut this client out of everyone's work from then on. So an
 * update over the limits is split by the Yjs client that wrote each part,
 * the parts over the limits are dropped, and the rest is applied if it
 * passes as a whole. What was written after a dropped part and depends on
 * it waits in the doc's pending structs, as it would if it had arrived
 * first; nothing is applied that has not passed `checkUpdateLimits`.
 *
 * Never throws and never recurses: an update that cannot even be decoded
 * (lib0 decodes nested values recursively, so a deep enough one throws
 * RangeError) is refused whole as `unreadable`.
 */
import * as Y from 'yjs';
import type { LimitRefusal } from '../sync-protocol/refusals.ts';
import { checkUpdateLimits, DOC_LIMITS, type DocLimits } from './doc-limits.ts';

export interface RemoteUpdateRefusal {
  /** The first limit broken, or `unreadable` when the update does not decode. */
  readonly refusal: LimitRefusal | 'unreadable';
  /** English, for a log: what was measured against which limit. */
  readonly detail: string;
  /** The Yjs client ids whose parts were dropped (all of the update's when it was refused whole). */
  readonly clients: readonly number[];
}

export interface ScreenedUpdate {
  /** What may be applied: the update itself, the part of it within the limits, or null for nothing. */
  readonly update: Uint8Array | null;
  /** Why some or all of it was dropped; null when all of it may be applied. */
  readonly refused: RemoteUpdateRefusal | null;
}

/** Splits `update` into what may be applied to `doc` and what is refused. */
export function keepWithinLimits(doc: Y.Doc, update: Uint8Array, limits: DocLimits = DOC_LIMITS): ScreenedUpdate {
  let breach;
  let ends: Map<number, number>;
  try {
    breach = checkUpdateLimits(doc, update, limits);
    if (breach === null) return { update, refused: null };
    ends = Y.parseUpdateMeta(update).to;
  } catch (error) {
    return { update: null, refused: { refusal: 'unreadable', detail: `the update does not decode (${String(error)})`, clients: [] } };
  }
  const clients = [...ends.keys()];
  const dropped = clients.filter((client) => {
    // Only this client's structs: every other client counts as already held.
    const others = new Map(clients.filter((c) => c !== client).map((c) => [c, ends.get(c)!] as const));
    return checkUpdateLimits(doc, Y.diffUpdate(update, Y.encodeStateVector(others)), limits) !== null;
  });
  const refused = { refusal: breach.refusal, detail: breach.detail, clients: dropped.length === 0 ? clients : dropped };
  if (dropped.length === 0 || dropped.length === clients.length) return { update: null, refused };
  const rest = Y.diffUpdate(update, Y.encodeStateVector(new Map(dropped.map((c) => [c, ends.get(c)!] as const))));
  // Parts that pass alone can still break a limit together (one client's
  // types nested in another's): then nothing is applied.
  if (checkUpdateLimits(doc, rest, limits) !== null) return { update: null, refused: { ...refused, clients } };
  return { update: rest, refused };
}

/**
 * An update holding only GC structs, with its clients in ascending order:
 * valid, and accepted by `Y.applyUpdate`, but `Y.mergeUpdates` drops every
 * client after the first (yjs 13.6.33; src-node/storage/live-state.ts).
 *
 * It is made the way real GC structs come about: two writers type into a
 * text that its owner then deletes, so the writers' items are garbage-
 * collected inside the deleted text. Yjs itself writes clients in
 * descending order; a peer (another implementation, a hand-written tool) may
 * write them in any order, so the update is re-encoded ascending.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export interface GcOnlyUpdate {
  readonly update: Uint8Array;
  /** The state vector a doc that applied `update` has: client → clock. */
  readonly clients: ReadonlyMap<number, number>;
}

export function ascendingGcOnlyUpdate(): GcOnlyUpdate {
  const owner = new Y.Doc();
  owner.clientID = 900;
  const text = new Y.Text();
  owner.getArray('boxes').push([text]);
  // The first client writes more than the second: mergeUpdates skips a
  // later client whose clocks end within those already written.
  for (const [clientID, words] of [
    [1, 'mycket text'],
    [2, 'lite'],
  ] as const) {
    const writer = new Y.Doc();
    writer.clientID = clientID;
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(owner));
    (writer.getArray('boxes').get(0) as Y.Text).insert(0, words);
    Y.applyUpdate(owner, Y.encodeStateAsUpdate(writer, Y.encodeStateVector(owner)));
  }
  owner.getArray('boxes').delete(0, 1);

  const gcStructs = Y.decodeUpdate(Y.encodeStateAsUpdate(owner)).structs.filter((struct) => struct.id.client !== owner.clientID);
  if (gcStructs.length === 0 || gcStructs.some((struct) => !(struct instanceof Y.GC))) throw new Error('expected only GC structs of the writers');
  gcStructs.sort((a, b) => a.id.client - b.id.client || a.id.clock - b.id.clock);

  // Update format v1: per client, the struct count, client, first clock and
  // the structs (a GC is info byte 0 and its length); then an empty delete set.
  const encoder = encoding.createEncoder();
  const clients = new Map<number, number>();
  const byClient = Map.groupBy(gcStructs, (struct) => struct.id.client);
  encoding.writeVarUint(encoder, byClient.size);
  for (const [client, structs] of byClient) {
    encoding.writeVarUint(encoder, structs.length);
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, structs[0]!.id.clock);
    for (const struct of structs) {
      encoding.writeUint8(encoder, 0);
      encoding.writeVarUint(encoder, struct.length);
    }
    const last = structs.at(-1)!;
    clients.set(client, last.id.clock + last.length);
  }
  encoding.writeVarUint(encoder, 0);
  owner.destroy();
  return { update: encoding.toUint8Array(encoder), clients };
}

/** A doc's state vector as a Map, for comparing with `GcOnlyUpdate.clients`. */
export function stateVectorOf(update: Uint8Array): Map<number, number> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const vector = Y.decodeStateVector(Y.encodeStateVector(doc));
  doc.destroy();
  return vector;
}

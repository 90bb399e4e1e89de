/**
 * Yjs updates that a broken or hostile client might send, for the tests of
 * the server's update guard and of the host's refusal to store what would
 * break a chapter: run-length bombs built byte by byte, and single-byte
 * corruptions of a real update that Yjs still decodes but cannot apply.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MAX_CLOCK } from '../../src-server/guard/update-inspection.ts';

/** A v1 update with one GC run claiming 2^52 operations of client 4242. */
export function runLengthBomb(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // clients
  encoding.writeVarUint(e, 1); // structs of this client
  encoding.writeVarUint(e, 4242); // client
  encoding.writeVarUint(e, 0); // first clock
  encoding.writeUint8(e, 0); // GC
  encoding.writeVarUint(e, 2 ** 52); // its length
  encoding.writeVarUint(e, 0); // empty delete set
  return encoding.toUint8Array(e);
}

/** A v1 update with no structs that deletes client 4242's clocks 0 to MAX_CLOCK + 1. */
export function deleteBomb(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0); // no structs
  encoding.writeVarUint(e, 1); // delete set: one client
  encoding.writeVarUint(e, 4242);
  encoding.writeVarUint(e, 1); // one range
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, MAX_CLOCK + 1);
  return encoding.toUint8Array(e);
}

/** Whether Yjs can decode `update` at all. */
export function decodes(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update);
    return true;
  } catch {
    return false;
  }
}

function appliesOnto(base: Uint8Array | null, update: Uint8Array): boolean {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, base);
  try {
    Y.applyUpdate(doc, update);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first `count` single-byte corruptions of `update` (byte by byte, each
 * XORed with 1 to 255) that Yjs still decodes but that throw when applied
 * onto the state `base` (an empty doc when null).
 */
export function decodableButBroken(update: Uint8Array, base: Uint8Array | null, count: number): Uint8Array[] {
  const broken: Uint8Array[] = [];
  for (let i = 0; i < update.length && broken.length < count; i++) {
    for (let flip = 1; flip < 256 && broken.length < count; flip++) {
      const corrupt = update.slice();
      corrupt[i] = corrupt[i]! ^ flip;
      if (decodes(corrupt) && !appliesOnto(base, corrupt)) broken.push(corrupt);
    }
  }
  return broken;
}

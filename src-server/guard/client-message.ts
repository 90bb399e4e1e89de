/**
 * Reads a message from a client of the sync server, strictly, before
 * Hocuspocus sees it. Hocuspocus and y-protocols decode with lib0, which
 * trusts the lengths inside a message (a too-long length reads past the
 * message into whatever else sits in the socket buffer); here every frame is
 * read with the protocol's strict reader (shared/sync-protocol/frames.ts,
 * which has the wire format), only the types a client may send are accepted,
 * and every part must end exactly where the message ends.
 */
import * as Y from 'yjs';
import { parseDocName } from '../../shared/plan/doc-names.ts';
import { parseSourceDocName } from '../../shared/sources/source-doc.ts';
import { FrameReader, FrameType, MalformedFrame, readFrameAddress, readFrameHeader, SyncStep } from '../../shared/sync-protocol/frames.ts';
import type { AwarenessEntry } from './awareness-limiter.ts';

export type ClientMessage =
  | { readonly kind: 'sync-step1' }
  | { readonly kind: 'sync-step2' | 'sync-update'; readonly update: Uint8Array }
  | { readonly kind: 'awareness' }
  | { readonly kind: 'auth' | 'query-awareness' | 'stateless' | 'close' };

const MAX_AWARENESS_CLIENTS = 1000;

/** The document a frame is addressed to; rejects frames that are not addressed to one of ours. */
export function readAddress(frame: Uint8Array): string {
  const { docName } = readFrameAddress(new FrameReader(frame));
  if (parseDocName(docName) === null && parseSourceDocName(docName) === null) throw new MalformedFrame('not a Samskriv document name');
  return docName;
}

/** A frame's type, read after its address (`readAddress` has checked that part). Throws `MalformedFrame`. */
export function readFrameType(frame: Uint8Array): number {
  return readFrameHeader(frame).type;
}

/**
 * The entries of an awareness frame (client id, size of its state), for the
 * awareness limits; the states themselves are checked by `readClientMessage`
 * once the frame is admitted. Throws `MalformedFrame`.
 */
export function readAwarenessEntries(frame: Uint8Array): AwarenessEntry[] {
  const { body } = readFrameHeader(frame);
  const reader = new FrameReader(body.bytes('awareness update'));
  body.end();
  const count = reader.uint('awareness');
  if (count > MAX_AWARENESS_CLIENTS) throw new MalformedFrame('too many awareness states');
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = reader.uint('awareness client');
    reader.uint('awareness clock');
    const state = reader.bytes('awareness state');
    entries.push({ clientId, stateBytes: state.length, removal: isNullJson(state) });
  }
  reader.end();
  return entries;
}

/** y-protocols writes a removed state as the JSON text `null`. */
function isNullJson(bytes: Uint8Array): boolean {
  return bytes.length === 4 && bytes[0] === 0x6e && bytes[1] === 0x75 && bytes[2] === 0x6c && bytes[3] === 0x6c;
}

export function readClientMessage(frame: Uint8Array): ClientMessage {
  const { type, body } = readFrameHeader(frame);
  switch (type) {
    case FrameType.Sync:
    case FrameType.SyncReply: {
      const syncType = body.uint('sync type');
      const payload = body.bytes('sync payload');
      body.end();
      if (syncType === SyncStep.step1) {
        checkStateVector(payload);
        return { kind: 'sync-step1' };
      }
      if (syncType === SyncStep.step2) return { kind: 'sync-step2', update: payload };
      if (syncType === SyncStep.update) return { kind: 'sync-update', update: payload };
      throw new MalformedFrame(`unknown sync type ${syncType}`);
    }
    case FrameType.Awareness: {
      const update = body.bytes('awareness update');
      body.end();
      checkAwareness(update);
      return { kind: 'awareness' };
    }
    case FrameType.Auth:
      body.uint('auth type');
      body.string('token');
      if (body.hasContent) body.string('provider version');
      body.end();
      return { kind: 'auth' };
    case FrameType.QueryAwareness:
      body.end();
      return { kind: 'query-awareness' };
    case FrameType.Stateless:
      body.string('stateless payload');
      body.end();
      return { kind: 'stateless' };
    case FrameType.CLOSE:
      return { kind: 'close' };
    default:
      throw new MalformedFrame(`type ${type} is not accepted from clients`);
  }
}

function checkStateVector(bytes: Uint8Array): void {
  const reader = new FrameReader(bytes);
  const count = reader.uint('state vector');
  for (let i = 0; i < count; i++) {
    reader.uint('state vector client');
    reader.uint('state vector clock');
  }
  reader.end();
  // Same reading as Yjs', now known to be safe.
  Y.decodeStateVector(bytes);
}

/** A y-protocols awareness update: count, then per client: id, clock, JSON state. */
function checkAwareness(bytes: Uint8Array): void {
  const reader = new FrameReader(bytes);
  const count = reader.uint('awareness');
  if (count > MAX_AWARENESS_CLIENTS) throw new MalformedFrame('too many awareness states');
  for (let i = 0; i < count; i++) {
    reader.uint('awareness client');
    reader.uint('awareness clock');
    const state = reader.string('awareness state');
    try {
      JSON.parse(state);
    } catch {
      throw new MalformedFrame('awareness state is not JSON');
    }
  }
  reader.end();
}

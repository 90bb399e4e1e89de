/**
 * Reads a message from a client of the sync server, strictly, before
 * Hocuspocus sees it. Hocuspocus and y-protocols decode with lib0, which
 * trusts the lengths inside a message (a too-long length reads past the
 * message into whatever else sits in the socket buffer); here every length
 * is checked against the bytes that are actually there, and every part must
 * end exactly where the message ends.
 *
 * Wire format (Hocuspocus 4, all integers lib0 varUint, strings varString):
 *   message  = address type body
 *   address  = document name, optionally "\0" + session id
 *   type 0/4 = Sync/SyncReply: syncType (0 step1 | 1 step2 | 2 update), varUint8Array
 *   type 1   = Awareness: varUint8Array (a y-protocols awareness update)
 *   type 2   = Auth: subtype, token string [, provider version string]
 *   type 3   = QueryAwareness, 5 = Stateless (string), 7 = Close
 * A bare byte 10 (Pong) may also arrive; it has no address.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { parseDocName } from '../../shared/plan/doc-names.ts';

export type ClientMessage =
  | { readonly kind: 'sync-step1' }
  | { readonly kind: 'sync-step2' | 'sync-update'; readonly update: Uint8Array }
  | { readonly kind: 'awareness' }
  | { readonly kind: 'auth' | 'query-awareness' | 'stateless' | 'close' };

/** A message the server refuses; `reason` goes into the close frame. */
export class MessageRejection extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MessageRejection';
  }
}

export const PONG_FRAME_TYPE = 10;
const MAX_AWARENESS_CLIENTS = 1000;
const MAX_SESSION_ID_LENGTH = 64;

/** The document a frame is addressed to; rejects frames that are not addressed to one of ours. */
export function readAddress(frame: Uint8Array): string {
  const decoder = decoding.createDecoder(frame);
  const address = readString(decoder, 'address');
  const separator = address.indexOf('\0');
  const docName = separator === -1 ? address : address.slice(0, separator);
  if (separator !== -1 && address.length - separator - 1 > MAX_SESSION_ID_LENGTH) throw new MessageRejection('malformed message: session id too long');
  if (parseDocName(docName) === null) throw new MessageRejection('malformed message: not a Samskriv document name');
  return docName;
}

export function readClientMessage(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame);
  readString(decoder, 'address');
  const type = readUint(decoder, 'message type');
  switch (type) {
    case 0:
    case 4: {
      const syncType = readUint(decoder, 'sync type');
      const payload = readBytes(decoder, 'sync payload');
      end(decoder);
      if (syncType === 0) {
        checkStateVector(payload);
        return { kind: 'sync-step1' };
      }
      if (syncType === 1) return { kind: 'sync-step2', update: payload };
      if (syncType === 2) return { kind: 'sync-update', update: payload };
      throw new MessageRejection(`malformed message: unknown sync type ${syncType}`);
    }
    case 1: {
      const update = readBytes(decoder, 'awareness update');
      end(decoder);
      checkAwareness(update);
      return { kind: 'awareness' };
    }
    case 2:
      readUint(decoder, 'auth type');
      readString(decoder, 'token');
      if (decoding.hasContent(decoder)) readString(decoder, 'provider version');
      end(decoder);
      return { kind: 'auth' };
    case 3:
      end(decoder);
      return { kind: 'query-awareness' };
    case 5:
      readString(decoder, 'stateless payload');
      end(decoder);
      return { kind: 'stateless' };
    case 7:
      return { kind: 'close' };
    default:
      throw new MessageRejection(`malformed message: type ${type} is not accepted from clients`);
  }
}

function checkStateVector(bytes: Uint8Array): void {
  const decoder = decoding.createDecoder(bytes);
  const count = readUint(decoder, 'state vector');
  for (let i = 0; i < count; i++) {
    readUint(decoder, 'state vector client');
    readUint(decoder, 'state vector clock');
  }
  end(decoder);
  // Same reading as Yjs', now known to be safe.
  Y.decodeStateVector(bytes);
}

/** A y-protocols awareness update: count, then per client: id, clock, JSON state. */
function checkAwareness(bytes: Uint8Array): void {
  const decoder = decoding.createDecoder(bytes);
  const count = readUint(decoder, 'awareness');
  if (count > MAX_AWARENESS_CLIENTS) throw new MessageRejection('malformed message: too many awareness states');
  for (let i = 0; i < count; i++) {
    readUint(decoder, 'awareness client');
    readUint(decoder, 'awareness clock');
    const state = readString(decoder, 'awareness state');
    try {
      JSON.parse(state);
    } catch {
      throw new MessageRejection('malformed message: awareness state is not JSON');
    }
  }
  end(decoder);
}

function readUint(decoder: decoding.Decoder, what: string): number {
  try {
    return decoding.readVarUint(decoder);
  } catch {
    throw new MessageRejection(`malformed message: truncated ${what}`);
  }
}

function readBytes(decoder: decoding.Decoder, what: string): Uint8Array {
  const length = readUint(decoder, what);
  if (length > decoder.arr.length - decoder.pos) throw new MessageRejection(`malformed message: ${what} is longer than the message`);
  return decoding.readUint8Array(decoder, length);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readString(decoder: decoding.Decoder, what: string): string {
  const bytes = readBytes(decoder, what);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new MessageRejection(`malformed message: ${what} is not UTF-8`);
  }
}

function end(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new MessageRejection('malformed message: trailing bytes');
}

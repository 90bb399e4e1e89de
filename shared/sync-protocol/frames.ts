/**
 * The one reader of Hocuspocus frames, for both ends of the socket: the
 * server's guard reads every client frame strictly with it
 * (src-server/guard/client-message.ts), and the desktop's sync engine reads
 * the frames it needs for acknowledgements (src-renderer/sync/sync-frames.ts).
 *
 * Wire format (Hocuspocus 4, all integers lib0 varUint, strings varString):
 *   frame    = address type body
 *   address  = document name, optionally "\0" + session id
 *   body     = per `FrameType`; Sync and SyncReply carry a y-protocols
 *              sync message (`SyncStep`, then a varUint8Array)
 * A bare byte Ping/Pong has no address.
 *
 * Why not lib0's decoder alone: it trusts the lengths inside a message (a
 * too-long length reads past the message into whatever else sits in the
 * buffer) and reads a varInt past the end without complaint. Here every
 * length is checked against the bytes that are actually there, strings must
 * be UTF-8, and `end` requires a part to end exactly where the frame ends.
 * A frame that breaks any of this throws `MalformedFrame`.
 */
import type { MessageType as ServerMessageType } from '@hocuspocus/server';
import { MessageType } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import { decodeUtf8 } from 'lib0/string';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';

/**
 * Hocuspocus' frame types, from the provider's exported `MessageType` (the
 * module the app already loads). The provider's enum leaves out SyncReply,
 * which only the server sends; it is checked against the server's own enum.
 */
export const FrameType = {
  Sync: MessageType.Sync,
  Awareness: MessageType.Awareness,
  Auth: MessageType.Auth,
  QueryAwareness: MessageType.QueryAwareness,
  /** Like Sync, but the receiver does not answer a step 1 with its own step 1. */
  SyncReply: 4 satisfies ServerMessageType.SyncReply,
  Stateless: MessageType.Stateless,
  CLOSE: MessageType.CLOSE,
  /** The server's acknowledgement of an update: varInt 1 stored, 0 refused. */
  SyncStatus: MessageType.SyncStatus,
  Ping: MessageType.Ping,
  Pong: MessageType.Pong,
} as const;

/** The y-protocols sync message inside a Sync or SyncReply frame. */
export const SyncStep = {
  step1: messageYjsSyncStep1,
  step2: messageYjsSyncStep2,
  update: messageYjsUpdate,
} as const;

/** Longest session id after the "\0" in an address (Hocuspocus sends a UUID). */
const MAX_SESSION_ID_LENGTH = 64;

/** A frame that does not follow the wire format; the message says where, for a close reason or a log. */
export class MalformedFrame extends Error {
  constructor(problem: string) {
    super(`malformed message: ${problem}`);
    this.name = 'MalformedFrame';
  }
}

/** Reads the parts of one frame in order, checking each against the bytes present. */
export class FrameReader {
  readonly #decoder: decoding.Decoder;

  constructor(frame: Uint8Array) {
    this.#decoder = decoding.createDecoder(frame);
  }

  get hasContent(): boolean {
    return decoding.hasContent(this.#decoder);
  }

  uint(what: string): number {
    try {
      return decoding.readVarUint(this.#decoder);
    } catch {
      throw new MalformedFrame(`truncated ${what}`);
    }
  }

  int(what: string): number {
    // lib0 reads a varInt from past the end as 0.
    if (!this.hasContent) throw new MalformedFrame(`truncated ${what}`);
    try {
      return decoding.readVarInt(this.#decoder);
    } catch {
      throw new MalformedFrame(`truncated ${what}`);
    }
  }

  bytes(what: string): Uint8Array {
    const length = this.uint(what);
    if (length > this.#decoder.arr.length - this.#decoder.pos) throw new MalformedFrame(`${what} is longer than the message`);
    return decoding.readUint8Array(this.#decoder, length);
  }

  string(what: string): string {
    const bytes = this.bytes(what);
    try {
      // lib0's decoder is TextDecoder with `fatal: true`: invalid UTF-8 throws.
      return decodeUtf8(bytes);
    } catch {
      throw new MalformedFrame(`${what} is not UTF-8`);
    }
  }

  /** Requires that nothing is left to read. */
  end(): void {
    if (this.hasContent) throw new MalformedFrame('trailing bytes');
  }
}

export interface FrameAddress {
  /** The document name, without the session id. */
  readonly docName: string;
  readonly sessionId: string | null;
}

export interface FrameHeader extends FrameAddress {
  /** A `FrameType`, or any other number the sender put there. */
  readonly type: number;
  /** Positioned at the body. */
  readonly body: FrameReader;
}

/** Reads the address at the start of a frame. Throws `MalformedFrame`. */
export function readFrameAddress(reader: FrameReader): FrameAddress {
  const address = reader.string('address');
  const separator = address.indexOf('\0');
  if (separator === -1) return { docName: address, sessionId: null };
  const sessionId = address.slice(separator + 1);
  if (sessionId.length > MAX_SESSION_ID_LENGTH) throw new MalformedFrame('session id too long');
  return { docName: address.slice(0, separator), sessionId };
}

/** Reads a frame's address and type; the body is left to the caller. Throws `MalformedFrame`. */
export function readFrameHeader(frame: Uint8Array): FrameHeader {
  const body = new FrameReader(frame);
  const address = readFrameAddress(body);
  return { ...address, type: body.uint('message type'), body };
}

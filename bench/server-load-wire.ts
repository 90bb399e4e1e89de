/**
 * The Hocuspocus 4 wire protocol as the load generator speaks it on a raw
 * `ws` socket (src-server/README.md "WebSocket"), and the keystroke
 * markers by which a receiver recognises each keystroke in the bytes it
 * receives without decoding them with Yjs.
 *
 * Frames (shared/sync-protocol/frames.ts): varString address (the document
 * name), varUint message type, body. Sync and SyncReply carry a sync type and
 * a varUint8Array; Awareness a varUint8Array; Auth a subtype and a string;
 * SyncStatus the server's acknowledgement of one update (sent only after the
 * update is committed to storage).
 */
import * as encoding from 'lib0/encoding';
import { FrameType, SyncStep } from '../shared/sync-protocol/frames.ts';
import { AUTH, frame } from '../tests/support/wire-frame.ts';

export const MESSAGE = { sync: FrameType.Sync, awareness: FrameType.Awareness, auth: FrameType.Auth, syncReply: FrameType.SyncReply, syncStatus: FrameType.SyncStatus } as const;
export const SYNC = SyncStep;
export { AUTH };

/** What the provider sends first: its token, then its version. */
export const authFrame = (doc: string, token: string): Uint8Array =>
  frame(doc, MESSAGE.auth, (e) => {
    encoding.writeVarUint(e, AUTH.token);
    encoding.writeVarString(e, token);
    encoding.writeVarString(e, 'server-load-bench');
  });

export const syncFrame = (doc: string, syncType: number, payload: Uint8Array): Uint8Array =>
  frame(doc, MESSAGE.sync, (e) => {
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint8Array(e, payload);
  });

/** A y-protocols awareness update for one client: count, client id, clock, JSON state. */
export const awarenessFrame = (doc: string, clientId: number, clock: number, state: unknown): Uint8Array =>
  frame(doc, MESSAGE.awareness, (e) => {
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  });

/** Message type, sync type (or -1) and where the body starts, reading only the header. */
export function readHeader(data: Uint8Array): { type: number; syncType: number; body: number } {
  let pos = 0;
  const readUint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = data[pos++];
      if (byte === undefined) throw new Error('truncated frame');
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  };
  const addressLength = readUint();
  pos += addressLength; // skip the address: the socket serves one known document
  const type = readUint();
  const syncType = type === MESSAGE.sync || type === MESSAGE.syncReply ? readUint() : -1;
  return { type, syncType, body: pos };
}

/*
 * A keystroke inserts the text ⟦<client>.<seq>⟧ (base 36). Yjs stores inserted
 * text as UTF-8 in v1 updates, also after the server merges updates, so the
 * marker appears verbatim in every frame that carries the keystroke. The
 * brackets (U+27E6/U+27E7, 3 bytes each) plus the strict digit syntax make an
 * accidental match in binary Yjs data practically impossible; the receiver
 * also checks that the client and seq exist.
 */
const OPEN = Buffer.from('⟦');
const CLOSE = Buffer.from('⟧');
export const MARKER_PATTERN = /⟦([0-9a-z]+)\.([0-9a-z]+)⟧/g;

export function marker(client: number, seq: number): string {
  return `⟦${client.toString(36)}.${seq.toString(36)}⟧`;
}

/** Calls `found` for every well-formed marker in `data` from `from` on. */
export function scanMarkers(data: Buffer, from: number, found: (client: number, seq: number) => void): void {
  let at = data.indexOf(OPEN, from);
  while (at !== -1) {
    let pos = at + OPEN.length;
    const client = readBase36(data, pos);
    pos = client.end;
    if (client.value >= 0 && data[pos] === 0x2e) {
      const seq = readBase36(data, pos + 1);
      pos = seq.end;
      if (seq.value >= 0 && data.compare(CLOSE, 0, CLOSE.length, pos, pos + CLOSE.length) === 0) {
        found(client.value, seq.value);
        pos += CLOSE.length;
      }
    }
    at = data.indexOf(OPEN, pos);
  }
}

function readBase36(data: Buffer, start: number): { value: number; end: number } {
  let value = 0;
  let pos = start;
  for (; pos < data.length && pos - start < 8; pos++) {
    const byte = data[pos]!;
    const digit = byte >= 0x30 && byte <= 0x39 ? byte - 0x30 : byte >= 0x61 && byte <= 0x7a ? byte - 0x61 + 10 : -1;
    if (digit < 0) break;
    value = value * 36 + digit;
  }
  return { value: pos === start ? -1 : value, end: pos };
}

/** Latencies in 0.1 ms buckets up to 60 s; cheap to fill and to merge across processes. */
export class Histogram {
  static readonly BUCKETS = 600_000;
  readonly counts = new Uint32Array(Histogram.BUCKETS);
  count = 0;
  max = 0;

  add(ms: number): void {
    this.counts[Math.min(Histogram.BUCKETS - 1, Math.max(0, Math.round(ms * 10)))]!++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** Non-empty buckets as [bucket, count] pairs, for IPC. */
  toSparse(): { buckets: [number, number][]; max: number } {
    const buckets: [number, number][] = [];
    this.counts.forEach((n, bucket) => {
      if (n > 0) buckets.push([bucket, n]);
    });
    return { buckets, max: this.max };
  }

  addSparse(sparse: { buckets: [number, number][]; max: number }): void {
    for (const [bucket, n] of sparse.buckets) {
      this.counts[bucket]! += n;
      this.count += n;
    }
    this.max = Math.max(this.max, sparse.max);
  }

  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.min(this.count - 1, Math.floor(p * this.count));
    let seen = 0;
    for (let bucket = 0; bucket < Histogram.BUCKETS; bucket++) {
      seen += this.counts[bucket]!;
      if (seen > rank) return bucket / 10;
    }
    return this.max;
  }
}

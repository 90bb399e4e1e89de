/**
 * An awareness flood as the probe of issue 11 sent it (finding 2): many
 * awareness frames, each naming many client ids, from one authenticated
 * socket, while `/health` is timed; and a sustained flood of well-formed
 * frames at a fixed rate. Used by the flood test
 * (tests/unit/server/awareness-flood.test.ts), bench/awareness-flood.ts and
 * the flooding reader of bench/server-load.ts (`--flood-reader`).
 */
import * as encoding from 'lib0/encoding';
import { FrameType } from '../../shared/sync-protocol/frames.ts';
import { authAnswer, authFrame, openRawClient, type RawClient } from './sync-client.ts';
import { frame } from './wire-frame.ts';

/** The first client id a flood names (far from any Y.Doc's random id in practice). */
const FIRST_FLOOD_ID = 1_000_000;

/** An awareness frame for `docName` with `count` states, client ids from `firstId`, all at `clock`. */
export function awarenessFrame(docName: string, firstId: number, count: number, clock: number, state = '{"chapterId":"flod"}'): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, count);
  for (let i = 0; i < count; i++) {
    encoding.writeVarUint(update, firstId + i);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, state);
  }
  return frame(docName, FrameType.Awareness, (e) => encoding.writeVarUint8Array(e, encoding.toUint8Array(update)));
}

export interface SocketClosed {
  readonly code: number;
  readonly reason: string;
}

interface FloodingSocket {
  readonly raw: RawClient;
  /** How the server closed the socket, or null while it is open. */
  closed(): SocketClosed | null;
}

/** A raw socket authenticated for `docName` with `token` (any role: a reader floods as well as a writer). */
async function openFloodingSocket(wsUrl: string, docName: string, token: string): Promise<FloodingSocket> {
  const raw = await openRawClient(wsUrl);
  raw.send(authFrame(docName, token));
  const answer = await authAnswer(raw);
  if (answer !== 'authenticated') throw new Error(`the flooding client was not let in: ${answer}`);
  let closed: SocketClosed | null = null;
  void raw.closed.then((event) => (closed = event));
  return { raw, closed: () => closed };
}

/** Until the server has read what was sent, or closed the socket (at most 30 s). */
async function drainSocket(flooder: FloodingSocket): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (flooder.closed() === null && flooder.raw.socket.bufferedAmount > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

export interface FloodResult {
  /** Every /health round trip during the flood, in ms, in the order sent. */
  readonly healthMs: number[];
  /** How the server closed the flooding socket, or null if it stayed open. */
  readonly closed: SocketClosed | null;
  /** Frames handed to the socket before it closed. */
  readonly framesSent: number;
  readonly durationMs: number;
}

export interface FloodOptions {
  readonly wsUrl: string;
  readonly httpUrl: string;
  readonly docName: string;
  readonly token: string;
  readonly frames: number;
  readonly clientIds: number;
  /** Frames written between two turns of the event loop (so /health can be timed meanwhile). */
  readonly framesPerTurn?: number;
  /** Keep timing /health this long after the last frame is written. */
  readonly settleMs?: number;
}

/** Floods `docName` with awareness, as fast as the socket takes it, while timing /health every 10 ms. */
export async function floodAwareness(options: FloodOptions): Promise<FloodResult> {
  const flooder = await openFloodingSocket(options.wsUrl, options.docName, options.token);

  const healthMs: number[] = [];
  let flooding = true;
  const timing = (async () => {
    while (flooding) {
      const started = performance.now();
      const response = await fetch(`${options.httpUrl}/health`);
      await response.arrayBuffer();
      healthMs.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();

  const started = performance.now();
  let framesSent = 0;
  const perTurn = options.framesPerTurn ?? 20;
  while (framesSent < options.frames && flooder.closed() === null) {
    for (let i = 0; i < perTurn && framesSent < options.frames; i++) {
      flooder.raw.send(awarenessFrame(options.docName, FIRST_FLOOD_ID, options.clientIds, framesSent + 1));
      framesSent++;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await drainSocket(flooder);
  await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 500));
  const durationMs = performance.now() - started;
  flooding = false;
  await timing;
  flooder.raw.socket.close();
  return { healthMs, closed: flooder.closed(), framesSent, durationMs };
}

export interface SustainedFloodOptions {
  readonly wsUrl: string;
  readonly docName: string;
  readonly token: string;
  /** Frames per second, kept up on a 10 ms tick (a late tick sends what is due, up to one second's worth). */
  readonly framesPerSecond: number;
  /** Client ids each frame names (1: well-formed, dropped only by the rate limit). */
  readonly clientIds?: number;
}

export interface SustainedFloodResult {
  /** Frames handed to the socket before it was stopped or closed. */
  readonly framesSent: number;
  /** How the server closed the socket, or null if it stayed open until stopped. */
  readonly closed: SocketClosed | null;
  readonly durationMs: number;
}

export interface SustainedFlood {
  /** Stops sending, lets the server read what was sent, closes the socket. */
  stop(): Promise<SustainedFloodResult>;
}

/** Floods `docName` with awareness at a steady rate until stopped or closed by the server. */
export async function sustainAwarenessFlood(options: SustainedFloodOptions): Promise<SustainedFlood> {
  const flooder = await openFloodingSocket(options.wsUrl, options.docName, options.token);
  const clientIds = options.clientIds ?? 1;
  const started = performance.now();
  let framesSent = 0;
  const tick = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * options.framesPerSecond);
    const until = Math.min(due, framesSent + options.framesPerSecond);
    while (framesSent < until && flooder.closed() === null) {
      flooder.raw.send(awarenessFrame(options.docName, FIRST_FLOOD_ID, clientIds, framesSent + 1));
      framesSent++;
    }
    if (flooder.closed() !== null) clearInterval(tick);
  }, 10);
  return {
    async stop() {
      clearInterval(tick);
      const durationMs = performance.now() - started;
      await drainSocket(flooder);
      const closed = flooder.closed();
      flooder.raw.socket.close();
      return { framesSent, closed, durationMs };
    },
  };
}

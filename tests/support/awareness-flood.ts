/**
 * An awareness flood as the probe of issue 11 sent it (finding 2): many
 * awareness frames, each naming many client ids, from one authenticated
 * socket, while `/health` is timed. Used by the flood test
 * (tests/unit/server/awareness-flood.test.ts) and bench/awareness-flood.ts.
 */
import * as encoding from 'lib0/encoding';
import { FrameType } from '../../shared/sync-protocol/frames.ts';
import { authAnswer, authFrame, openRawClient } from './sync-client.ts';
import { frame } from './wire-frame.ts';

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

export interface FloodResult {
  /** Every /health round trip during the flood, in ms, in the order sent. */
  readonly healthMs: number[];
  /** How the server closed the flooding socket, or null if it stayed open. */
  readonly closed: { code: number; reason: string } | null;
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

/** Floods `docName` with awareness while timing /health every 10 ms. */
export async function floodAwareness(options: FloodOptions): Promise<FloodResult> {
  const raw = await openRawClient(options.wsUrl);
  raw.send(authFrame(options.docName, options.token));
  const answer = await authAnswer(raw);
  if (answer !== 'authenticated') throw new Error(`the flooding client was not let in: ${answer}`);
  let closed: { code: number; reason: string } | null = null;
  void raw.closed.then((event) => (closed = event));

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
  while (framesSent < options.frames && closed === null) {
    for (let i = 0; i < perTurn && framesSent < options.frames; i++) {
      raw.send(awarenessFrame(options.docName, 1_000_000, options.clientIds, framesSent + 1));
      framesSent++;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  // Until the server has read what was sent, or closed the socket.
  const deadline = performance.now() + 30_000;
  while (closed === null && raw.socket.bufferedAmount > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 500));
  const durationMs = performance.now() - started;
  flooding = false;
  await timing;
  raw.socket.close();
  return { healthMs, closed, framesSent, durationMs };
}

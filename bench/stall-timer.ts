/**
 * Times an async piece of work in a benchmark and measures how long this
 * thread's event loop was blocked meanwhile (the longest time it could not
 * answer anything): the export benchmarks report both, since an export that
 * is fast but freezes main is not acceptable.
 */
import { round } from './statistics.ts';

export interface Timed<T> {
  readonly ms: number;
  /** The longest the event loop of this thread was blocked while it ran. */
  readonly stallMs: number;
  readonly value: T;
}

export async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  // A heartbeat every 5 ms: the longest gap between two beats is the longest
  // time this thread could not answer anything (monitorEventLoopDelay records
  // nothing for a stall that lasts until it is disabled).
  let last = performance.now();
  let stall = 0;
  const beat = setInterval(() => {
    const at = performance.now();
    stall = Math.max(stall, at - last);
    last = at;
  }, 5);
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  await new Promise((done) => setTimeout(done, 20));
  clearInterval(beat);
  return { ms: round(ms, 1), stallMs: round(stall, 1), value };
}

/**
 * Runs `checkMerge` in a fresh worker thread with a time and a memory limit
 * (DESIGN §5, "decode first where a hang is possible"). A file is hostile
 * until proven otherwise: `Y.mergeUpdates` and `Y.applyUpdate` with the
 * yjs#687 payload spin without end, and a worker is the only thing that
 * stops a synchronous loop. A worker that answered is kept a minute for the
 * next file (checkMerge keeps nothing between files); one that was stopped
 * is never used again.
 *
 * The time limit grows with the file, as the server's does
 * (src-server/guard/update-checker.ts): decoding is linear in the bytes.
 */
import { Worker } from 'node:worker_threads';
import type { MergeOutcome, MergeRequest } from '../../shared/exchange/merge-check.ts';

export interface MergeLimits {
  readonly timeLimitMs: number;
  readonly timeLimitMsPerMiB: number;
  readonly memoryLimitMb: number;
}

/**
 * The clock is wall time, and a shared two-core machine under load runs a
 * check several times slower than its CPU cost (a week of one drafter's
 * typing: about 1.2 s of CPU, 3.6 s on the clock at a load of 14;
 * BENCHMARKS.md). A legitimate file must never be refused for a busy
 * machine, and a hostile one is stopped all the same, a little later: the
 * yjs#687 payload spins without end, so any limit contains it.
 */
export const DEFAULT_MERGE_LIMITS: MergeLimits = { timeLimitMs: 5_000, timeLimitMsPerMiB: 20_000, memoryLimitMb: 512 };


/** Why a file could not be worked through: it took too long, needed too much memory, or did not decode. */
export class MergeLimitError extends Error {
  readonly problem: 'timeout' | 'memory' | 'undecodable';
  constructor(problem: MergeLimitError['problem'], message: string) {
    super(message);
    this.name = 'MergeLimitError';
    this.problem = problem;
  }
}

// Run from source (browser host, tests) the worker is the .ts beside this
// file; in Electron's bundle it is an entry of its own beside index.js
// (electron.vite.config.ts), as the Word import's worker is.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './merge-worker.ts' : './merge-worker.js', import.meta.url);
const MIB = 1024 * 1024;
const WORKER_START_MS = 30_000;

/** Creates the worker (tests may pass their own). */
export type MergeWorkerFactory = (options: { resourceLimits: { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } }) => Worker;

export const defaultMergeWorker: MergeWorkerFactory = (options) => new Worker(WORKER_URL, options);

/** A worker that has loaded its code and waits for files. */
interface Reader {
  readonly worker: Worker;
  readonly ready: Promise<void>;
}

/**
 * The reader kept after a file was read without trouble, for the next one:
 * starting a thread and loading Yjs costs about 200 ms of CPU (0.4–0.6 s
 * on a loaded machine), a fifth of the import budget. It ends after a
 * minute idle, never keeps the process alive, and a reader that was
 * stopped (time, memory) is never reused.
 */
let spare: Reader | null = null;
let spareTimer: NodeJS.Timeout | null = null;
const SPARE_IDLE_MS = 60_000;

function startReader(limits: MergeLimits, createWorker: MergeWorkerFactory): Reader {
  const worker = createWorker({ resourceLimits: { maxOldGenerationSizeMb: limits.memoryLimitMb, maxYoungGenerationSizeMb: 32 } });
  worker.unref();
  const ready = new Promise<void>((resolve, reject) => {
    const stop = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (message: { ready?: boolean }): void => {
      if (message.ready !== true) return;
      stop();
      resolve();
    };
    const onError = (error: Error): void => {
      stop();
      reject(error);
    };
    const onExit = (): void => {
      stop();
      reject(new Error('the file reader stopped while starting'));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
  ready.catch(() => undefined);
  return { worker, ready };
}

/**
 * Ends a worker nobody waits for any more. One stopped at its time limit
 * can still run out of memory before it has stopped, and a worker's
 * 'error' with no listener is thrown in this process: under load the
 * yjs#687 payload did that after its time-out, and on the sync server
 * (exchange-relay.ts) it would end the server.
 */
function discard(worker: Worker): void {
  worker.on('error', () => undefined);
  void worker.terminate();
}

function keepSpare(reader: Reader): void {
  if (spare !== null && spare !== reader) discard(spare.worker);
  spare = reader;
  if (spareTimer !== null) clearTimeout(spareTimer);
  spareTimer = setTimeout(() => {
    if (spare !== reader) return;
    spare = null;
    discard(reader.worker);
  }, SPARE_IDLE_MS);
  spareTimer.unref();
}

export async function runMergeCheck(request: MergeRequest, limits: MergeLimits = DEFAULT_MERGE_LIMITS, createWorker: MergeWorkerFactory = defaultMergeWorker): Promise<MergeOutcome> {
  // Both the file and the stored plan are decoded in the worker.
  const bytes =
    request.layers.reduce((sum, layer) => sum + layer.docs.reduce((s, d) => s + d.update.length, 0), 0) + request.stored.reduce((sum, d) => sum + d.update.length, 0);
  const timeLimit = limits.timeLimitMs + (limits.timeLimitMsPerMiB * bytes) / MIB;
  const reusable = createWorker === defaultMergeWorker;
  let reader = reusable ? spare : null;
  if (reader !== null) spare = null;
  reader ??= startReader(limits, createWorker);
  // Loading the worker does not count against the file (a busy machine
  // takes a while to start a thread); the file's clock starts when the
  // worker has it.
  let startTimer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      reader.ready,
      new Promise((_, reject) => {
        startTimer = setTimeout(() => reject(new Error('not started')), WORKER_START_MS);
      }),
    ]);
  } catch {
    discard(reader.worker);
    throw new MergeLimitError('timeout', 'the file reader did not start');
  } finally {
    clearTimeout(startTimer);
  }
  const { worker } = reader;
  const running = reader;
  return new Promise((resolve, reject) => {
    let settled = false;
    /** `healthy`: the worker answered, and may read the next file. */
    const finish = (healthy: boolean, action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (healthy && reusable) keepSpare(running);
      else discard(worker);
      action();
    };
    const onMessage = (message: { outcome?: MergeOutcome; error?: string }): void => {
      if (message.outcome !== undefined) finish(true, () => resolve(message.outcome!));
      else finish(true, () => reject(new MergeLimitError('undecodable', `the file's changes cannot be applied: ${message.error ?? 'unknown error'}`)));
    };
    const onError = (error: Error): void => {
      const memory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish(false, () => reject(new MergeLimitError(memory ? 'memory' : 'undecodable', memory ? 'the file needs too much memory to read' : `the file could not be read: ${error.message}`)));
    };
    const onExit = (): void => finish(false, () => reject(new MergeLimitError('memory', 'the file could not be read (the reader stopped)')));
    const timer = setTimeout(() => finish(false, () => reject(new MergeLimitError('timeout', `the file took longer than ${Math.round(timeLimit)} ms to read`))), timeLimit);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(request);
  });
}

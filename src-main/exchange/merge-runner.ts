/**
 * Runs `checkMerge` in a fresh worker thread with a time and a memory limit
 * (DESIGN §5, "decode first where a hang is possible"). A file is hostile
 * until proven otherwise: `Y.mergeUpdates` and `Y.applyUpdate` with the
 * yjs#687 payload spin without end, and a worker is the only thing that
 * stops a synchronous loop. One worker per file: an import is rare, and a
 * fresh thread carries nothing over from the last file.
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

export const DEFAULT_MERGE_LIMITS: MergeLimits = { timeLimitMs: 2_000, timeLimitMsPerMiB: 1_000, memoryLimitMb: 512 };

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

export function runMergeCheck(request: MergeRequest, limits: MergeLimits = DEFAULT_MERGE_LIMITS, createWorker: MergeWorkerFactory = defaultMergeWorker): Promise<MergeOutcome> {
  const bytes = request.layers.reduce((sum, layer) => sum + layer.docs.reduce((s, d) => s + d.update.length, 0), 0);
  const timeLimit = limits.timeLimitMs + (limits.timeLimitMsPerMiB * bytes) / MIB;
  return new Promise((resolve, reject) => {
    const worker = createWorker({ resourceLimits: { maxOldGenerationSizeMb: limits.memoryLimitMb, maxYoungGenerationSizeMb: 32 } });
    let settled = false;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      action();
    };
    // Loading the worker does not count against the file (a busy machine
    // takes a while to start a thread); the file's clock starts when the
    // worker has it.
    let timer = setTimeout(() => finish(() => reject(new MergeLimitError('timeout', 'the file reader did not start'))), WORKER_START_MS);
    worker.on('message', (message: { ready?: boolean; outcome?: MergeOutcome; error?: string }) => {
      if (message.ready === true) {
        clearTimeout(timer);
        timer = setTimeout(() => finish(() => reject(new MergeLimitError('timeout', `the file took longer than ${Math.round(timeLimit)} ms to read`))), timeLimit);
        worker.postMessage(request);
        return;
      }
      if (message.outcome !== undefined) finish(() => resolve(message.outcome!));
      else finish(() => reject(new MergeLimitError('undecodable', `the file's changes cannot be applied: ${message.error ?? 'unknown error'}`)));
    });
    worker.on('error', (error) => {
      const memory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish(() => reject(new MergeLimitError(memory ? 'memory' : 'undecodable', memory ? 'the file needs too much memory to read' : `the file could not be read: ${error.message}`)));
    });
    worker.on('exit', () => finish(() => reject(new MergeLimitError('memory', 'the file could not be read (the reader stopped)'))));
  });
}

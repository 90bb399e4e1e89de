/**
 * The file reader's worker when it is stopped: a file that hangs the
 * decoder is stopped at its time limit, and the worker can still run out
 * of memory on its way out. That late error must be nobody's problem: an
 * unhandled worker 'error' is thrown in the process that started it, the
 * app's or the sync server's (exchange-relay.ts), and ends it. Found under
 * load, where the yjs#687 payload of exchange-by-file.test.ts did that.
 */
import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { runMergeCheck, type MergeLimitError, type MergeWorkerFactory } from '../../../src-node/exchange/merge-runner.ts';

/** A worker that starts, takes the file and never answers; terminating it raises what a real one out of memory raises. */
class HangingWorker extends EventEmitter {
  /** What emitting the late error threw here: with no listener, Node throws it in the process. */
  thrown: unknown = undefined;
  constructor() {
    super();
    setImmediate(() => this.emit('message', { ready: true }));
  }
  postMessage(): void {}
  unref(): void {}
  terminate(): Promise<number> {
    setImmediate(() => {
      try {
        this.emit('error', Object.assign(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'), { code: 'ERR_WORKER_OUT_OF_MEMORY' }));
      } catch (error) {
        this.thrown = error;
      }
      this.emit('exit', 1);
    });
    return Promise.resolve(1);
  }
}

describe('the exchange file reader stopped at its time limit', () => {
  it('refuses the file as too slow, and the worker running out of memory as it stops raises nothing in the app', async () => {
    const workers: HangingWorker[] = [];
    const create: MergeWorkerFactory = () => {
      const worker = new HangingWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    };
    const outcome = runMergeCheck({ layers: [], stored: [] } as unknown as Parameters<typeof runMergeCheck>[0], { timeLimitMs: 20, timeLimitMsPerMiB: 0, memoryLimitMb: 64 }, create);
    await expect(outcome).rejects.toMatchObject({ problem: 'timeout' } satisfies Partial<MergeLimitError>);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(workers).toHaveLength(1);
    expect(workers[0]?.thrown).toBeUndefined();
  });
});

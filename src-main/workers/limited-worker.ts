/**
 * Runs one job in a worker_thread with a memory limit (`resourceLimits`) and
 * a time limit, for work that must not hold main's event loop (parsing an
 * untrusted Word file, laying out a 300-page export): main keeps answering
 * the renderer meanwhile, and a job that exhausts a limit costs a stopped
 * worker, never a frozen or crashed app.
 *
 * The worker posts one answer. Before it, it may post how far it has come
 * (`{ workerProgress: phase }`, shared/progress/task-progress.ts), which goes
 * to `onProgress`, in the order posted. Workers are found next
 * to their caller when run from source (Node 24 strips the types: tests, the
 * browser host) and next to the bundle's entry when built
 * (electron.vite.config.ts builds each worker as an entry of its own in
 * out/main/, and shared code may sit in out/main/chunks/).
 */
import { parentPort, Worker, type ResourceLimits } from 'node:worker_threads';
import { isWorkerProgressMessage, type TaskPhase, type WorkerProgressMessage } from '../../shared/progress/task-progress.ts';

export interface WorkerLimits {
  readonly timeoutMs: number;
  readonly resourceLimits: ResourceLimits;
}

/** Why a worker gave no answer: it ran out of time or memory, or it stopped. */
export class WorkerLimitExceeded extends Error {
  readonly limit: 'time' | 'memory' | 'stopped';

  constructor(limit: 'time' | 'memory' | 'stopped', message: string) {
    super(message);
    this.name = 'WorkerLimitExceeded';
    this.limit = limit;
  }
}

/** The worker `name` (without extension) beside `callerUrl` (the caller's `import.meta.url`). */
export function workerUrl(callerUrl: string, name: string): URL {
  if (callerUrl.endsWith('.ts')) return new URL(`./${name}.ts`, callerUrl);
  return new URL(callerUrl.includes('/chunks/') ? `../${name}.js` : `./${name}.js`, callerUrl);
}

/** Starts the worker at `url` with `input` as its workerData and resolves with its answer. */
export function runInWorker<O>(url: URL, input: unknown, limits: WorkerLimits, onProgress?: (phase: TaskPhase) => void): Promise<O> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: input, resourceLimits: limits.resourceLimits });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(() => settle(() => reject(new WorkerLimitExceeded('time', `The worker took longer than ${limits.timeoutMs} ms.`))), limits.timeoutMs);
    worker.on('message', (output: O) => {
      if (isWorkerProgressMessage(output)) {
        if (!settled) onProgress?.(output.workerProgress);
        return;
      }
      settle(() => resolve(output));
    });
    worker.once('error', (error: Error & { code?: string }) => {
      settle(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new WorkerLimitExceeded('memory', 'The worker needed more memory than allowed.') : error));
    });
    worker.once('exit', (code) => settle(() => reject(new WorkerLimitExceeded('stopped', `The worker stopped (exit code ${code}).`))));
  });
}

/** In a worker: says which phase it has reached (`runInWorker`'s `onProgress` gets it). */
export function postProgress(phase: TaskPhase): void {
  parentPort?.postMessage({ workerProgress: phase } satisfies WorkerProgressMessage);
}

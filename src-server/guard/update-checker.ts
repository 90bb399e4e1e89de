/**
 * Checks untrusted updates off the main thread, with a time and a memory
 * limit (DESIGN §5: "decode first where a hang is possible").
 *
 * Why a worker and not only a structural pre-check: the known hangs (yjs#498,
 * yjs#687) sit inside Yjs' own decoder, and the list in yjs#687 says it is
 * not exhaustive. A worker catches the ones nobody has found yet: if a check
 * takes longer than `timeLimitMs` the worker is terminated and replaced; if
 * it exhausts its heap (`memoryLimitMb`) it dies and is replaced. The update
 * is refused in both cases. Checks run one at a time per worker, so one
 * hostile update delays the others by at most its time limit.
 *
 * The time limit grows with the update's size (`timeLimitMs` plus
 * `timeLimitMsPerMiB` per MiB): decoding is linear in the bytes, and a flat
 * 2 s refused a legitimate 7 MiB paste while the workers were busy (issue 11,
 * finding 6). A time-out says the server was too slow, not that the update
 * is bad, so it is `retryable`: the sender is told to resend later rather
 * than to give up. The clock starts when a worker takes the update, so time
 * spent in the queue does not count.
 */
import { Worker } from 'node:worker_threads';
import type { UpdateShape } from '../../shared/doc-limits/update-shape.ts';
import type { ClientWrite } from './update-inspection.ts';

export interface UpdateCheckerOptions {
  readonly workers: number;
  readonly timeLimitMs: number;
  /** Added to `timeLimitMs` per MiB of update (0: a flat limit). */
  readonly timeLimitMsPerMiB?: number;
  readonly memoryLimitMb: number;
}

export type CheckResult =
  | { readonly problem: null; readonly shape: UpdateShape; readonly writes: readonly ClientWrite[] }
  | { readonly problem: string; readonly retryable: boolean; readonly shape?: undefined; readonly writes?: undefined };

interface Task {
  readonly id: number;
  readonly update: Uint8Array;
  readonly pending: Uint8Array | null;
  readonly resolve: (result: CheckResult) => void;
}

const MIB = 1024 * 1024;
const TIMED_OUT = 'update took too long to decode';

const WORKER_URL = new URL('./update-check-worker.ts', import.meta.url);

class CheckWorker {
  readonly #options: UpdateCheckerOptions;
  readonly #onIdle: () => void;
  #worker: Worker;
  #task: Task | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  #ready = false;

  constructor(options: UpdateCheckerOptions, onIdle: () => void) {
    this.#options = options;
    this.#onIdle = onIdle;
    this.#worker = this.#spawn();
  }

  get busy(): boolean {
    return this.#task !== null;
  }

  run(task: Task): void {
    this.#task = task;
    if (this.#ready) this.#startTimer();
    // A copy of exactly these bytes: a view into a pooled socket buffer would
    // otherwise drag the whole pool across (structured clone copies the buffer).
    this.#worker.postMessage({ id: task.id, update: task.update.slice(), pending: task.pending });
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#fail('server is shutting down', true);
    await this.#worker.terminate();
  }

  #startTimer(): void {
    const bytes = this.#task?.update.length ?? 0;
    const limit = this.#options.timeLimitMs + ((this.#options.timeLimitMsPerMiB ?? 0) * bytes) / MIB;
    this.#timer = setTimeout(() => this.#fail(TIMED_OUT, true), limit);
  }

  #spawn(): Worker {
    this.#ready = false;
    const worker = new Worker(WORKER_URL, {
      resourceLimits: { maxOldGenerationSizeMb: this.#options.memoryLimitMb, maxYoungGenerationSizeMb: 16 },
    });
    worker.on('message', (message: { id?: number; problem?: string | null; shape?: UpdateShape | null; writes?: readonly ClientWrite[] | null; ready?: boolean }) => {
      if (message.ready === true) {
        this.#ready = true;
        if (this.#task !== null && this.#timer === null) this.#startTimer();
        return;
      }
      if (this.#task === null || this.#task.id !== message.id) return;
      if (typeof message.problem === 'string') this.#finish({ problem: message.problem, retryable: false });
      else if (message.shape !== null && message.shape !== undefined && Array.isArray(message.writes)) this.#finish({ problem: null, shape: message.shape, writes: message.writes });
      else this.#finish({ problem: 'update check failed', retryable: false });
    });
    // ERR_WORKER_OUT_OF_MEMORY and crashes land here; 'exit' follows.
    worker.on('error', () => this.#fail('update needs too much memory to decode', false));
    worker.on('exit', () => {
      if (this.#worker !== worker || this.#closed) return;
      if (this.#task !== null) this.#fail('update check failed', false);
      else this.#worker = this.#spawn();
    });
    return worker;
  }

  #fail(problem: string, retryable: boolean): void {
    if (this.#task === null) return;
    // The worker may still be spinning on the update: replace it before the
    // next task can be handed to it.
    if (!this.#closed) this.#replace();
    this.#finish({ problem, retryable });
  }

  #replace(): void {
    const stuck = this.#worker;
    this.#worker = this.#spawn();
    void stuck.terminate();
  }

  #finish(result: CheckResult): void {
    const task = this.#task;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#task = null;
    task?.resolve(result);
    this.#onIdle();
  }
}

export class UpdateChecker {
  readonly #workers: CheckWorker[];
  readonly #queue: Task[] = [];
  #nextId = 1;

  constructor(options: UpdateCheckerOptions) {
    this.#workers = Array.from({ length: Math.max(1, options.workers) }, () => new CheckWorker(options, () => this.#dispatch()));
  }

  /**
   * The shape of `update` (summarised with `pending`, the document's pending
   * structs) if it is safe to decode and apply, otherwise why it is refused.
   */
  check(update: Uint8Array, pending: Uint8Array | null = null): Promise<CheckResult> {
    return new Promise((resolve) => {
      this.#queue.push({ id: this.#nextId++, update, pending, resolve });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    for (const task of this.#queue.splice(0)) task.resolve({ problem: 'server is shutting down', retryable: true });
    await Promise.all(this.#workers.map((worker) => worker.close()));
  }

  #dispatch(): void {
    for (const worker of this.#workers) {
      if (this.#queue.length === 0) return;
      if (!worker.busy) worker.run(this.#queue.shift()!);
    }
  }
}

/**
 * Documents in embedded SQLite, through the desktop's own `DocStore`
 * (`<data-dir>/docs.sqlite`): the same file format, the same durability
 * (WAL, synchronous=FULL) and the same crash-safe compaction. Several server
 * instances may share one file; DocStore is built for concurrent processes.
 *
 * The store lives in a worker thread (sqlite-store-worker.ts) so that the
 * fsync of every commit never stalls the main thread, which meanwhile keeps
 * reading sockets and broadcasting. `append` still resolves only after the
 * worker has committed, so acknowledged still means durable.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { COMPACT_AFTER_UPDATES } from '../../src-node/storage/doc-store.ts';
import type { DocPersistence } from './doc-persistence.ts';
import { GroupCommit } from './group-commit.ts';
import type { StoreAnswer, StoreRequest } from './sqlite-store-worker.ts';

const WORKER_URL = new URL('./sqlite-store-worker.ts', import.meta.url);

type Request = StoreRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface Waiter {
  resolve: (result: Uint8Array | null | undefined) => void;
  reject: (error: Error) => void;
}

export class SqliteDocPersistence implements DocPersistence {
  readonly kind = 'sqlite' as const;
  readonly #worker: Worker;
  readonly #commits: GroupCommit;
  readonly #waiting = new Map<number, Waiter>();
  #nextId = 1;
  /** Set once the worker has gone; every later request fails with it. */
  #stopped: Error | null = null;

  private constructor(worker: Worker) {
    this.#worker = worker;
    // The whole batch in one transaction: one fsync per batch, however many
    // updates and documents are in it.
    this.#commits = new GroupCommit(async (batch) => {
      // A copy of exactly these bytes: a view into a pooled socket buffer
      // would drag the whole pool across (structured clone copies the buffer).
      await this.#request({ op: 'append', entries: batch.map(([doc, update]) => [doc, update.slice()]) });
    });
    worker.on('message', (answer: StoreAnswer) => {
      if (!('id' in answer)) return;
      const waiter = this.#waiting.get(answer.id);
      this.#waiting.delete(answer.id);
      if ('error' in answer) waiter?.reject(Object.assign(new Error(answer.error.message), answer.error.fields, { name: answer.error.name }));
      else waiter?.resolve(answer.result);
    });
    // A crash of the thread (e.g. out of memory) fails what is in flight:
    // those updates were not acknowledged, and clients resend them.
    worker.on('error', (error) => this.#stop(new Error(`the document store stopped: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => this.#stop(new Error(`the document store stopped (thread exit ${code})`)));
  }

  /** Opens `<dataDir>/docs.sqlite` in a worker; rejects with the store's own error if it cannot be opened. */
  static async open(dataDir: string): Promise<SqliteDocPersistence> {
    const worker = new Worker(WORKER_URL, { workerData: { path: join(dataDir, 'docs.sqlite') } });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (answer: StoreAnswer): void => {
        if ('ready' in answer) {
          worker.off('message', onMessage);
          resolve();
        } else if ('openError' in answer) {
          worker.off('message', onMessage);
          reject(Object.assign(new Error(answer.openError.message), answer.openError.fields, { name: answer.openError.name }));
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the document store thread exited (${code}) before it was ready`)));
    });
    worker.removeAllListeners('error');
    worker.removeAllListeners('exit');
    return new SqliteDocPersistence(worker);
  }

  async load(doc: string): Promise<Uint8Array | null> {
    return (await this.#request({ op: 'load', doc })) ?? null;
  }

  append(doc: string, update: Uint8Array): Promise<void> {
    return this.#commits.append(doc, update);
  }

  async compactIfLong(doc: string): Promise<void> {
    await this.#request({ op: 'compact-if-long', doc, threshold: COMPACT_AFTER_UPDATES });
  }

  async close(): Promise<void> {
    try {
      await this.#commits.flush();
      if (this.#stopped === null) await this.#request({ op: 'close' });
    } finally {
      await this.#worker.terminate();
    }
  }

  #request(request: Request): Promise<Uint8Array | null | undefined> {
    if (this.#stopped !== null) return Promise.reject(this.#stopped);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ ...request, id } as StoreRequest);
    });
  }

  #stop(error: Error): void {
    this.#stopped ??= error;
    for (const waiter of this.#waiting.values()) waiter.reject(this.#stopped);
    this.#waiting.clear();
  }
}

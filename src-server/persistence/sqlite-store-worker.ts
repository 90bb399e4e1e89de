/**
 * Worker thread entry that owns the server's `DocStore` (docs.sqlite).
 *
 * Why a thread: `node:sqlite` is synchronous, and every commit waits for an
 * fsync (synchronous=FULL). On the main thread that wait blocked everything
 * else, broadcasts and reading sockets included: with 300 writers the main
 * thread spent a third of its time inside COMMIT. Here the wait blocks only
 * this thread, and the group commit gathers the next batch meanwhile.
 *
 * Requests `{id, op, ...}` are answered `{id, result}` or `{id, error}`, in
 * order; one at a time, as the store is used by one thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DocStore } from '../../src-node/storage/doc-store.ts';

export type StoreRequest =
  | { id: number; op: 'load'; doc: string }
  | { id: number; op: 'append'; entries: [string, Uint8Array][] }
  | { id: number; op: 'compact-if-long'; doc: string; threshold: number }
  | { id: number; op: 'close' };

export type StoreAnswer =
  | { id: number; result: Uint8Array | null | undefined }
  | { id: number; error: { name: string; message: string; fields: Record<string, unknown> } }
  | { ready: true }
  | { openError: { name: string; message: string; fields: Record<string, unknown> } };

if (parentPort === null) throw new Error('sqlite-store-worker.ts must run as a worker thread.');
const port = parentPort;
const { path } = workerData as { path: string };

let store: DocStore | null = null;
try {
  store = DocStore.open(path);
} catch (error) {
  // The parent rejects its open() with this; closing the port ends the thread.
  port.postMessage({ openError: serialise(error) } satisfies StoreAnswer);
  port.close();
}

if (store !== null) {
  const opened = store;
  port.on('message', (request: StoreRequest) => {
    try {
      switch (request.op) {
        case 'load':
          // Updates waiting for others are kept: a client may still send what they wait for.
          port.postMessage({ id: request.id, result: opened.loadDoc(request.doc, { pending: 'keep' }) } satisfies StoreAnswer);
          return;
        case 'append':
          opened.appendUpdates(request.entries);
          break;
        case 'compact-if-long':
          if (opened.updateCount(request.doc) >= request.threshold) opened.compact(request.doc);
          break;
        case 'close':
          opened.close();
          break;
      }
      port.postMessage({ id: request.id, result: undefined } satisfies StoreAnswer);
    } catch (error) {
      port.postMessage({ id: request.id, error: serialise(error) } satisfies StoreAnswer);
    }
  });
  port.postMessage({ ready: true } satisfies StoreAnswer);
}

/** Errors cross the thread boundary as plain data; the fields keep e.g. StoreDataError's doc and seq. */
function serialise(error: unknown): { name: string; message: string; fields: Record<string, unknown> } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  return { name: error.name, message: error.message, fields };
}

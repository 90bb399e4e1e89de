/**
 * Worker thread entry: answers `{id, update, pending}` with `{id, problem,
 * shape}` (`inspectAndSummarize`). If an update makes this thread spin or
 * run out of memory, the parent terminates it or it dies on its heap limit;
 * either way the main thread, and everyone else's documents, carry on.
 */
import { parentPort } from 'node:worker_threads';
import { inspectAndSummarize } from './update-inspection.ts';

if (parentPort === null) throw new Error('update-check-worker.ts must run as a worker thread.');
const port = parentPort;
port.on('message', (message: { id: number; update: Uint8Array; pending: Uint8Array | null }) => {
  port.postMessage({ id: message.id, ...inspectAndSummarize(message.update, message.pending) });
});
// Tells the parent that loading is done, so start-up never counts against an update's time limit.
port.postMessage({ ready: true });

/**
 * Worker thread entry: answers `{id, update}` with `{id, problem}` (null when
 * the update passes `inspectUpdate`). If an update makes this thread spin or
 * run out of memory, the parent terminates it or it dies on its heap limit;
 * either way the main thread, and everyone else's documents, carry on.
 */
import { parentPort } from 'node:worker_threads';
import { inspectUpdate } from './update-inspection.ts';

if (parentPort === null) throw new Error('update-check-worker.ts must run as a worker thread.');
const port = parentPort;
port.on('message', (message: { id: number; update: Uint8Array }) => {
  port.postMessage({ id: message.id, problem: inspectUpdate(message.update) });
});
// Tells the parent that loading is done, so start-up never counts against an update's time limit.
port.postMessage({ ready: true });

/**
 * Worker thread entry for `checkMerge` (shared/exchange/merge-check.ts):
 * answers `{request}` with `{outcome}` or `{error}`. A file crafted to make
 * Yjs spin or allocate without end (yjs#687) stalls or kills only this
 * thread; merge-runner.ts terminates it at its time limit, and its heap
 * limit ends it when memory runs out.
 */
import { parentPort } from 'node:worker_threads';
import { checkMerge, type MergeRequest } from '../../shared/exchange/merge-check.ts';

if (parentPort === null) throw new Error('merge-worker.ts must run as a worker thread.');
const port = parentPort;
port.on('message', (request: MergeRequest) => {
  try {
    port.postMessage({ outcome: checkMerge(request) });
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
// Tells the parent that loading is done, so start-up never counts against a file's time limit.
port.postMessage({ ready: true });

/**
 * The import worker's entry: reads one Word file (docx-import.ts) and posts
 * back the result or the refusal. It runs in a worker_thread started by
 * run-import.ts with a memory limit and a time limit, so that a file built to
 * exhaust memory or time stops this thread, never main.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ImportRefusal } from '../../shared/import/import-refusal.ts';
import { postProgress } from '../workers/limited-worker.ts';
import { importDocx } from './docx-import.ts';
import type { ImportWorkerInput, ImportWorkerOutput } from './run-import.ts';

const input = workerData as ImportWorkerInput;
let output: ImportWorkerOutput;
try {
  output = { ok: true, document: await importDocx(input.bytes, input.fileName, postProgress) };
} catch (error) {
  output =
    error instanceof ImportRefusal
      ? { ok: false, reason: error.reason, message: error.message }
      : { ok: false, reason: 'damaged', message: `The import failed: ${error instanceof Error ? error.message : String(error)}` };
}
parentPort?.postMessage(output);

/**
 * The export worker's entry: builds one export (plan-export.ts) from the
 * stored docs it is given and posts back the file or the conversion failure.
 * Started by run-export.ts, so the page layout of a 300-page plan never
 * holds main's event loop. It says each phase it reaches (postProgress), for
 * the progress bar.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { postProgress } from '../workers/limited-worker.ts';
import { ConversionError } from './libreoffice.ts';
import { exportPlanFile } from './plan-export.ts';
import type { ExportWorkerInput, ExportWorkerOutput } from './run-export.ts';

const input = workerData as ExportWorkerInput;
let output: ExportWorkerOutput;
try {
  const file = await exportPlanFile(input.loaded, input.kind, {
    now: new Date(input.now),
    onPhase: postProgress,
    ...(input.libreOffice !== undefined ? { libreOffice: input.libreOffice } : {}),
  });
  output = { ok: true, file };
} catch (error) {
  output =
    error instanceof ConversionError
      ? { ok: false, reason: error.reason, message: error.message }
      : { ok: false, reason: null, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
parentPort?.postMessage(output);

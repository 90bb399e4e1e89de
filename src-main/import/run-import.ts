/**
 * Runs the import of one Word file in a worker with a memory limit and a
 * time limit (src-main/workers/limited-worker.ts), as untrusted input should
 * be parsed (DESIGN §5): main's event loop keeps answering the renderer while
 * a large file is read, and a file that exhausts the limits costs a stopped
 * worker and a clear refusal (`too-complex`). `onPhase` hears the phases the
 * worker reaches (unpacking, reading the document), in order.
 */
import { ImportRefusal, type ImportRefusalReason } from '../../shared/import/import-refusal.ts';
import type { ImportedDocument } from '../../shared/import/imported-document.ts';
import type { TaskPhase } from '../../shared/progress/task-progress.ts';
import { runInWorker, WorkerLimitExceeded, workerUrl, type WorkerLimits } from '../workers/limited-worker.ts';

export interface ImportWorkerInput {
  readonly bytes: Uint8Array;
  readonly fileName: string;
}

export type ImportWorkerOutput =
  | { readonly ok: true; readonly document: ImportedDocument }
  | { readonly ok: false; readonly reason: ImportRefusalReason; readonly message: string };

/** Measured: a 100-page draft takes a few seconds on a busy machine (BENCHMARKS.md, bench/export-plan.ts). */
export const DEFAULT_IMPORT_LIMITS: WorkerLimits = {
  timeoutMs: 30_000,
  resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 },
};

/** The document in `bytes`, or an `ImportRefusal`. */
export async function runImport(
  bytes: Uint8Array,
  fileName: string,
  limits: WorkerLimits = DEFAULT_IMPORT_LIMITS,
  onPhase?: (phase: TaskPhase) => void,
): Promise<ImportedDocument> {
  const input: ImportWorkerInput = { bytes, fileName };
  let output: ImportWorkerOutput;
  try {
    output = await runInWorker<ImportWorkerOutput>(workerUrl(import.meta.url, 'import-worker'), input, limits, onPhase);
  } catch (error) {
    if (error instanceof WorkerLimitExceeded) {
      const what = error.limit === 'time' ? `Reading the file took longer than ${limits.timeoutMs} ms.` : error.limit === 'memory' ? 'Reading the file needed more memory than allowed.' : error.message;
      throw new ImportRefusal('too-complex', what);
    }
    throw new ImportRefusal('damaged', `The import worker failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!output.ok) throw new ImportRefusal(output.reason, output.message);
  return output.document;
}

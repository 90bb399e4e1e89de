/**
 * Runs the import of one Word file in a worker_thread with a memory limit
 * (`resourceLimits`) and a time limit, as untrusted input should be parsed
 * (DESIGN §5): main's event loop keeps answering the renderer while a large
 * file is read, and a file that exhausts the limits costs a stopped worker
 * and a clear refusal (`too-complex`), never a frozen or crashed app.
 *
 * The worker is `import-worker.ts` next to this file when run from source
 * (Node 24 strips the types; tests, the browser host) and `import-worker.js`
 * next to the bundle when built (electron.vite.config.ts builds it as an
 * entry of its own beside out/main/index.js).
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { ImportRefusal, type ImportRefusalReason } from '../../shared/import/import-refusal.ts';
import type { ImportedDocument } from '../../shared/import/imported-document.ts';

export interface ImportWorkerInput {
  readonly bytes: Uint8Array;
  readonly fileName: string;
}

export type ImportWorkerOutput =
  | { readonly ok: true; readonly document: ImportedDocument }
  | { readonly ok: false; readonly reason: ImportRefusalReason; readonly message: string };

export interface ImportLimits {
  readonly timeoutMs: number;
  readonly resourceLimits: ResourceLimits;
}

/** Measured: a 100-page draft takes well under these (BENCHMARKS.md, bench/import-docx.ts). */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  timeoutMs: 30_000,
  resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 },
};

function workerUrl(): URL {
  const source = import.meta.url.endsWith('.ts');
  return new URL(source ? './import-worker.ts' : './import-worker.js', import.meta.url);
}

/** The document in `bytes`, or an `ImportRefusal`. */
export function runImport(bytes: Uint8Array, fileName: string, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): Promise<ImportedDocument> {
  return new Promise((resolve, reject) => {
    const input: ImportWorkerInput = { bytes, fileName };
    const worker = new Worker(workerUrl(), { workerData: input, resourceLimits: limits.resourceLimits });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(() => {
      settle(() => reject(new ImportRefusal('too-complex', `Reading the file took longer than ${limits.timeoutMs} ms.`)));
    }, limits.timeoutMs);
    worker.once('message', (output: ImportWorkerOutput) => {
      settle(() => (output.ok ? resolve(output.document) : reject(new ImportRefusal(output.reason, output.message))));
    });
    worker.once('error', (error: Error & { code?: string }) => {
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ImportRefusal('too-complex', 'Reading the file needed more memory than allowed.')
            : new ImportRefusal('damaged', `The import worker failed: ${error.message}`),
        ),
      );
    });
    worker.once('exit', (code) => {
      settle(() => reject(new ImportRefusal('too-complex', `The import worker stopped (exit code ${code}).`)));
    });
  });
}

/**
 * Reads a file offered as a source in a worker_thread with a memory and a
 * time limit (src-main/workers/limited-worker.ts, as the Word import does):
 * a PDF or Word file is untrusted input (DESIGN §5), and a hostile one that
 * makes pdfjs or mammoth spin or swell costs a stopped worker and the
 * refusal `too-complex`, while main keeps answering the renderer.
 */
import type { SourceReading } from '../../shared/sources/source-format.ts';
import { runInWorker, WorkerLimitExceeded, workerUrl, type WorkerLimits } from '../workers/limited-worker.ts';

/** pdfjs reads a 50-page report in about a second on a busy machine; 30 s is the extraction's own limit too. */
export const DEFAULT_SOURCE_LIMITS: WorkerLimits = {
  timeoutMs: 45_000,
  resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 },
};

export async function readSourceInWorker(fileName: string, data: Uint8Array, limits: WorkerLimits = DEFAULT_SOURCE_LIMITS): Promise<SourceReading> {
  try {
    return await runInWorker<SourceReading>(workerUrl(import.meta.url, 'source-worker'), { fileName, data }, limits);
  } catch (error) {
    if (error instanceof WorkerLimitExceeded) return { ok: false, problem: 'too-complex', detail: error.message };
    return { ok: false, problem: 'damaged', detail: `the source reader failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Runs one export in a worker (src-main/workers/limited-worker.ts), off
 * main's event loop: building and laying out a 300-page plan took seconds
 * of main's time (BENCHMARKS.md, bench/export-plan.ts), during which the
 * host answered no other call, saves included. The LibreOffice conversion
 * of a PDF runs from the worker too.
 *
 * Failures keep their meaning: a conversion failure is a `ConversionError`
 * as from `exportPlanFile`; a worker that runs out of time or memory is a
 * `conversion-failed` ConversionError, so the host says "export-failed"
 * either way.
 *
 * `onPhase` hears each phase the worker reaches (reading the plan, building,
 * page layout, writing, converting), in order, before the export resolves.
 */
import type { ExportKind, LoadedPlan } from '../../shared/host-api/host-api.ts';
import type { TaskPhase } from '../../shared/progress/task-progress.ts';
import { runInWorker, WorkerLimitExceeded, workerUrl, type WorkerLimits } from '../workers/limited-worker.ts';
import { ConversionError, type ConversionFailure, type ConversionOptions } from './libreoffice.ts';
import type { ExportedFile } from './plan-export.ts';

export interface ExportWorkerInput {
  readonly loaded: LoadedPlan;
  readonly kind: ExportKind;
  /** ISO time of the export (the title page's date). */
  readonly now: string;
  readonly libreOffice?: ConversionOptions;
}

export type ExportWorkerOutput =
  | { readonly ok: true; readonly file: ExportedFile }
  /** `reason` null: not a conversion failure (a bug); `message` says what. */
  | { readonly ok: false; readonly reason: ConversionFailure | null; readonly message: string };

/** Generous: a 300-page plan with its PDF takes well under a minute even on a busy machine. */
export const DEFAULT_EXPORT_LIMITS: WorkerLimits = {
  timeoutMs: 10 * 60_000,
  resourceLimits: { maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: 128, stackSizeMb: 8 },
};

export async function runExport(
  loaded: LoadedPlan,
  kind: ExportKind,
  options: { now: Date; libreOffice?: ConversionOptions; limits?: WorkerLimits; onPhase?: (phase: TaskPhase) => void },
): Promise<ExportedFile> {
  const input: ExportWorkerInput = { loaded, kind, now: options.now.toISOString(), ...(options.libreOffice !== undefined ? { libreOffice: options.libreOffice } : {}) };
  let output: ExportWorkerOutput;
  try {
    output = await runInWorker<ExportWorkerOutput>(workerUrl(import.meta.url, 'export-worker'), input, options.limits ?? DEFAULT_EXPORT_LIMITS, options.onPhase);
  } catch (error) {
    if (error instanceof WorkerLimitExceeded) throw new ConversionError('conversion-failed', `The export stopped: ${error.message}`);
    throw error;
  }
  if (output.ok) return output.file;
  if (output.reason !== null) throw new ConversionError(output.reason, output.message);
  throw new Error(`The export failed: ${output.message}`);
}

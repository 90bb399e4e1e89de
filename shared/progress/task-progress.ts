/**
 * How far a long export or Word import has come (issue 15: "progress for
 * exports and imports that take longer than a moment").
 *
 * The work runs in a worker in the host (src-main/export/run-export.ts,
 * src-main/import/run-import.ts). The worker says which phase it has reached;
 * the host keeps the latest phase under an id the renderer chose
 * (src-main/progress/progress-board.ts); the renderer asks for it while it
 * waits for the export or import to answer (`HostApi.getTaskProgress`). The
 * HostApi has calls only, no messages from the host, so the renderer asks:
 * about four times a second, and only while something runs.
 *
 * A phase's fraction is where it starts in the whole task, measured on the
 * 300-page benchmark plan (bench/export-plan.ts): the page layout for the
 * table of contents is most of an export, so it spans most of the bar.
 */

export const TASK_PHASES = [
  // Export (the export worker).
  'reading-plan',
  'building',
  'page-layout',
  'writing',
  'converting',
  // The PDF from the print view: printed by Chromium in the host, after the worker built the view.
  'printing',
  // Word import (the import worker).
  'unpacking',
  'reading-document',
  'checking',
  // Set by the host when the call ends.
  'finished',
  'failed',
] as const;

export type TaskPhase = (typeof TASK_PHASES)[number];

export interface TaskProgress {
  readonly phase: TaskPhase;
  /** How much of the whole task is done, 0 to 1. */
  readonly fraction: number;
}

/** Where each phase starts in its task, 0 to 1. */
const PHASE_STARTS: Readonly<Record<TaskPhase, number>> = {
  'reading-plan': 0.02,
  building: 0.05,
  'page-layout': 0.1,
  writing: 0.9,
  converting: 0.92,
  printing: 0.25,
  unpacking: 0.05,
  'reading-document': 0.2,
  checking: 0.9,
  finished: 1,
  failed: 1,
};

export function progressAt(phase: TaskPhase): TaskProgress {
  return { phase, fraction: PHASE_STARTS[phase] };
}

/** Whether the task has ended, one way or the other. */
export function isTaskOver(progress: TaskProgress): boolean {
  return progress.phase === 'finished' || progress.phase === 'failed';
}

/** What a worker posts before its answer (src-main/workers/limited-worker.ts tells it from the answer by this key). */
export interface WorkerProgressMessage {
  readonly workerProgress: TaskPhase;
}

export function isWorkerProgressMessage(message: unknown): message is WorkerProgressMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    Object.keys(message).length === 1 &&
    (TASK_PHASES as readonly unknown[]).includes((message as { workerProgress?: unknown }).workerProgress)
  );
}

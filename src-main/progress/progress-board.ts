/**
 * The latest progress of each running export and Word import, by the id the
 * renderer gave the call (`progressId`), for `HostApi.getTaskProgress`
 * (shared/progress/task-progress.ts says why the renderer asks).
 *
 * A phase only moves forward: a late message cannot take a finished task
 * back to "page layout". An entry is forgotten a minute after its last
 * change, and the board holds at most 200, so ids the renderer never asks
 * about again cannot pile up.
 */
import { isTaskOver, progressAt, type TaskPhase, type TaskProgress } from '../../shared/progress/task-progress.ts';

const KEEP_MS = 60_000;
const MAX_ENTRIES = 200;

export class ProgressBoard {
  readonly #entries = new Map<string, { progress: TaskProgress; at: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Records that the task `id` reached `phase`; ignored once it is over, or for a phase it is already past. */
  report(id: string, phase: TaskPhase): void {
    this.#forgetOld();
    const known = this.#entries.get(id)?.progress;
    const next = progressAt(phase);
    if (known !== undefined && (isTaskOver(known) || (!isTaskOver(next) && next.fraction < known.fraction))) return;
    this.#entries.delete(id);
    this.#entries.set(id, { progress: next, at: this.#now() });
    while (this.#entries.size > MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** The task's latest progress; null for an id the board does not know (not started yet, or long over). */
  read(id: string): TaskProgress | null {
    this.#forgetOld();
    return this.#entries.get(id)?.progress ?? null;
  }

  /** Reports to `id` when it is given, else nowhere: for calls made without a progress id. */
  reporter(id: string | undefined): ((phase: TaskPhase) => void) | undefined {
    return id === undefined ? undefined : (phase) => this.report(id, phase);
  }

  /** Runs `work`, marking the task finished or failed when it ends. */
  async track<T>(id: string | undefined, work: (onPhase: ((phase: TaskPhase) => void) | undefined) => Promise<T>): Promise<T> {
    try {
      const result = await work(this.reporter(id));
      if (id !== undefined) this.report(id, 'finished');
      return result;
    } catch (error) {
      if (id !== undefined) this.report(id, 'failed');
      throw error;
    }
  }

  #forgetOld(): void {
    const oldest = this.#now() - KEEP_MS;
    for (const [id, entry] of this.#entries) if (entry.at < oldest) this.#entries.delete(id);
  }
}

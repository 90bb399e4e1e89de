/**
 * The machine a benchmark ran on, stored with its results: figures from a
 * busy two-core laptop and a quiet workstation are not comparable without it.
 * The load average at start and end shows whether other work shared the CPU.
 */
import os from 'node:os';
import { round } from './statistics.ts';

export interface Machine {
  readonly os: string;
  readonly cpus: string;
  readonly cpuCount: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly chromium: string;
  readonly loadAverageAtStart: readonly number[];
  readonly loadAverageAtEnd: readonly number[];
}

/** Call at the end of the run, with `os.loadavg()` as it was at the start. */
export function describeMachine(loadAverageAtStart: readonly number[], chromium: string): Machine {
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus()[0]?.model ?? 'unknown',
    cpuCount: os.availableParallelism(),
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    chromium,
    loadAverageAtStart: loadAverageAtStart.map((n) => round(n, 2)),
    loadAverageAtEnd: os.loadavg().map((n) => round(n, 2)),
  };
}

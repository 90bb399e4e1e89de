/**
 * `node bench/exchange.ts [--trace sveltecomponent] [--runs 5] [--out FILE]`
 *
 * Exchange by file (issue 17): the file size and the time to export and to
 * import a week of one drafter's work. Two computers, each a real
 * HostService on its own SQLite store with no server: the coordinator
 * hands the sample plan (12 chapters) to the drafter as a plan file; the
 * drafter replays a real editing trace (../shared/traces) into one chapter,
 * offline, through the chapter-text binding as the editor does, saving one
 * update per 50 patches (the app saves per 20 ms tick). Then:
 * - export: "Exportera mina ändringar" for the coordinator (against what the
 *   plan file told the drafter the coordinator has), `runs` times;
 * - inspect: the coordinator reads the file (size and shape, signature,
 *   the merge and the role rules on scratch copies in the worker, the
 *   preview), `runs` times (nothing is stored, so each is the full work);
 * - import: storing what the file brings, once.
 * Budget: export and import each under 1 s (issue 17).
 *
 * Output: JSON on stdout (and in --out), a table on stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HostService } from '../src-main/host/host-service.ts';
import { report, typeAWeek } from './exchange-week.ts';
import { describeMachine } from './machine.ts';

const BUDGET_MS = 1000;

const { values } = parseArgs({ options: { trace: { type: 'string', default: 'sveltecomponent' }, runs: { type: 'string', default: '5' }, out: { type: 'string' } } });
const runs = Number(values.runs);
const loadAtStart = os.loadavg();
const log = (message: string): void => void process.stderr.write(`${message}\n`);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Wall time, and CPU time of the whole process (its worker threads included): on a shared machine the two differ by the load. */
async function timed<T>(action: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await action();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, value };
}

const dirs = [mkdtempSync(join(os.tmpdir(), 'samskriv-bench-coordinator-')), mkdtempSync(join(os.tmpdir(), 'samskriv-bench-drafter-'))];
const coordinator = new HostService(dirs[0]!);
const drafter = new HostService(dirs[1]!);
try {
  await coordinator.setPreferences({ name: 'Anna Ek', agency: 'af' });
  const drafterPrefs = await drafter.setPreferences({ name: 'Björn Berg', agency: 'fk' });
  const coordinatorPrefs = await coordinator.getPreferences();
  const plan = await coordinator.openSamplePlan();
  const planFile = await coordinator.exportPlanFile({ planId: plan.id });
  if (planFile.outcome !== 'download') throw new Error('expected a download');
  const opened = await drafter.inspectExchangeFile({ planId: null, data: planFile.data });
  if (opened.outcome !== 'ready') throw new Error(`the plan file was refused: ${JSON.stringify(opened)}`);
  await drafter.importExchangeFile({ fileId: opened.fileId });

  // The drafter's week: the trace, typed into the chapter her agency owns.
  const { title, patches } = await typeAWeek(drafter, plan.id, 'fk', values.trace);
  log(`replayed ${patches} patches of ${values.trace} into "${title}"`);

  const exports: number[] = [];
  const exportCpu: number[] = [];
  let file: Uint8Array = new Uint8Array();
  for (let i = 0; i < runs; i++) {
    const { ms, cpuMs, value } = await timed(() => drafter.exportChanges({ planId: plan.id, recipientId: coordinatorPrefs.memberId }));
    if (value.outcome !== 'download') throw new Error(`expected a download, got ${value.outcome}`);
    exports.push(ms);
    exportCpu.push(cpuMs);
    file = value.data;
  }
  const inspections: number[] = [];
  const inspectionCpu: number[] = [];
  let fileId = '';
  let chaptersChanged = 0;
  for (let i = 0; i < runs; i++) {
    const { ms, cpuMs, value } = await timed(() => coordinator.inspectExchangeFile({ planId: plan.id, data: file }));
    if (value.outcome !== 'ready') throw new Error(`the file was refused: ${JSON.stringify(value)}`);
    inspections.push(ms);
    inspectionCpu.push(cpuMs);
    fileId = value.fileId;
    chaptersChanged = value.preview.chapters.length;
  }
  const applied = await timed(() => coordinator.importExchangeFile({ fileId }));
  const result = {
    benchmark: 'exchange-by-file',
    date: new Date().toISOString(),
    trace: values.trace,
    patches,
    drafter: drafterPrefs.name,
    fileBytes: file.length,
    chaptersChanged,
    exportMs: { median: median(exports), all: exports.map((ms) => Math.round(ms)), cpuMedian: median(exportCpu) },
    inspectMs: { median: median(inspections), all: inspections.map((ms) => Math.round(ms)), cpuMedian: median(inspectionCpu) },
    storeMs: Math.round(applied.ms),
    importMs: Math.round(median(inspections) + applied.ms),
    budgetMs: BUDGET_MS,
    withinBudget: median(exports) < BUDGET_MS && median(inspections) + applied.ms < BUDGET_MS,
    machine: describeMachine(loadAtStart, 'n/a'),
  };
  report(result, values.out, { bytes: file.length, patches, trace: values.trace }, [
    [`export (median of ${runs})`, `${Math.round(result.exportMs.median)} ms (CPU ${Math.round(result.exportMs.cpuMedian)} ms)`],
    [`import: read and check (median of ${runs})`, `${Math.round(result.inspectMs.median)} ms (CPU, worker included, ${Math.round(result.inspectMs.cpuMedian)} ms)`],
    ['import: store', `${result.storeMs} ms`],
    ['within the 1 s budgets (wall time)', result.withinBudget ? 'yes' : 'no'],
    ['load average at start / end', `${result.machine.loadAverageAtStart.join(', ')} / ${result.machine.loadAverageAtEnd.join(', ')}`],
  ]);
} finally {
  coordinator.close();
  drafter.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

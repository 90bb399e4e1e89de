/**
 * Awareness flood benchmark (issue 11, finding 2): a real `npm run server`
 * process, two members editing one chapter, and a reader who floods that
 * chapter with awareness, as the probe did:
 *   - `ids`:  2,000 frames × 1,000 client ids (the probe's flood; the server
 *             closes the reader at its first frame);
 *   - `rate`: 2,000 frames × 1 client id (well-formed; dropped above the rate).
 * For each, and for a quiet baseline, it reports /health round trips
 * (budget: under 100 ms during the flood), the propagation of the members'
 * edits (one keystroke every 50 ms, sent -> received by the other member),
 * and the server's RSS before and after.
 *
 *   node bench/awareness-flood.ts [--frames N] [--ids N] [--json]
 *
 * Prints a table, then the JSON (with the machine) on the last line.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chapterDocName } from '../shared/plan/doc-names.ts';
import { floodAwareness, type FloodResult } from '../tests/support/awareness-flood.ts';
import { connectClient, isSettled, waitUntil, type TestClient } from '../tests/support/sync-client.ts';
import { setUpPlan, startSyncServerProcess, type SyncServerProcess } from '../tests/support/sync-server-process.ts';
import { describeMachine } from './machine.ts';
import { distribution, round, type Distribution } from './statistics.ts';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '2000' },
    ids: { type: 'string', default: '1000' },
  },
});
const FRAMES = Number(values.frames);
const IDS = Number(values.ids);
const KEYSTROKE_MS = 50;

interface Phase {
  readonly phase: string;
  readonly health: Distribution;
  readonly propagation: Distribution;
  readonly closed: { code: number; reason: string } | null;
  readonly framesSent: number;
  readonly durationMs: number;
  readonly rssBeforeMb: number;
  readonly rssAfterMb: number;
}

/** The server's resident set in MB (Linux /proc). */
function rssMb(server: SyncServerProcess): number {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return round(kb / 1024, 1);
}

/** Types one character every KEYSTROKE_MS into `writer` until stopped; `reader` records when each arrives. */
function typeAlong(writer: TestClient, reader: TestClient): { stop(): Promise<number[]> } {
  const text = writer.doc.getText('t');
  const received = reader.doc.getText('t');
  const start = text.length;
  const sentAt: number[] = [];
  const latencies: number[] = [];
  const onUpdate = (): void => {
    const now = performance.now();
    while (latencies.length < received.length - start && latencies.length < sentAt.length) latencies.push(now - sentAt[latencies.length]!);
  };
  reader.doc.on('update', onUpdate);
  const timer = setInterval(() => {
    sentAt.push(performance.now());
    text.insert(text.length, 'x');
  }, KEYSTROKE_MS);
  return {
    async stop() {
      clearInterval(timer);
      await waitUntil(() => latencies.length === sentAt.length, 'every keystroke arrived', 30_000);
      reader.doc.off('update', onUpdate);
      return latencies;
    },
  };
}

async function quiet(server: SyncServerProcess, ms: number): Promise<number[]> {
  const health: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const started = performance.now();
    await (await fetch(`${server.url}/health`)).arrayBuffer();
    health.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return health;
}

const loadAverageAtStart = os.loadavg();
const dataDir = mkdtempSync(join(tmpdir(), 'samskriv-bench-flood-'));
const server = await startSyncServerProcess({ dataDir, args: ['--connections-per-minute', '0'] });
const phases: Phase[] = [];
try {
  const plan = await setUpPlan(server, dataDir);
  const drafter = await plan.addMember('Omar Said', 'migr', 'drafter');
  const reader = await plan.addMember('Lena Ek', 'fk', 'reader');
  const doc = chapterDocName(plan.planId, randomUUID());
  const writer = connectClient(server.wsUrl, doc, plan.coordinatorToken);
  const other = connectClient(server.wsUrl, doc, drafter.token);
  await waitUntil(() => isSettled(writer) && isSettled(other), 'both members are synced');

  const measure = async (phase: string, run: () => Promise<Pick<FloodResult, 'healthMs' | 'closed' | 'framesSent' | 'durationMs'>>): Promise<void> => {
    const rssBeforeMb = rssMb(server);
    const typing = typeAlong(writer, other);
    const result = await run();
    const propagation = await typing.stop();
    phases.push({
      phase,
      health: distribution(result.healthMs),
      propagation: distribution(propagation),
      closed: result.closed,
      framesSent: result.framesSent,
      durationMs: round(result.durationMs, 0),
      rssBeforeMb,
      rssAfterMb: rssMb(server),
    });
  };

  await measure('quiet', async () => ({ healthMs: await quiet(server, 2_000), closed: null, framesSent: 0, durationMs: 2_000 }));
  const flood = (clientIds: number) => () =>
    floodAwareness({ wsUrl: server.wsUrl, httpUrl: server.url, docName: doc, token: reader.token, frames: FRAMES, clientIds, settleMs: 1_000 });
  await measure(`ids: ${FRAMES} frames × ${IDS} ids`, flood(IDS));
  await measure(`rate: ${FRAMES} frames × 1 id`, flood(1));
  writer.destroy();
  other.destroy();
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const header = ['phase', '/health p50', 'p99', 'max', 'edits p50', 'p99', 'frames sent', 'closed', 'RSS MB before → after'];
const rows = phases.map((p) => [
  p.phase,
  `${round(p.health.p50, 1)} ms`,
  `${round(p.health.p99, 1)} ms`,
  `${round(p.health.max, 1)} ms`,
  `${round(p.propagation.p50, 1)} ms`,
  `${round(p.propagation.p99, 1)} ms`,
  String(p.framesSent),
  p.closed === null ? '-' : String(p.closed.code),
  `${p.rssBeforeMb} → ${p.rssAfterMb}`,
]);
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(JSON.stringify({ benchmark: 'awareness-flood', date: new Date().toISOString(), frames: FRAMES, ids: IDS, budgetHealthMs: 100, phases, machine: describeMachine(loadAverageAtStart, 'none') }));

/**
 * Server load benchmark (DESIGN §10 "Server"): N simulated clients (default
 * 300 = 6 agencies x 50) on 12 chapter docs, each typing 2 keystrokes/s over
 * loopback against a real `npm run server` process (SQLite storage).
 *
 *   node bench/server-load.ts [--clients N] [--seconds S] [--find-max]
 *
 * Measures the end-to-end propagation latency (keystroke on one client until
 * it is applied on every other client of that chapter), the server's CPU and
 * RSS (from /proc), and lost updates: after the run, a fresh client per
 * chapter reads the server's copy, and every keystroke must be in it and in
 * every client. `--find-max` steps N up and reports the largest N with
 * p99 < 50 ms.
 *
 * A keystroke is one Y.Array push of a small record {client, seq, time},
 * about the size of a one-character Y.Text update, so that the receiver can
 * read the send time. All clients live in this one process and share its
 * clock. The load generator competes with the server for the machine's
 * cores, which inflates the figures; the output says how many cores there were.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import { chapterDocName } from '../shared/plan/doc-names.ts';
import { connectClient, isSettled, waitUntil, type TestClient } from '../tests/support/sync-client.ts';
import { setUpPlan, startSyncServerProcess } from '../tests/support/sync-server-process.ts';

const CHAPTERS = 12;
const AGENCIES = ['lst', 'af', 'fk', 'jamy', 'migr', 'sos'] as const;
const KEYSTROKES_PER_SECOND = 2;
const CLK_TCK = 100;

interface Keystroke {
  c: number;
  s: number;
  t: number;
}

interface RunResult {
  clients: number;
  seconds: number;
  keystrokes: number;
  deliveries: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  serverCpuPercent: number;
  serverRssMbPeak: number;
  lostUpdates: number;
}

async function run(clientCount: number, seconds: number): Promise<RunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'samskriv-bench-'));
  const server = await startSyncServerProcess({ dataDir, args: ['--connections-per-minute', '0'] });
  const clients: TestClient[] = [];
  try {
    const plan = await setUpPlan(server, dataDir);
    const tokens = [plan.coordinatorToken];
    for (const agency of AGENCIES.slice(1)) tokens.push((await plan.addMember(`Bench ${agency}`, agency, 'drafter')).token);
    const docs = Array.from({ length: CHAPTERS }, () => chapterDocName(plan.planId, randomUUID()));

    const latencies: number[] = [];
    let measuring = false;
    for (let i = 0; i < clientCount; i++) {
      const client = connectClient(server.wsUrl, docs[i % CHAPTERS]!, tokens[i % tokens.length]!);
      const myId = i;
      client.doc.getArray<Keystroke>('keys').observe((event) => {
        if (event.transaction.local) return;
        const now = performance.now();
        for (const item of event.changes.added) {
          for (const key of item.content.getContent() as Keystroke[]) {
            if (measuring && key.c !== myId) latencies.push(now - key.t);
          }
        }
      });
      clients.push(client);
      // Connecting a few hundred sockets at once is a different benchmark.
      if (i % 25 === 24) await waitUntil(() => clients.every(isSettled), 'the clients so far are connected', 60_000);
    }
    await waitUntil(() => clients.every(isSettled), 'every client is connected', 60_000);

    const typed = new Map<number, number>();
    const timers: NodeJS.Timeout[] = [];
    const start = (client: TestClient, id: number): void => {
      let seq = 0;
      const keys = client.doc.getArray<Keystroke>('keys');
      timers.push(
        setInterval(() => {
          keys.push([{ c: id, s: seq++, t: performance.now() }]);
          typed.set(id, seq);
        }, 1000 / KEYSTROKES_PER_SECOND),
      );
    };
    // Spread the first keystrokes over one interval so clients do not type in lockstep.
    await Promise.all(
      clients.map(
        (client, id) =>
          new Promise<void>((done) =>
            setTimeout(() => {
              start(client, id);
              done();
            }, Math.random() * (1000 / KEYSTROKES_PER_SECOND)),
          ),
      ),
    );
    await sleep(2_000); // warm-up
    measuring = true;
    const cpuBefore = serverCpuTicks(server.child.pid!);
    const wallBefore = performance.now();
    let rssPeak = 0;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, serverRssMb(server.child.pid!));
    }, 500);
    await sleep(seconds * 1000);
    measuring = false;
    clearInterval(sampler);
    const cpuPercent = ((serverCpuTicks(server.child.pid!) - cpuBefore) / CLK_TCK / ((performance.now() - wallBefore) / 1000)) * 100;
    for (const timer of timers) clearInterval(timer);

    // Lost updates: every keystroke must reach every client of its chapter and the server's copy.
    await waitUntil(() => clients.every(isSettled), 'everything is acknowledged', 60_000);
    const expected = (doc: number): Set<string> => {
      const keys = new Set<string>();
      for (let id = doc; id < clientCount; id += CHAPTERS) for (let s = 0; s < (typed.get(id) ?? 0); s++) keys.add(`${id}:${s}`);
      return keys;
    };
    const present = (doc: Y.Doc): Set<string> => new Set(doc.getArray<Keystroke>('keys').toArray().map((k) => `${k.c}:${k.s}`));
    let lost = 0;
    for (let d = 0; d < CHAPTERS; d++) {
      const want = expected(d);
      await waitUntil(() => clients.filter((_, i) => i % CHAPTERS === d).every((c) => present(c.doc).size >= want.size), `chapter ${d} converged`, 30_000).catch(() => undefined);
      const fresh = connectClient(server.wsUrl, docs[d]!, plan.coordinatorToken);
      await waitUntil(() => isSettled(fresh), 'a fresh client is synced', 30_000);
      const holders = [fresh, ...clients.filter((_, i) => i % CHAPTERS === d)];
      for (const holder of holders) {
        const have = present(holder.doc);
        for (const key of want) if (!have.has(key)) lost++;
      }
      fresh.destroy();
    }
    latencies.sort((a, b) => a - b);
    const keystrokes = [...typed.values()].reduce((a, b) => a + b, 0);
    return {
      clients: clientCount,
      seconds,
      keystrokes,
      deliveries: latencies.length,
      latencyMs: { p50: round(pct(latencies, 0.5)), p90: round(pct(latencies, 0.9)), p99: round(pct(latencies, 0.99)), max: round(latencies.at(-1) ?? 0) },
      serverCpuPercent: round(cpuPercent),
      serverRssMbPeak: round(rssPeak),
      lostUpdates: lost,
    };
  } finally {
    for (const client of clients) client.destroy();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function serverCpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function serverRssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function table(results: RunResult[]): string {
  const head = 'clients | keystrokes | deliveries | p50 ms | p99 ms | max ms | server CPU % | server RSS MB | lost';
  const rows = results.map((r) =>
    [r.clients, r.keystrokes, r.deliveries, r.latencyMs.p50, r.latencyMs.p99, r.latencyMs.max, r.serverCpuPercent, r.serverRssMbPeak, r.lostUpdates].join(' | '),
  );
  return [head, head.replace(/[^|]/g, '-'), ...rows].join('\n');
}

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '20' },
    'find-max': { type: 'boolean', default: false },
  },
});
const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version };
const note = `The load generator (${values['find-max'] ? 'up to ' : ''}${values.clients} clients in one Node process) shares the ${machine.cores} cores with the server, so latency includes client-side work.`;
const results: RunResult[] = [];
let maxUnderBudget: number | null = null;
if (values['find-max']) {
  const seconds = Number(values.seconds);
  for (const n of [100, 200, 300, 400, 500, 600, 800, 1000]) {
    const result = await run(n, seconds);
    results.push(result);
    process.stderr.write(`${JSON.stringify(result)}\n`);
    if (result.latencyMs.p99 < 50 && result.lostUpdates === 0) maxUnderBudget = n;
    else break;
  }
} else {
  results.push(await run(Number(values.clients), Number(values.seconds)));
}
const report = { benchmark: 'server-load', date: new Date().toISOString(), machine, keystrokesPerSecond: KEYSTROKES_PER_SECOND, chapters: CHAPTERS, note, results, ...(values['find-max'] ? { maxClientsWithP99Under50ms: maxUnderBudget } : {}) };
const out = resolve(import.meta.dirname, 'results', values['find-max'] ? 'server-load-find-max.json' : 'server-load.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report));
console.log(`\n${table(results)}\n${values['find-max'] ? `\nLargest N with p99 < 50 ms: ${maxUnderBudget ?? 'none tried'}\n` : ''}${note}`);
process.exit(0);

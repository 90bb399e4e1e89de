/**
 * Server load benchmark (DESIGN §10 "Server"): N simulated clients (default
 * 300 = 6 agencies x 50) on 12 chapter docs, each typing 2 keystrokes/s over
 * loopback against a real `npm run server` process (SQLite storage).
 *
 *   node bench/server-load.ts [--clients N] [--seconds S] [--warmup S] [--generators G]
 *                             [--cursor-awareness] [--profile DIR] [--find-max]
 *                             [--flood-reader] [--flood-rate F] [--rule-guard on|off|both]
 *                             [--suggesters] [--rounds R] [--out FILE]
 *
 * The clients live in G load-generator processes (bench/server-load-generator.ts):
 * raw WebSockets speaking the Hocuspocus protocol, each with its own Y.Doc
 * whose keystrokes are real Yjs updates, but which never apply what they
 * receive; a keystroke is recognised at each receiver by a marker in the
 * received bytes. So the generators stay cheap and the figures describe the
 * server. To let a reader judge who was the limit, the output gives the CPU
 * of the server (whole process and its main thread), of the generators, of
 * the rest of the machine (other programs on this shared box), and the
 * generators' event-loop delay (which would inflate latency if high).
 *
 * Measured over S seconds after a warm-up:
 * - propagation latency: keystroke sent -> received by each other client of
 *   its chapter (p50/p90/p99/max over every such delivery);
 * - acknowledgement latency: keystroke sent -> the server's SyncStatus, which
 *   it sends only after the update is committed to storage;
 * - lost: after typing stops, every keystroke must have reached every other
 *   client of its chapter, a fresh client must find it in the server's copy,
 *   and after the server's graceful stop it must be in docs.sqlite.
 * `--find-max` steps N up by 100 until p99 >= 50 ms (or anything is lost),
 * then bisects between the last pass and the first miss down to 10 clients.
 * `--profile DIR` runs the server under `node --cpu-prof` (one N only).
 *
 * `--flood-reader` (issue 11): besides the N clients, one member with the
 * reader role floods the awareness of chapter 0 (whose clients are measured
 * with the rest) during the measured seconds, from this process, with the
 * flood of tests/support/awareness-flood.ts: first the probe's 2,000 frames
 * × 1,000 client ids as fast as the socket takes them (the server closes it
 * with 4400 at the first frame; /health is timed meanwhile), then, on a new
 * socket, well-formed frames for one client id at F frames/s (default 1,000,
 * 50× the server's limit of 20/s) until the measurement ends. The report
 * gives the flooder's fate: how each socket was closed after how many frames,
 * and the `awareness-dropped` / `message-refused` records of the server's log
 * for that chapter (drops are logged at most once a second per document, so
 * the last second's count may be missing). This process's own CPU (mostly
 * the flooder's) is reported apart from "other programs".
 * `--rule-guard on|off|both` (issue 13): the server checks every update
 * against the members' roles (on, the default), or not (off:
 * `--lab-no-rule-guard`), or both, off then on, in one invocation. The plan's
 * manifest lists the 12 chapters, owned by the six agencies in turn, so each
 * client types into its own agency's chapter about one time in six (the chapter-text
 * rule, which would judge the other five, is not built yet).
 * `--suggesters` (issue 13's benchmark): the clients are the six agencies'
 * drafters in equal shares (one member per agency, the coordinator only
 * sets up the plan), and half of each agency's clients work in its own two
 * chapters, typing directly, the other half in the other agencies' chapters
 * as suggesters: each writes her own suggested paragraph with a suggestion
 * record signed by her, every keystroke marked as her suggested insertion
 * (bench/server-load-generator.ts). So the guard judges the text, thread-free
 * suggestion records and marks of 150 suggesters and the direct edits of 150
 * owners. `--rounds R` with `--rule-guard both` runs off, on, off, on … R
 * times each, so a machine whose other load drifts weighs on both alike; the
 * summary gives the median of each figure per setting and what the guard
 * adds to the server's CPU, per second and per keystroke.
 * `--out FILE` writes the JSON there instead of bench/results/server-load*.json.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { chapterDocName, manifestDocName } from '../shared/plan/doc-names.ts';
import { initManifest } from '../shared/plan/manifest.ts';
import { readChapterDoc } from '../shared/chapter-text/chapter-text.ts';
import { readSuggestions } from '../shared/suggestions/suggestions.ts';
import { DocStore } from '../src-node/storage/doc-store.ts';
import { floodAwareness, sustainAwarenessFlood, type FloodResult, type SocketClosed, type SustainedFlood, type SustainedFloodResult } from '../tests/support/awareness-flood.ts';
import { connectClient, isSettled, waitUntil, type TestClient } from '../tests/support/sync-client.ts';
import { setUpPlan, startSyncServerProcess, type SyncServerProcess } from '../tests/support/sync-server-process.ts';
import type { Member } from '../shared/plan/member.ts';
import type { ClientSpec, GeneratorCommand, GeneratorEvent, GeneratorReport } from './server-load-generator.ts';
import { Histogram, MARKER_PATTERN } from './server-load-wire.ts';
import { distribution, type Distribution } from './statistics.ts';

const CHAPTERS = 12;
const AGENCIES = ['lst', 'af', 'fk', 'jamy', 'migr', 'sos'] as const;
const KEYSTROKES_PER_SECOND = 2;
const BUDGET_P99_MS = 50;
const CLK_TCK = 100;
const GENERATOR = resolve(import.meta.dirname, 'server-load-generator.ts');
/** The probe's flood of issue 11 (finding 2). */
const FLOOD_FRAMES = 2_000;
const FLOOD_CLIENT_IDS = 1_000;

interface RunOptions {
  clients: number;
  seconds: number;
  warmupSeconds: number;
  generators: number;
  cursorAwareness: boolean;
  profileDir: string | null;
  /** Frames per second of the sustained flood, or null for no flooding reader. */
  floodRate: number | null;
  /** Whether the server checks updates against the members' roles (issue 13; off: `--lab-no-rule-guard`). */
  ruleGuard: boolean;
  /** Six agencies' drafters, half of them suggesting in other agencies' chapters (see the header). */
  suggesters: boolean;
}

/** What became of the flooding reader (`--flood-reader`). */
interface FloodReaderReport {
  chapter: number;
  /** The probe's flood: 2,000 frames × 1,000 client ids. */
  ids: { frames: number; clientIds: number; framesSent: number; closed: SocketClosed | null; durationMs: number; healthMs: Distribution };
  /** Then well-formed frames for one client id at a steady rate, until the measurement ended. */
  rate: { framesPerSecond: number; startedAfterMs: number; framesSent: number; closed: SocketClosed | null; durationMs: number } | null;
  /** The server's log for the flooded chapter. */
  serverLog: {
    refused: { reason: string }[];
    awarenessDroppedRecords: number;
    /** Sum of `dropped` over those records, by `why` (a lower bound: the last second's drops may not be logged yet). */
    droppedLogged: Record<string, number>;
  };
  error: string | null;
}

interface RunResult {
  clients: number;
  ruleGuard: boolean;
  /** Clients typing as suggesters in another agency's chapter (0 without --suggesters). */
  suggesterClients: number;
  /** Suggestions in the server's copies of the chapters afterwards: one per suggester. */
  suggestionRecords: number;
  /** Keystrokes the suggesters typed, and how many of them the server's copies hold inside a suggested insertion. */
  suggestedKeystrokes: { typed: number; markedInServerCopy: number };
  generators: number;
  seconds: number;
  keystrokes: number;
  measuredKeystrokes: number;
  deliveries: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Propagation to the clients of chapter 0 only (1/12 of them; the chapter --flood-reader floods), included in latencyMs. */
  chapter0LatencyMs: { deliveries: number; p50: number; p90: number; p99: number; max: number };
  ackMs: { p50: number; p99: number; max: number };
  serverCpuPercent: number;
  serverMainThreadCpuPercent: number;
  /** Server CPU time (all threads, user + system: what `process.cpuUsage()` inside it counts) per keystroke typed in the measured seconds. */
  serverCpuMsPerKeystroke: number;
  serverRssMbPeak: number;
  generatorCpuPercent: number[];
  generatorEventLoopDelayP99Ms: number[];
  machineCpuPercent: number;
  otherProcessesCpuPercent: number;
  lostUpdates: number;
  missingInServerCopy: number;
  missingInStore: number;
  unacknowledged: number;
  duplicates: number;
  strayMarkers: number;
  closedSockets: string[];
  /** CPU of this process (the orchestrator and, with --flood-reader, the flooder), % of one core. */
  benchProcessCpuPercent: number;
  floodReader: FloodReaderReport | null;
  withinBudget: boolean;
}

class Generator {
  readonly child: ChildProcess;
  readonly #waiting = new Map<string, (event: GeneratorEvent) => void>();
  #failure: Error | null = null;

  constructor() {
    this.child = fork(GENERATOR, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (event: GeneratorEvent) => {
      if (event.event === 'error') {
        this.#failure = new Error(`load generator ${this.child.pid}: ${event.message}`);
        for (const waiter of this.#waiting.values()) waiter(event);
        return;
      }
      this.#waiting.get(event.event)?.(event);
    });
  }

  request<E extends GeneratorEvent['event']>(command: GeneratorCommand, answer: E): Promise<Extract<GeneratorEvent, { event: E }>> {
    return new Promise((resolveAnswer, reject) => {
      this.#waiting.set(answer, (event) => {
        this.#waiting.delete(answer);
        if (event.event === 'error') reject(this.#failure);
        else resolveAnswer(event as Extract<GeneratorEvent, { event: E }>);
      });
      this.child.send(command);
    });
  }

  async exit(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.send({ cmd: 'exit' } satisfies GeneratorCommand);
    await Promise.race([exited, sleep(3_000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/**
 * Starts the flooding reader: the probe's id flood, then a steady rate flood
 * on a new socket until `stop`. Failures are reported, not thrown, so the
 * load run still completes.
 */
function startFloodReader(server: SyncServerProcess, docName: string, token: string, framesPerSecond: number): { stop(): Promise<Omit<FloodReaderReport, 'chapter' | 'serverLog'>> } {
  const started = performance.now();
  /** Filled in by the flood as it goes (an object, so the type checker does not take the initial nulls for good). */
  const state: { stopping: boolean; ids: FloodResult | null; rateStartedAfterMs: number; rate: SustainedFlood | null } = { stopping: false, ids: null, rateStartedAfterMs: 0, rate: null };
  const running = (async () => {
    const ids = await floodAwareness({ wsUrl: server.wsUrl, httpUrl: server.url, docName, token, frames: FLOOD_FRAMES, clientIds: FLOOD_CLIENT_IDS, settleMs: 200 });
    state.ids = ids;
    progress(`flooding reader: id flood ${ids.closed === null ? 'not closed' : `closed ${ids.closed.code}`} after ${ids.framesSent} frames; rate flood at ${framesPerSecond} frames/s`);
    if (state.stopping) return;
    state.rateStartedAfterMs = performance.now() - started;
    state.rate = await sustainAwarenessFlood({ wsUrl: server.wsUrl, docName, token, framesPerSecond });
  })();
  return {
    async stop() {
      state.stopping = true;
      let error: string | null = null;
      try {
        await running;
      } catch (caught) {
        error = caught instanceof Error ? caught.message : String(caught);
      }
      const rate: SustainedFloodResult | null = state.rate === null ? null : await state.rate.stop();
      const ids = state.ids;
      return {
        ids: {
          frames: FLOOD_FRAMES,
          clientIds: FLOOD_CLIENT_IDS,
          framesSent: ids?.framesSent ?? 0,
          closed: ids?.closed ?? null,
          durationMs: round(ids?.durationMs ?? 0),
          healthMs: distribution(ids?.healthMs ?? []),
        },
        rate: rate === null ? null : { framesPerSecond, startedAfterMs: round(state.rateStartedAfterMs), framesSent: rate.framesSent, closed: rate.closed, durationMs: round(rate.durationMs) },
        error,
      };
    },
  };
}

/** The server's log records about the flooded chapter. */
function floodServerLog(server: SyncServerProcess, docName: string): FloodReaderReport['serverLog'] {
  const records = server.logs().filter((record) => record['document'] === docName);
  const dropped = records.filter((record) => record['event'] === 'awareness-dropped');
  const droppedLogged: Record<string, number> = {};
  for (const record of dropped) {
    const why = String(record['why']);
    droppedLogged[why] = (droppedLogged[why] ?? 0) + Number(record['dropped'] ?? 0);
  }
  return {
    refused: records.filter((record) => record['event'] === 'message-refused').map((record) => ({ reason: String(record['reason']) })),
    awarenessDroppedRecords: dropped.length,
    droppedLogged,
  };
}

async function run(options: RunOptions): Promise<RunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'samskriv-bench-'));
  const env: Record<string, string> = options.profileDir === null ? {} : { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${options.profileDir}` };
  const server = await startSyncServerProcess({ dataDir, args: ['--connections-per-minute', '0', ...(options.ruleGuard ? [] : ['--lab-no-rule-guard'])], env });
  const serverPid = server.child.pid!;
  const generators: Generator[] = [];
  const openClients: TestClient[] = [];
  let stopped = false;
  try {
    progress(`N=${options.clients}: server ${serverPid} started`);
    const plan = await setUpPlan(server, dataDir);
    const members: LoadMember[] = [];
    // Without --suggesters the coordinator types too, as before (af's share).
    if (!options.suggesters) members.push(await coordinatorOf(server, plan.coordinatorToken));
    for (const agency of AGENCIES.filter((a) => options.suggesters || a !== 'af')) {
      const name = `Skribent ${agency}`;
      const { token, memberId } = await plan.addMember(name, agency, 'drafter');
      members.push({ token, member: { memberId, name, agency, role: 'drafter' } });
    }
    const chapterIds = Array.from({ length: CHAPTERS }, () => randomUUID());
    const docs = chapterIds.map((id) => chapterDocName(plan.planId, id));
    // The plan's manifest lists the chapters, owned by the agencies in turn, as
    // the coordinator's app writes it; the role guard reads owners from it. It
    // stays open, as every app keeps it open.
    const manifest = connectClient(server.wsUrl, manifestDocName(plan.planId), plan.coordinatorToken);
    openClients.push(manifest);
    await waitUntil(() => isSettled(manifest), 'the manifest is synced', 30_000);
    initManifest(manifest.doc, {
      planId: plan.planId,
      title: 'Lastplan',
      deadline: null,
      createdAt: new Date().toISOString(),
      chapters: chapterIds.map((id, i) => ({ id, title: `Kapitel ${i + 1}`, owner: AGENCIES[i % AGENCIES.length]! })),
    });
    await waitUntil(() => isSettled(manifest), 'the manifest is stored', 30_000);
    // Every client of a chapter in the same generator: one clock for send and receive.
    const specs: ClientSpec[][] = Array.from({ length: options.generators }, () => []);
    const chapterOf: number[] = [];
    const suggesting = new Set<number>();
    for (let id = 0; id < options.clients; id++) {
      const { chapter, member, suggest } = options.suggesters ? agencyWorkload(id, members) : { chapter: id % CHAPTERS, member: members[Math.floor(id / CHAPTERS) % members.length]!, suggest: false };
      chapterOf.push(chapter);
      if (suggest) suggesting.add(id);
      specs[chapter % options.generators]!.push({ id, doc: docs[chapter]!, token: member.token, name: member.member.name, agency: member.member.agency, member: member.member, suggest });
    }
    const floodReaderToken = options.floodRate === null ? null : (await plan.addMember('Läsare Flod', 'fk', 'reader')).token;
    progress(`N=${options.clients}: plan and members ready`);
    for (let g = 0; g < options.generators; g++) generators.push(new Generator());
    await Promise.all(generators.map((generator, g) => generator.request({ cmd: 'connect', wsUrl: server.wsUrl, clients: specs[g]!, cursorAwareness: options.cursorAwareness, watchedDoc: docs[0]! }, 'connected')));
    progress(`N=${options.clients}: all clients connected and synced`);
    await Promise.all(generators.map((generator) => generator.request({ cmd: 'type', keystrokesPerSecond: KEYSTROKES_PER_SECOND }, 'typing')));
    await sleep(options.warmupSeconds * 1000);

    await Promise.all(generators.map((generator) => generator.request({ cmd: 'measure', on: true }, 'measuring')));
    const before = cpuSnapshot(serverPid, generators);
    let rssPeak = 0;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, rssMb(serverPid));
    }, 500);
    const flooder = options.floodRate === null ? null : startFloodReader(server, docs[0]!, floodReaderToken!, options.floodRate);
    await sleep(options.seconds * 1000);
    const after = cpuSnapshot(serverPid, generators);
    await Promise.all(generators.map((generator) => generator.request({ cmd: 'measure', on: false }, 'measuring')));
    clearInterval(sampler);
    const flood = flooder === null ? null : await flooder.stop();
    progress(`N=${options.clients}: measured ${options.seconds} s, draining`);
    const reports: GeneratorReport[] = await Promise.all(generators.map((generator) => generator.request({ cmd: 'stop-typing', drainTimeoutMs: 60_000 }, 'drained')));

    // Every keystroke must be in the server's copy (what a newcomer gets) ...
    const typed = new Map<number, number>(reports.flatMap((report) => report.typed));
    const expected = (chapter: number): Set<string> => {
      const keys = new Set<string>();
      for (let id = 0; id < options.clients; id++) if (chapterOf[id] === chapter) for (let seq = 0; seq < (typed.get(id) ?? 0); seq++) keys.add(`${id}.${seq}`);
      return keys;
    };
    let missingInServerCopy = 0;
    let suggestionRecords = 0;
    let suggestedInServerCopy = 0;
    const suggestedTyped = sum([...typed].filter(([id]) => suggesting.has(id)).map(([, count]) => count));
    for (let chapter = 0; chapter < CHAPTERS; chapter++) {
      const fresh = connectClient(server.wsUrl, docs[chapter]!, plan.coordinatorToken);
      try {
        await waitUntil(() => isSettled(fresh), `a fresh client of chapter ${chapter} is synced`, 30_000);
        missingInServerCopy += countMissing(expected(chapter), fresh.doc);
        suggestionRecords += readSuggestions(fresh.doc).length;
        suggestedInServerCopy += countSuggested(fresh.doc);
      } finally {
        fresh.destroy();
      }
    }
    for (const generator of generators) await generator.exit();
    for (const client of openClients.splice(0)) client.destroy();
    const floodServer = flood === null ? null : floodServerLog(server, docs[0]!);
    // ... and, after the server's graceful stop, in its store.
    await server.stop();
    stopped = true;
    let missingInStore = 0;
    const store = DocStore.open(join(dataDir, 'docs.sqlite'));
    try {
      for (let chapter = 0; chapter < CHAPTERS; chapter++) {
        const stored = store.loadDoc(docs[chapter]!);
        const ydoc = new Y.Doc();
        if (stored !== null) Y.applyUpdate(ydoc, stored);
        missingInStore += countMissing(expected(chapter), ydoc);
        ydoc.destroy();
      }
    } finally {
      store.close();
    }

    const latency = new Histogram();
    const ack = new Histogram();
    const watched = new Histogram();
    for (const report of reports) {
      latency.addSparse(report.latency);
      ack.addSparse(report.ack);
      watched.addSparse(report.watchedLatency);
    }
    const wall = after.time - before.time;
    const percent = (ticks: number): number => round((ticks / CLK_TCK / wall) * 100);
    const serverCpu = percent(after.server - before.server);
    const generatorCpu = after.generators.map((ticks, g) => percent(ticks - before.generators[g]!));
    const machineCpu = percent(after.machineBusy - before.machineBusy);
    const benchCpu = round(((after.bench - before.bench) / 1e6 / wall) * 100);
    const lostUpdates = sum(reports.map((r) => r.lost));
    const closedSockets = reports.flatMap((r) => r.closes);
    const p99 = latency.percentile(0.99);
    const measuredKeystrokes = sum(reports.map((r) => r.measuredKeystrokes));
    const floodReader: FloodReaderReport | null = flood === null || floodServer === null ? null : { chapter: 0, ...flood, serverLog: floodServer };
    return {
      clients: options.clients,
      ruleGuard: options.ruleGuard,
      suggesterClients: suggesting.size,
      suggestionRecords,
      suggestedKeystrokes: { typed: suggestedTyped, markedInServerCopy: suggestedInServerCopy },
      generators: options.generators,
      seconds: options.seconds,
      keystrokes: sum([...typed.values()]),
      measuredKeystrokes,
      deliveries: latency.count,
      latencyMs: { p50: latency.percentile(0.5), p90: latency.percentile(0.9), p99, max: round(latency.max) },
      chapter0LatencyMs: { deliveries: watched.count, p50: watched.percentile(0.5), p90: watched.percentile(0.9), p99: watched.percentile(0.99), max: round(watched.max) },
      ackMs: { p50: ack.percentile(0.5), p99: ack.percentile(0.99), max: round(ack.max) },
      serverCpuPercent: serverCpu,
      serverMainThreadCpuPercent: percent(after.serverMain - before.serverMain),
      serverCpuMsPerKeystroke: measuredKeystrokes === 0 ? 0 : Math.round((((after.server - before.server) / CLK_TCK) * 1000 * 1000) / measuredKeystrokes) / 1000,
      serverRssMbPeak: round(rssPeak),
      generatorCpuPercent: generatorCpu,
      generatorEventLoopDelayP99Ms: reports.map((r) => round(r.eventLoopDelayMs.p99)),
      machineCpuPercent: machineCpu,
      otherProcessesCpuPercent: round(Math.max(0, machineCpu - serverCpu - sum(generatorCpu) - benchCpu)),
      lostUpdates,
      missingInServerCopy,
      missingInStore,
      unacknowledged: sum(reports.map((r) => r.unacknowledged)),
      duplicates: sum(reports.map((r) => r.duplicates)),
      strayMarkers: sum(reports.map((r) => r.strayMarkers)),
      closedSockets,
      benchProcessCpuPercent: benchCpu,
      floodReader,
      withinBudget:
        p99 < BUDGET_P99_MS &&
        suggestionRecords === suggesting.size &&
        suggestedInServerCopy === suggestedTyped &&
        lostUpdates === 0 && missingInServerCopy === 0 && missingInStore === 0 && closedSockets.length === 0,
    };
  } finally {
    for (const generator of generators) await generator.exit();
    for (const client of openClients) client.destroy();
    if (!stopped) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface LoadMember {
  readonly token: string;
  readonly member: Member;
}

/** The coordinator's member record, from the token renewal's answer. */
async function coordinatorOf(server: SyncServerProcess, token: string): Promise<LoadMember> {
  const response = await fetch(`${server.url}/api/token`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const grant = (await response.json()) as { member: { id: string; name: string; agency: Member['agency'] } };
  return { token, member: { memberId: grant.member.id, name: grant.member.name, agency: grant.member.agency, role: 'coordinator' } };
}

/**
 * `--suggesters`: client `id` belongs to agency `id % 6` (50 each at 300);
 * of each agency's clients, the even ones type directly in the agency's own
 * two chapters (owners are AGENCIES[chapter % 6]), the odd ones suggest in
 * the ten chapters of the other five agencies, spread evenly. About 25
 * clients per chapter, half of them suggesters.
 */
function agencyWorkload(id: number, members: readonly LoadMember[]): { chapter: number; member: LoadMember; suggest: boolean } {
  const agency = id % AGENCIES.length;
  const member = members.find((m) => m.member.agency === AGENCIES[agency])!;
  const j = Math.floor(id / AGENCIES.length);
  const k = Math.floor(j / 2);
  if (j % 2 === 0) return { chapter: agency + AGENCIES.length * (k % 2), member, suggest: false };
  const other = (agency + 1 + (k % (AGENCIES.length - 1))) % AGENCIES.length;
  return { chapter: other + AGENCIES.length * (Math.floor(k / (AGENCIES.length - 1)) % 2), member, suggest: true };
}

/** Keystroke markers inside a suggested insertion. */
function countSuggested(ydoc: Y.Doc): number {
  let count = 0;
  readChapterDoc(ydoc).descendants((node) => {
    if (node.isText && node.marks.some((mark) => mark.type.name === 'suggestion_insert')) count += [...(node.text ?? '').matchAll(MARKER_PATTERN)].length;
  });
  return count;
}

function countMissing(want: Set<string>, ydoc: Y.Doc): number {
  const have = new Set<string>();
  for (const match of readChapterDoc(ydoc).textContent.matchAll(MARKER_PATTERN)) {
    have.add(`${parseInt(match[1]!, 36)}.${parseInt(match[2]!, 36)}`);
  }
  let missing = 0;
  for (const key of want) if (!have.has(key)) missing++;
  return missing;
}

interface CpuSnapshot {
  time: number;
  server: number;
  serverMain: number;
  generators: number[];
  machineBusy: number;
  /** CPU time of this process, µs. */
  bench: number;
}

function cpuSnapshot(serverPid: number, generators: readonly Generator[]): CpuSnapshot {
  return {
    time: performance.now() / 1000,
    server: processTicks(`/proc/${serverPid}/stat`),
    serverMain: processTicks(`/proc/${serverPid}/task/${serverPid}/stat`),
    generators: generators.map((generator) => processTicks(`/proc/${generator.child.pid}/stat`)),
    machineBusy: machineBusyTicks(),
    bench: process.cpuUsage().user + process.cpuUsage().system,
  };
}

/** utime + stime of a process (all its threads) or of one thread. */
function processTicks(statPath: string): number {
  const fields = readFileSync(statPath, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Busy ticks of all cores together (everything but idle and iowait). */
function machineBusyTicks(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return user + nice + system + irq + softirq + steal;
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

function progress(text: string): void {
  process.stderr.write(`[server-load] ${text}\n`);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function table(results: readonly RunResult[]): string {
  const head = [
    'clients',
    'role guard',
    'suggesters (suggestions / marked keystrokes of typed, in the server copy)',
    'keystrokes (measured)',
    'deliveries',
    'p50 ms',
    'p99 ms',
    'max ms',
    'chapter 0 p99 / max ms',
    'ack p99 ms',
    'server CPU % (main thread)',
    'server CPU ms / keystroke',
    'server RSS MB',
    'generators CPU %',
    'gen. loop delay p99 ms',
    'machine CPU % (this process / other)',
    'lost / missing server / missing store',
    'p99 < 50',
  ];
  const rows = results.map((r) =>
    [
      r.clients,
      r.ruleGuard ? 'on' : 'off',
      `${r.suggesterClients} (${r.suggestionRecords} / ${r.suggestedKeystrokes.markedInServerCopy} of ${r.suggestedKeystrokes.typed})`,
      `${r.keystrokes} (${r.measuredKeystrokes})`,
      r.deliveries,
      r.latencyMs.p50,
      r.latencyMs.p99,
      r.latencyMs.max,
      `${r.chapter0LatencyMs.p99} / ${r.chapter0LatencyMs.max}`,
      r.ackMs.p99,
      `${r.serverCpuPercent} (${r.serverMainThreadCpuPercent})`,
      r.serverCpuMsPerKeystroke,
      r.serverRssMbPeak,
      r.generatorCpuPercent.join(' + '),
      r.generatorEventLoopDelayP99Ms.join(' / '),
      `${r.machineCpuPercent} (${r.benchProcessCpuPercent} / ${r.otherProcessesCpuPercent})`,
      `${r.lostUpdates} / ${r.missingInServerCopy} / ${r.missingInStore}`,
      r.withinBudget ? 'yes' : 'no',
    ].join(' | '),
  );
  return [head.join(' | '), head.map((h) => '-'.repeat(h.length)).join(' | '), ...rows, ...results.flatMap((r) => (r.floodReader === null ? [] : [floodFate(r.floodReader)]))].join('\n');
}

interface GuardSide {
  runs: number;
  /** Medians over the runs of this setting. */
  p50Ms: number;
  p99Ms: number;
  serverCpuPercent: number;
  serverCpuMsPerKeystroke: number;
  otherProcessesCpuPercent: number;
  lost: number;
  closedSockets: number;
  p99Under50: boolean;
}

interface GuardCost {
  off: GuardSide;
  on: GuardSide;
  /** (on − off) / off of the medians, %: what the guard adds to the server's CPU. */
  addedServerCpuPercent: number;
  addedServerCpuPerKeystrokePercent: number;
  /** The issue's budget: p99 < 50 ms with the guard on, and at most 20 % more server CPU (per keystroke, which the machine's drift affects least). */
  withinBudget: boolean;
}

function guardComparison(all: readonly RunResult[]): GuardCost {
  const side = (guard: boolean): GuardSide => {
    const runs = all.filter((r) => r.ruleGuard === guard);
    return {
      runs: runs.length,
      p50Ms: median(runs.map((r) => r.latencyMs.p50)),
      p99Ms: median(runs.map((r) => r.latencyMs.p99)),
      serverCpuPercent: median(runs.map((r) => r.serverCpuPercent)),
      serverCpuMsPerKeystroke: median(runs.map((r) => r.serverCpuMsPerKeystroke)),
      otherProcessesCpuPercent: median(runs.map((r) => r.otherProcessesCpuPercent)),
      lost: sum(runs.map((r) => r.lostUpdates + r.missingInServerCopy + r.missingInStore)),
      closedSockets: sum(runs.map((r) => r.closedSockets.length)),
      p99Under50: runs.every((r) => r.latencyMs.p99 < BUDGET_P99_MS),
    };
  };
  const off = side(false);
  const on = side(true);
  const added = (a: number, b: number): number => (a === 0 ? 0 : round(((b - a) / a) * 100));
  const addedPerKeystroke = added(off.serverCpuMsPerKeystroke, on.serverCpuMsPerKeystroke);
  return {
    off,
    on,
    addedServerCpuPercent: added(off.serverCpuPercent, on.serverCpuPercent),
    addedServerCpuPerKeystrokePercent: addedPerKeystroke,
    withinBudget: on.p99Under50 && addedPerKeystroke <= 20 && on.lost === 0 && on.closedSockets === 0,
  };
}

function guardTable(cost: GuardCost): string {
  const head = ['role guard', 'runs', 'p50 ms', 'p99 ms', 'server CPU %', 'server CPU ms / keystroke', 'other programs CPU %', 'lost', 'closed sockets'];
  const row = (name: string, s: GuardSide): string =>
    [name, s.runs, s.p50Ms, s.p99Ms, s.serverCpuPercent, s.serverCpuMsPerKeystroke, s.otherProcessesCpuPercent, s.lost, s.closedSockets].join(' | ');
  return [
    'Guard off against on (medians over the runs of each):',
    head.join(' | '),
    head.map((h) => '-'.repeat(h.length)).join(' | '),
    row('off', cost.off),
    row('on', cost.on),
    `The guard adds ${cost.addedServerCpuPercent} % server CPU (${cost.addedServerCpuPerKeystrokePercent} % per keystroke); budget p99 < 50 ms and <= 20 %: ${cost.withinBudget ? 'met' : 'missed'}`,
  ].join('\n');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

function floodFate(f: FloodReaderReport): string {
  const closed = (c: SocketClosed | null): string => (c === null ? 'still open' : `closed ${c.code} "${c.reason}"`);
  const lines = [
    `Flooding reader on chapter ${f.chapter}:`,
    `  id flood (${f.ids.frames} frames × ${f.ids.clientIds} ids): ${closed(f.ids.closed)} after ${f.ids.framesSent} frames sent, ${f.ids.durationMs} ms; /health meanwhile p50 ${f.ids.healthMs.p50} / max ${f.ids.healthMs.max} ms (${f.ids.healthMs.count} requests)`,
    f.rate === null
      ? '  rate flood: not started'
      : `  rate flood (${f.rate.framesPerSecond} frames/s × 1 id, from ${f.rate.startedAfterMs} ms): ${f.rate.framesSent} frames sent in ${f.rate.durationMs} ms, ${closed(f.rate.closed)}`,
    `  server log: ${f.serverLog.refused.length} refused (${f.serverLog.refused.map((r) => r.reason).join('; ') || '-'}), ${f.serverLog.awarenessDroppedRecords} awareness-dropped records, dropped ${JSON.stringify(f.serverLog.droppedLogged)}`,
  ];
  if (f.error !== null) lines.push(`  error: ${f.error}`);
  return lines.join('\n');
}

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    generators: { type: 'string', default: '2' },
    'cursor-awareness': { type: 'boolean', default: false },
    profile: { type: 'string' },
    'find-max': { type: 'boolean', default: false },
    'flood-reader': { type: 'boolean', default: false },
    'flood-rate': { type: 'string', default: '1000' },
    'rule-guard': { type: 'string', default: 'on' },
    suggesters: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '1' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    'Usage: node bench/server-load.ts [--clients N] [--seconds S] [--warmup S] [--generators G]\n' +
      '                               [--cursor-awareness] [--profile DIR] [--find-max]\n' +
      '                               [--flood-reader] [--flood-rate F] [--rule-guard on|off|both]\n' +
      '                               [--suggesters] [--rounds R] [--out FILE]\n' +
      'Defaults: 300 clients, 30 s measured after 5 s warm-up, 2 generator processes. See the header of this file.',
  );
  process.exit(0);
}
const base = {
  seconds: Number(values.seconds),
  warmupSeconds: Number(values.warmup),
  generators: Number(values.generators),
  cursorAwareness: values['cursor-awareness'],
  profileDir: values.profile === undefined ? null : resolve(values.profile),
  floodRate: values['flood-reader'] ? Number(values['flood-rate']) : null,
  suggesters: values.suggesters,
};
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds is a whole number from 1');
const ruleGuard = values['rule-guard'];
if (ruleGuard !== 'on' && ruleGuard !== 'off' && ruleGuard !== 'both') throw new Error('--rule-guard is on, off or both');
if (base.profileDir !== null) mkdirSync(base.profileDir, { recursive: true });
const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version };
const loadAverageAtStart = loadavg();
const results: RunResult[] = [];
const runAndReport = async (clients: number, guard = ruleGuard !== 'off'): Promise<RunResult> => {
  const result = await run({ ...base, clients, ruleGuard: guard });
  results.push(result);
  process.stderr.write(`${JSON.stringify(result)}\n`);
  return result;
};

let maxUnderBudget: number | null = null;
if (values['find-max']) {
  let pass = 0;
  let miss: number | null = null;
  for (let n = 100; miss === null && n <= 3000; n += 100) {
    if ((await runAndReport(n)).withinBudget) pass = n;
    else miss = n;
  }
  while (miss !== null && miss - pass > 10) {
    const n = Math.round((pass + miss) / 2);
    if ((await runAndReport(n)).withinBudget) pass = n;
    else miss = n;
  }
  maxUnderBudget = pass === 0 ? null : pass;
} else if (ruleGuard === 'both') {
  // Off, then on, in the same invocation: the guard's cost against the same machine load as far as it can be.
  for (let round = 0; round < rounds; round++) {
    await runAndReport(Number(values.clients), false);
    await runAndReport(Number(values.clients), true);
  }
} else {
  await runAndReport(Number(values.clients));
}
if (base.profileDir !== null) process.stderr.write(`CPU profiles: ${readdirSync(base.profileDir).join(', ')} in ${base.profileDir}\n`);

const note =
  `Clients in ${base.generators} generator process(es) on the same ${machine.cores}-core machine as the server; they parse headers and search ` +
  'keystroke markers in what they receive but apply nothing (see bench/server-load-generator.ts). Server CPU is % of one core for the whole ' +
  'process (main thread in parentheses); machine CPU is % of one core summed over all cores, "other" being programs outside this benchmark.' +
  (base.cursorAwareness ? ' Each keystroke also sends an awareness update (cursor), as the cursor plugin does.' : ' Awareness is sent on connect and renewed every 15 s, as the provider does; no cursor updates per keystroke.') +
  (base.floodRate === null
    ? ''
    : ` A reader floods chapter 0's awareness from this process during the measured seconds: ${FLOOD_FRAMES} frames × ${FLOOD_CLIENT_IDS} client ids, then 1 id at ${base.floodRate} frames/s on a new socket (see floodReader).`);
const guardCost = ruleGuard === 'both' && !values['find-max'] ? guardComparison(results) : null;
const report = {
  benchmark: 'server-load',
  date: new Date().toISOString(),
  machine,
  loadAverage: { atStart: loadAverageAtStart.map((n) => Math.round(n * 100) / 100), atEnd: loadavg().map((n) => Math.round(n * 100) / 100) },
  keystrokesPerSecond: KEYSTROKES_PER_SECOND,
  chapters: CHAPTERS,
  warmupSeconds: base.warmupSeconds,
  note,
  results,
  ...(guardCost === null ? {} : { guardCost }),
  ...(values['find-max'] ? { maxClientsWithP99Under50ms: maxUnderBudget } : {}),
};
// A profiled run is slower than a plain one; keep its figures apart.
const out =
  values.out !== undefined
    ? resolve(values.out)
    : resolve(import.meta.dirname, 'results', values['find-max'] ? 'server-load-find-max.json' : base.profileDir !== null ? 'server-load-profiled.json' : 'server-load.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report));
console.log(`\n${table(results)}\n${guardCost === null ? '' : `\n${guardTable(guardCost)}\n`}${values['find-max'] ? `\nLargest N with p99 < 50 ms and nothing lost: ${maxUnderBudget ?? 'none'}\n` : ''}\n${note}`);
process.exit(0);

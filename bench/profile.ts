/**
 * CPU profiles of a replay, for finding where the app's time per keystroke
 * goes (`node bench/replay.ts … --profile DIR`).
 *
 * Records with Chromium's sampling profiler (CDP `Profiler`) while the page
 * replays, saves the raw `.cpuprofile` (open it in Chrome DevTools'
 * Performance panel) and summarises self time by origin (npm package or our
 * source file) and by function. The bundles are minified, so positions are
 * mapped back through the build's source maps (`sourcemap: true` in
 * electron.vite.config.ts), decoded here without a dependency.
 *
 * A profiled replay is slower than a plain one: its timings are for finding
 * hot spots, not for the budget.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface ProfileSummary {
  readonly file: string;
  /** Sampled time the page was not idle; the shares below are of this. */
  readonly busyMs: number;
  readonly idleMs: number;
  /** Self time per origin: npm package, our source file, or a V8 category such as "(garbage collector)". */
  readonly byOrigin: readonly { readonly origin: string; readonly ms: number; readonly share: number }[];
  /** Self time per function (original name and position where the source map has them). */
  readonly topFunctions: readonly { readonly fn: string; readonly ms: number; readonly share: number }[];
  /** Total time (self + callees) of functions whose original name matches a watched pattern. */
  readonly watched: readonly { readonly fn: string; readonly totalMs: number; readonly share: number }[];
  /** Total time of our own functions (src-renderer/, shared/). */
  readonly ours: readonly { readonly fn: string; readonly totalMs: number; readonly share: number }[];
  /** Time by the outermost function on the stack: which kind of task (our replay loop, React's scheduler, a socket message, a frame callback…) spent it. */
  readonly byEntry: readonly { readonly fn: string; readonly totalMs: number; readonly share: number }[];
}

/** Functions whose inclusive time is worth reporting on its own. */
const WATCHED = [
  /(^|\.)dispatchTransaction$/,
  /(^|\.)updateState$/,
  /^_prosemirrorChanged$/,
  /^updateYFragment$/,
  /^appendTransaction$/,
  /^(mergeUpdates|mergeUpdatesV2)$/,
  /^performWorkOnRoot$|^performSyncWorkOnRoot$|^performWorkUntilDeadline$/,
  /^selectionToDOM$/,
  /^flush$/,
];

export class Profiler {
  readonly #session: CDPSession;

  private constructor(session: CDPSession) {
    this.#session = session;
  }

  static async start(page: Page): Promise<Profiler> {
    const session = await page.context().newCDPSession(page);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 200 });
    await session.send('Profiler.start');
    return new Profiler(session);
  }

  /** Stops, writes `<dir>/<name>.cpuprofile` and returns its summary. */
  async stop(dir: string, name: string): Promise<ProfileSummary> {
    const { profile } = (await this.#session.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    await this.#session.detach();
    const file = join(dir, `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    return summarise(profile, file, await loadSourceMaps(profile));
  }
}

async function loadSourceMaps(profile: CpuProfile): Promise<Map<string, SourceMap>> {
  const maps = new Map<string, SourceMap>();
  const urls = new Set(profile.nodes.map((n) => n.callFrame.url).filter((u) => /^https?:.*\.js$/.test(u)));
  for (const url of urls) {
    try {
      const response = await fetch(`${url}.map`);
      if (response.ok) maps.set(url, new SourceMap((await response.json()) as RawSourceMap));
    } catch {
      // No map: positions stay as they are.
    }
  }
  return maps;
}

function summarise(profile: CpuProfile, file: string, maps: Map<string, SourceMap>): ProfileSummary {
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample's time is the gap to the next sample.
  for (let i = 0; i < samples.length; i++) {
    const gap = deltas[i + 1] ?? 0;
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + gap);
  }
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const located = new Map<number, { origin: string; fn: string; name: string }>();
  for (const node of profile.nodes) located.set(node.id, locate(node.callFrame, maps));

  let totalUs = 0;
  let idleUs = 0;
  const origins = new Map<string, number>();
  const functions = new Map<string, number>();
  const watchedTotals = new Map<string, number>();
  const oursTotals = new Map<string, number>();
  const entries = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const where = located.get(id)!;
    // While the other editor takes its turn this page is idle; shares are of busy time.
    if (where.origin === '(idle)') {
      idleUs += us;
      continue;
    }
    totalUs += us;
    origins.set(where.origin, (origins.get(where.origin) ?? 0) + us);
    functions.set(where.fn, (functions.get(where.fn) ?? 0) + us);
    // Inclusive time: credit each function once per sample on the stack.
    const seen = new Set<string>();
    let entry = where.fn;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = located.get(at)!;
      if (frame.fn !== '(root)') entry = frame.fn;
      if (seen.has(frame.fn)) continue;
      seen.add(frame.fn);
      if (WATCHED.some((re) => re.test(frame.name))) watchedTotals.set(frame.fn, (watchedTotals.get(frame.fn) ?? 0) + us);
      if (/^(src-renderer|shared)\//.test(frame.origin)) oursTotals.set(frame.fn, (oursTotals.get(frame.fn) ?? 0) + us);
    }
    entries.set(entry, (entries.get(entry) ?? 0) + us);
  }
  const ms = (us: number): number => Math.round(us / 100) / 10;
  const share = (us: number): number => (totalUs > 0 ? Math.round((us / totalUs) * 1000) / 10 : 0);
  const sorted = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return {
    file,
    busyMs: ms(totalUs),
    idleMs: ms(idleUs),
    byOrigin: sorted(origins, 25).map(([origin, us]) => ({ origin, ms: ms(us), share: share(us) })),
    topFunctions: sorted(functions, 30).map(([fn, us]) => ({ fn, ms: ms(us), share: share(us) })),
    watched: sorted(watchedTotals, 30).map(([fn, us]) => ({ fn, totalMs: ms(us), share: share(us) })),
    ours: sorted(oursTotals, 30).map(([fn, us]) => ({ fn, totalMs: ms(us), share: share(us) })),
    byEntry: sorted(entries, 20).map(([fn, us]) => ({ fn, totalMs: ms(us), share: share(us) })),
  };
}

function locate(frame: CallFrame, maps: Map<string, SourceMap>): { origin: string; fn: string; name: string } {
  if (frame.url === '') {
    const name = frame.functionName || '(anonymous)';
    return { origin: name.startsWith('(') ? name : '(native)', fn: name, name };
  }
  const map = maps.get(frame.url);
  const original = map?.lookup(frame.lineNumber, frame.columnNumber);
  if (original === undefined || original === null) {
    const name = frame.functionName || '(anonymous)';
    return { origin: frame.url, fn: `${name} ${frame.url}:${frame.lineNumber + 1}`, name };
  }
  const name = original.name ?? frame.functionName ?? '(anonymous)';
  const source = shortSource(original.source);
  return { origin: originOf(source), fn: `${name || '(anonymous)'} ${source}:${original.line + 1}`, name };
}

/** The part of a source path from node_modules/ or from our top-level folder on. */
function shortSource(source: string): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) return source.slice(nm);
  const ours = /(?:^|\/)((?:src-renderer|src-main|shared|bench)\/.*)$/.exec(source);
  return ours ? ours[1]! : source;
}

function originOf(source: string): string {
  const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  return match ? match[1]! : source;
}

// ------------------------------------------------------------ source maps

interface RawSourceMap {
  readonly sources: readonly string[];
  readonly names?: readonly string[];
  readonly mappings: string;
  readonly sourceRoot?: string;
}

interface Original {
  readonly source: string;
  readonly line: number;
  readonly column: number;
  readonly name: string | null;
}

/** A decoded source map (v3, no index maps): generated line/column to original position. */
class SourceMap {
  /** Per generated line: flat [column, source, line, column, name] quintuples sorted by column; -1 = absent. */
  readonly #lines: Int32Array[] = [];
  readonly #sources: readonly string[];
  readonly #names: readonly string[];

  constructor(raw: RawSourceMap) {
    this.#sources = raw.sources.map((s) => (raw.sourceRoot ? `${raw.sourceRoot}${s}` : s));
    this.#names = raw.names ?? [];
    let source = 0;
    let line = 0;
    let column = 0;
    let name = 0;
    for (const lineText of raw.mappings.split(';')) {
      const segments: number[] = [];
      let generated = 0;
      for (const segment of lineText.split(',')) {
        if (segment === '') continue;
        const fields = decodeVlq(segment);
        generated += fields[0]!;
        if (fields.length >= 4) {
          source += fields[1]!;
          line += fields[2]!;
          column += fields[3]!;
          if (fields.length >= 5) name += fields[4]!;
          segments.push(generated, source, line, column, fields.length >= 5 ? name : -1);
        } else {
          segments.push(generated, -1, -1, -1, -1);
        }
      }
      this.#lines.push(Int32Array.from(segments));
    }
  }

  /** Original position of 0-based generated `line`/`column`, or null if unmapped. */
  lookup(line: number, column: number): Original | null {
    const segments = this.#lines[line];
    if (segments === undefined || segments.length === 0) return null;
    let low = 0;
    let high = segments.length / 5 - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (segments[mid * 5]! <= column) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (found < 0 || segments[found * 5 + 1]! < 0) return null;
    const nameIndex = segments[found * 5 + 4]!;
    return {
      source: this.#sources[segments[found * 5 + 1]!] ?? '?',
      line: segments[found * 5 + 2]!,
      column: segments[found * 5 + 3]!,
      name: nameIndex >= 0 ? (this.#names[nameIndex] ?? null) : null,
    };
  }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((c, i) => [c, i]));

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64_VALUE.get(char);
    if (digit === undefined) throw new Error(`Bad VLQ character ${char} in source map`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** The summary as a few readable lines. */
export function formatProfile(label: string, summary: ProfileSummary): string {
  const lines = [`${label} profile (${summary.busyMs} ms busy, ${summary.idleMs} ms idle; saved to ${summary.file})`, '  self time by origin:'];
  for (const o of summary.byOrigin.slice(0, 15)) lines.push(`    ${o.share.toFixed(1).padStart(5)}%  ${o.ms.toFixed(0).padStart(7)} ms  ${o.origin}`);
  lines.push('  self time by function:');
  for (const f of summary.topFunctions.slice(0, 20)) lines.push(`    ${f.share.toFixed(1).padStart(5)}%  ${f.ms.toFixed(0).padStart(7)} ms  ${f.fn}`);
  lines.push('  total time (self + callees) of watched functions:');
  for (const w of summary.watched) lines.push(`    ${w.share.toFixed(1).padStart(5)}%  ${w.totalMs.toFixed(0).padStart(7)} ms  ${w.fn}`);
  lines.push('  total time of our own functions:');
  for (const w of summary.ours.slice(0, 15)) lines.push(`    ${w.share.toFixed(1).padStart(5)}%  ${w.totalMs.toFixed(0).padStart(7)} ms  ${w.fn}`);
  lines.push('  time by task entry (outermost function on the stack):');
  for (const w of summary.byEntry.slice(0, 12)) lines.push(`    ${w.share.toFixed(1).padStart(5)}%  ${w.totalMs.toFixed(0).padStart(7)} ms  ${w.fn}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------- timeline

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly dur?: number;
  readonly args?: {
    readonly data?: { readonly url?: string };
    readonly beginData?: { readonly dirtyObjects?: number; readonly totalObjects?: number };
  };
}

/** Rendering work per page, from Chromium's timeline (what the CPU profile calls "(program)"). */
export interface TimelineSummary {
  readonly events: readonly { readonly name: string; readonly count: number; readonly totalMs: number }[];
  /** Layouts and the layout objects they had to redo: are whole documents relaid out, or only the edited paragraph? */
  readonly layout: { readonly count: number; readonly meanDirtyObjects: number; readonly meanTotalObjects: number };
}

const TIMELINE_EVENTS = new Set([
  'RunTask',
  'Layout',
  'UpdateLayoutTree',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'FireAnimationFrame',
  'EventDispatch',
  'FunctionCall',
  'RunMicrotasks',
  'TimerFire',
  'HitTest',
  'ParseHTML',
  'MajorGC',
  'MinorGC',
  'EvaluateScript',
  'v8.compileModule',
  'v8.evaluateModule',
  'v8.compile',
  'ParseAuthorStyleSheet',
]);

/** Records Chromium's timeline for the whole browser; pages are told apart by their URL's origin. */
export class Timeline {
  readonly #browser: Browser;

  private constructor(browser: Browser) {
    this.#browser = browser;
  }

  static async start(browser: Browser): Promise<Timeline> {
    await browser.startTracing(undefined, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    return new Timeline(browser);
  }

  /** Stops, writes `<dir>/<name>.trace.json` (load it in DevTools) and summarises it per label. */
  async stop(dir: string, name: string, origins: ReadonlyMap<string, string>): Promise<Record<string, TimelineSummary>> {
    const buffer = await this.#browser.stopTracing();
    writeFileSync(join(dir, `${name}.trace.json`), buffer);
    const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
    const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);

    const labelOfPid = new Map<number, string>();
    const note = (url: string | undefined, pid: number): void => {
      if (url === undefined || url === '') return;
      try {
        const label = origins.get(new URL(url).origin);
        if (label !== undefined) labelOfPid.set(pid, label);
      } catch {
        // not a URL
      }
    };
    // Script calls in a renderer carry the script's URL; its origin names the page.
    for (const event of events) note(event.args?.data?.url, event.pid);

    const result: Record<string, TimelineSummary> = {};
    for (const label of new Set(labelOfPid.values())) {
      const totals = new Map<string, { count: number; us: number }>();
      let layouts = 0;
      let dirty = 0;
      let total = 0;
      for (const event of events) {
        if (labelOfPid.get(event.pid) !== label || event.ph !== 'X' || !TIMELINE_EVENTS.has(event.name)) continue;
        const entry = totals.get(event.name) ?? { count: 0, us: 0 };
        entry.count++;
        entry.us += event.dur ?? 0;
        totals.set(event.name, entry);
        if (event.name === 'Layout') {
          layouts++;
          dirty += event.args?.beginData?.dirtyObjects ?? 0;
          total += event.args?.beginData?.totalObjects ?? 0;
        }
      }
      result[label] = {
        events: [...totals]
          .sort((a, b) => b[1].us - a[1].us)
          .map(([eventName, { count, us }]) => ({ name: eventName, count, totalMs: Math.round(us / 100) / 10 })),
        layout: {
          count: layouts,
          meanDirtyObjects: layouts > 0 ? Math.round(dirty / layouts) : 0,
          meanTotalObjects: layouts > 0 ? Math.round(total / layouts) : 0,
        },
      };
    }
    return result;
  }
}

export function formatTimeline(label: string, summary: TimelineSummary): string {
  const lines = [`${label} timeline (events nest: RunTask holds the rest, FunctionCall holds the layouts it forces):`];
  for (const e of summary.events) lines.push(`    ${e.totalMs.toFixed(0).padStart(7)} ms  ${String(e.count).padStart(7)}×  ${e.name}`);
  lines.push(
    `    layouts: ${summary.layout.count}, on average ${summary.layout.meanDirtyObjects} of ${summary.layout.meanTotalObjects} layout objects dirty`,
  );
  return lines.join('\n');
}

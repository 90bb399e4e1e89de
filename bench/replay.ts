/**
 * `node bench/replay.ts <trace.json.gz> [--bare-only|--app-only] [--out results.json]`
 * (`--help` lists the other options)
 *
 * Types a real editing trace (../shared/traces format) into three editors in
 * real Chromium, in the same run, and reports the cost per keystroke
 * (DESIGN §10, "Typing"):
 *
 * - **bare**: ProseMirror with the chapter schema and only the chapter-text
 *   binding's sync and undo plugins on a fresh Y.Doc (bench/bare/), built
 *   with the app's renderer build settings and served from 127.0.0.1;
 * - **bare y-prosemirror**: the same page on y-prosemirror 1.3.7's sync and
 *   undo plugins (bench/bare/yprosemirror.html), the binding before schema
 *   version 2, for comparing the two bindings (leave it out with
 *   `--no-yprosemirror`);
 * - **app**: the real Samskriv renderer (out/renderer, build it first with
 *   `npx electron-vite build`), served by the real browser host, in a new
 *   plan's empty chapter.
 * - with `--suggest`, also **suggest**: the bare page in Föreslå, a drafter
 *   of another agency whose every keystroke becomes (or extends) her own
 *   suggestion (issue 12: at most 1.3× the bare editor per keystroke);
 * - with `--diagnose`, also **plugins**: the bare page with the app's whole
 *   plugin set, which splits the app's extra cost into plugins and the rest.
 *
 * Each patch is one ProseMirror transaction. A keystroke's time runs from
 * just before `view.dispatch` until one MessageChannel round trip later,
 * measured inside the page (bench/page-replay.ts) so Playwright's own round
 * trips are not counted. The patches go into the pages in chunks, and the
 * editors take turns chunk by chunk, so that a machine busy with other work
 * slows both alike and the ratio stays meaningful.
 *
 * For the app it also reports the stored size after compaction and the time
 * to reopen the final document from storage until it can be edited.
 *
 * Output: JSON on stdout (and in --out), a readable table on stderr. The exit
 * code is 1 if an editor's final text differs from the trace's endContent,
 * or anything else fails; missing a budget is reported, not an error.
 *
 * This is a benchmark run by hand, never by `npm test`.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { basename, join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import * as Y from 'yjs';
import { DocStore } from '../src-node/storage/doc-store.ts';
import { DATABASE_FILE_NAME } from '../src-main/host/host-service.ts';
import { RENDERER_SECURITY_HEADERS } from '../src-main/security/content-security-policy.ts';
import { contentTypeFor, resolveStaticPath } from '../src-main/security/static-files.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/support/chromium.ts';
import { startWebHostProcess, type WebHostProcess } from '../tests/support/web-host-process.ts';
import {
  loadStartInPage,
  openMilestonesInPage,
  readEditorInPage,
  replayChunkInPage,
  timerInfoInPage,
  watchEditableInPage,
  type EditorSnapshot,
  type OpenMilestones,
} from './page-replay.ts';
import { formatProfile, formatTimeline, Profiler, Timeline, type ProfileSummary, type TimelineSummary } from './profile.ts';
import { describeMachine, type Machine } from './machine.ts';
import { distribution, median, round, type Distribution } from './statistics.ts';
import { compileTrace, loadTrace, type CompiledTrace, type ReplayOp } from './trace.ts';

const REPO = resolve(import.meta.dirname, '..');
const APP_RENDERER_DIR = join(REPO, 'out/renderer');
const BUDGET = { ratioMax: 1.3, p99MaxMs: 16 } as const;
const LAST_N = 1000;
const SAVED_TEXT = 'Allt sparat lokalt';

const USAGE = `Usage: node bench/replay.ts <trace.json.gz> [options]

  --bare-only          replay into the bare editors only
  --app-only           replay into the app only
  --no-yprosemirror    leave out the bare editor on y-prosemirror 1.3.7
  --out FILE           also write the JSON results to FILE
  --chunk N            patches per page.evaluate call (default 2000)
  --reopen-runs N      how often to measure reopening the app's doc (default 3)
  --coarse-timers      do not make the pages cross-origin isolated (timer steps of 0.1 ms instead of 5 µs)
  --diagnose           also replay into the bare page with the app's whole plugin set
  --suggest            also replay into the bare page in Föreslå (suggest mode)
                       (no React, no saving), to split the app's extra cost
  --profile DIR        record a CPU profile of each editor and a Chromium timeline (also of the
                       first reopen) into DIR and print where the time goes; profiling slows
                       the replay, so use such runs (with --limit) for hot spots, not for figures
  --limit N            replay only the first N patches (checked against the text they produce)
  --keep-data          keep the app's temporary data folder and print its path
  --help               show this text

The app mode needs a build: npx electron-vite build`;

interface Options {
  readonly tracePath: string;
  readonly bare: boolean;
  /** Also the bare page on y-prosemirror 1.3.7. */
  readonly yprosemirror: boolean;
  readonly app: boolean;
  readonly out: string | null;
  readonly chunk: number;
  readonly reopenRuns: number;
  readonly isolate: boolean;
  readonly keepData: boolean;
  readonly profileDir: string | null;
  readonly limit: number | null;
  readonly diagnose: boolean;
  /** Also the bare page in suggest mode. */
  readonly suggest: boolean;
}

interface ReplayResult {
  readonly keystrokes: { readonly all: Distribution; readonly last1000: Distribution };
  /** Sum of the in-page loops: the replay without Playwright's round trips (ms). */
  readonly replayMs: number;
  /** The replay as seen from Node: this editor's page.evaluate calls, round trips included (ms). */
  readonly wallMs: number;
  readonly timer: { readonly resolutionMs: number; readonly crossOriginIsolated: boolean };
  readonly correct: boolean;
  readonly mismatch: string | null;
  readonly paragraphs: number;
  readonly profile?: ProfileSummary;
  readonly timeline?: TimelineSummary;
}

interface ModeResult extends ReplayResult {
  readonly url: string;
}

interface BareResult extends ModeResult {
  /** Y.encodeStateAsUpdate of the editing doc (its undo manager keeps deleted items from GC). */
  readonly yjsStateBytes: number;
  /** The same after loading it into a fresh Y.Doc, as the app's store compacts: compare this with the app's. */
  readonly yjsStateBytesReloaded: number;
}

interface AppResult extends ModeResult {
  readonly rendererBuiltAt: string;
  /** Set if out/renderer changed during the run: the figures then mix two builds. */
  readonly rendererRebuiltAt?: string;
  /** From the end of the replay until the status bar said "Allt sparat lokalt" (ms). */
  readonly saveSettleMs: number;
  readonly storage: StorageResult;
  readonly reopen: ReopenResult;
}

interface StorageResult {
  readonly chapterDoc: string;
  /** The chapter's log before our compaction (the host compacts every 500 updates on its own). */
  readonly beforeCompaction: { readonly logRows: number; readonly logBytes: number; readonly snapshotBytes: number };
  readonly snapshotBytes: number;
  /** Y.encodeStateAsUpdate of the chapter doc loaded from the store. */
  readonly yjsStateBytes: number;
  /** The same for every doc in the store (the manifest too). */
  readonly allDocsYjsStateBytes: number;
  readonly docs: number;
  /** Main file plus WAL after a TRUNCATE checkpoint. */
  readonly databaseFileBytes: number;
  /** Pages SQLite keeps free for reuse (no VACUUM is run). */
  readonly freePageBytes: number;
  readonly fileToStateRatio: number;
}

interface ReopenResult {
  /** Per run: navigation start until the editor is contenteditable and shows the last paragraph (ms). */
  readonly runsMs: readonly number[];
  readonly medianMs: number;
  /** Per run, ms since navigation start: scripts run (DOMContentLoaded), an editor exists, it is editable with the text. */
  readonly milestones: readonly OpenMilestones[];
  /** With --profile: the first reopen's rendering and script work. */
  readonly timeline?: TimelineSummary;
  readonly correct: boolean;
  readonly mismatch: string | null;
}

function parseOptions(): Options {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        'bare-only': { type: 'boolean', default: false },
        'app-only': { type: 'boolean', default: false },
        'no-yprosemirror': { type: 'boolean', default: false },
        out: { type: 'string' },
        chunk: { type: 'string', default: '2000' },
        'reopen-runs': { type: 'string', default: '3' },
        'coarse-timers': { type: 'boolean', default: false },
        'keep-data': { type: 'boolean', default: false },
        profile: { type: 'string' },
        limit: { type: 'string' },
        diagnose: { type: 'boolean', default: false },
        suggest: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1) usageError('Give exactly one trace file.');
  if (values['bare-only'] && values['app-only']) usageError('--bare-only and --app-only exclude each other.');
  const chunk = Number(values.chunk);
  const reopenRuns = Number(values['reopen-runs']);
  if (!Number.isInteger(chunk) || chunk < 1) usageError('--chunk must be a positive whole number.');
  if (!Number.isInteger(reopenRuns) || reopenRuns < 1) usageError('--reopen-runs must be a positive whole number.');
  const limit = values.limit === undefined ? null : Number(values.limit);
  if (limit !== null && (!Number.isInteger(limit) || limit < 1)) usageError('--limit must be a positive whole number.');
  return {
    tracePath: resolve(positionals[0]!),
    bare: !values['app-only'],
    yprosemirror: !values['app-only'] && !values['no-yprosemirror'],
    app: !values['bare-only'],
    out: values.out === undefined ? null : resolve(values.out),
    chunk,
    reopenRuns,
    isolate: !values['coarse-timers'],
    keepData: values['keep-data'],
    profileDir: values.profile === undefined ? null : resolve(values.profile),
    limit,
    diagnose: values.diagnose,
    suggest: values.suggest,
  };
}

function usageError(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function main(): Promise<number> {
  const options = parseOptions();
  const loadAverageAtStart = os.loadavg();
  if (options.profileDir !== null) mkdirSync(options.profileDir, { recursive: true });
  if (options.app && !existsSync(join(APP_RENDERER_DIR, 'index.html'))) {
    throw new Error(`No app build at ${APP_RENDERER_DIR}. Run "npx electron-vite build" first.`);
  }

  log(`Loading ${options.tracePath} …`);
  const trace = compileTrace(loadTrace(options.tracePath), options.limit ?? undefined);
  log(`${trace.ops.length} patches in ${trace.txnCount} transactions, ${trace.endParagraphs.length} paragraphs at the end.`);

  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // A page whose response Playwright rewrote (see `isolate`) counts as
    // public, and Chromium's Local Network Access checks would then refuse
    // the app's WebSocket to 127.0.0.1.
    args: options.isolate ? [...CHROMIUM_ARGS, '--disable-features=LocalNetworkAccessChecks'] : CHROMIUM_ARGS,
  });
  let bare: BareResult | null = null;
  let bareYProsemirror: BareResult | null = null;
  let plugins: BareResult | null = null;
  let suggest: BareResult | null = null;
  let app: AppResult | null = null;
  const subjects: Subject[] = [];
  let barePageDir: string | null = null;
  try {
    if (options.bare || options.yprosemirror || options.diagnose || options.suggest) {
      barePageDir = mkdtempSync(join(os.tmpdir(), 'samskriv-bench-bare-'));
      log('bare: building bench/bare with the app renderer settings …');
      await buildBarePage(barePageDir);
    }
    if (options.bare) subjects.push(await openBare(browser, barePageDir!, 'bare', options));
    if (options.yprosemirror) subjects.push(await openBare(browser, barePageDir!, 'bare-yprosemirror', options));
    if (options.diagnose) subjects.push(await openBare(browser, barePageDir!, 'plugins', options));
    if (options.suggest) subjects.push(await openBare(browser, barePageDir!, 'suggest', options));
    if (options.app) subjects.push(await openApp(browser, trace, options));
    const replays = await replayInterleaved(browser, subjects, trace, options);
    for (const [index, subject] of subjects.entries()) {
      const result = await subject.finish(replays[index]!);
      if (subject.label === 'bare') bare = result as BareResult;
      else if (subject.label === 'bare-yprosemirror') bareYProsemirror = result as BareResult;
      else if (subject.label === 'plugins') plugins = result as BareResult;
      else if (subject.label === 'suggest') suggest = result as BareResult;
      else app = result as AppResult;
    }
    const machine = describeMachine(loadAverageAtStart, browser.version());
    const results = {
      date: new Date().toISOString(),
      machine,
      trace: {
        file: basename(options.tracePath),
        patches: trace.ops.length,
        limitedTo: options.limit,
        transactions: trace.txnCount,
        endCodePoints: [...trace.endContent].length,
        endParagraphs: trace.endParagraphs.length,
      },
      settings: {
        chunk: options.chunk,
        crossOriginIsolated: options.isolate,
        profiled: options.profileDir !== null,
        lastN: LAST_N,
      },
      budget: BUDGET,
      bare,
      bareYProsemirror,
      app,
      ...(options.diagnose ? { plugins } : {}),
      ...(options.suggest && suggest
        ? {
            suggest,
            suggestOverBare: {
              p50: ratio(suggest.keystrokes.all.p50, bare?.keystrokes.all.p50),
              p99: ratio(suggest.keystrokes.all.p99, bare?.keystrokes.all.p99),
              mean: ratio(suggest.keystrokes.all.mean, bare?.keystrokes.all.mean),
            },
          }
        : {}),
      comparison: bare && app ? compare(bare, app) : null,
      bindings: bare && bareYProsemirror ? compareBindings(bare, bareYProsemirror) : null,
      ...(options.diagnose && plugins
        ? {
            diagnosis: {
              pluginsOverBare: { p50: ratio(plugins.keystrokes.all.p50, bare?.keystrokes.all.p50), p99: ratio(plugins.keystrokes.all.p99, bare?.keystrokes.all.p99) },
              appOverPlugins: { p50: ratio(app?.keystrokes.all.p50, plugins.keystrokes.all.p50), p99: ratio(app?.keystrokes.all.p99, plugins.keystrokes.all.p99) },
            },
          }
        : {}),
    };
    const json = JSON.stringify(results, null, 2);
    console.log(json);
    if (options.out !== null) writeFileSync(options.out, `${json}\n`);
    log(table(results));
    const failures = [
      bare && !bare.correct ? `bare editor: ${bare.mismatch}` : null,
      bareYProsemirror && !bareYProsemirror.correct ? `bare editor on y-prosemirror: ${bareYProsemirror.mismatch}` : null,
      suggest && !suggest.correct ? `bare editor in Föreslå: ${suggest.mismatch}` : null,
      plugins && !plugins.correct ? `bare editor with the app plugins: ${plugins.mismatch}` : null,
      app && !app.correct ? `app editor: ${app.mismatch}` : null,
      app && !app.reopen.correct ? `reopened app: ${app.reopen.mismatch}` : null,
    ].filter((f) => f !== null);
    if (failures.length > 0) {
      log(`\n!!! WRONG TEXT AFTER REPLAY !!!\n${failures.map((f) => `  - ${f}`).join('\n')}`);
      return 1;
    }
    return 0;
  } finally {
    for (const subject of subjects) await subject.dispose().catch((error: unknown) => log(`cleanup: ${String(error)}`));
    await browser.close();
    if (barePageDir !== null) rmSync(barePageDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ editors

/** One editor under test: a page ready for the replay, and what to do afterwards. */
interface Subject {
  /** bare: bench/bare; bare-yprosemirror: bench/bare/yprosemirror.html; plugins: bench/bare with the app's plugins (--diagnose); suggest: bench/bare in Föreslå (--suggest); app: Samskriv. */
  readonly label: 'bare' | 'bare-yprosemirror' | 'plugins' | 'suggest' | 'app';
  readonly page: Page;
  readonly url: string;
  /** After the replay: collects the mode's own figures and releases everything. */
  finish(replay: ReplayResult): Promise<BareResult | AppResult>;
  /** Releases everything (idempotent), also after a failure. */
  dispose(): Promise<void>;
}

/** Opens the bare page (built into `pageDir`), served from its own origin so timelines can tell pages apart. */
async function openBare(browser: Browser, pageDir: string, label: 'bare' | 'bare-yprosemirror' | 'plugins' | 'suggest', options: Options): Promise<Subject> {
  let server: Server | null = null;
  let context: BrowserContext | null = null;
  const dispose = async (): Promise<void> => {
    await context?.close();
    context = null;
    if (server !== null) {
      const closing = server;
      server = null;
      await new Promise<void>((done) => closing.close(() => done()));
      closing.closeAllConnections();
    }
  };
  try {
    server = await serveStatic(pageDir);
    const path = label === 'plugins' ? '?plugins=app' : label === 'suggest' ? '?plugins=suggest' : label === 'bare-yprosemirror' ? 'yprosemirror.html' : '';
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${path}`;
    context = await browser.newContext();
    const page = await context.newPage();
    if (options.isolate) await isolate(page, url);
    await page.goto(url);
    await page.waitForFunction(() => (document.querySelector('.ProseMirror') as (HTMLElement & { pmView?: unknown }) | null)?.pmView !== undefined);
    return {
      label,
      page,
      url,
      async finish(replay) {
        // bench/bare/bare-page.ts exposes the Y.Doc's encoded size.
        const state = await page.evaluate(() => (window as Window & { bareBench: { stateBytes(): { live: number; reloaded: number } } }).bareBench.stateBytes());
        await dispose();
        return { url, ...replay, yjsStateBytes: state.live, yjsStateBytesReloaded: state.reloaded };
      },
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

async function buildBarePage(outDir: string): Promise<void> {
  // electron-vite reads the output folder from the environment (see the config).
  process.env['SAMSKRIV_BENCH_BARE_OUT'] = outDir;
  const { build } = await import('electron-vite');
  await build({ configFile: join(REPO, 'bench/vite.bare.config.ts'), ignoreConfigWarning: true, logLevel: 'warn' });
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`The bare page build left no index.html in ${outDir}.`);
}

/** Serves `rootDir` on 127.0.0.1 with the app's own security headers. */
async function serveStatic(rootDir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const filePath = resolveStaticPath(rootDir, new URL(req.url ?? '/', 'http://placeholder').pathname);
    if (filePath === null) {
      res.writeHead(400).end();
      return;
    }
    readFile(filePath).then(
      (body) => res.writeHead(200, { 'Content-Type': contentTypeFor(filePath), 'Cache-Control': 'no-cache', ...RENDERER_SECURITY_HEADERS }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => done());
  });
  return server;
}

/**
 * Starts the browser host on a new data folder and creates a new plan from
 * the first start's welcome; its only chapter starts with one empty paragraph.
 */
async function openApp(browser: Browser, trace: CompiledTrace, options: Options): Promise<Subject> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'samskriv-bench-app-'));
  const rendererBuiltAt = statSync(join(APP_RENDERER_DIR, 'index.html')).mtime.toISOString();
  let host: WebHostProcess | null = null;
  let context: BrowserContext | null = null;
  let disposed = false;
  const release = async (): Promise<void> => {
    await context?.close();
    context = null;
    await host?.stop();
    host = null;
  };
  const dispose = async (): Promise<void> => {
    await release();
    if (disposed) return;
    disposed = true;
    if (options.keepData) log(`app: data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    host = await startWebHostProcess(dataDir);
    const url = host.url;
    context = await browser.newContext();
    const page = await context.newPage();
    if (options.isolate) await isolate(page, url);
    await page.goto(url);
    log('app: creating a new plan from the first start\'s welcome …');
    await page.getByRole('button', { name: 'Ny plan', exact: true }).click({ timeout: 30_000 });
    await page.getByLabel('Titel på den nya planen').fill(`Benchmark ${basename(options.tracePath)}`);
    await page.getByRole('button', { name: 'Skapa plan' }).click();
    // The new plan's only chapter, "Kapitel 1", is on screen in its editor.
    await page.getByRole('textbox', { name: 'Text i kapitlet Kapitel 1' }).waitFor();
    await page.waitForFunction(() => {
      const editor = document.querySelector('.ProseMirror') as (HTMLElement & { pmView?: unknown }) | null;
      return editor?.pmView !== undefined && editor.getAttribute('contenteditable') === 'true';
    });
    const initial = await page.evaluate(readEditorInPage);
    if (initial.paragraphs !== 1 || initial.text !== '' || initial.otherNodes.length > 0) {
      throw new Error(`The new plan's chapter does not start with one empty paragraph: ${JSON.stringify(initial)}`);
    }
    return {
      label: 'app',
      page,
      url,
      async finish(replay) {
        try {
          const settleStart = performance.now();
          await page.getByRole('status').filter({ hasText: SAVED_TEXT }).waitFor({ timeout: 300_000 });
          const saveSettleMs = round(performance.now() - settleStart, 1);
          await release();
          const storage = measureStorage(dataDir);
          log(`app: reopening from storage (${options.reopenRuns}×) …`);
          const reopen = await measureReopen(browser, dataDir, trace, options);
          const builtAtEnd = statSync(join(APP_RENDERER_DIR, 'index.html')).mtime.toISOString();
          if (builtAtEnd !== rendererBuiltAt) log(`app: WARNING: out/renderer was rebuilt during the run (${rendererBuiltAt} → ${builtAtEnd}); the figures mix two builds.`);
          return { url, rendererBuiltAt, ...(builtAtEnd === rendererBuiltAt ? {} : { rendererRebuiltAt: builtAtEnd }), ...replay, saveSettleMs, storage, reopen };
        } finally {
          await dispose();
        }
      },
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Compacts the chapter doc in the stopped host's store and measures sizes. */
function measureStorage(dataDir: string): StorageResult {
  const path = join(dataDir, DATABASE_FILE_NAME);
  const store = DocStore.open(path);
  let result: Omit<StorageResult, 'freePageBytes' | 'fileToStateRatio'>;
  try {
    const preferences = store.getSetting('preferences') as { lastPlanId?: unknown } | undefined;
    const planId = preferences?.lastPlanId;
    if (typeof planId !== 'string') throw new Error('The store does not say which plan was open last (preferences.lastPlanId).');
    const chapters = store.listDocs(`plan/${planId}/chapter/`);
    if (chapters.length !== 1) throw new Error(`Expected one chapter in the benchmark plan, found ${chapters.length}.`);
    const chapterDoc = chapters[0]!;
    const before = store.stats(chapterDoc);
    let allDocsYjsStateBytes = 0;
    let yjsStateBytes = 0;
    const docs = store.listDocs();
    for (const doc of docs) {
      store.compact(doc);
      const bytes = stateBytes(store.loadDoc(doc));
      allDocsYjsStateBytes += bytes;
      if (doc === chapterDoc) yjsStateBytes = bytes;
    }
    store.checkpoint();
    result = {
      chapterDoc,
      beforeCompaction: { logRows: before.logRows, logBytes: before.logBytes, snapshotBytes: before.snapshotBytes },
      snapshotBytes: store.stats(chapterDoc).snapshotBytes,
      yjsStateBytes,
      allDocsYjsStateBytes,
      docs: docs.length,
      databaseFileBytes: store.fileSizeBytes(),
    };
  } finally {
    store.close();
  }
  const db = new DatabaseSync(path, { readOnly: true });
  let freePageBytes: number;
  try {
    const pageSize = Number(db.prepare('PRAGMA page_size').get()?.['page_size'] ?? 0);
    const freePages = Number(db.prepare('PRAGMA freelist_count').get()?.['freelist_count'] ?? 0);
    freePageBytes = pageSize * freePages;
  } finally {
    db.close();
  }
  return { ...result, freePageBytes, fileToStateRatio: round(result.databaseFileBytes / result.allDocsYjsStateBytes, 2) };
}

function stateBytes(update: Uint8Array | null): number {
  if (update === null) return 0;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
    return Y.encodeStateAsUpdate(doc).length;
  } finally {
    doc.destroy();
  }
}

/**
 * Starts a new host on the same data folder and opens the app in a fresh
 * browser context (empty HTTP cache), as a user reopening Samskriv: the app
 * reopens the plan that was open last.
 */
async function measureReopen(browser: Browser, dataDir: string, trace: CompiledTrace, options: Options): Promise<ReopenResult> {
  const lastText = [...trace.endParagraphs].reverse().find((p) => p !== '') ?? '';
  const runsMs: number[] = [];
  const milestones: OpenMilestones[] = [];
  let mismatch: string | null = null;
  let timeline: TimelineSummary | undefined;
  for (let run = 0; run < options.reopenRuns; run++) {
    const host = await startWebHostProcess(dataDir);
    // With --profile, the first reopen is traced (tracing slows it down a little).
    const tracing = options.profileDir !== null && run === 0 ? await Timeline.start(browser) : null;
    let context: BrowserContext | null = null;
    try {
      context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(watchEditableInPage, lastText);
      await page.goto(host.url);
      const handle = await page.waitForFunction(openMilestonesInPage, undefined, { timeout: 120_000 });
      const marks = (await handle.jsonValue())!;
      milestones.push({ domContentLoaded: round(marks.domContentLoaded, 1), editorMounted: round(marks.editorMounted, 1), editable: round(marks.editable, 1) });
      runsMs.push(round(marks.editable, 1));
      if (tracing !== null) {
        const name = `${basename(options.tracePath).replace(/\.json(\.gz)?$/, '')}-reopen`;
        timeline = (await tracing.stop(options.profileDir!, name, new Map([[new URL(host.url).origin, 'reopen']])))['reopen'];
        if (timeline !== undefined) log(formatTimeline('reopen', timeline));
      }
      if (run === 0) mismatch = describeMismatch(await page.evaluate(readEditorInPage), trace.endContent);
      // Leave as a user would: only after everything the app may write on opening is saved.
      await page.getByRole('status').filter({ hasText: SAVED_TEXT }).waitFor({ timeout: 60_000 });
    } finally {
      await context?.close();
      await host.stop();
    }
  }
  return { runsMs, medianMs: median(runsMs), milestones, correct: mismatch === null, mismatch, ...(timeline === undefined ? {} : { timeline }) };
}

// ------------------------------------------------------------ shared replay

/** Adds COEP to the page's HTML so that it is cross-origin isolated and `performance.now()` steps are 5 µs, not 100 µs. */
async function isolate(page: Page, baseUrl: string): Promise<void> {
  const origin = new URL(baseUrl).origin;
  await page.route(
    // The announced link (`/?k=…`) too: Playwright routes only the first URL
    // of a redirect, so the page is fetched here, following the host's
    // redirect; the cookie it sets lands in the context, which route.fetch
    // shares, and the page stays at the link's address.
    (url) => url.origin === origin && (url.pathname === '/' || url.pathname.endsWith('.html')),
    async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
      });
    },
  );
}

/**
 * Replays the trace into every subject, alternating chunk by chunk, so that
 * both editors share whatever else the machine is doing during the run.
 */
async function replayInterleaved(browser: Browser, subjects: readonly Subject[], trace: CompiledTrace, options: Options): Promise<ReplayResult[]> {
  const runs = [];
  for (const subject of subjects) {
    const { page } = subject;
    const timer = await page.evaluate(timerInfoInPage);
    await page.evaluate(loadStartInPage, trace.startParagraphs);
    const profiler = options.profileDir === null ? null : await Profiler.start(page);
    runs.push({ subject, timer, profiler, times: new Float64Array(trace.ops.length), replayMs: 0, wallMs: 0 });
  }
  const timeline = options.profileDir === null ? null : await Timeline.start(browser);
  const started = performance.now();
  let lastReport = started;
  for (let start = 0; start < trace.ops.length; start += options.chunk) {
    const chunk: ReplayOp[] = trace.ops.slice(start, start + options.chunk);
    for (const run of runs) {
      const before = performance.now();
      const result = await run.subject.page.evaluate(replayChunkInPage, chunk);
      run.wallMs += performance.now() - before;
      run.times.set(result.times, start);
      run.replayMs += result.loopMs;
    }
    const now = performance.now();
    if (now - lastReport > 15_000) {
      lastReport = now;
      log(`${Math.min(start + options.chunk, trace.ops.length)}/${trace.ops.length} patches, ${round((now - started) / 1000, 0)} s`);
    }
  }

  const profileName = basename(options.tracePath).replace(/\.json(\.gz)?$/, '');
  const timelines =
    timeline === null ? {} : await timeline.stop(options.profileDir!, profileName, new Map(subjects.map((s) => [new URL(s.url).origin, s.label])));
  const results: ReplayResult[] = [];
  for (const run of runs) {
    const { label, page } = run.subject;
    let profile: ProfileSummary | undefined;
    if (run.profiler !== null) {
      profile = await run.profiler.stop(options.profileDir!, `${profileName}-${label}`);
      log(formatProfile(label, profile));
    }
    const timelineSummary = timelines[label];
    if (timelineSummary !== undefined) log(formatTimeline(label, timelineSummary));
    const snapshot = await page.evaluate(readEditorInPage);
    const mismatch = describeMismatch(snapshot, trace.endContent);
    log(`${label}: replayed in ${round(run.replayMs / 1000, 1)} s${mismatch ? ` — WRONG TEXT: ${mismatch}` : ', text matches endContent'}`);
    results.push({
      keystrokes: { all: distribution(run.times), last1000: distribution(run.times.subarray(Math.max(0, run.times.length - LAST_N))) },
      replayMs: round(run.replayMs, 1),
      wallMs: round(run.wallMs, 1),
      timer: { resolutionMs: round(run.timer.resolutionMs, 4), crossOriginIsolated: run.timer.crossOriginIsolated },
      correct: mismatch === null,
      mismatch,
      paragraphs: snapshot.paragraphs,
      ...(profile === undefined ? {} : { profile }),
      ...(timelineSummary === undefined ? {} : { timeline: timelineSummary }),
    });
  }
  return results;
}

function describeMismatch(snapshot: EditorSnapshot, expected: string): string | null {
  const problems: string[] = [];
  if (snapshot.otherNodes.length > 0) problems.push(`top-level nodes other than paragraphs: ${[...new Set(snapshot.otherNodes)].join(', ')}`);
  if (snapshot.text !== expected) problems.push(`editor state text differs from endContent ${whereDifferent(snapshot.text, expected)}`);
  if (snapshot.domText !== expected) problems.push(`editor DOM text differs from endContent ${whereDifferent(snapshot.domText, expected)}`);
  return problems.length > 0 ? problems.join('; ') : null;
}

function whereDifferent(actual: string, expected: string): string {
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  return `(lengths ${actual.length} vs ${expected.length}; first difference at ${i}: ${JSON.stringify(actual.slice(i, i + 30))} vs ${JSON.stringify(expected.slice(i, i + 30))})`;
}

// ------------------------------------------------------------------ figures

function ratio(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined || b <= 0 ? null : round(a / b, 2);
}

/** The chapter-text binding against y-prosemirror 1.3.7, both bare: below 1 the new binding is faster. */
function compareBindings(bare: BareResult, yprosemirror: BareResult) {
  return {
    p50Ratio: ratio(bare.keystrokes.all.p50, yprosemirror.keystrokes.all.p50),
    p99Ratio: ratio(bare.keystrokes.all.p99, yprosemirror.keystrokes.all.p99),
    last1000P50Ratio: ratio(bare.keystrokes.last1000.p50, yprosemirror.keystrokes.last1000.p50),
    last1000P99Ratio: ratio(bare.keystrokes.last1000.p99, yprosemirror.keystrokes.last1000.p99),
    stateBytesRatio: ratio(bare.yjsStateBytesReloaded, yprosemirror.yjsStateBytesReloaded),
  };
}

function compare(bare: BareResult, app: AppResult) {
  const p50Ratio = ratio(app.keystrokes.all.p50, bare.keystrokes.all.p50);
  const p99Ratio = ratio(app.keystrokes.all.p99, bare.keystrokes.all.p99);
  return {
    p50Ratio,
    p99Ratio,
    last1000P50Ratio: ratio(app.keystrokes.last1000.p50, bare.keystrokes.last1000.p50),
    last1000P99Ratio: ratio(app.keystrokes.last1000.p99, bare.keystrokes.last1000.p99),
    withinRatioBudget: p50Ratio !== null && p99Ratio !== null && p50Ratio <= BUDGET.ratioMax && p99Ratio <= BUDGET.ratioMax,
    appP99WithinFrame: app.keystrokes.all.p99 < BUDGET.p99MaxMs,
  };
}


interface TableInput {
  readonly date: string;
  readonly machine: Machine;
  readonly trace: { file: string; patches: number; endCodePoints: number; endParagraphs: number };
  readonly bare: BareResult | null;
  readonly bareYProsemirror: BareResult | null;
  readonly plugins?: BareResult | null;
  readonly app: AppResult | null;
  readonly comparison: ReturnType<typeof compare> | null;
  readonly bindings: ReturnType<typeof compareBindings> | null;
}

function table(r: TableInput): string {
  const ms = (n: number): string => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
  const pad = (s: string, n: number): string => s.padStart(n);
  const lines = [
    '',
    `${r.trace.file}: ${r.trace.patches.toLocaleString('en')} patches, ${r.trace.endParagraphs.toLocaleString('en')} paragraphs, ${r.trace.endCodePoints.toLocaleString('en')} characters at the end`,
    `${r.date} · ${r.machine.os} · ${r.machine.cpuCount}× ${r.machine.cpus} · ${r.machine.memoryGiB} GiB · Node ${r.machine.node} · Chromium ${r.machine.chromium} · load ${r.machine.loadAverageAtStart[0]} → ${r.machine.loadAverageAtEnd[0]}`,
    '',
    `${'per keystroke'.padEnd(12)}${pad('p50', 11)}${pad('p99', 11)}${pad('max', 11)}${pad('last 1k p50', 13)}${pad('p99', 11)}${pad('max', 11)}${pad('replay', 11)}  text`,
  ];
  for (const [name, m] of [['bare', r.bare], ['bare y-pm', r.bareYProsemirror], ['app plugins', r.plugins ?? null], ['app', r.app]] as const) {
    if (m === null) continue;
    const { all, last1000 } = m.keystrokes;
    lines.push(
      `${name.padEnd(12)}${pad(ms(all.p50), 11)}${pad(ms(all.p99), 11)}${pad(ms(all.max), 11)}${pad(ms(last1000.p50), 13)}${pad(ms(last1000.p99), 11)}${pad(ms(last1000.max), 11)}${pad(`${(m.replayMs / 1000).toFixed(1)} s`, 11)}  ${m.correct ? 'ok' : 'WRONG'}`,
    );
  }
  if (r.comparison) {
    const c = r.comparison;
    const verdict = (value: number | null): string =>
      value === null ? '?' : value <= BUDGET.ratioMax ? 'within' : `MISSED by ${Math.round((value / BUDGET.ratioMax - 1) * 100)}%`;
    lines.push(
      `${'app/bare'.padEnd(12)}${pad(`${c.p50Ratio}×`, 11)}${pad(`${c.p99Ratio}×`, 11)}${''.padEnd(11)}${pad(`${c.last1000P50Ratio}×`, 13)}${pad(`${c.last1000P99Ratio}×`, 11)}`,
      `budget ≤ ${BUDGET.ratioMax}×: p50 ${verdict(c.p50Ratio)}, p99 ${verdict(c.p99Ratio)}; app p99 < ${BUDGET.p99MaxMs} ms: ${c.appP99WithinFrame ? 'yes' : 'NO'}`,
    );
  }
  if (r.bindings) {
    const b = r.bindings;
    lines.push(
      `${'bare/y-pm'.padEnd(12)}${pad(`${b.p50Ratio}×`, 11)}${pad(`${b.p99Ratio}×`, 11)}${''.padEnd(11)}${pad(`${b.last1000P50Ratio}×`, 13)}${pad(`${b.last1000P99Ratio}×`, 11)}  (chapter-text binding / y-prosemirror 1.3.7)`,
    );
  }
  for (const [name, m] of [['bare', r.bare], ['bare y-pm', r.bareYProsemirror]] as const) {
    if (m === null) continue;
    lines.push(`${name}: Yjs state ${m.yjsStateBytes.toLocaleString('en')} B while editing, ${m.yjsStateBytesReloaded.toLocaleString('en')} B reloaded; timer step ${m.timer.resolutionMs} ms`);
  }
  if (r.app) {
    const s = r.app.storage;
    lines.push(
      `app: saved ${ms(r.app.saveSettleMs)} after the last keystroke; timer step ${r.app.timer.resolutionMs} ms`,
      `app storage: chapter state ${s.yjsStateBytes.toLocaleString('en')} B, snapshot ${s.snapshotBytes.toLocaleString('en')} B; all ${s.docs} docs ${s.allDocsYjsStateBytes.toLocaleString('en')} B; file ${s.databaseFileBytes.toLocaleString('en')} B (${s.fileToStateRatio}×, ${s.freePageBytes.toLocaleString('en')} B free pages)`,
      `app reopen to editable: ${r.app.reopen.runsMs.map((t) => ms(t)).join(', ')} (median ${ms(r.app.reopen.medianMs)}), text ${r.app.reopen.correct ? 'ok' : 'WRONG'}`,
      `  milestones (DOMContentLoaded / editor exists / editable): ${r.app.reopen.milestones.map((m) => `${m.domContentLoaded.toFixed(0)} / ${m.editorMounted.toFixed(0)} / ${m.editable.toFixed(0)} ms`).join(', ')}`,
    );
  }
  return lines.join('\n');
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
}

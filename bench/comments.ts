/**
 * `node bench/comments.ts [--pages 100] [--threads 500] [--overlapping 50] [--keystrokes 2000] [--out FILE]`
 *
 * Typing and opening a long chapter full of comment threads (issue 4,
 * DESIGN §10): the real app in real Chromium, served by the real browser
 * host, with the comment sidebar visible.
 *
 * Two plans are built with bench/comment-fixture.ts from the same prose and
 * seed: one chapter of `pages` pages *with* `threads` threads
 * (`overlapping` of them sharing text with another) and the same chapter
 * *without* threads. Both are opened in their own page; the caret is put in
 * the middle of the chapter, near anchors, and the same text is typed into
 * both, taking turns chunk by chunk so a busy machine slows both alike.
 *
 * Per keystroke it reports
 * - **keystroke**: dispatch until a MessageChannel round trip later (as
 *   bench/replay.ts measures), and
 * - **frame**: the work of the frame that follows (rAF callbacks — where the
 *   sidebar lays its cards out —, style, layout, paint), so that work moved
 *   out of the keystroke into the frame is still counted;
 * and the time to open the chapter: navigation until the editor is editable
 * with the last paragraph, and until the sidebar shows every open thread.
 *
 * Not measured here: presence from 5 other users (there is no sync server
 * in the app yet, issue 3).
 *
 * Output: JSON on stdout (and in --out), a table on stderr. Run by hand,
 * never by `npm test`. Needs a build: npx electron-vite build.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/support/chromium.ts';
import { startWebHostProcess, type WebHostProcess } from '../tests/support/web-host-process.ts';
import { buildCommentFixture, type Fixture } from './comment-fixture.ts';
import { placeCaretInPage, typeInPage } from './comment-typing-page.ts';
import { openMilestonesInPage, watchEditableInPage } from './page-replay.ts';
import { describeMachine } from './machine.ts';
import { formatProfile, formatTimeline, Profiler, Timeline } from './profile.ts';
import { distribution, median, round, type Distribution } from './statistics.ts';
import { loadTrace } from './trace.ts';

const REPO = resolve(import.meta.dirname, '..');
const PROSE_TRACE = resolve(REPO, '../shared/traces/seph-blog1.json.gz');
const BUDGET = { p99MaxMs: 16 } as const;
const CHUNK = 100;
/** What is typed: a sentence with an Enter now and then and a corrected typo. */
const SENTENCE = 'Kvinnor som nyligen kommit till Sverige ska få stöd tidigt, samordnat mellan myndigheterna.\bn\n';
/** A sidebar card: the UI marks each with the thread it shows. */
const CARD_SELECTOR = 'aside [data-thread-card]';

const USAGE = `Usage: node bench/comments.ts [options]

  --pages N         pages of text in the chapter (default 100, ${'3000'} characters a page)
  --threads N       comment threads (default 500)
  --overlapping N   of which share text with another thread (default 50)
  --keystrokes N    characters typed into each page (default 2000)
  --open-runs N     how often to measure opening (default 3)
  --seed N          fixture seed (default 1)
  --out FILE        also write the JSON results to FILE
  --profile DIR     record a CPU profile and a Chromium timeline of each page's typing into DIR
                    and print where the time goes (slows the typing: for hot spots, not figures)
  --help            show this text`;

interface Options {
  readonly pages: number;
  readonly threads: number;
  readonly overlapping: number;
  readonly keystrokes: number;
  readonly openRuns: number;
  readonly seed: number;
  readonly out: string | null;
  readonly profileDir: string | null;
}

interface Subject {
  readonly label: 'threads' | 'no-threads';
  readonly fixture: Fixture;
  readonly dataDir: string;
  host: WebHostProcess | null;
  context: BrowserContext | null;
  page: Page | null;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      pages: { type: 'string', default: '100' },
      threads: { type: 'string', default: '500' },
      overlapping: { type: 'string', default: '50' },
      keystrokes: { type: 'string', default: '2000' },
      'open-runs': { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      profile: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const whole = (name: string, value: string, min: number): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) {
      console.error(`--${name} must be a whole number ≥ ${min}.\n\n${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  return {
    pages: whole('pages', values.pages, 1),
    threads: whole('threads', values.threads, 0),
    overlapping: whole('overlapping', values.overlapping, 0),
    keystrokes: whole('keystrokes', values.keystrokes, 1),
    openRuns: whole('open-runs', values['open-runs'], 1),
    seed: whole('seed', values.seed, 0),
    out: values.out === undefined ? null : resolve(values.out),
    profileDir: values.profile === undefined ? null : resolve(values.profile),
  };
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function main(): Promise<number> {
  const options = parseOptions();
  if (!existsSync(join(REPO, 'out/renderer/index.html'))) throw new Error('No app build in out/renderer. Run "npx electron-vite build" first.');
  const loadAverageAtStart = os.loadavg();
  const prose = loadTrace(PROSE_TRACE).endContent.split('\n');
  const subjects: Subject[] = [];
  for (const [label, threads] of [['threads', options.threads], ['no-threads', 0]] as const) {
    const dataDir = mkdtempSync(join(os.tmpdir(), `samskriv-bench-comments-${label}-`));
    log(`${label}: building a ${options.pages}-page chapter with ${threads} threads …`);
    const fixture = await buildCommentFixture({ dataDir, prose, pages: options.pages, threads, overlapping: threads === 0 ? 0 : options.overlapping, seed: options.seed });
    subjects.push({ label, fixture, dataDir, host: null, context: null, page: null });
  }
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  try {
    const open: Record<string, { editableMs: number[]; sidebarMs: number[] }> = {};
    for (const subject of subjects) {
      log(`${subject.label}: opening ${options.openRuns}× …`);
      open[subject.label] = await measureOpen(browser, subject, options.openRuns);
    }
    for (const subject of subjects) {
      subject.host = await startWebHostProcess(subject.dataDir);
      subject.context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      subject.page = await subject.context.newPage();
      await subject.page.goto(subject.host.url);
      await waitUntilOpen(subject.page, subject.fixture);
      await subject.page.evaluate(placeCaretInPage, Math.floor(subject.fixture.paragraphs / 2));
    }
    const text = SENTENCE.repeat(Math.ceil(options.keystrokes / [...SENTENCE].length)).slice(0, options.keystrokes);
    const times = new Map(subjects.map((s) => [s.label, { keystroke: [] as number[], frame: [] as number[] }]));
    log(`typing ${options.keystrokes} keystrokes into each page, ${CHUNK} at a time …`);
    if (options.profileDir !== null) mkdirSync(options.profileDir, { recursive: true });
    const profilers = options.profileDir === null ? null : await Promise.all(subjects.map((s) => Profiler.start(s.page!)));
    const timeline = options.profileDir === null ? null : await Timeline.start(browser);
    for (let start = 0; start < text.length; start += CHUNK) {
      for (const subject of subjects) {
        const chunk = await subject.page!.evaluate(typeInPage, text.slice(start, start + CHUNK));
        times.get(subject.label)!.keystroke.push(...chunk.keystroke);
        times.get(subject.label)!.frame.push(...chunk.frame);
      }
    }
    if (profilers !== null && timeline !== null) {
      for (const [i, subject] of subjects.entries()) log(formatProfile(subject.label, await profilers[i]!.stop(options.profileDir!, `comments-${subject.label}`)));
      const timelines = await timeline.stop(options.profileDir!, 'comments', new Map(subjects.map((s) => [new URL(s.host!.url).origin, s.label])));
      for (const [label, summary] of Object.entries(timelines)) log(formatTimeline(label, summary));
    }
    const typed = await Promise.all(subjects.map((s) => s.page!.evaluate(() => document.querySelector('.ProseMirror')!.textContent!.length)));
    const results = {
      date: new Date().toISOString(),
      machine: describeMachine(loadAverageAtStart, browser.version()),
      settings: { ...options, chunk: CHUNK, proseFrom: 'seph-blog1 endContent' },
      budget: BUDGET,
      subjects: Object.fromEntries(
        subjects.map((s, i) => {
          const t = times.get(s.label)!;
          const sum = t.keystroke.map((k, j) => k + t.frame[j]!);
          return [
            s.label,
            {
              fixture: s.fixture,
              open: { editableMs: open[s.label]!.editableMs, editableMedianMs: median(open[s.label]!.editableMs), sidebarMs: open[s.label]!.sidebarMs, sidebarMedianMs: median(open[s.label]!.sidebarMs) },
              keystroke: distribution(t.keystroke),
              frame: distribution(t.frame),
              keystrokePlusFrame: distribution(sum),
              editorCharactersAfter: typed[i],
            },
          ];
        }),
      ),
    };
    const json = JSON.stringify(results, null, 2);
    console.log(json);
    if (options.out !== null) writeFileSync(options.out, `${json}\n`);
    log(table(results.subjects as Record<string, SubjectResult>));
    return 0;
  } finally {
    for (const subject of subjects) {
      await subject.context?.close().catch(() => undefined);
      await subject.host?.stop().catch(() => undefined);
      rmSync(subject.dataDir, { recursive: true, force: true });
    }
    await browser.close();
  }
}

/** Opens the plan in a fresh context (empty cache) on a fresh host, as a user starting Samskriv. */
async function measureOpen(browser: Browser, subject: Subject, runs: number): Promise<{ editableMs: number[]; sidebarMs: number[] }> {
  const editableMs: number[] = [];
  const sidebarMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const host = await startWebHostProcess(subject.dataDir);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await page.addInitScript(watchEditableInPage, subject.fixture.lastParagraphText);
      await page.goto(host.url);
      const milestones = await (await page.waitForFunction(openMilestonesInPage, undefined, { timeout: 120_000 })).jsonValue();
      editableMs.push(round(milestones!.editable, 1));
      const sidebar = await page.waitForFunction(
        ({ selector, count }) => (document.querySelectorAll(selector).length >= count ? performance.now() : null),
        { selector: CARD_SELECTOR, count: subject.fixture.openThreads },
        { timeout: 120_000, polling: 'raf' },
      );
      sidebarMs.push(round((await sidebar.jsonValue())!, 1));
    } finally {
      await context.close();
      await host.stop();
    }
  }
  return { editableMs, sidebarMs };
}

async function waitUntilOpen(page: Page, fixture: Fixture): Promise<void> {
  await page.waitForFunction(
    (last) => {
      const editor = document.querySelector('.ProseMirror') as (HTMLElement & { pmView?: unknown }) | null;
      return editor?.pmView !== undefined && editor.getAttribute('contenteditable') === 'true' && (editor.textContent ?? '').includes(last);
    },
    fixture.lastParagraphText,
    { timeout: 120_000 },
  );
  await page.waitForFunction(({ selector, count }) => document.querySelectorAll(selector).length >= count, { selector: CARD_SELECTOR, count: fixture.openThreads }, { timeout: 120_000 });
}

interface SubjectResult {
  readonly fixture: Fixture;
  readonly open: { readonly editableMedianMs: number; readonly sidebarMedianMs: number };
  readonly keystroke: Distribution;
  readonly frame: Distribution;
  readonly keystrokePlusFrame: Distribution;
}

function table(subjects: Record<string, SubjectResult>): string {
  const rows = Object.entries(subjects).map(([label, s]) =>
    [
      label.padEnd(11),
      `${s.fixture.threads}`.padStart(7),
      `${s.keystroke.p50.toFixed(2)} / ${s.keystroke.p99.toFixed(2)}`.padStart(15),
      `${s.frame.p50.toFixed(2)} / ${s.frame.p99.toFixed(2)}`.padStart(15),
      `${s.keystrokePlusFrame.p50.toFixed(2)} / ${s.keystrokePlusFrame.p99.toFixed(2)}`.padStart(15),
      `${s.open.editableMedianMs.toFixed(0)}`.padStart(10),
      `${s.open.sidebarMedianMs.toFixed(0)}`.padStart(11),
    ].join(' │ '),
  );
  const header = ['subject    ', 'threads', 'keystroke p50/99', '  frame p50/99 ', ' sum p50/p99  ', 'editable ms', 'sidebar ms'].join(' │ ');
  return `\n${header}\n${'─'.repeat(header.length)}\n${rows.join('\n')}\n(budget: p99 < ${BUDGET.p99MaxMs} ms per keystroke)`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

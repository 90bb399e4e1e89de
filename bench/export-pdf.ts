/**
 * The PDF export of a 300-page plan by print view (issue 15): what the two
 * steps cost and whether main's event loop keeps answering meanwhile.
 *
 * The plan is bench/large-plan.ts's (12 chapters, about 300 pages, 500
 * comment threads), as bench/export-plan.ts exports it to Word. Measured:
 * - the print view (print-view.ts), built in the export worker as the host
 *   builds it (`runExport(plan, 'pdf')`, worker start included), and the
 *   longest stall of this thread meanwhile (a 5 ms heartbeat);
 * - Chromium printing it to PDF with `page.pdf()`, the DevTools
 *   `Page.printToPDF` call that Electron's `webContents.printToPDF` makes,
 *   with the desktop's options (tagged, outline, header and footer) in a
 *   page with JavaScript off, as the desktop's print window. Loading the
 *   view is timed apart from printing it. Electron cannot run here, so
 *   Debian's Chromium stands in; the printing runs in Chromium's processes,
 *   not in main (the desktop awaits it as it awaits a worker).
 * - the PDF's page count and size.
 *
 *   node bench/export-pdf.ts [--runs 3] [--out FILE]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { runExport } from '../src-main/export/run-export.ts';
import { chromiumPath, launchChromium } from '../tests/support/chromium.ts';
import { printLikeElectron } from '../tests/support/print-like-electron.ts';
import { buildPlan, CHAPTERS, PARAGRAPHS, THREADS } from './large-plan.ts';
import { describeMachine } from './machine.ts';
import { median, round } from './statistics.ts';
import { timed } from './stall-timer.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, out: { type: 'string' } } });
const RUNS = Math.max(1, Number(values.runs));

async function pdfPages(data: Uint8Array): Promise<number> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: data.slice(), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const pages = document.numPages;
  await document.destroy();
  return pages;
}

const loadAtStart = os.loadavg();
const now = new Date('2026-12-07T10:00:00Z');
const plan = buildPlan(CHAPTERS);
const browser = await launchChromium();
const chromium = browser.version();

const views: { ms: number; stallMs: number }[] = [];
const loads: number[] = [];
const prints: { ms: number; stallMs: number }[] = [];
let html = '';
let pdf: Uint8Array = new Uint8Array();
try {
  for (let run = 0; run < RUNS; run++) {
    const view = await timed(() => runExport(plan, 'pdf', { now }));
    views.push({ ms: view.ms, stallMs: view.stallMs });
    html = new TextDecoder().decode(view.value.data);
    // Loading and printing timed apart: the clock is read when the view has loaded.
    let loadedAt = 0;
    const started = performance.now();
    const printed = await timed(() => printLikeElectron(browser, html, () => void (loadedAt = performance.now())));
    loads.push(round(loadedAt - started, 1));
    prints.push({ ms: round(printed.ms - (loadedAt - started), 1), stallMs: printed.stallMs });
    pdf = printed.value;
  }
} finally {
  await browser.close();
}
const pages = await pdfPages(pdf);
const totals = views.map((view, i) => round(view.ms + loads[i]! + prints[i]!.ms, 1));

const result = {
  benchmark: 'export-pdf',
  date: new Date().toISOString(),
  machine: describeMachine(loadAtStart, `${chromium} (${chromiumPath()})`),
  plan: { chapters: CHAPTERS, paragraphsPerChapter: PARAGRAPHS, threads: THREADS, pdfPages: pages },
  printView: { ms: views.map((v) => v.ms), medianMs: median(views.map((v) => v.ms)), maxStallMs: Math.max(...views.map((v) => v.stallMs)), bytes: new TextEncoder().encode(html).byteLength },
  load: { ms: loads, medianMs: median(loads) },
  print: { ms: prints.map((p) => p.ms), medianMs: median(prints.map((p) => p.ms)), maxStallMs: Math.max(...prints.map((p) => p.stallMs)), bytes: pdf.byteLength },
  total: { ms: totals, medianMs: median(totals) },
};

console.log(JSON.stringify(result, null, 2));
console.log(
  [
    '',
    '| step (300-page plan) | median ms | longest stall of this thread, ms | note |',
    '|---|---|---|---|',
    `| print view, export worker | ${result.printView.medianMs} | ${result.printView.maxStallMs} | ${round(result.printView.bytes / 1e6, 1)} MB of HTML |`,
    `| Chromium loads the view | ${result.load.medianMs} | - | |`,
    `| Chromium page.pdf (tagged, outline) | ${result.print.medianMs} | ${result.print.maxStallMs} | ${pages} pages, ${round(pdf.byteLength / 1e6, 1)} MB |`,
    `| total | ${result.total.medianMs} | - | ${RUNS} runs |`,
  ].join('\n'),
);
if (values.out !== undefined) {
  const out = resolve(values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
}

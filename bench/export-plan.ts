/**
 * Word and PDF (issue 15): what exporting a 300-page plan and importing a
 * 100-page Word draft cost, and whether main's event loop keeps answering
 * meanwhile (the "no frozen UI").
 *
 * The plan: 12 chapters of 250 paragraphs of about 300 characters (about
 * 300 pages), each chapter with two headings, a bulleted list and a table,
 * and 500 open comment threads with a reply in all, built as the app stores
 * it (manifest and chapter Y.Docs). Measured:
 * - the Word export (page layout for the table of contents included) once
 *   in-process (`exportPlanFile`, as the host ran it before) and in the
 *   export worker as the host runs it now (`runExport`), and the review
 *   copy (with the 500 threads as Word comments) in the worker;
 * - the PDF export (the Word export converted by LibreOffice, from the
 *   worker), where LibreOffice is installed, and the PDF's page count;
 * - the import of a 100-page draft with comments (the review copy of the
 *   first four chapters), in the import worker as the host runs it
 *   (`runImport`, worker start included) and in-process (`importDocx`);
 * - for each, the longest stall of this thread's event loop while it ran
 *   (a 5 ms heartbeat): what a HostApi call that arrives meanwhile (a save)
 *   waits at most.
 *
 *   node bench/export-plan.ts [--runs 3] [--out FILE]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sofficeCommand } from '../src-main/export/libreoffice.ts';
import { exportPlanFile } from '../src-main/export/plan-export.ts';
import { runExport } from '../src-main/export/run-export.ts';
import { importDocx } from '../src-main/import/docx-import.ts';
import { runImport } from '../src-main/import/run-import.ts';
import { buildPlan, CHAPTERS, PARAGRAPHS, THREADS } from './large-plan.ts';
import { describeMachine } from './machine.ts';
import { timed, type Timed } from './stall-timer.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, out: { type: 'string' } } });
const RUNS = Math.max(1, Number(values.runs));

async function repeat<T>(runs: number, work: () => Promise<T>): Promise<{ runs: number[]; median: number; stallMs: number; value: T }> {
  const results: Timed<T>[] = [];
  for (let i = 0; i < runs; i++) results.push(await timed(work));
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  return { runs: results.map((r) => r.ms), median: sorted[Math.floor(sorted.length / 2)]!, stallMs: Math.max(...results.map((r) => r.stallMs)), value: results.at(-1)!.value };
}

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
// In-process once, as the host ran it before the export worker: the stall is the point.
const wordInProcess = await repeat(1, () => exportPlanFile(plan, 'word', { now }));
const word = await repeat(RUNS, () => runExport(plan, 'word', { now }));
const review = await repeat(RUNS, () => runExport(plan, 'review', { now }));
const libreOffice = spawnSync(sofficeCommand(), ['--version'], { timeout: 60_000 }).error === undefined;
const pdf = libreOffice ? await repeat(1, () => runExport(plan, 'pdf-libreoffice', { now, libreOffice: { timeoutMs: 600_000 } })) : null;
const pages = pdf === null ? null : await pdfPages(pdf.value.data);

const draft = (await exportPlanFile(buildPlan(4), 'review', { now })).data;
const draftPages = libreOffice ? await pdfPages((await exportPlanFile(buildPlan(4), 'pdf-libreoffice', { now, libreOffice: { timeoutMs: 600_000 } })).data) : null;
const inWorker = await repeat(RUNS, () => runImport(draft, 'utkast.docx'));
const inProcess = await repeat(RUNS, () => importDocx(draft, 'utkast.docx'));

const result = {
  benchmark: 'export-plan',
  date: new Date().toISOString(),
  machine: describeMachine(loadAtStart, '-'),
  plan: { chapters: CHAPTERS, paragraphsPerChapter: PARAGRAPHS, threads: THREADS, pdfPages: pages },
  wordExportInProcess: { ms: wordInProcess.runs, maxStallMs: wordInProcess.stallMs },
  wordExport: { ms: word.runs, medianMs: word.median, maxStallMs: word.stallMs, bytes: word.value.data.byteLength },
  reviewExport: { ms: review.runs, medianMs: review.median, maxStallMs: review.stallMs, bytes: review.value.data.byteLength },
  pdfExport: pdf === null ? null : { ms: pdf.runs, maxStallMs: pdf.stallMs, bytes: pdf.value.data.byteLength },
  import: {
    draft: { chapters: 4, pdfPages: draftPages, bytes: draft.byteLength, comments: inProcess.value.comments.length },
    inWorker: { ms: inWorker.runs, medianMs: inWorker.median, maxStallMs: inWorker.stallMs },
    inProcess: { ms: inProcess.runs, medianMs: inProcess.median, maxStallMs: inProcess.stallMs },
  },
};

console.log(JSON.stringify(result, null, 2));
const row = (what: string, median: number | string, stall: number | string, note: string): string => `| ${what} | ${median} | ${stall} | ${note} |`;
console.log(
  [
    '',
    '| what | median ms | longest stall of main ms | note |',
    '|---|---:|---:|---|',
    row(`Word export, ${CHAPTERS} chapters, in-process (before)`, wordInProcess.median, wordInProcess.stallMs, '1 run'),
    row(`Word export, ${CHAPTERS} chapters, worker`, word.median, word.stallMs, `${RUNS} runs: ${word.runs.join(', ')}`),
    row('review copy (500 threads as comments), worker', review.median, review.stallMs, `${RUNS} runs: ${review.runs.join(', ')}`),
    row('PDF export (LibreOffice), worker', pdf?.runs[0] ?? 'no LibreOffice', pdf?.stallMs ?? '-', pages === null ? '' : `${pages} pages`),
    row('import of the 4-chapter draft, worker', inWorker.median, inWorker.stallMs, `${draftPages ?? '?'} pages, ${result.import.draft.comments} comments`),
    row('import of the same draft, in-process', inProcess.median, inProcess.stallMs, 'for comparison'),
  ].join('\n'),
);
if (values.out !== undefined) {
  const out = resolve(values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
}

/**
 * What the workflow views (issue 14) cost on a large plan: 12 chapters of
 * about 25 pages each (250 paragraphs of 300 characters, so about 300
 * pages), each with 40 comment threads, 20 open suggestions and two
 * bracketed placeholders, in the shared functions the app calls:
 *
 * - readiness: `planBlockers`, run when "Förbered inlämning" opens and at
 *   most every 300 ms while it is open and the plan changes;
 * - to-do: `todoFor(todoChapters(…))`, the top bar's count, at most every
 *   300 ms after any change while the plan is open;
 * - approval: `approvalMark` of one chapter of about 100 pages, once per "Godkänn";
 * - overview: what Översikt reads per chapter (threads, suggestions, the
 *   pending ones, last activity).
 *
 *   node bench/readiness.ts [--runs N] [--out FILE]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { writeChapterDoc } from '../shared/chapter-text/chapter-text.ts';
import { schema } from '../shared/schema/schema.ts';
import { createThread, readThreads } from '../shared/comments/threads.ts';
import { initChapterMeta } from '../shared/plan/chapter.ts';
import { initManifest } from '../shared/plan/manifest.ts';
import type { Member } from '../shared/plan/member.ts';
import { createSuggestion, readSuggestions } from '../shared/suggestions/suggestions.ts';
import { lastActivity } from '../shared/workflow/chapter-overview.ts';
import { approvalMark } from '../shared/workflow/late-edit.ts';
import { pendingSuggestions, planBlockers, todoChapters } from '../shared/workflow/readiness.ts';
import { readStatusHistory } from '../shared/workflow/status-history.ts';
import { todoFor } from '../shared/workflow/todo.ts';
import { describeMachine } from './machine.ts';
import { distribution, round } from './statistics.ts';

const { values } = parseArgs({ options: { runs: { type: 'string' }, out: { type: 'string' } } });
const RUNS = Number(values.runs ?? 20);
const CHAPTERS = 12;
const PARAGRAPHS = 250;
const THREADS = 40;
const SUGGESTIONS = 20;
const PLAN = '7b0c8a3e-1f2d-4c5b-9a6e-0d1c2b3a4f5e';
const anna: Member = { memberId: 'm-anna', name: 'Anna Berg', agency: 'af', role: 'coordinator' };
const omar: Member = { memberId: 'm-omar', name: 'Omar Said', agency: 'migr', role: 'drafter' };
const loadAtStart = os.loadavg();

const sentence = 'Myndigheterna samordnar etableringen och följer upp insatserna varje kvartal. ';
function chapter(id: string, paragraphs: number): Y.Doc {
  const doc = new Y.Doc();
  initChapterMeta(doc, PLAN, id);
  const blocks = Array.from({ length: paragraphs }, (_, i) => {
    let words = sentence.repeat(4).slice(0, 300);
    if (i === 3) words = words.replace('varje kvartal', '[ange antal deltagare]');
    if (i === paragraphs - 2) words = words.replace('varje kvartal', '[ange källa]');
    return schema.node('paragraph', null, [schema.text(words)]);
  });
  writeChapterDoc(doc, schema.node('doc', null, blocks));
  for (let i = 0; i < THREADS; i++) createThread(doc, omar, { id: `t${i}`, messageId: `m${i}`, text: 'Se över formuleringen.', quote: 'Myndigheterna', assignedAgency: 'fk' });
  for (let i = 0; i < SUGGESTIONS; i++) createSuggestion(doc, omar, { id: `s${i}.1`, kind: 'insert' });
  return doc;
}

const ids = Array.from({ length: CHAPTERS }, (_, i) => `0000000${i.toString(16)}-0000-4000-8000-000000000000`.slice(-36));
const manifest = new Y.Doc();
initManifest(manifest, {
  planId: PLAN,
  title: 'Plan',
  deadline: '2023-03-31',
  createdAt: '2026-12-01T00:00:00Z',
  chapters: ids.map((id, i) => ({ id, title: `Kapitel ${i + 1}`, owner: i % 2 === 0 ? 'fk' : 'migr' })),
});
const docs = new Map(ids.map((id) => [id, chapter(id, PARAGRAPHS)] as const));
const large = chapter('big', 1_000);

function time(run: () => unknown): ReturnType<typeof distribution> {
  const samples: number[] = [];
  run(); // warm-up
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return distribution(samples);
}

let blockerCount = 0;
const results = {
  readiness: time(() => (blockerCount = planBlockers(manifest, docs).length)),
  todo: time(() => todoFor('fk', todoChapters(manifest, docs), readStatusHistory(manifest))),
  approval100Pages: time(() => approvalMark(large)),
  overview: time(() => {
    const history = readStatusHistory(manifest);
    for (const [id, doc] of docs) {
      const threads = readThreads(doc);
      lastActivity({ id }, history, threads, readSuggestions(doc));
      pendingSuggestions(doc);
    }
  }),
};
void anna;

const report = {
  benchmark: 'readiness',
  plan: { chapters: CHAPTERS, paragraphsPerChapter: PARAGRAPHS, threadsPerChapter: THREADS, suggestionsPerChapter: SUGGESTIONS, blockers: blockerCount },
  runs: RUNS,
  ms: results,
  machine: describeMachine(loadAtStart, 'none'),
  date: new Date().toISOString(),
};
const out = resolve(values.out ?? 'bench/results/readiness.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
console.error('\n| what | p50 ms | p99 ms | max ms |\n|---|---|---|---|');
for (const [what, d] of Object.entries(results)) console.error(`| ${what} | ${round(d.p50, 2)} | ${round(d.p99, 2)} | ${round(d.max, 2)} |`);

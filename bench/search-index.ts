/**
 * The plan-wide search index (issue 16), in Node: a 300-page plan (12
 * chapters, 3,000 paragraphs, comment threads) and 10 sources of 50 pages.
 *
 *   node bench/search-index.ts [--seed 16] [--keystrokes 300] [--queries 20] [--dense]
 *
 * Measures, in one run:
 *  - build: reading every chapter and source from its Y.Doc and indexing it
 *    (what the worker does once when a plan opens);
 *  - incremental update after one keystroke in a 25-page chapter: reading
 *    that chapter again (readChapterDoc) and `setChapter`, the worker's
 *    work per re-index (it re-indexes once per 120 ms pause, never per
 *    keystroke);
 *  - query latency: index.search against the scan it replaces (searchPlan
 *    over already-read chapter documents, as the dialog did), p50/p99 over
 *    Swedish queries (inflected, short, compound, two words);
 *  - the page's cost per keystroke with the index live: a Y.Text insert in
 *    that chapter with and without the index's update listener, which
 *    posts the Yjs update to the worker (a real worker_threads
 *    MessagePort here; a browser's postMessage is of the same kind).
 *
 * Prints a table and writes bench/results/search-index.json.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { readChapterDoc, writeChapterDoc, chapterText } from '../shared/chapter-text/chapter-text.ts';
import { ChapterBinding } from '../shared/chapter-text/chapter-binding.ts';
import { Transform } from 'prosemirror-transform';
import { createThread, readThreads } from '../shared/comments/threads.ts';
import { schema } from '../shared/schema/schema.ts';
import { parseQuery } from '../shared/search/query.ts';
import { searchPlan, type SearchedChapter } from '../shared/search/plan-search.ts';
import { SearchIndex } from '../shared/search/search-index.ts';
import { initSourceDoc, sourceText } from '../shared/sources/source-doc.ts';
import { readSuggestions } from '../shared/suggestions/suggestions.ts';
import { seededRandom } from '../tests/support/seeded-random.ts';
import { describeMachine } from './machine.ts';
import { distribution, round, type Distribution } from './statistics.ts';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '16' }, keystrokes: { type: 'string', default: '300' }, queries: { type: 'string', default: '20' }, dense: { type: 'boolean', default: false } } });
const seed = Number(values.seed);
const keystrokes = Number(values.keystrokes);
const queryRounds = Number(values.queries);
const loadAtStart = os.loadavg();
const random = seededRandom(seed);

const STEMS = ['myndighet', 'anhöriginvandrar', 'kvinn', 'arbetsmarknad', 'etabler', 'samverk', 'civilsamhäll', 'språk', 'utbildning', 'vägledning', 'kommun', 'region', 'insats', 'uppdrag', 'klimatanpassning', 'vätgas', 'hälsa', 'föräldr', 'barn', 'idé', 'armé', 'ansvar', 'stöd', 'kontakt', 'information', 'möjlighet', 'deltagar', 'samråd', 'jämställdhet', 'integration'];
const ENDINGS = ['', 'en', 'erna', 'ernas', 'ens', 'na', 'nas', 'e', 'ar', 'arna', 'ers', 'ens'];
const SMALL = ['och', 'att', 'som', 'för', 'med', 'till', 'av', 'på', 'i', 'är', 'inte', 'om', 'det', 'de', 'EU:s', 'is'];
// Text with a real plan's spread of words: half small words, a few percent the subject's stems, the rest a
// lexicon of 6,000 other words (syllables; a 300-page plan uses some 10,000 distinct forms). --dense uses
// only the stems, so every paragraph matches every query: the worst case.
const SYLLABLES = ['an', 'be', 'del', 'for', 'gen', 'hål', 'in', 'kon', 'lig', 'mål', 'ning', 'om', 'pla', 'rät', 'sam', 'tid', 'upp', 'var', 'ver', 'änd', 'öv', 'sats', 'stäl', 'het'];
const LEXICON = Array.from({ length: 6_000 }, () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]!).join(''));
const subject = (): string => STEMS[Math.floor(random() * STEMS.length)]! + ENDINGS[Math.floor(random() * ENDINGS.length)]!;
const word = (): string => {
  const r = random();
  if (r < 0.45) return SMALL[Math.floor(random() * SMALL.length)]!;
  if (values.dense || r < 0.5) return subject();
  return LEXICON[Math.floor(random() * LEXICON.length)]!;
};
const sentence = (n: number): string => Array.from({ length: n }, word).join(' ') + '.';
const paragraph = (): string => Array.from({ length: 2 + Math.floor(random() * 3) }, () => sentence(8 + Math.floor(random() * 10))).join(' ');

// The plan: 12 chapters × 250 paragraphs (≈ 25 pages each at 10 paragraphs a page), 20 threads each; 10 sources × 50 pages × 8 paragraphs.
const author = { memberId: 'm1', name: 'Sara Lind', agency: 'sos' as const, role: 'drafter' as const };
const chapters = Array.from({ length: 12 }, (_, i) => {
  const doc = new Y.Doc();
  writeChapterDoc(doc, schema.node('doc', null, Array.from({ length: 250 }, () => schema.node('paragraph', null, [schema.text(paragraph())]))));
  for (let t = 0; t < 20; t++) createThread(doc, author, { id: `t${i}.${t}`, messageId: `m${i}.${t}`, quote: 'x', text: sentence(12), assignedAgency: null, at: new Date(0).toISOString() });
  return { id: `c${i}`, doc };
});
const sources = Array.from({ length: 10 }, (_, i) => {
  const doc = new Y.Doc();
  const text = Array.from({ length: 400 }, paragraph).join('\n');
  initSourceDoc(doc, { planId: '0b7c1c2e-4d7e-4f5a-9a51-6f7f3c1d2e3f', sourceId: `s${i}`, text, file: { name: 'u.pdf', format: 'pdf', data: new Uint8Array(16) } });
  return { id: `s${i}`, doc };
});
const paragraphs = chapters.length * 250;
const sourceCharacters = sources.reduce((sum, s) => sum + sourceText(s.doc).length, 0);

const time = (f: () => void): number => {
  const start = performance.now();
  f();
  return performance.now() - start;
};

// Build, three times (the first warms the JIT), the last one kept.
let index = new SearchIndex();
const builds: number[] = [];
for (let run = 0; run < 3; run++) {
  index = new SearchIndex();
  builds.push(
    time(() => {
      for (const c of chapters) index.setChapter(c.id, readChapterDoc(c.doc), readThreads(c.doc), readSuggestions(c.doc));
      for (const s of sources) index.setSource(s.id, sourceText(s.doc).toString());
    }),
  );
}

// Incremental: keystrokes in chapter 0, each followed by the worker's re-index of that chapter.
const target = chapters[0]!;
const text = chapterText(target.doc);
const reads: number[] = [];
const updates: number[] = [];
for (let k = 0; k < keystrokes; k++) {
  text.insert(Math.floor(random() * text.length), random() < 0.2 ? ' ' : 'a');
  let pm = readChapterDoc(target.doc);
  reads.push(time(() => (pm = readChapterDoc(target.doc))));
  updates.push(time(() => index.setChapter(target.id, pm, readThreads(target.doc), readSuggestions(target.doc))));
}

// Queries: the index against the scan over already-read documents.
const QUERIES = ['anhöriginvandrare', 'myndigheternas', 'kvinna', 'is', 'EU', 'anpassning', 'vätgasen', 'idé', 'stöd och', 'civilsamhället', 'samråd', 'jämställdhet'];
const readDocs: SearchedChapter[] = chapters.map((c) => ({ id: c.id, doc: readChapterDoc(c.doc), threads: new Map(readThreads(c.doc).map((t) => [t.id, t])), suggestions: readSuggestions(c.doc) }));
const chapterIds = chapters.map((c) => c.id);
const sourceIds = sources.map((s) => s.id);
const indexed: number[] = [];
const scanned: number[] = [];
const perQuery: Record<string, { matches: number; indexMs: number; scanMs: number }> = {};
for (let round_ = 0; round_ < queryRounds; round_++) {
  for (const q of QUERIES) {
    const query = parseQuery(q)!;
    let matches = 0;
    const a = time(() => (matches = index.search(query, chapterIds, sourceIds).total));
    const b = time(() => searchPlan(query, readDocs));
    indexed.push(a);
    scanned.push(b);
    if (round_ === queryRounds - 1) perQuery[q] = { matches, indexMs: round(a, 3), scanMs: round(b, 3) };
  }
}

// The page's keystroke with the index live (listener posting the update) and off, interleaved.
const channel = new MessageChannel();
channel.port2.on('message', () => undefined);
const post = (update: Uint8Array): void => channel.port1.postMessage(update);
const off: number[] = [];
const live: number[] = [];
for (let k = 0; k < keystrokes * 2; k++) {
  const withIndex = k % 2 === 1;
  if (withIndex) target.doc.on('update', post);
  const at = Math.floor(random() * text.length);
  (withIndex ? live : off).push(time(() => text.insert(at, 'a')));
  if (withIndex) target.doc.off('update', post);
}

// The same, for a whole keystroke on the Yjs side: a ProseMirror transaction written through the chapter
// binding (what the editor does before the DOM update), index off and live, interleaved.
const binding = new ChapterBinding(text, schema);
const bindingOff: number[] = [];
const bindingLive: number[] = [];
for (let k = 0; k < keystrokes * 2; k++) {
  const withIndex = k % 2 === 1;
  if (withIndex) target.doc.on('update', post);
  const doc = binding.doc;
  const at = 1 + Math.floor(random() * (doc.content.size - 2));
  const tr = new Transform(doc);
  try {
    tr.insert(at, schema.text('a'));
  } catch {
    if (withIndex) target.doc.off('update', post);
    continue;
  }
  (withIndex ? bindingLive : bindingOff).push(time(() => binding.writeTransaction(tr)));
  if (withIndex) target.doc.off('update', post);
}
channel.port1.close();

const results = {
  date: new Date().toISOString(),
  seed,
  dense: values.dense === true,
  plan: { chapters: chapters.length, paragraphs, threads: chapters.length * 20, sources: sources.length, sourceCharacters },
  buildMs: builds.map((b) => round(b, 1)),
  keystroke: { readChapter: distribution(reads), indexUpdate: distribution(updates) },
  query: { index: distribution(indexed), scan: distribution(scanned), perQuery },
  pageKeystroke: { indexOff: distribution(off), indexLive: distribution(live) },
  bindingKeystroke: { indexOff: distribution(bindingOff), indexLive: distribution(bindingLive) },
  machine: describeMachine(loadAtStart, 'n/a (Node)'),
};
writeFileSync(new URL(values.dense ? './results/search-index-dense.json' : './results/search-index.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
console.log(JSON.stringify(results, null, 2));

const row = (name: string, d: Distribution): string => `| ${name} | ${d.p50} | ${d.p99} | ${d.mean} |`;
console.log(`
Plan: ${paragraphs} paragraphs in ${chapters.length} chapters, ${chapters.length * 20} threads, ${sources.length} sources (${sourceCharacters.toLocaleString('en')} characters). Build: ${results.buildMs.join(' / ')} ms (runs 1–3).

| ms | p50 | p99 | mean |
|---|---:|---:|---:|
${row('re-read a 25-page chapter after a keystroke (worker)', results.keystroke.readChapter)}
${row('index update for it (worker)', results.keystroke.indexUpdate)}
${row('query, index', results.query.index)}
${row('query, scan of read chapters (before)', results.query.scan)}
${row('page keystroke, index off', results.pageKeystroke.indexOff)}
${row('page keystroke, index live', results.pageKeystroke.indexLive)}
${row('keystroke through the chapter binding, index off', results.bindingKeystroke.indexOff)}
${row('keystroke through the chapter binding, index live', results.bindingKeystroke.indexLive)}
`);

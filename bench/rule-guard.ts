/**
 * What the server's role guard (src-server/guard/rule-guard.ts, issue 13)
 * costs per update, in-process, without the noise of a shared machine's
 * sockets: a chapter of about 100 pages (1,000 paragraphs of 300
 * characters) with 500 comment threads of two messages, listed in a plan's
 * manifest; a drafter of the owner agency types 2,000 keystrokes at the end
 * of it and writes 200 comment replies, and a drafter of another agency
 * types 2,000 keystrokes as her suggestion (her own suggested paragraph,
 * every keystroke marked as her suggested insertion, as the app writes in
 * Föreslå), then suggests bold on 200 of the owner's sentences (a format
 * suggestion: the bold and her `suggestion_format` mark, with its record,
 * one update each, as the app writes a bold in Föreslå; the guard then
 * compares the formatting before and after, chapter-text-rule.ts). For
 * each update: the time the guard takes to check
 * it (applying it to the chapter's scratch copy and running the rules)
 * against the time the server's own apply to the real document takes.
 * Also the one-off cost of a chapter's first check (building its copy).
 *
 *   node bench/rule-guard.ts [--out FILE]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { createThread, replyToThread } from '../shared/comments/threads.ts';
import { chapterDocName, manifestDocName } from '../shared/plan/doc-names.ts';
import { initManifest } from '../shared/plan/manifest.ts';
import type { Member } from '../shared/plan/member.ts';
import { initChapterMeta } from '../shared/plan/chapter.ts';
import { chapterText } from '../shared/chapter-text/chapter-text.ts';
import type { TextAttributes } from '../shared/chapter-text/text-attributes.ts';
import { marksToAttributes } from '../shared/chapter-text/text-attributes.ts';
import { schema } from '../shared/schema/schema.ts';
import { nextSuggestionId } from '../shared/suggestions/suggestion-ids.ts';
import { createSuggestion, noteWriting } from '../shared/suggestions/suggestions.ts';
import { startSuggestedParagraph } from './server-load-suggester.ts';
import { RuleGuard } from '../src-server/guard/rule-guard.ts';
import { distribution, round } from './statistics.ts';

const PLAN = '7b0c8a3e-1f2d-4c5b-9a6e-0d1c2b3a4f5e';
const CHAPTER = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
const PARAGRAPHS = 1_000;
const THREADS = 500;
const KEYSTROKES = 2_000;
const REPLIES = 200;
const FORMATS = 200;
const anna: Member = { memberId: 'm-anna', name: 'Anna Berg', agency: 'af', role: 'coordinator' };
const omar: Member = { memberId: 'm-omar', name: 'Omar Said', agency: 'migr', role: 'drafter' };
const sara: Member = { memberId: 'm-sara', name: 'Sara Lind', agency: 'fk', role: 'drafter' };

const { values } = parseArgs({ options: { out: { type: 'string' } } });

const manifest = new Y.Doc();
initManifest(manifest, { planId: PLAN, title: 'Plan', deadline: null, createdAt: '2026-12-01T00:00:00Z', chapters: [{ id: CHAPTER, title: 'Hundra sidor', owner: 'migr' }] });

// The chapter as the server holds it: written by the coordinator, commented by both.
const server = new Y.Doc();
const author = new Y.Doc();
initChapterMeta(author, PLAN, CHAPTER);
const text = chapterText(author);
const sentence = 'Myndigheterna samordnar etableringen och följer upp insatserna varje kvartal. ';
for (let i = 0; i < PARAGRAPHS; i++) text.insert(text.length, `${sentence.repeat(4)}\n`.slice(0, 300));
for (let i = 0; i < THREADS; i++) {
  createThread(author, anna, { id: `t${i}`, messageId: `m${i}`, text: 'Se över formuleringen.', quote: 'Myndigheterna', assignedAgency: 'migr' });
  replyToThread(author, omar, `t${i}`, { id: `r${i}`, text: 'Åtgärdat.' });
}
Y.applyUpdate(server, Y.encodeStateAsUpdate(author));

const guard = new RuleGuard({
  liveDoc: (name) => (name === manifestDocName(PLAN) ? manifest : undefined),
  loadStored: () => Promise.resolve(null),
  unlistedWaitMs: 0,
});
const name = chapterDocName(PLAN, CHAPTER);

/** Checks and applies each update of `act` on the member's copy; returns the guard's and the apply's times (ms). */
async function measure(drafter: Y.Doc, steps: number, act: (doc: Y.Doc, i: number) => void, sender: Member = omar): Promise<{ guard: number[]; apply: number[] }> {
  const updates: Uint8Array[] = [];
  const collect = (update: Uint8Array): number => updates.push(update);
  drafter.on('update', collect);
  for (let i = 0; i < steps; i++) act(drafter, i);
  drafter.off('update', collect);
  const guardMs: number[] = [];
  const applyMs: number[] = [];
  for (const update of updates) {
    const t0 = performance.now();
    const refused = await guard.check(server, name, sender, update);
    const t1 = performance.now();
    if (refused !== null) throw new Error(`refused: ${refused.rule}: ${refused.detail}`);
    Y.applyUpdate(server, update);
    applyMs.push(performance.now() - t1);
    guardMs.push(t1 - t0);
  }
  return { guard: guardMs, apply: applyMs };
}

const drafter = new Y.Doc();
Y.applyUpdate(drafter, Y.encodeStateAsUpdate(server));
const firstStart = performance.now();
await guard.check(server, name, omar, Y.encodeStateAsUpdate(drafter, Y.encodeStateVector(server)));
const firstCheckMs = performance.now() - firstStart;
const drafterText = chapterText(drafter);
const typing = await measure(drafter, KEYSTROKES, (_, i) => drafterText.insert(drafterText.length, String.fromCharCode(97 + (i % 26))));
const replies = await measure(drafter, REPLIES, (doc, i) => replyToThread(doc, omar, `t${i}`, { id: `o${i}`, text: 'Ett svar till.' }));

// A drafter of another agency suggests a new paragraph at the end and types into it.
const suggester = new Y.Doc();
Y.applyUpdate(suggester, Y.encodeStateAsUpdate(server));
const suggesterText = chapterText(suggester);
let suggestedMark: TextAttributes = {};
const suggesting = await measure(
  suggester,
  KEYSTROKES + 1,
  (doc, i) => {
    if (i === 0) suggestedMark = startSuggestedParagraph(doc, suggesterText, sara);
    else suggesterText.insert(suggesterText.length, String.fromCharCode(97 + (i % 26)), suggestedMark);
  },
  sara,
);
// She suggests bold on the owner's words: one sentence in each of 200 paragraphs, spread over the chapter.
const formatting = await measure(
  suggester,
  FORMATS,
  (doc, i) => {
    const id = nextSuggestionId(doc);
    const bold = schema.marks.bold.create();
    doc.transact(() => {
      createSuggestion(doc, sara, { id, kind: 'format' });
      noteWriting(doc, id, false);
      suggesterText.format(i * 5 * 300 + 13, 60, marksToAttributes([bold, schema.marks.suggestion_format.create({ id, add: [{ type: 'bold' }], remove: [] })]));
    });
  },
  sara,
);
// The first update is the suggestion's paragraph and record; the rest are keystrokes.
const suggestedKeystrokes = { guard: suggesting.guard.slice(1), apply: suggesting.apply.slice(1) };

const report = {
  benchmark: 'rule-guard',
  date: new Date().toISOString(),
  node: process.version,
  chapter: { paragraphs: PARAGRAPHS, characters: text.length, threads: THREADS, bytes: Y.encodeStateAsUpdate(server).length },
  firstCheckMs: Math.round(firstCheckMs * 1000) / 1000,
  keystroke: { guardMs: distribution(typing.guard), applyMs: distribution(typing.apply) },
  reply: { guardMs: distribution(replies.guard), applyMs: distribution(replies.apply) },
  suggestedKeystroke: { guardMs: distribution(suggestedKeystrokes.guard), applyMs: distribution(suggestedKeystrokes.apply) },
  suggestionStart: { guardMs: round(suggesting.guard[0]!, 3), applyMs: round(suggesting.apply[0]!, 3) },
  suggestedFormat: { guardMs: distribution(formatting.guard), applyMs: distribution(formatting.apply) },
};
const out = values.out !== undefined ? resolve(values.out) : resolve(import.meta.dirname, 'results', 'rule-guard.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
const row = (what: string, r: { guardMs: ReturnType<typeof distribution>; applyMs: ReturnType<typeof distribution> }): string =>
  `| ${what} | ${r.guardMs.p50} / ${r.guardMs.p99} / ${r.guardMs.mean} | ${r.applyMs.p50} / ${r.applyMs.p99} / ${r.applyMs.mean} |`;
console.error(
  [
    '| update | guard p50 / p99 / mean (ms) | apply p50 / p99 / mean (ms) |',
    '|---|---|---|',
    row('keystroke, owner agency', report.keystroke),
    row('comment reply', report.reply),
    row('keystroke, suggester of another agency', report.suggestedKeystroke),
    `| the suggestion's paragraph and record | ${report.suggestionStart.guardMs} | ${report.suggestionStart.applyMs} |`,
    row('bold suggested on the owner’s words, suggester', report.suggestedFormat),
    `| first update after the chapter loads (builds its copy) | ${report.firstCheckMs} ms, once | — |`,
  ].join('\n'),
);

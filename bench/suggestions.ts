/**
 * `node bench/suggestions.ts [--ops 20000] [--suggestions 1000] [--out FILE]`
 *
 * The cost of suggestions (issue 12, budgets in BENCHMARKS.md):
 *
 * 1. **Typing in suggest mode against edit mode**, in the same run: each
 *    shared trace (../shared/traces) is replayed twice, patch by patch, as
 *    ProseMirror transactions through the app's dispatch
 *    (`dispatchSuggesting`, src-renderer/editor/suggest-mode.ts) and the
 *    chapter-text binding into a Y.Doc: once by the chapter's owner in
 *    Redigera, once by a drafter of another agency in Föreslå. The two
 *    editors take turns chunk by chunk, so a machine busy with other work
 *    slows both alike. The traces start empty, so everything the drafter
 *    types is her own suggestion and her deletions are real: this is a
 *    drafter writing a new section into another agency's chapter (the
 *    chapter's empty first paragraph is made her suggestion first,
 *    own-section.ts). Both
 *    editors must end with the trace's text.
 *    What is measured is the editor state's work per keystroke (transform,
 *    binding, Yjs), not the DOM: rendering is the same in both modes except
 *    for the marks' elements. `bench/replay.ts` measures the DOM path.
 * 2. **Accept all** on a chapter with `--suggestions` open suggestions
 *    (insertions, deletions and paragraph splits by one drafter, one per
 *    paragraph of the owner's text): `decideSuggestions` for all of them,
 *    plus the binding reading the change back into the editor's document.
 *
 * Output: JSON on stdout (and in --out), a table on stderr. Exit code 1 if a
 * result is wrong (text, suggestion count); missing a budget is reported.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EditorState, Selection, type Transaction } from 'prosemirror-state';
import { Fragment, Slice, type Node as PmNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import type { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import { ChapterBinding } from '../shared/chapter-text/chapter-binding.ts';
import { chapterText, writeChapterDoc } from '../shared/chapter-text/chapter-text.ts';
import type { Member } from '../shared/plan/member.ts';
import { schema } from '../shared/schema/schema.ts';
import { decideSuggestions, pendingSuggestionIds } from '../shared/suggestions/decide.ts';
import { readSuggestions } from '../shared/suggestions/suggestions.ts';
import { chapterSyncPlugin } from '../src-renderer/editor/binding/sync-plugin.ts';
import { chapterUndoPlugin } from '../src-renderer/editor/binding/undo-plugin.ts';
import { dispatchSuggesting, suggestModePlugin } from '../src-renderer/editor/suggest-mode.ts';
import { distribution, round, type Distribution } from './statistics.ts';
import { compileTrace, loadTrace, type ReplayOp } from './trace.ts';
import { startAsOwnSection } from './own-section.ts';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '20000' },
    suggestions: { type: 'string', default: '1000' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('Usage: node bench/suggestions.ts [--ops 20000] [--suggestions 1000] [--out FILE]');
  process.exit(0);
}
const OPS = Number(values.ops);
const SUGGESTIONS = Number(values.suggestions);
const CHUNK = 200;
const TRACES = ['seph-blog1', 'rustcode', 'sveltecomponent'].map((name) => resolve(import.meta.dirname, `../../shared/traces/${name}.json.gz`));

const owner: Member = { memberId: 'm-maja', name: 'Maja Berg', agency: 'migr', role: 'drafter' };
const drafter: Member = { memberId: 'm-bo', name: 'Bo Ek', agency: 'sos', role: 'drafter' };
const CHAPTER = { owner: 'migr' as const };

/** An editor state with the binding, undo and Redigera / Föreslå, and a stand-in view for `dispatchSuggesting` (it reads `state` and calls `updateState`). */
function editorOn(doc: Y.Doc, member: Member): { view: EditorView; binding: ChapterBinding } {
  const binding = new ChapterBinding(chapterText(doc), schema);
  const state = EditorState.create({
    schema,
    doc: binding.doc,
    plugins: [chapterSyncPlugin(binding), chapterUndoPlugin(binding), suggestModePlugin({ member, chapter: CHAPTER })],
  });
  const view = {
    state,
    updateState(next: EditorState) {
      this.state = next;
    },
  };
  return { view: view as unknown as EditorView, binding };
}

function transactionFor(state: EditorState, [from, to, text]: ReplayOp): Transaction {
  const tr = state.tr;
  if (text.includes('\n')) {
    const nodes: PmNode[] = text.split('\n').map((part) => schema.nodes.paragraph.create(null, part === '' ? null : schema.text(part)));
    tr.replace(from, to, new Slice(Fragment.from(nodes), 1, 1));
  } else if (text !== '') {
    tr.insertText(text, from, to);
  } else {
    tr.delete(from, to);
  }
  return tr.setSelection(Selection.near(tr.doc.resolve(tr.mapping.map(to))));
}

interface TypingResult {
  readonly trace: string;
  readonly ops: number;
  readonly editMs: Distribution;
  readonly suggestMs: Distribution;
  /** Median and mean ratios, suggest / edit. */
  readonly ratioMedian: number;
  readonly ratioMean: number;
  readonly suggestionsCreated: number;
  readonly textMatches: boolean;
}

function typing(path: string): TypingResult {
  const compiled = compileTrace(loadTrace(path), OPS);
  const editors = [owner, drafter].map((member, i) => {
    const doc = new Y.Doc();
    doc.clientID = i + 1;
    const editor = editorOn(doc, member);
    if (member === drafter) startAsOwnSection(editor.view, member);
    return { member, doc, ...editor, times: [] as number[] };
  });
  for (let start = 0; start < compiled.ops.length; start += CHUNK) {
    for (const editor of editors) {
      for (const op of compiled.ops.slice(start, start + CHUNK)) {
        const tr = transactionFor(editor.view.state, op);
        const t0 = performance.now();
        dispatchSuggesting(editor.view, tr, (reason) => {
          throw new Error(`refused: ${reason}`);
        });
        editor.times.push(performance.now() - t0);
      }
    }
  }
  const [edit, suggest] = editors as [(typeof editors)[0], (typeof editors)[0]];
  const textOf = (view: EditorView): string => {
    const parts: string[] = [];
    view.state.doc.forEach((node) => parts.push(node.textContent));
    return parts.join('\n');
  };
  const editDist = distribution(edit.times);
  const suggestDist = distribution(suggest.times);
  return {
    trace: basename(path),
    ops: compiled.ops.length,
    editMs: editDist,
    suggestMs: suggestDist,
    ratioMedian: round(suggestDist.p50 / editDist.p50, 2),
    ratioMean: round(suggestDist.mean / editDist.mean, 2),
    suggestionsCreated: readSuggestions(suggest.doc).length - 1,
    textMatches: textOf(edit.view) === compiled.endContent && textOf(suggest.view) === compiled.endContent,
  };
}

interface AcceptAllResult {
  readonly suggestions: number;
  readonly decideMs: number;
  readonly readBackMs: number;
  readonly totalMs: number;
  readonly allAccepted: boolean;
}

/** One paragraph per suggestion, written by the owner; the drafter inserts in a third, deletes in a third, splits a third. */
function acceptAll(): AcceptAllResult {
  const doc = new Y.Doc();
  doc.clientID = 1;
  const paragraphs = Array.from({ length: SUGGESTIONS }, (_, i) => schema.nodes.paragraph.create(null, schema.text(`Stycke ${i + 1}: insatserna ska följas upp varje år.`)));
  writeChapterDoc(doc, schema.nodes.doc.create(null, paragraphs));
  const { view } = editorOn(doc, drafter);
  const starts: number[] = [];
  view.state.doc.forEach((_node, offset) => starts.push(offset + 1));
  // From the end, so earlier positions stay valid.
  for (let i = starts.length - 1; i >= 0; i--) {
    const pos = starts[i] as number;
    const tr = view.state.tr;
    if (i % 3 === 0) tr.insertText(' ny', pos + 6);
    else if (i % 3 === 1) tr.delete(pos + 9, pos + 21);
    else tr.split(pos + 9);
    dispatchSuggesting(view, tr);
  }
  const ids = [...pendingSuggestionIds(doc)];
  // The owner's editor: a binding that reads the accepted text back.
  const ownerBinding = new ChapterBinding(chapterText(doc), schema);
  let readBackMs = 0;
  const observer = (_events: unknown, ytr: Y.Transaction): void => {
    const t0 = performance.now();
    ownerBinding.readChanges(ytr, new Transform(ownerBinding.doc));
    readBackMs += performance.now() - t0;
  };
  chapterText(doc).observeDeep(observer);
  const t0 = performance.now();
  decideSuggestions(doc, chapterText(doc), owner, CHAPTER, ids, 'accept');
  const totalMs = performance.now() - t0;
  chapterText(doc).unobserveDeep(observer);
  return {
    suggestions: ids.length,
    decideMs: round(totalMs - readBackMs, 1),
    readBackMs: round(readBackMs, 1),
    totalMs: round(totalMs, 1),
    allAccepted: ids.length === SUGGESTIONS && pendingSuggestionIds(doc).size === 0 && readSuggestions(doc).every((s) => s.state === 'accepted'),
  };
}

const typingResults = TRACES.map(typing);
const accept = acceptAll();
const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: round(os.totalmem() / 2 ** 30, 1), node: process.version },
  typing: typingResults,
  acceptAll: accept,
  budgets: {
    suggestPerKeystroke: { budget: '≤ 1.3× edit mode', met: typingResults.every((r) => r.ratioMedian <= 1.3) },
    acceptAll1000: { budget: '< 500 ms', met: accept.totalMs < 500 },
  },
};
console.log(JSON.stringify(result, null, 2));
if (values.out) writeFileSync(values.out, JSON.stringify(result, null, 2));
console.error('\ntrace                  ops    edit p50/p99/mean ms     suggest p50/p99/mean ms   ratio p50/mean  suggestions  text');
for (const r of typingResults) {
  const f = (d: Distribution): string => `${round(d.p50, 3)}/${round(d.p99, 3)}/${round(d.mean, 3)}`.padEnd(24);
  console.error(`${r.trace.padEnd(22)} ${String(r.ops).padEnd(6)} ${f(r.editMs)} ${f(r.suggestMs)} ${`${r.ratioMedian}/${r.ratioMean}`.padEnd(15)} ${String(r.suggestionsCreated).padEnd(12)} ${r.textMatches ? 'ok' : 'WRONG'}`);
}
console.error(`\naccept all: ${accept.suggestions} suggestions in ${accept.totalMs} ms (decisions and text ${accept.decideMs} ms, editor read-back ${accept.readBackMs} ms) ${accept.allAccepted ? 'ok' : 'WRONG'}`);
if (!typingResults.every((r) => r.textMatches) || !accept.allAccepted) process.exit(1);

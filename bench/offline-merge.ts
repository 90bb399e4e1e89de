/**
 * `node bench/offline-merge.ts [--replicas 6] [--edits 10000] [--binding chapter-text|y-prosemirror] [--out FILE]`
 *
 * Six agencies write offline for days, then all come back (issue 3,
 * DESIGN §10 "Merge"). Each replica replays `edits` patches of a real
 * editing trace (../shared/traces, taken in turn) into the same chapter,
 * offline, through the same path the app uses: a ProseMirror transaction
 * per patch, written into the chapter text by the chapter-text binding
 * (`ChapterBinding.writeTransaction`, what the editor's sync plugin calls on
 * every local change).
 *
 * `--binding y-prosemirror` runs the same on the binding before schema
 * version 2 for comparison: the transaction's doc written into a
 * Y.XmlFragment by y-prosemirror 1.3.7's `updateYFragment` (what its sync
 * plugin called on every local change).
 *
 * Then everyone merges through a hub, as through the sync server: each
 * replica sends what the hub lacks (its update against the hub's state
 * vector), the hub applies all six, and each replica receives and applies
 * what it lacks. Reported:
 * - merge time: the hub applying all updates, each replica applying its
 *   diff, and each replica rebuilding its ProseMirror doc from the merged
 *   chapter text (what the editor must do to show it); the critical path is
 *   hub + the slowest replica;
 * - the bytes sent and received;
 * - whether every replica and the hub hold identical docs, and whether every
 *   replica's own paragraphs are all present in the merged doc (no edit
 *   lost). The chapter starts empty in Yjs, so each replica's paragraphs are
 *   its own (its own block markers and text), and the merged doc must hold
 *   exactly the union of them.
 *
 * Output: JSON on stdout (and in --out), a table on stderr. Exit code 1 if
 * the replicas differ or anything is lost.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Fragment, Slice, type Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import * as Y from 'yjs';
import { ChapterBinding } from '../shared/chapter-text/chapter-binding.ts';
import { chapterText, readChapterDoc } from '../shared/chapter-text/chapter-text.ts';
import { legacyChapterContent } from '../shared/plan/chapter.ts';
import { schema } from '../shared/schema/schema.ts';
import { compileTrace, loadTrace, type CompiledTrace } from './trace.ts';

const REPO = resolve(import.meta.dirname, '..');
const TRACES = ['seph-blog1', 'sveltecomponent', 'rustcode'].map((name) => resolve(REPO, `../shared/traces/${name}.json.gz`));
const BUDGET_MS = 200;

const { values } = parseArgs({
  options: {
    replicas: { type: 'string', default: '6' },
    edits: { type: 'string', default: '10000' },
    binding: { type: 'string', default: 'chapter-text' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('Usage: node bench/offline-merge.ts [--replicas 6] [--edits 10000] [--binding chapter-text|y-prosemirror] [--out FILE]');
  process.exit(0);
}
const replicaCount = Number(values.replicas);
const edits = Number(values.edits);
if (!Number.isInteger(replicaCount) || replicaCount < 2 || !Number.isInteger(edits) || edits < 1) {
  console.error('--replicas must be ≥ 2 and --edits ≥ 1 (whole numbers).');
  process.exit(2);
}
if (values.binding !== 'chapter-text' && values.binding !== 'y-prosemirror') {
  console.error('--binding is chapter-text or y-prosemirror.');
  process.exit(2);
}
const binding = values.binding;

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

interface Replica {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly ownParagraphs: readonly string[];
  readonly offlineMs: number;
}

/** Replays a compiled trace into a new replica, offline. */
function writeOffline(name: string, clientSeed: number, trace: CompiledTrace): Replica {
  const doc = new Y.Doc();
  doc.clientID = 1000 + clientSeed;
  const paragraph = schema.nodes.paragraph;
  const startDoc = schema.topNodeType.create(
    null,
    trace.startParagraphs.map((text) => paragraph.create(null, text === '' ? null : schema.text(text))),
  );
  let state: EditorState;
  let sync: (tr: Transaction) => void;
  const start = performance.now();
  if (binding === 'chapter-text') {
    const chapter = new ChapterBinding(chapterText(doc), schema);
    sync = (tr) => {
      if (!chapter.writeTransaction(tr)) throw new Error(`${name}: the binding refused a transaction`);
    };
    state = EditorState.create({ schema, doc: chapter.doc });
    const tr = state.tr.replaceWith(0, state.doc.content.size, startDoc.content);
    sync(tr);
    state = state.apply(tr);
  } else {
    const fragment = legacyChapterContent(doc);
    const meta = { mapping: new Map(), isOMark: new Map() };
    sync = (tr) => doc.transact(() => updateYFragment(doc, fragment, tr.doc, meta));
    state = EditorState.create({ schema, doc: startDoc });
    sync(state.tr);
  }
  for (const [from, to, text] of trace.ops) {
    const tr = state.tr;
    if (text.includes('\n')) {
      const nodes = text.split('\n').map((part) => paragraph.create(null, part === '' ? null : schema.text(part)));
      tr.replace(from, to, new Slice(Fragment.from(nodes), 1, 1));
    } else if (text !== '') {
      tr.insertText(text, from, to);
    } else {
      tr.delete(from, to);
    }
    tr.setSelection(TextSelection.near(tr.doc.resolve(tr.mapping.map(to))));
    sync(tr);
    state = state.apply(tr);
  }
  const offlineMs = performance.now() - start;
  const own = paragraphsOf(doc);
  const expected = trace.endContent.split('\n');
  if (own.join('\n') !== expected.join('\n')) throw new Error(`${name}: the replica's own text differs from the trace's text after ${trace.ops.length} patches.`);
  return { name, doc, ownParagraphs: own, offlineMs };
}

/** The chapter as the editor reads it, with the binding under test. */
function readChapter(doc: Y.Doc): PMNode {
  return binding === 'chapter-text' ? readChapterDoc(doc) : yXmlFragmentToProseMirrorRootNode(legacyChapterContent(doc), schema);
}

function paragraphsOf(doc: Y.Doc): string[] {
  const root = readChapter(doc);
  const texts: string[] = [];
  root.forEach((node) => texts.push(node.textContent));
  return texts;
}

function multiset(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

const loadAverageAtStart = os.loadavg();
const compiled = TRACES.map((path) => ({ name: basename(path).replace(/\.json\.gz$/, ''), trace: compileTrace(loadTrace(path), edits) }));
const replicas: Replica[] = [];
for (let i = 0; i < replicaCount; i++) {
  const { name, trace } = compiled[i % compiled.length]!;
  log(`replica ${i + 1}: ${trace.ops.length} edits of ${name}, offline …`);
  replicas.push(writeOffline(`replica ${i + 1} (${name})`, i, trace));
}

// Merge through a hub that starts from the common base (here: nothing).
const hub = new Y.Doc();
const sent = replicas.map((r) => Y.encodeStateAsUpdate(r.doc, Y.encodeStateVector(hub)));
let t = performance.now();
for (const update of sent) Y.applyUpdate(hub, update);
const hubApplyMs = performance.now() - t;
const received = replicas.map((r) => Y.encodeStateAsUpdate(hub, Y.encodeStateVector(r.doc)));
const replicaApplyMs: number[] = [];
const replicaRebuildMs: number[] = [];
replicas.forEach((r, i) => {
  t = performance.now();
  Y.applyUpdate(r.doc, received[i]!);
  replicaApplyMs.push(performance.now() - t);
  t = performance.now();
  readChapter(r.doc);
  replicaRebuildMs.push(performance.now() - t);
});

// Identical everywhere, and nothing lost.
const hubJson = JSON.stringify(readChapter(hub).toJSON());
const identical = replicas.every((r) => JSON.stringify(readChapter(r.doc).toJSON()) === hubJson);
const merged = multiset(paragraphsOf(hub));
const union = multiset(replicas.flatMap((r) => r.ownParagraphs));
let lost = 0;
let extra = 0;
for (const [text, count] of union) lost += Math.max(0, count - (merged.get(text) ?? 0));
for (const [text, count] of merged) extra += Math.max(0, count - (union.get(text) ?? 0));

const criticalPathMs = hubApplyMs + Math.max(...replicaApplyMs.map((a, i) => a + replicaRebuildMs[i]!));
const results = {
  date: new Date().toISOString(),
  machine: {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus()[0]?.model ?? 'unknown',
    cpuCount: os.availableParallelism(),
    node: process.version,
    loadAverageAtStart: loadAverageAtStart.map((n) => round(n, 2)),
    loadAverageAtEnd: os.loadavg().map((n) => round(n, 2)),
  },
  settings: { binding, replicas: replicaCount, editsPerReplica: edits, traces: compiled.map((c) => c.name) },
  budgetMs: BUDGET_MS,
  replicas: replicas.map((r, i) => ({
    name: r.name,
    offlineMs: round(r.offlineMs),
    ownParagraphs: r.ownParagraphs.length,
    sentBytes: sent[i]!.length,
    receivedBytes: received[i]!.length,
    applyMs: round(replicaApplyMs[i]!, 2),
    rebuildMs: round(replicaRebuildMs[i]!, 2),
  })),
  merge: {
    hubApplyMs: round(hubApplyMs, 2),
    slowestReplicaApplyMs: round(Math.max(...replicaApplyMs), 2),
    slowestReplicaRebuildMs: round(Math.max(...replicaRebuildMs), 2),
    criticalPathMs: round(criticalPathMs, 2),
    bytesSent: sent.reduce((n, u) => n + u.length, 0),
    bytesReceived: received.reduce((n, u) => n + u.length, 0),
    mergedStateBytes: Y.encodeStateAsUpdate(hub).length,
    mergedParagraphs: [...merged.values()].reduce((a, b) => a + b, 0),
  },
  identical,
  paragraphsLost: lost,
  paragraphsUnexpected: extra,
};
console.log(JSON.stringify(results, null, 2));
if (values.out) writeFileSync(resolve(values.out), `${JSON.stringify(results, null, 2)}\n`);
const rows = results.replicas.map((r) =>
  `${r.name.padEnd(30)} │ ${String(r.offlineMs).padStart(9)} │ ${String(r.sentBytes).padStart(9)} │ ${String(r.receivedBytes).padStart(9)} │ ${String(r.applyMs).padStart(8)} │ ${String(r.rebuildMs).padStart(9)}`,
);
log(
  `\n${'replica'.padEnd(30)} │ offline ms │ sent B    │ recv B    │ apply ms │ rebuild ms\n${rows.join('\n')}\n` +
    `hub applies all: ${results.merge.hubApplyMs} ms; critical path (hub + slowest replica apply + rebuild): ${results.merge.criticalPathMs} ms (budget ${BUDGET_MS} ms)\n` +
    `identical: ${identical}; paragraphs lost: ${lost}; unexpected: ${extra}`,
);
process.exit(identical && lost === 0 && extra === 0 ? 0 : 1);

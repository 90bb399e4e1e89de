/**
 * Members of different agencies comment on one chapter while they edit it,
 * offline or on a bad network, and afterwards everyone sees the same chapter
 * and the same threads, and nothing anyone wrote is lost (issue 4, "Unit and
 * convergence").
 *
 * Each seed runs three headless editors (the coordinator at Arbetsförmedlingen
 * and two drafters at other agencies) on their own Y.Docs, joined by the
 * misbehaving in-memory network of tests/dom/convergence.test.ts
 * (support/test-connector.ts: delays, reorders, drops, disconnects). They
 * make random text edits (support/random-edits.ts) and random comment
 * operations (support/random-comment-ops.ts): threads created on a selection
 * (thread first, then the mark), replies, edits and deletions of their own
 * messages, resolves, reopens, assignments, refused attempts, and cut, copy
 * and paste of anchored text.
 *
 * After every step, on every editor, the incremental anchor index equals a
 * full scan. A comment mark may show up *before* its thread while updates
 * are being dropped: the author writes the thread before the mark, and Yjs
 * never applies one client's later update before its earlier one, but text
 * another member types inside the commented words carries the comment mark
 * (ProseMirror gives inserted text the marks around it), written under that
 * member's client id, and that copy of the mark can arrive without the
 * author's thread. The log notes each such step; once the network has healed
 * every mark must have its thread.
 *
 * At the end the network heals and every peer must have: the same valid
 * ProseMirror doc and Yjs state, which a newcomer rebuilds
 * (support/converged.ts); the same threads; every thread and message
 * ever created (deleted ones as tombstones, the others with a text their
 * author wrote); the same placement of each thread (anchored, detached or
 * resolved), a detached one keeping its quote; no resolved thread hiding a
 * message its resolvers had not seen; and a live thread store that agrees
 * with a fresh reading.
 *
 * Everything random comes from one seeded PRNG and Yjs client ids are fixed,
 * so a seed replays exactly. A failure names its seed; rerun just that one with
 * `SAMSKRIV_FUZZ_SEED=<seed> npx vitest run --project dom tests/dom/comments/comment-convergence.test.ts`.
 * For a longer soak, `SAMSKRIV_FUZZ_SEEDS=<count>` runs that many seeds.
 */
import { describe, expect, it, vi } from 'vitest';
import * as prng from 'lib0/prng';
import type { Node as PmNode } from 'prosemirror-model';
import { bold, doc, h2, li, p, table, td, tr, ul } from '../../support/doc-builders.ts';
import { commentThreadId, rangesByThread } from '../../../shared/comments/anchors.ts';
import { readThreads, threadsMap, unreadableThreadIds, type CommentThread } from '../../../shared/comments/threads.ts';
import { ThreadStore } from '../../../shared/comments/thread-store.ts';
import { anchorIndexOf } from '../../../src-renderer/comments/comment-anchors-plugin.ts';
import type { HeadlessEditor } from '../support/headless-editor.ts';
import { failOnBindingLosses } from '../support/binding-losses.ts';
import { checkValidDocs } from '../support/valid-docs.ts';
import { expectConverged } from '../support/converged.ts';
import { pickEdit } from '../support/random-edits.ts';
import { randomNetworkStep, TestConnector } from '../support/test-connector.ts';
import { expectIndexMatchesDoc, placement } from '../support/comment-editing.ts';
import { editorsOn } from '../support/chapter-peers.ts';
import { CommentLedger, FUZZ_MEMBERS, pickCommentOp, type CommentActor } from '../support/random-comment-ops.ts';
import { ONE_SEED, seedFailure, seedsToRun } from '../support/fuzz-seeds.ts';

const PEERS = 3;
const STEPS = 150;
const DEFAULT_SEEDS = Array.from({ length: 20 }, (_, i) => 1 + i);

function startingChapter(): PmNode {
  return doc(
    h2('Jämställdhet i arbetslivet'),
    p('Andelen utrikes födda kvinnor i arbete ökade till 68 procent år 2022.'),
    p('Insatserna ', bold('ska följas upp'), ' av varje myndighet.'),
    ul(li(p('Språkstöd på arbetsplatsen')), li(p('Validering av yrkeskunskaper'))),
    table(tr(td(p('Myndighet')), td(p('Åtgärd'))), tr(td(p('Migrationsverket')), td(p('Tidig kartläggning')))),
    p('Slut.'),
  );
}

function byId(threads: readonly CommentThread[]): CommentThread[] {
  return [...threads].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Thread ids named by comment marks in `doc`. */
function markedThreadIds(doc: PmNode): Set<string> {
  const ids = new Set<string>();
  doc.descendants((node) => {
    for (const mark of node.marks) {
      const id = commentThreadId(mark);
      if (id !== null) ids.add(id);
    }
  });
  return ids;
}

function hasOverlappingComments(doc: PmNode | undefined): boolean {
  let found = false;
  doc?.descendants((node) => {
    if (node.marks.filter((mark) => commentThreadId(mark) !== null).length > 1) found = true;
    return !found;
  });
  return found;
}

/**
 * Checks every editor after a step. Returns the anchors shown before their
 * thread had arrived (see the header: allowed while the network misbehaves,
 * not once it has healed).
 */
function checkStep(editors: readonly HeadlessEditor[], step: number): string[] {
  checkValidDocs(editors, step);
  const early: string[] = [];
  editors.forEach((editor, i) => {
    const { view, doc } = editor;
    expectIndexMatchesDoc(view, `after step ${step}, peer ${i}'s anchor index`);
    const threads = threadsMap(doc);
    for (const id of markedThreadIds(view.state.doc)) if (!threads.has(id)) early.push(`peer ${i} shows an anchor of ${id} before the thread`);
  });
  return early;
}

interface RunResult {
  readonly threads: readonly CommentThread[];
  /** Whether some text ends in two or more comment threads at once. */
  readonly overlappingComments: boolean;
  readonly log: readonly string[];
  readonly counts: Record<string, number>;
}

function runSeed(seed: number, steps = STEPS): RunResult {
  const gen = prng.create(seed);
  const connector = new TestConnector(gen, { dropRate: 0.1 });
  const editors = editorsOn(startingChapter(), PEERS);
  const peers = editors.map((editor) => connector.addPeer(editor.doc));
  const actors: CommentActor[] = editors.map((editor, index) => ({ index, editor, member: FUZZ_MEMBERS[index] as CommentActor['member'] }));
  const stores = editors.map((editor) => new ThreadStore(editor.doc));
  const ledger = new CommentLedger();
  const log: string[] = [];
  const counts: Record<string, number> = {};
  failOnBindingLosses(editors.map((editor) => editor.doc));
  try {
    for (let step = 0; step < steps; step++) {
      const roll = prng.real53(gen);
      if (roll < 0.4) {
        const actor = prng.oneOf(gen, actors);
        const edit = pickEdit(gen);
        const entry = log.push(`${step}: peer ${actor.index} ${edit.name}`) - 1;
        actor.editor.newUndoStep();
        if (!edit.run(actor.editor.view, gen)) log[entry] += ' (did not apply)';
      } else if (roll < 0.65) {
        const actor = prng.oneOf(gen, actors);
        const op = pickCommentOp(gen);
        const entry = log.push(`${step}: peer ${actor.index} ${op.name}`) - 1;
        actor.editor.newUndoStep();
        const done = op.run(actor, gen, ledger);
        log[entry] += done === null ? ' (nothing to do it on)' : `: ${done}`;
        if (done !== null) counts[op.name] = (counts[op.name] ?? 0) + 1;
      } else {
        randomNetworkStep(connector, peers, gen, roll, step, log);
      }
      const early = checkStep(editors, step);
      if (early.length > 0) {
        log[log.length - 1] += ` (${early.join('; ')})`;
        counts['anchor before its thread'] = (counts['anchor before its thread'] ?? 0) + 1;
      }
    }
    log.push('settling the network');
    connector.settle();
    const orphans = checkStep(editors, steps);
    if (orphans.length > 0) throw new Error(`after the network healed, ${orphans.join('; ')}`);
    const threads = assertConverged(editors, stores, ledger);
    return { threads, log, counts, overlappingComments: hasOverlappingComments(editors[0]?.view.state.doc) };
  } catch (error) {
    throw seedFailure('comment convergence fuzz', seed, 'tests/dom/comments/comment-convergence.test.ts', { heading: 'last steps', lines: log, shown: 25 }, error);
  } finally {
    stores.forEach((store) => store.destroy());
    editors.forEach((editor) => editor.destroy());
  }
}

function assertConverged(editors: readonly HeadlessEditor[], stores: readonly ThreadStore[], ledger: CommentLedger): CommentThread[] {
  const [first] = editors;
  if (!first) throw new Error('no editors');

  // The same chapter, the same anchors and the same Yjs state everywhere. The
  // doc is compared exactly: text in two threads lists its comment marks in
  // one canonical order on every peer (text-attributes.ts).
  expectConverged(editors);
  for (const [i, editor] of editors.entries()) {
    expect(anchorIndexOf(editor.view.state), `peer ${i} has the same anchor index as peer 0`).toEqual(anchorIndexOf(first.view.state));
  }

  // The same threads everywhere, all readable, and the live stores agree.
  const threads = byId(readThreads(first.doc));
  for (const [i, editor] of editors.entries()) {
    expect(byId(readThreads(editor.doc)), `peer ${i} reads the same threads as peer 0`).toEqual(threads);
    expect(unreadableThreadIds(editor.doc), `peer ${i} has no unreadable threads`).toEqual([]);
    expect(byId([...(stores[i]?.snapshot.values() ?? [])]), `peer ${i}'s live thread store agrees with a fresh reading`).toEqual(threads);
  }

  // Every thread and message ever created is there; nothing else is.
  expect(threads.map((t) => t.id).sort(), 'every thread ever created, and no other').toEqual([...ledger.threads].sort());
  const found = new Map(threads.flatMap((t) => t.messages.map((m) => [m.id, { thread: t.id, message: m }] as const)));
  expect([...found.keys()].sort(), 'every message ever created, and no other').toEqual([...ledger.messages.keys()].sort());
  for (const [id, entry] of ledger.messages) {
    const stored = found.get(id);
    expect(stored?.thread, `message ${id} is in its thread`).toBe(entry.threadId);
    expect(stored?.message.author.memberId, `message ${id} keeps its author`).toBe(entry.authorId);
    if (entry.deleted) {
      expect(stored?.message.deletedAt, `deleted message ${id} is a tombstone`).not.toBeNull();
      expect(stored?.message.text, `deleted message ${id} shows no text`).toBe('');
    } else {
      expect(stored?.message.deletedAt, `message ${id} was never deleted`).toBeNull();
      expect([...entry.texts], `message ${id} shows a text its author wrote`).toContain(stored?.message.text);
    }
  }

  // Each thread is placed the same everywhere: anchored, detached (open, no
  // anchor, showing its quote) or resolved; and every anchor has its thread.
  const ids = new Set(threads.map((t) => t.id));
  for (const [i, editor] of editors.entries()) {
    for (const id of rangesByThread(anchorIndexOf(editor.view.state)).keys()) expect(ids.has(id), `peer ${i}: anchor of ${id} has a thread`).toBe(true);
    for (const thread of threads) {
      expect(placement(editor.view, thread), `peer ${i}: placement of ${thread.id}`).toBe(placement(first.view, thread));
      if (placement(editor.view, thread) === 'detached') expect(thread.quote, `detached ${thread.id} keeps its quote`).not.toBe('');
    }
  }

  // Rule 1: a resolved thread hides no message that none of its resolvers
  // (since the last reopen) had seen.
  for (const thread of threads) {
    if (thread.state !== 'resolved') continue;
    const lastReopen = thread.events.findLastIndex((e) => e.type === 'reopened');
    const seen = new Set(thread.events.slice(lastReopen + 1).flatMap((e) => (e.type === 'resolved' ? (e.seen ?? []) : [])));
    for (const m of thread.messages) if (m.deletedAt === null) expect(seen.has(m.id), `resolved ${thread.id} had seen ${m.id}`).toBe(true);
  }
  return threads;
}

describe('three members commenting on one chapter while they edit it, on a flaky network', () => {
  for (const seed of seedsToRun(DEFAULT_SEEDS)) {
    it(`seed ${seed}: same chapter, same threads, nothing lost`, () => {
      runSeed(seed);
    });
  }
});

// Seeds that once failed, pinned by name. A seed's run depends on the edits,
// the comment operations and the network model, so after changing any of
// them, check that a pinned seed still reaches the situation it names (the
// log of a run shows it).
describe.skipIf(ONE_SEED !== undefined)('seeds that once failed', () => {
  it('seed 101 (120 steps) – text typed inside a comment by another member carries its anchor, which arrives before the thread, whose update was dropped', () => {
    const { counts } = runSeed(101, 120);
    expect(counts['anchor before its thread']).toBeGreaterThan(0);
  });

  it('seed 279 – a transaction that deletes the only block and then writes a new one is written to the chapter text', () => {
    runSeed(279);
  });

  it('seed 591 – text before the first block marker goes away, and so does the block the editor showed for it', () => {
    runSeed(591);
  });

  it('seed 25 (120 steps) – words in two comment threads list both marks in the same order on every peer', () => {
    // runSeed compares the peers' docs exactly; this seed makes sure the
    // fuzz reaches text in two threads at once.
    expect(runSeed(25, 120).overlappingComments).toBe(true);
  });
});

describe.skipIf(ONE_SEED !== undefined)('the fuzz itself', () => {
  it('replays a seed to exactly the same threads', () => {
    // Operations stamp the time; the same clock makes the two runs comparable.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const run = (): RunResult => {
        vi.setSystemTime(new Date('2025-03-05T12:00:00.000Z'));
        return runSeed(3);
      };
      const first = run();
      expect(first.threads.length).toBeGreaterThan(0);
      expect(run().threads).toEqual(first.threads);
    } finally {
      vi.useRealTimers();
    }
  });

  it('makes every kind of comment operation across the default seeds', () => {
    const total: Record<string, number> = {};
    for (const seed of DEFAULT_SEEDS.slice(0, 8)) {
      for (const [name, count] of Object.entries(runSeed(seed).counts)) total[name] = (total[name] ?? 0) + count;
    }
    expect(Object.keys(total).filter((name) => name !== 'anchor before its thread').sort()).toEqual(
      [
        'assign',
        'comment on a selection',
        'copy and paste anchored text',
        'cut and paste anchored text',
        'delete own message',
        'edit own message',
        'reopen',
        'reply',
        'resolve',
        'try what is not allowed',
      ].sort(),
    );
  });
});

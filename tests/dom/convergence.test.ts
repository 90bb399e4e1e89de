/**
 * Drafters edit the same chapter at once, offline or on a bad network, and
 * whatever they do, every copy must end up showing the same valid chapter.
 *
 * Each seed runs three headless editors (tests/dom/support/headless-editor.ts)
 * on their own Y.Docs, joined by an in-memory network that delays, reorders
 * and drops updates and disconnects peers (support/test-connector.ts). The
 * editors make random edits through real ProseMirror commands
 * (support/random-edits.ts). Throughout, every editor shows a valid doc, and
 * no editor deletes text on its own while rendering a merge
 * (support/binding-losses.ts). At the end the network heals, and all copies
 * must agree: same ProseMirror doc, same Yjs state, valid under the schema,
 * and the same chapter for someone who opens it afterwards.
 *
 * Everything random comes from one seeded PRNG, and Yjs client ids are fixed,
 * so a seed replays exactly. A failure names its seed; rerun just that one
 * with `SAMSKRIV_FUZZ_SEED=<seed> npx vitest run --project dom tests/dom/convergence.test.ts`.
 * For a longer soak, `SAMSKRIV_FUZZ_SEEDS=<count>` runs that many seeds.
 */
import { describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import { createHeadlessEditor, type HeadlessEditor } from './support/headless-editor.ts';
import { fuzzChapter, peerDocs } from './support/chapter-peers.ts';
import { failOnBindingLosses } from './support/binding-losses.ts';
import { checkValidDocs } from './support/valid-docs.ts';
import { expectConverged } from './support/converged.ts';
import { pickEdit } from './support/random-edits.ts';
import { randomNetworkStep, TestConnector } from './support/test-connector.ts';
import { ONE_SEED, seedFailure, seedsToRun } from './support/fuzz-seeds.ts';

const PEERS = 3;
const STEPS = 150;
const DEFAULT_SEEDS = Array.from({ length: 20 }, (_, i) => 1 + i);

interface RunResult {
  readonly chapter: unknown;
  readonly log: readonly string[];
}

function runSeed(seed: number, steps = STEPS): RunResult {
  const gen = prng.create(seed);
  const connector = new TestConnector(gen, { dropRate: 0.1 });
  const docs = peerDocs(PEERS, fuzzChapter());
  const peers = docs.map((doc) => connector.addPeer(doc));
  const editors: HeadlessEditor[] = docs.map((doc) => createHeadlessEditor(doc));
  const log: string[] = [];
  failOnBindingLosses(docs);
  try {
    for (let step = 0; step < steps; step++) {
      const roll = prng.real53(gen);
      if (roll < 0.6) {
        const index = prng.int32(gen, 0, PEERS - 1);
        const editor = editors[index];
        const edit = pickEdit(gen);
        if (!editor) throw new Error(`no editor ${index}`);
        // Logged before it runs, so that a step that throws is in the log.
        const entry = log.push(`${step}: peer ${index} ${edit.name}`) - 1;
        editor.newUndoStep();
        if (!edit.run(editor.view, gen)) log[entry] += ' (did not apply)';
      } else {
        randomNetworkStep(connector, peers, gen, roll, step, log);
      }
      checkValidDocs(editors, step);
    }
    log.push('settling the network');
    connector.settle();
    expectConverged(editors);
    return { chapter: editors[0]?.view.state.doc.toJSON(), log };
  } catch (error) {
    throw seedFailure('convergence fuzz', seed, 'tests/dom/convergence.test.ts', { heading: 'last steps', lines: log, shown: 25 }, error);
  } finally {
    editors.forEach((editor) => editor.destroy());
  }
}

describe('three drafters editing one chapter on a flaky network', () => {
  for (const seed of seedsToRun(DEFAULT_SEEDS)) {
    it(`seed ${seed}: all editors end with the same valid chapter`, () => {
      runSeed(seed);
    });
  }
});

// Seeds that once failed, pinned by name. A seed's run depends on the edits
// in support/random-edits.ts and on the network model, so after changing
// either, check that a pinned seed still reaches the situation it names.
describe.skipIf(ONE_SEED !== undefined)('seeds that once failed', () => {
  it('seed 11 – a deletion dropped by the network reaches everyone once they reconnect', () => {
    runSeed(11);
  });

  it('seed 17 – a hard break typed in italic text looks the same to everyone', () => {
    runSeed(17);
  });

  // Two-editor reproductions of these two are in known-binding-bugs.test.ts.
  it('seed 32 – a merged list item that lost its first paragraph keeps its text', () => {
    runSeed(32);
  });

  it('seed 78 – a selected block that a colleague deleted does not stall the editor', () => {
    runSeed(78);
  });

  it('seed 10 – two members pad the same lopsided table after a merge; their fixes no longer answer each other forever', () => {
    // Before table-fixes.ts, each peer fixed tables after remote changes too,
    // and the fixes of two peers kept making the table lopsided again: the
    // network never settled.
    runSeed(10);
  });

  it('replays a seed to exactly the same chapter', () => {
    expect(runSeed(1).chapter).toEqual(runSeed(1).chapter);
  });
});

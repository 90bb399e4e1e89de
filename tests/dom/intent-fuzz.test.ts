/**
 * Issue 8's intent fuzz: three drafters restructure and rewrite one chapter
 * on a flaky network, and the merged chapter must keep what each of them
 * meant, not only be the same for everyone.
 *
 * The chapter is made of unique words (w1 w2 …). Each seed runs three
 * editors of the app's binding (support/bindings-under-test.ts) joined by the
 * misbehaving network of the convergence fuzz (support/test-connector.ts).
 * The drafters, through real ProseMirror commands, insert new unique words
 * (p2n17: peer 2's 17th) at word boundaries, delete words,
 * split blocks between words (Enter), press Enter at the start or end of a
 * block (and type a word into the new one after it), join a block to the one before
 * (Backspace at its start, then a space), wrap a block in a bullet list or
 * lift it out, and switch blocks between paragraph and heading. Each edit is
 * logged with the words the drafter saw around it. When the network has
 * healed, all editors must show the same chapter, and that chapter must
 * pass the oracle in support/intent-oracle.ts (whose doc comment lists the
 * rules).
 *
 * Seeds replay exactly (one seeded PRNG, fixed client ids). A failure names
 * its seed; rerun it with
 * `SAMSKRIV_FUZZ_SEED=<seed> npx vitest run --project dom tests/dom/intent-fuzz.test.ts`,
 * and soak with `SAMSKRIV_FUZZ_SEEDS=<count>`.
 */
import { describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import { TextSelection, type Transaction } from 'prosemirror-state';
import { setBlockType } from 'prosemirror-commands';
import { liftListItem, wrapInList } from 'prosemirror-schema-list';
import type { EditorView } from 'prosemirror-view';
import { schema } from '../../shared/schema/schema.ts';
import { appBinding, type BoundEditor } from './support/bindings-under-test.ts';
import { KEYS, outline } from './support/merge-scenarios.ts';
import { doc, p } from '../support/doc-builders.ts';
import { gapAt, IntentLog, textblockWords, type TextblockWords } from './support/intent-oracle.ts';
import { randomNetworkStep, TestConnector } from './support/test-connector.ts';
import { seedFailure, seedsToRun } from './support/fuzz-seeds.ts';
import { peerDocs } from './support/chapter-peers.ts';
import { pickWeighted } from './support/weighted-choice.ts';

/**
 * The words of the fuzz (w17, p2n5), or else any run of non-space. Words
 * that touch for a while (see IntentLog.strangers) are still two words, so
 * the drafters act on what they see: deleting one of them, or typing or
 * splitting between them.
 */
const WORD = /w\d+|p\d+n\d+|\S+/g;

const PEERS = 3;
const STEPS = 150;
const DEFAULT_SEEDS = Array.from({ length: 20 }, (_, i) => 1 + i);

/** Four paragraphs of five unique words: w1 … w20. */
function startingChapter() {
  return doc(...[0, 1, 2, 3].map((block) => p(Array.from({ length: 5 }, (_, i) => `w${block * 5 + i + 1}`).join(' '))));
}

interface Drafter {
  readonly peer: number;
  readonly view: EditorView;
  words: number;
}

interface WordEdit {
  readonly name: string;
  readonly weight: number;
  /** Makes the edit and logs it; a line for the story, or null if it could not apply here. */
  run(drafter: Drafter, gen: prng.PRNG, intents: IntentLog): string | null;
}

function place(view: EditorView, pos: number): void {
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos)));
}

/** A random textblock passing `test`, with every textblock of the doc and its index among them. */
function randomBlock(view: EditorView, gen: prng.PRNG, test: (block: TextblockWords) => boolean = () => true) {
  const blocks = textblockWords(view.state.doc, WORD);
  const candidates = blocks.filter(test);
  if (candidates.length === 0) return null;
  const block = prng.oneOf(gen, candidates);
  return { block, index: blocks.indexOf(block), blocks };
}

const inList = (view: EditorView, block: TextblockWords): boolean => view.state.doc.resolve(block.pos + 1).node(-1).type === schema.nodes.list_item;

const EDITS: readonly WordEdit[] = [
  {
    name: 'insert a word',
    weight: 5,
    run: (drafter, gen, intents) => {
      const found = randomBlock(drafter.view, gen);
      if (!found) return null;
      const { block, index, blocks } = found;
      const gap = prng.int32(gen, 0, block.words.length);
      const left = block.words[gap - 1] ?? null;
      const right = block.words[gap] ?? null;
      const word = `p${drafter.peer}n${++drafter.words}`;
      place(drafter.view, left ? left.to : block.pos + 1);
      // Spaces on both sides keep the word whole whatever lands next to it.
      // One transaction, so the word reaches the others whole: half a word
      // seen by a peer that then acts next to it makes a merge that keeps
      // every intent look like a broken one.
      drafter.view.dispatch(drafter.view.state.tr.insertText(` ${word} `));
      intents.inserted(word, gapAt(blocks, index, gap));
      return `types "${word}" between ${left?.text ?? '(start)'} and ${right?.text ?? '(end)'}`;
    },
  },
  {
    name: 'delete a word',
    weight: 3,
    run: (drafter, gen, intents) => {
      const words = textblockWords(drafter.view.state.doc, WORD).flatMap((block) => block.words);
      if (words.length === 0) return null;
      const word = prng.oneOf(gen, words);
      const { doc } = drafter.view.state;
      const to = doc.textBetween(word.to, Math.min(word.to + 1, doc.content.size)) === ' ' ? word.to + 1 : word.to;
      drafter.view.dispatch(drafter.view.state.tr.setSelection(TextSelection.create(doc, word.from, to)));
      if (!KEYS.Delete(drafter.view.state, drafter.view.dispatch, drafter.view)) return null;
      intents.deletedWord(word.text);
      return `deletes "${word.text}"`;
    },
  },
  {
    name: 'split between words',
    weight: 2,
    run: (drafter, gen, intents) => {
      const found = randomBlock(drafter.view, gen, (b) => b.words.length >= 2);
      if (!found) return null;
      const { block, index, blocks } = found;
      const gap = prng.int32(gen, 1, block.words.length - 1);
      const left = block.words[gap - 1];
      const right = block.words[gap];
      if (!left || !right) return null;
      // Before or after the space between them: both are "between the words".
      place(drafter.view, prng.bool(gen) ? left.to : right.from);
      if (!KEYS.Enter(drafter.view.state, drafter.view.dispatch, drafter.view)) return null;
      intents.split(gapAt(blocks, index, gap));
      return `presses Enter between ${left.text} and ${right.text}`;
    },
  },
  {
    name: 'Enter at a block edge',
    weight: 1,
    run: (drafter, gen, intents) => {
      const found = randomBlock(drafter.view, gen, (b) => b.words.length >= 1);
      if (!found) return null;
      const { block, index, blocks } = found;
      const atEnd = prng.bool(gen);
      place(drafter.view, atEnd ? block.pos + 1 + block.node.content.size : block.pos + 1);
      if (!KEYS.Enter(drafter.view.state, drafter.view.dispatch, drafter.view)) return null;
      intents.split(gapAt(blocks, index, atEnd ? block.words.length : 0));
      if (!atEnd) return `presses Enter at the start of "${block.node.textContent}"`;
      // A new paragraph after this one, and a word typed into it.
      const word = `p${drafter.peer}n${++drafter.words}`;
      const newBlock = gapAt(textblockWords(drafter.view.state.doc, WORD), index + 1, 0);
      drafter.view.dispatch(drafter.view.state.tr.insertText(` ${word} `));
      intents.inserted(word, newBlock);
      return `presses Enter at the end of "${block.node.textContent}" and types "${word}"`;
    },
  },
  {
    name: 'join with the block before',
    weight: 2,
    run: (drafter, gen) => {
      const blocks = textblockWords(drafter.view.state.doc, WORD);
      const block = blocks.length < 2 ? null : prng.oneOf(gen, blocks.slice(1));
      if (!block) return null;
      place(drafter.view, block.pos + 1);
      // The join and the space that keeps the words apart go out as one
      // transaction, so no peer ever sees the two words glued together.
      let join: Transaction | null = null;
      if (!KEYS.Backspace(drafter.view.state, (tr) => (join = tr), drafter.view) || join === null) return null;
      const tr: Transaction = join;
      const { $from } = tr.selection;
      // Backspace may lift a list item instead of joining; only a join needs the space.
      const joined = $from.parent.isTextblock && $from.parentOffset > 0;
      drafter.view.dispatch(joined ? tr.insertText(' ') : tr);
      return joined ? `joins "${block.node.textContent}" to the block before` : `presses Backspace at the start of "${block.node.textContent}" (no join)`;
    },
  },
  {
    name: 'bullet list or lift',
    weight: 1,
    run: (drafter, gen) => {
      const block = randomBlock(drafter.view, gen)?.block;
      if (!block) return null;
      place(drafter.view, block.pos + 1);
      const lift = inList(drafter.view, block);
      const command = lift ? liftListItem(schema.nodes.list_item) : wrapInList(schema.nodes.bullet_list);
      if (!command(drafter.view.state, drafter.view.dispatch, drafter.view)) return null;
      return `${lift ? 'lifts' : 'wraps in a bullet list'} "${block.node.textContent}"`;
    },
  },
  {
    name: 'paragraph or heading',
    weight: 1,
    run: (drafter, gen) => {
      const block = randomBlock(drafter.view, gen)?.block;
      if (!block) return null;
      place(drafter.view, block.pos + 1);
      const toParagraph = block.node.type === schema.nodes.heading;
      const level = prng.int32(gen, 1, 3);
      const command = toParagraph ? setBlockType(schema.nodes.paragraph) : setBlockType(schema.nodes.heading, { level });
      if (!command(drafter.view.state, drafter.view.dispatch, drafter.view)) return null;
      return `makes "${block.node.textContent}" ${toParagraph ? 'a paragraph' : `a heading ${level}`}`;
    },
  },
];

function pickEdit(gen: prng.PRNG): WordEdit {
  return pickWeighted(gen, EDITS);
}

function runSeed(seed: number): void {
  const gen = prng.create(seed);
  const connector = new TestConnector(gen, { dropRate: 0.1 });
  const start = startingChapter();
  const docs = peerDocs(PEERS, start, appBinding.seed);
  const peers = docs.map((doc) => connector.addPeer(doc));
  const editors: BoundEditor[] = [];
  const intents = new IntentLog(start);
  const story: string[] = [];
  try {
    for (const doc of docs) editors.push(appBinding.createEditor(doc));
    const drafters: Drafter[] = editors.map((editor, peer) => ({ peer, view: editor.view, words: 0 }));
    for (let step = 0; step < STEPS; step++) {
      const roll = prng.real53(gen);
      if (roll < 0.6) {
        const drafter = prng.oneOf(gen, drafters);
        const edit = pickEdit(gen);
        // Logged before it runs, so that a step that throws is in the story.
        const entry = story.push(`${step}: peer ${drafter.peer} ${edit.name}`) - 1;
        const line = edit.run(drafter, gen, intents);
        story[entry] = `${step}: peer ${drafter.peer} ${line ?? `${edit.name} (did not apply)`}`;
      } else {
        randomNetworkStep(connector, peers, gen, roll, step, story);
      }
      drafters.forEach((drafter) => {
        const strangers = intents.strangers(drafter.view.state.doc, WORD);
        if (strangers.length > 0) throw new Error(`after step ${step}, peer ${drafter.peer} shows words nobody wrote: ${strangers.join(', ')}`);
      });
    }
    story.push('settling the network');
    connector.settle();
    const chapters = editors.map((editor) => outline(editor.view.state.doc));
    chapters.forEach((lines, i) => expect(lines, `peer ${i} shows the same chapter as peer 0`).toEqual(chapters[0]));
    const merged = editors[0]?.view.state.doc;
    if (!merged) throw new Error('no editors');
    const violations = intents.violations(merged);
    if (violations.length > 0) {
      throw new Error(`the merge broke ${violations.length} intent(s):\n  ${violations.slice(0, 12).join('\n  ')}\nmerged chapter:\n  ${outline(merged).join('\n  ')}`);
    }
  } catch (error) {
    throw seedFailure('intent fuzz', seed, 'tests/dom/intent-fuzz.test.ts', { heading: 'story', lines: story, shown: 40 }, error);
  } finally {
    for (const editor of editors) editor.destroy();
  }
}

describe('three drafters restructuring one chapter on a flaky network keep what each meant', () => {
  for (const seed of seedsToRun(DEFAULT_SEEDS)) {
    it(`seed ${seed}: every word lands where it was typed, deleted words stay deleted`, () => {
      runSeed(seed);
    });
  }
});

/**
 * The convergence fuzz (tests/dom/convergence.test.ts) with suggestions:
 * Bo (Socialstyrelsen) can only suggest; Maja (Migrationsverket, the owner)
 * and Anna (the coordinator) switch between Redigera and Föreslå at random,
 * and accept and reject whatever is open on their copy, while the network
 * delays, reorders and drops updates. The edits are the same random
 * ProseMirror commands as the plain fuzz, so every kind of suggestion
 * occurs: typing, deleting, Enter, joins, paste, lists, headings, marks,
 * table rows, undo and redo.
 *
 * Afterwards every copy must show the same valid chapter, hold the same
 * suggestions with the same histories, and every suggestion the text still
 * refers to must exist; an editor opened afterwards shows the same.
 *
 * `SAMSKRIV_FUZZ_SEED=<n>` replays one seed; `SAMSKRIV_FUZZ_SEEDS=<count>` soaks.
 */
import { describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { forEachContent } from '../../../shared/chapter-text/text-cursor.ts';
import { defineRoots, recordChanges, type TextChange } from '../../../shared/rules/doc-changes.ts';
import { checkDocChanges } from '../../../shared/rules/doc-rules.ts';
import { DIRECT_FORMATTING, directFormatting, directFormattingBreach } from '../../../shared/rules/text-format-rule.ts';
import { correctFormatting } from '../../../shared/rules/formatting-correction.ts';
import { decideSuggestions, pendingSuggestionIds } from '../../../shared/suggestions/decide.ts';
import { readSuggestions, replyToSuggestion } from '../../../shared/suggestions/suggestions.ts';
import { suggestionIdsInText } from '../../../shared/suggestions/suggestion-extents.ts';
import { toggleSuggestMode } from '../../../src-renderer/editor/suggest-mode.ts';
import { fuzzChapter } from '../support/chapter-peers.ts';
import { failOnBindingLosses } from '../support/binding-losses.ts';
import { checkValidDocs } from '../support/valid-docs.ts';
import { pickEdit } from '../support/random-edits.ts';
import { randomNetworkStep, TestConnector, type Peer } from '../support/test-connector.ts';
import { ONE_SEED, seedFailure, seedsToRun } from '../support/fuzz-seeds.ts';
import { expectConverged } from '../support/converged.ts';
import { anna, bo, maja, migrChapter, suggestingPeers, type SuggestingPeer } from '../support/suggestion-peers.ts';

const STEPS = 150;
/**
 * `SAMSKRIV_FUZZ_MEASURE=1`: count the server's refusals of the editors'
 * updates by reason instead of failing on the first (how a rule is
 * measured before it is enforced; docs/rules.md).
 */
const measuring: Map<string, number> | null = process.env['SAMSKRIV_FUZZ_MEASURE'] === '1' ? new Map() : null;
/** Maja's chapter as the server's manifest lists it. */
const serverContext = { chapter: { owner: migrChapter.owner, status: 'draft' as const } };
/** What the server gave back of Bo's updates (his formatting of others' words), and what the measured, not enforced, rules would have refused, by reason. */
const measured = new Map<string, number>();
/**
 * `SAMSKRIV_FUZZ_TRACE=<n>`: print the first n of Bo's updates per measured
 * reason, with the step and the Yjs origin (binding, decision, undo) that
 * made the update and what it changed: how the causes of a measured rule
 * are found.
 */
const traceLimit = Number(process.env['SAMSKRIV_FUZZ_TRACE'] ?? 0);
const traced = new Map<string, number>();
/**
 * `SAMSKRIV_FUZZ_CLIENT_IDS=<Bo>,<Maja>,<Anna>`: other Yjs client ids than
 * 1, 2, 3. Of two concurrent writes to a map key Yjs keeps the higher
 * client id's, so with the defaults Bo's loses every such tie; real ids are
 * random (docs/rules.md, Known limits: with Bo's the highest, his
 * regroupings of containers win over colleagues' changes and the server
 * refuses some).
 */
const clientIds = process.env['SAMSKRIV_FUZZ_CLIENT_IDS']?.split(',').map(Number);
const DEFAULT_SEEDS = Array.from({ length: 20 }, (_, i) => 1 + i);

interface Tally {
  edits: number;
  refused: number;
  decided: number;
  /** Suggestions decided while a peer, offline, still added to them (see assertConverged). */
  reopened: number;
  /** Bo's updates that the server's chapter-text rule checked (and accepted). */
  checked: number;
}

/**
 * The server's view of the run: every update any editor makes, applied to
 * one copy as the sync server's guard does; each must pass every rule the
 * server applies to a chapter (doc-rules.ts), and Bo's (he may only
 * suggest) the chapter-text rule. An honest member is never refused,
 * whatever they do in the editor.
 *
 * The copy gets an online editor's update as it is made, and an offline
 * editor's when she reconnects: after everything her colleagues did
 * meanwhile, as the sync server does when a drafter comes back from days
 * offline. (Nobody can have seen her offline updates, and she saw nothing
 * new, so that order is one a server can see.) The copy is not compared
 * with the editors at the end: Yjs' formatting clean-up after remote
 * updates writes on each copy by its own view, so a copy that only
 * receives can end with formatting items the editors removed.
 *
 * What the server gives back of Bo's formatting of others' words
 * (text-format-rule.ts `directFormatting`) it writes on its copy right after
 * his update, as the sync server's `admit` does, and sends to Bo when the
 * step ends; the network takes it to the others. So the copies converge,
 * and his words keep their intent, with the server's corrections in them.
 */
function serverCopy(editors: readonly SuggestingPeer[], peers: readonly Peer[]): { doc: Y.Doc; checked: () => number; catchUp: () => void; sendCorrections: () => boolean } {
  const doc = new Y.Doc();
  defineRoots(doc, 'chapter');
  Y.applyUpdate(doc, Y.encodeStateAsUpdate((editors[0] as SuggestingPeer).doc));
  let checked = 0;
  const held = editors.map((): Made[] => []);
  /** The formatting the server gave back, for the editor whose update it was in (sent when the step ends: it answers her update). */
  const corrections: { readonly to: SuggestingPeer; readonly update: Uint8Array }[] = [];
  const judge = (editor: SuggestingPeer, { update, by }: Made): void => {
    const changes = recordChanges(doc, 'chapter', () => Y.applyUpdate(doc, update), { deletedText: true });
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) throw new Error(`the server's copy got ${editor.member.name}'s update before one it builds on: the fuzz hands updates to it in an order no server sees`);
    // Every rule the server applies to a chapter: text, suggestion records, threads.
    const refused = checkDocChanges(editor.member, { kind: 'chapter', planId: 'plan', chapterId: 'chapter', chapter: serverContext.chapter }, changes);
    if (refused !== null && measuring !== null) {
      measuring.set(refused.detail, (measuring.get(refused.detail) ?? 0) + 1);
      // With SAMSKRIV_FUZZ_TRACE, what the refused update changed, as for the measured rules.
      if (traceLimit > 0) console.log(traceOf(`refused: ${refused.detail}`, by, changes.filter((c): c is TextChange => c.kind === 'text')));
    }
    else if (refused !== null) throw new Error(`the server refused ${editor.member.name}'s own edit: ${refused.rule}: ${refused.detail}`);
    if (editor.member === bo && changes.some((c): c is TextChange => c.kind === 'text')) checked++;
    if (editor.member === bo) {
      const text = changes.filter((c): c is TextChange => c.kind === 'text');
      // What the server gives back of his formatting of others' words (text-format-rule.ts `directFormatting`): written on its copy right after his update, as `admit` does, and sent to him; his editor and, through it, everyone's get it.
      const given = directFormatting(bo, serverContext, text);
      if (given.length > 0) {
        const before = Y.encodeStateVector(doc);
        correctFormatting(chapterText(doc), given);
        corrections.push({ to: editor, update: Y.encodeStateAsUpdate(doc, before) });
      }
      // And the rules measured before they are enforced (docs/rules.md; none at the moment): what they would refuse of Bo's.
      const findings = [given.length > 0 ? `given back by the server: ${DIRECT_FORMATTING}` : null];
      for (const found of findings) {
        if (found === null) continue;
        measured.set(found, (measured.get(found) ?? 0) + 1);
        if ((traced.get(found) ?? 0) < traceLimit) {
          traced.set(found, (traced.get(found) ?? 0) + 1);
          console.log(traceOf(found, by, text));
        }
      }
    }
  };
  const catchUp = (): void => {
    editors.forEach((editor, i) => {
      if (!(peers[i] as Peer).online) return;
      for (const made of (held[i] as Made[]).splice(0)) judge(editor, made);
    });
  };
  editors.forEach((editor, i) => {
    editor.doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (!transaction.local) return;
      catchUp();
      const made: Made = { update, by: `${editor.member.name} at step ${currentStep}, origin ${originName(origin)}` };
      if ((peers[i] as Peer).online) judge(editor, made);
      else (held[i] as Made[]).push(made);
    });
  });
  const sendCorrections = (): boolean => {
    const sent = corrections.splice(0);
    for (const { to, update } of sent) Y.applyUpdate(to.doc, update, 'server');
    return sent.length > 0;
  };
  return { doc, checked: () => checked, catchUp, sendCorrections };
}

/** An editor's update and, for the trace, who made it when. */
interface Made {
  readonly update: Uint8Array;
  readonly by: string;
}

/** The step the seed is at, and its log so far (for the trace). */
let currentStep = 0;
let currentLog: readonly string[] = [];

function originName(origin: unknown): string {
  return typeof origin === 'object' && origin !== null ? origin.constructor.name : String(origin);
}

/** One measured breach as SAMSKRIV_FUZZ_TRACE prints it: the fields and formatting the update changed, as the server's copy saw them. */
function traceOf(detail: string, by: string, changes: readonly TextChange[]): string {
  const lines = [`measured: ${detail}: update by ${by}`];
  // `SAMSKRIV_FUZZ_TRACE_LOG=<n>`: the seed's last n steps before the update.
  const logged = Number(process.env['SAMSKRIV_FUZZ_TRACE_LOG'] ?? 0);
  if (logged > 0) lines.push(...currentLog.slice(-logged).map((line) => `  | ${line}`));
  for (const change of changes) {
    // Each field as her copy showed it → as she wrote it; and what it did here (Yjs keeps one of concurrent writes).
    const marker = change.event.target;
    for (const [key, write] of change.fields ?? []) {
      const here = marker instanceof Y.Map && change.event.keys.has(key) ? `; here ${JSON.stringify(change.event.keys.get(key)?.oldValue)} → ${JSON.stringify(marker.get(key))}` : '; lost here';
      lines.push(`  marker ${key}: ${JSON.stringify(write.seen)}${write.seenKnown ? '' : ' (not known here)'} → ${JSON.stringify(write.written)}${here}`);
    }
    // ✗: the run the formatting rule finds on its own (the update's other runs are listed for context).
    for (const run of change.reformatted ?? []) {
      const alone = directFormattingBreach(bo, serverContext, [{ ...change, reformatted: [run] }]) === null ? ' ' : '✗';
      lines.push(` ${alone}run ${run.client}:${run.clock}+${run.length}: ${JSON.stringify([...run.before])} → ${JSON.stringify([...run.after])}`);
      if (alone === '✗' && process.env['SAMSKRIV_FUZZ_TRACE_ITEMS'] === '1') lines.push(itemsAround(change, run));
      // Which formatting items set each attribute there, before → after (Yjs id; † deleted): whose items the change is.
      if (alone === '✗') lines.push(`     set by: ${[...new Set([...run.setBefore.keys(), ...run.setBy.keys()])].filter((key) => run.setBefore.get(key) !== run.setBy.get(key)).map((key) => `${key.split('--')[0]} ${itemName(run.setBefore.get(key))} → ${itemName(run.setBy.get(key))}`).join('; ')}`);
    }
  }
  return lines.join('\n');
}

/**
 * `SAMSKRIV_FUZZ_TRACE_ITEMS=1`: the server copy's items around a run the
 * formatting rule finds, as they were before the update (+ added by it,
 * - deleted by it, † deleted before; origins of the added ones), and with
 * `SAMSKRIV_FUZZ_TRACE_KEY=<attribute key>` every formatting item of that
 * key to the run's left: where an editor's formatting items landed.
 */
function itemsAround(change: TextChange, run: { client: number; clock: number }): string {
  const transaction = change.event.transaction;
  const start = Y.getItem(transaction.doc.store, Y.createID(run.client, run.clock));
  const flag = (item: Y.Item): string => (item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0) ? '+' : item.deleted ? (Y.isDeleted(transaction.deleteSet, item.id) ? '-' : '†') : ' ');
  const idOf = (id: Y.ID | null): string => (id === null ? '-' : `${id.client}:${id.clock}`);
  const lines: string[] = [];
  const key = process.env['SAMSKRIV_FUZZ_TRACE_KEY'];
  if (key !== undefined) {
    for (let item = start.left; item !== null; item = item.left) {
      const content = change.formatsDeleted?.get(item) ?? item.content;
      if (content instanceof Y.ContentFormat && content.key === key) lines.push(`      ${flag(item)}${idOf(item.id)} ${key}=${JSON.stringify(content.value)}`);
    }
    lines.push('      ----');
  }
  let from: Y.Item = start;
  for (let i = 0; i < 14 && from.left !== null; i++) from = from.left;
  for (let item: Y.Item | null = from, shown = 0; item !== null && shown < 22; item = item.right, shown++) {
    const content = change.formatsDeleted?.get(item) ?? item.content;
    const what = content instanceof Y.ContentFormat ? `${content.key.split('--')[0]}${content.key.includes('--') ? `#${JSON.stringify((content.value as { id?: string } | null)?.id ?? null)}` : ''}=${content.value === null ? 'null' : 'v'}` : content instanceof Y.ContentString ? JSON.stringify(content.str) : content.constructor.name;
    const origins = flag(item) === '+' ? `  (origin ${idOf(item.origin)}, right origin ${idOf(item.rightOrigin)})` : '';
    lines.push(`      ${item === start ? '>' : ' '}${flag(item)}${idOf(item.id)} ${what}${origins}`);
  }
  return lines.join('\n');
}

/** A formatting item by its Yjs id, † when deleted. */
function itemName(item: Y.Item | undefined): string {
  return item === undefined ? '-' : `${item.id.client}:${item.id.clock}${item.deleted ? '†' : ''}`;
}

function runSeed(seed: number, tally: Tally, ids: readonly number[] | undefined = clientIds): void {
  const gen = prng.create(seed);
  const connector = new TestConnector(gen, { dropRate: 0.1 });
  const editors = suggestingPeers(fuzzChapter(), [{ member: bo }, { member: maja }, { member: anna, mode: 'suggest' }], ids);
  const peers = editors.map((e) => connector.addPeer(e.doc));
  failOnBindingLosses(editors.map((e) => e.doc));
  const server = serverCopy(editors, peers);
  const boWords = wordsAsWritten(editors[0] as SuggestingPeer);
  // A drafter back online hands the server what she wrote offline before
  // anyone can have it (her colleagues get it only through the sync that
  // reconnecting starts).
  const reconnect = connector.reconnect.bind(connector);
  connector.reconnect = (peer) => {
    reconnect(peer);
    server.catchUp();
  };
  const log: string[] = [];
  currentLog = log;
  try {
    for (let step = 0; step < STEPS; step++) {
      currentStep = step;
      const roll = prng.real53(gen);
      if (roll < 0.5) {
        const index = prng.int32(gen, 0, editors.length - 1);
        const editor = editors[index] as SuggestingPeer;
        const edit = pickEdit(gen);
        const entry = log.push(`${step}: ${editor.member.name} ${edit.name}`) - 1;
        editor.newUndoStep();
        const refusedBefore = editor.refusals.length;
        if (!edit.run(editor.view, gen)) log[entry] += ' (did not apply)';
        if (editor.refusals.length > refusedBefore) {
          log[entry] += ` (refused: ${editor.refusals.at(-1)})`;
          tally.refused++;
        }
        tally.edits++;
      } else if (roll < 0.62) {
        decideRandomly(editors, gen, step, log, tally);
      } else if (roll < 0.66) {
        const editor = prng.oneOf(gen, editors.slice(1));
        toggleSuggestMode(editor.view.state, editor.view.dispatch);
        log.push(`${step}: ${editor.member.name} switches mode`);
      } else if (roll < 0.69) {
        const editor = prng.oneOf(gen, editors);
        const open = byId(readSuggestions(editor.doc).filter((s) => s.state === 'open'));
        if (open.length > 0) {
          const target = prng.oneOf(gen, open);
          replyToSuggestion(editor.doc, editor.member, target.id, { id: `r${seed}-${step}`, text: 'Varför?' });
          log.push(`${step}: ${editor.member.name} replies to ${target.id}`);
        }
      } else {
        randomNetworkStep(connector, peers, gen, roll, step, log);
      }
      server.sendCorrections();
      checkValidDocs(editors, step);
    }
    currentStep = STEPS;
    log.push('settling the network');
    connector.settle();
    server.catchUp();
    // What the server gave back reaches everyone before the copies are compared.
    while (server.sendCorrections()) {
      connector.settle();
      server.catchUp();
    }
    tally.reopened += assertConverged(editors);
    expectNoUndecidedWords(editors[0] as SuggestingPeer, boWords);
    tally.checked += server.checked();
  } catch (error) {
    const fuzz = ids === undefined ? 'suggestion fuzz' : `suggestion fuzz (rerun with SAMSKRIV_FUZZ_CLIENT_IDS=${ids.join(',')})`;
    throw seedFailure(fuzz, seed, 'tests/dom/suggestions/suggestion-convergence.test.ts', { heading: 'last steps', lines: log, shown: 25 }, error);
  } finally {
    editors.forEach((editor) => editor.destroy());
  }
}

/**
 * In id order: `readSuggestions` lists them by creation time, which is the
 * wall clock's, and a seed must replay to the same choices.
 */
function byId<T extends { readonly id: string }>(list: T[]): T[] {
  return list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Maja or Anna accepts or rejects one open suggestion, or all of an agency's; Bo sometimes withdraws one of his. */
function decideRandomly(editors: readonly SuggestingPeer[], gen: prng.PRNG, step: number, log: string[], tally: Tally): void {
  const editor = prng.oneOf(gen, [...editors]);
  const pending = pendingSuggestionIds(editor.doc);
  const open = byId(readSuggestions(editor.doc).filter((s) => pending.has(s.id)));
  if (open.length === 0) return;
  const target = prng.oneOf(gen, open);
  const all = prng.real53(gen) < 0.2;
  const ids = all ? open.filter((s) => s.author.agency === target.author.agency).map((s) => s.id) : [target.id];
  const action = editor.member === bo ? 'withdraw' : prng.bool(gen) ? 'accept' : 'reject';
  const outcome = decideSuggestions(editor.doc, chapterText(editor.doc), editor.member, migrChapter, ids, action);
  tally.decided += outcome.decided.length;
  log.push(`${step}: ${editor.member.name} ${action}s ${ids.join(', ')} → ${outcome.decided.length} decided`);
}

/** Bo's words as his editor wrote them: each run of his Yjs client's characters, and the suggestions whose mark it had then. */
type WrittenWords = { readonly clock: number; readonly length: number; readonly under: readonly string[] }[];

function wordsAsWritten(peer: SuggestingPeer): WrittenWords {
  const written: WrittenWords = [];
  const client = peer.doc.clientID;
  peer.doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (!transaction.local) return;
    const before = transaction.beforeState.get(client) ?? 0;
    forEachContent(chapterText(peer.doc), (item, attributes) => {
      if (item.id.client !== client || item.id.clock < before || !(item.content instanceof Y.ContentString)) return;
      written.push({ clock: item.id.clock, length: item.length, under: suggestionIdsOf(attributes) });
    });
  });
  return written;
}

/**
 * The intent check: every word Bo wrote (he may only suggest) that is in
 * the chapter as plain text got there by a decision, an accept of a
 * suggestion it was written under. Nobody's concurrent reject, withdrawal
 * or formatting clean-up may turn his suggested words into the chapter's
 * text.
 */
function expectNoUndecidedWords(peer: SuggestingPeer, written: WrittenWords): void {
  const accepted = new Set(readSuggestions(peer.doc).filter((s) => s.events.some((e) => e.type === 'accepted')).map((s) => s.id));
  const undecided: string[] = [];
  forEachContent(chapterText(peer.doc), (item, attributes) => {
    if (item.id.client !== peer.doc.clientID || !(item.content instanceof Y.ContentString) || /^\u2063+$/.test(item.content.str)) return;
    if (suggestionIdsOf(attributes).length > 0) return;
    const run = written.find((w) => item.id.clock >= w.clock && item.id.clock < w.clock + w.length);
    if (run !== undefined && !run.under.some((id) => accepted.has(id))) undecided.push(`"${item.content.str}" (written under ${run.under.join(', ') || 'no suggestion'})`);
  });
  expect(undecided, "Bo's suggested words in the chapter as plain text without an accept").toEqual([]);
}

function suggestionIdsOf(attributes: ReadonlyMap<string, unknown>): string[] {
  return [...attributes].filter(([key]) => key.startsWith('suggestion_insert')).map(([, value]) => String((value as { id?: unknown }).id));
}

/** Returns how many decided suggestions the text still refers to. */
function assertConverged(editors: readonly SuggestingPeer[]): number {
  expectConverged(editors);
  const [first] = editors as [SuggestingPeer];
  const suggestions = readSuggestions(first.doc);
  for (const [i, editor] of editors.entries()) expect(readSuggestions(editor.doc), `peer ${i} has the same suggestions and histories`).toEqual(suggestions);
  // Every suggestion the text refers to is recorded, with its author. (In
  // between, a peer can briefly see an id before its entry: Yjs does not
  // deliver causally, and a colleague's formatting can copy the id's
  // attribute value next to text that arrived first. Once all updates are
  // in, the entry is there: it is never deleted, not even by undo.)
  const known = new Map(suggestions.map((s) => [s.id, s]));
  let reopened = 0;
  for (const id of suggestionIdsInText(chapterText(first.doc))) {
    expect(known.has(id), `suggestion ${id} in the text has an entry`).toBe(true);
    // Decided on one copy while its author, offline, typed on into it: the
    // new words carry the id. The sidebar lists it as open again.
    if (known.get(id)?.state !== 'open') reopened++;
  }
  // Every decision is in the history, with who and when.
  for (const s of suggestions) {
    if (s.state !== 'open') expect(s.events.some((e) => e.type === s.state), `${s.id} has its ${s.state} event`).toBe(true);
  }
  return reopened;
}

describe('a drafter suggesting while the owner and the coordinator edit and decide, on a flaky network', () => {
  const tally: Tally = { edits: 0, refused: 0, decided: 0, reopened: 0, checked: 0 };
  for (const seed of seedsToRun(DEFAULT_SEEDS)) {
    it(`seed ${seed}: every copy ends with the same chapter and the same suggestions`, () => {
      runSeed(seed, tally);
    });
  }
  it('made suggestions and decided them (the fuzz exercised what it claims)', () => {
    console.log(
      `suggestion fuzz: ${tally.edits} edits, ${tally.refused} refused as not suggestible, ${tally.decided} decisions, ${tally.reopened} decided suggestions still in the text, ${tally.checked} of Bo's updates to the text passed every rule the server applies to a chapter`,
    );
    console.log(`given back by the server, and measured, not enforced: ${JSON.stringify(Object.fromEntries(measured))}`);
    if (measuring !== null) console.log(`refusals by reason (SAMSKRIV_FUZZ_MEASURE): ${JSON.stringify(Object.fromEntries(measuring))}`);
    expect(tally.decided).toBeGreaterThan(0);
    expect(tally.checked).toBeGreaterThan(0);
  });
});

/**
 * Seeds that once failed with other Yjs client ids than the defaults, each
 * fixed since: the server refused an update of Bo's, or (1374) an editor
 * no longer matched the text. Mostly with his id the highest
 * (`SAMSKRIV_FUZZ_CLIENT_IDS=9,2,3`); real client ids are random, so these
 * tie-breaks happen, and the default seeds run with his id lowest, which
 * hides most of them.
 */
const ONCE_FAILED_WITH_OTHER_IDS: readonly { readonly seed: number; readonly ids: readonly number[] }[] = [
  ...[316, 496, 558, 789, 803, 1374, 4012, 4115, 4155].map((seed) => ({ seed, ids: [9, 2, 3] })),
  { seed: 1536, ids: [5, 9, 3] },
];

describe.skipIf(ONE_SEED !== undefined || process.env['SAMSKRIV_FUZZ_SEEDS'] !== undefined)('the same, with other Yjs client ids: seeds that once failed', () => {
  const tally: Tally = { edits: 0, refused: 0, decided: 0, reopened: 0, checked: 0 };
  for (const { seed, ids } of ONCE_FAILED_WITH_OTHER_IDS) {
    it(`seed ${seed} (client ids ${ids.join(', ')}): every copy ends with the same chapter and the same suggestions, and the server takes all of Bo’s updates`, () => {
      runSeed(seed, tally, ids);
    });
  }
});

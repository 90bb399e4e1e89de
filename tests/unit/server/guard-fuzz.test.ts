/**
 * Seeded fuzz of the server's role guard (issue 13): members of every role
 * send random manifest changes, comment-thread operations and chapter text
 * (words written directly, suggested, or deleted), honest ones
 * and hostile ones (signed with another member's name, made by a client
 * that lets its user do what their role does not, or written under a Yjs
 * client id another member writes under), as raw Yjs updates over raw
 * sockets with their own valid tokens, to a real server process.
 *
 * The expected verdict of each operation is computed with the shared rules
 * (shared/rules/), applied in order to a copy of what the server should
 * hold: an operation the rules allow is added to that copy, one they refuse
 * is not. Before the rules, a client id is its first writer's
 * (src-server/members/client-owners.ts): new structs under another
 * member's id are refused whatever they are. Asserted:
 * - each operation's fate on the server (acknowledged, or closed with 4422 /
 *   answered "not applied" for a reader) is the rules' verdict;
 * - afterwards the server's documents hold exactly the allowed operations,
 *   and the coordinator's apps, connected throughout, hold the same;
 * - the same after a restart.
 *
 * GUARD_FUZZ_SEED and GUARD_FUZZ_OPS repeat or lengthen a run; the seed is
 * printed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AGENCY_CODES, type AgencyCode } from '../../../shared/agencies/agencies.ts';
import { may } from '../../../shared/comments/comment-permissions.ts';
import { assignThread, createThread, deleteMessage, editMessage, readThreads, reopenThread, replyToThread, resolveThread, threadsMap } from '../../../shared/comments/threads.ts';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { initChapterMeta } from '../../../shared/plan/chapter.ts';
import { chapterDocName, manifestDocName, parseDocName } from '../../../shared/plan/doc-names.ts';
import { addChapter, initManifest, readManifest, setCoWriters } from '../../../shared/plan/manifest.ts';
import type { Member, Role } from '../../../shared/plan/member.ts';
import { defineRoots, recordChanges } from '../../../shared/rules/doc-changes.ts';
import { checkDocChanges } from '../../../shared/rules/doc-rules.ts';
import { CLOSE } from '../../../shared/sync-protocol/close-codes.ts';
import { FrameType } from '../../../shared/sync-protocol/frames.ts';
import { TRANSITIONS, changeStatus, type StatusAction } from '../../../shared/workflow/chapter-status.ts';
import { startSuggestedParagraph } from '../../../bench/server-load-suggester.ts';
import { seededRandom } from '../../support/seeded-random.ts';
import { authAnswer, authFrame, connectClient, documentClosed, isSettled, openRawClient, updateFrame, waitUntil, type TestClient } from '../../support/sync-client.ts';
import { setUpPlan, startSyncServerProcess, type SyncServerProcess } from '../../support/sync-server-process.ts';

const SEED = Number(process.env['GUARD_FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const OPERATIONS = Number(process.env['GUARD_FUZZ_OPS'] ?? 150);
/** Chapter ids from the seed too: they break ties in the chapter order, so they decide which chapter an operation picks. */
const idRandom = seededRandom(SEED ^ 0x5eed);
function seededUuid(): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(idRandom() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

interface Person {
  readonly member: Member;
  readonly token: string;
}

type Verdict = 'accepted' | 'refused';

let dataDir: string;
let server: SyncServerProcess;
let people: Person[];
let planId: string;
const chapterIds: string[] = [];
/** The coordinator's apps: connected throughout, honest, never sending anything after the set-up. */
const observers = new Map<string, TestClient>();

async function startServer(port = 0): Promise<SyncServerProcess> {
  return startSyncServerProcess({ dataDir, port, args: ['--connections-per-minute', '0'] });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'samskriv-guard-fuzz-'));
  server = await startServer();
  const plan = await setUpPlan(server, dataDir);
  planId = plan.planId;
  const grant = (await (await fetch(`${server.url}/api/token`, { method: 'POST', headers: { authorization: `Bearer ${plan.coordinatorToken}` } })).json()) as {
    member: { id: string; name: string; agency: AgencyCode };
  };
  people = [{ token: plan.coordinatorToken, member: { memberId: grant.member.id, name: grant.member.name, agency: grant.member.agency, role: 'coordinator' } }];
  const invite = async (name: string, agency: AgencyCode, role: Role): Promise<void> => {
    const { token, memberId } = await plan.addMember(name, agency, role);
    people.push({ token, member: { memberId, name, agency, role } });
  };
  await invite('Omar Said', 'migr', 'drafter');
  await invite('Sara Lind', 'fk', 'drafter');
  await invite('Eva Ett', 'sos', 'drafter');
  await invite('Rut Läsare', 'jamy', 'reader');

  // The plan as the coordinator's app makes it: three chapters, owned by
  // migr, fk and the coordinator's own agency.
  chapterIds.push(seededUuid(), seededUuid(), seededUuid());
  const manifest = observe(manifestDocName(planId));
  await waitUntil(() => isSettled(manifest), 'the manifest is synced');
  initManifest(manifest.doc, {
    planId,
    title: 'Fuzzplan',
    deadline: null,
    createdAt: '2026-12-01T00:00:00Z',
    chapters: chapterIds.map((id, i) => ({ id, title: `Kapitel ${i + 1}`, owner: (['migr', 'fk', 'af'] as const)[i]! })),
  });
  for (const id of chapterIds) {
    const { doc } = observe(chapterDocName(planId, id));
    initChapterMeta(doc, planId, id);
    chapterText(doc).insert(0, 'Myndigheterna samordnar etableringen och följer upp insatserna varje kvartal.');
  }
  await waitUntil(() => [...observers.values()].every(isSettled), 'the plan is stored');
}, 60_000);

afterAll(async () => {
  for (const observer of observers.values()) observer.destroy();
  await server?.stop();
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
});

function observe(name: string): TestClient {
  const client = connectClient(server.wsUrl, name, people[0]!.token);
  observers.set(name, client);
  return client;
}

/** Sends `update` to `name` on a socket of its own; the server's answer. */
async function send(name: string, token: string, update: Uint8Array): Promise<Verdict | string> {
  const raw = await openRawClient(server.wsUrl);
  try {
    raw.send(authFrame(name, token));
    const auth = await authAnswer(raw);
    if (auth !== 'authenticated') return `not authenticated: ${auth}`;
    raw.send(updateFrame(name, update));
    let closed: { code: number; reason: string } | null = null;
    void raw.closed.then((c) => (closed = c));
    let status: boolean | null = null;
    let documentClose: { code: number; reason: string } | null = null;
    await waitUntil(
      () => (status = syncStatus(raw.received)) !== null || (documentClose = documentClosed(raw.received)) !== null || closed !== null,
      'the server answers the update',
    );
    if (status !== null) return status ? 'accepted' : 'refused';
    // A rule refusal closes the document (its CLOSE message), not the socket.
    if (documentClose !== null) closed = documentClose;
    const { code, reason } = closed!;
    return code === CLOSE.notPermitted ? 'refused' : `closed ${code} ${reason}`;
  } finally {
    raw.socket.terminate();
  }
}

/** The SyncStatus answer among the frames received: applied or not, or null if none came yet. */
function syncStatus(frames: readonly Uint8Array[]): boolean | null {
  for (const data of frames) {
    const decoder = decoding.createDecoder(data);
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) === FrameType.SyncStatus) return decoding.readVarUint(decoder) === 1;
  }
  return null;
}

/** What the server should hold: every document, with the allowed operations only. */
class Expected {
  readonly docs = new Map<string, Y.Doc>();

  constructor(names: readonly string[], from: (name: string) => Y.Doc) {
    for (const name of names) this.docs.set(name, copy(from(name), kindOf(name)));
  }

  /** The shared rules' verdict on `update` from `member`, on the documents as they are. */
  verdict(name: string, member: Member, update: Uint8Array): Verdict {
    const ref = parseDocName(name)!;
    const manifest = readManifest(this.docs.get(manifestDocName(planId))!);
    const entry = ref.kind === 'chapter' ? ([...manifest.chapters, ...manifest.deletedChapters].find((c) => c.id === ref.chapterId) ?? null) : null;
    const shadow = copy(this.docs.get(name)!, ref.kind === 'manifest' ? 'manifest' : 'chapter');
    const deletedText = ref.kind === 'chapter' && (entry === null || !may(member, 'edit-directly', { chapter: entry }));
    const changes = recordChanges(shadow, ref.kind === 'manifest' ? 'manifest' : 'chapter', () => Y.applyUpdate(shadow, update), { deletedText });
    if (changes.length === 0) return 'accepted';
    const target = ref.kind === 'manifest' ? { kind: 'manifest' as const, planId } : { kind: 'chapter' as const, planId, chapterId: ref.chapterId, chapter: entry };
    return checkDocChanges(member, target, changes) === null ? 'accepted' : 'refused';
  }
}

function kindOf(name: string): 'manifest' | 'chapter' {
  return parseDocName(name)?.kind === 'manifest' ? 'manifest' : 'chapter';
}

function copy(doc: Y.Doc, kind: 'manifest' | 'chapter', clientID?: number): Y.Doc {
  const clone = new Y.Doc();
  if (clientID !== undefined) clone.clientID = clientID;
  defineRoots(clone, kind);
  Y.applyUpdate(clone, Y.encodeStateAsUpdate(doc));
  return clone;
}

/** A document's content, for comparison: its state vector and every root as JSON. */
function content(doc: Y.Doc, kind: 'manifest' | 'chapter'): string {
  const probe = copy(doc, kind);
  return JSON.stringify({ sv: [...Y.decodeStateVector(Y.encodeStateVector(probe))].sort(), roots: probe.toJSON() });
}

interface Operation {
  readonly what: string;
  readonly name: string;
  /** Makes the change on `doc`, a copy of what the server holds; throws if the app's own checks refuse it. */
  act(doc: Y.Doc): void;
}

/**
 * One random operation by `sender`. `actor` is who the change claims to be
 * by: the sender (honest), the sender with the coordinator's powers in
 * their own app (a modified client, signing with their own name), or
 * another member (a forgery).
 */
function randomOperation(random: () => number, index: number, sender: Person, expected: Expected): Operation {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const mode = random();
  const actor: Member =
    mode < 0.6 ? sender.member : mode < 0.8 ? { ...sender.member, role: 'coordinator' } : pick(people.filter((p) => p !== sender)).member;
  const signed = actor === sender.member ? 'honest' : actor.memberId === sender.member.memberId ? 'elevated' : `as ${actor.name}`;
  const manifestName = manifestDocName(planId);
  const manifest = readManifest(expected.docs.get(manifestName)!);
  const chapter = pick(manifest.chapters);
  const entryOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('chapters').get(chapter.id) as Y.Map<unknown>;
  const chapterName = chapterDocName(planId, pick(chapterIds));
  const threads = readThreads(expected.docs.get(chapterName)!);
  const thread = threads.length === 0 ? null : pick(threads);
  const message = thread === null ? undefined : pick(thread.messages);
  const at = new Date(Date.UTC(2026, 11, 1) + index * 60_000).toISOString();
  const always: (() => Operation)[] = [
    () => ({ what: 'renames the plan', name: manifestName, act: (doc) => doc.getMap('plan').set('title', `Plan ${index}`) }),
    () => ({ what: 'renames a chapter', name: manifestName, act: (doc) => entryOf(doc).set('title', `Kapitel nr ${index}`) }),
    () => ({ what: 'gives a chapter another owner', name: manifestName, act: (doc) => entryOf(doc).set('owner', pick(AGENCY_CODES)) }),
    () => ({ what: 'moves a chapter', name: manifestName, act: (doc) => entryOf(doc).set('order', Math.floor(random() * 10)) }),
    () => ({ what: 'names co-writers', name: manifestName, act: (doc) => setCoWriters(doc, chapter.id, AGENCY_CODES.filter(() => random() < 0.3)) }),
    () => ({ what: 'sets a status without its history', name: manifestName, act: (doc) => entryOf(doc).set('status', pick(['draft', 'in-review', 'approved'])) }),
    () => {
      const action = pick(Object.keys(TRANSITIONS) as StatusAction[]);
      return { what: `takes the status step ${action} (${signed})`, name: manifestName, act: (doc) => void changeStatus(doc, chapter.id, actor, { action, at, reason: 'Behöver ses över.' }) };
    },
    () => ({ what: 'adds a chapter', name: manifestName, act: (doc) => addChapter(doc, { id: seededUuid(), title: `Nytt ${index}`, owner: pick(AGENCY_CODES) }, 10 + index) }),
    () => ({
      what: `starts a thread (${signed})`,
      name: chapterName,
      act: (doc) => createThread(doc, actor, { id: `t${index}`, messageId: `m${index}`, text: `Fråga ${index}`, quote: '', assignedAgency: random() < 0.5 ? null : pick(AGENCY_CODES), at }),
    }),
  ];
  // Text: not in an approved chapter, where a non-coordinator's words make
  // the server reopen the chapter in the manifest (late-edit.ts), a write of
  // its own that this copy does not model.
  const textChapter = readManifest(expected.docs.get(manifestName)!).chapters.find((c) => chapterDocName(planId, c.id) === chapterName);
  if (textChapter !== undefined && textChapter.status !== 'approved') {
    const length = chapterText(expected.docs.get(chapterName)!).length;
    const position = Math.floor(random() * (length + 1));
    always.push(
      () => ({ what: 'writes words directly', name: chapterName, act: (doc) => chapterText(doc).insert(position, `ord${index} `) }),
      () => ({
        what: `suggests words (${signed})`,
        name: chapterName,
        act: (doc) => {
          const text = chapterText(doc);
          text.insert(text.length, `förslag${index}`, startSuggestedParagraph(doc, text, actor));
        },
      }),
      () => {
        const from = Math.floor(random() * length);
        return { what: 'deletes words', name: chapterName, act: (doc) => chapterText(doc).delete(from, Math.min(1 + Math.floor(random() * 8), length - from)) };
      },
    );
  }
  if (thread === null) return pick(always)();
  const onThread: (() => Operation)[] = [
    () => ({ what: `replies (${signed})`, name: chapterName, act: (doc) => replyToThread(doc, actor, thread.id, { id: `r${index}`, text: `Svar ${index}`, at }) }),
    () => ({ what: `edits a message (${signed})`, name: chapterName, act: (doc) => editMessage(doc, actor, thread.id, message!.id, `Ändrat ${index}`, at) }),
    () => ({ what: `deletes a message (${signed})`, name: chapterName, act: (doc) => deleteMessage(doc, actor, thread.id, message!.id, at) }),
    () => ({ what: `resolves a thread (${signed})`, name: chapterName, act: (doc) => resolveThread(doc, actor, thread.id, at) }),
    () => ({ what: `reopens a thread (${signed})`, name: chapterName, act: (doc) => reopenThread(doc, actor, thread.id, at) }),
    () => ({ what: `assigns a thread (${signed})`, name: chapterName, act: (doc) => assignThread(doc, actor, thread.id, pick(AGENCY_CODES), at) }),
    () => ({ what: 'removes a thread', name: chapterName, act: (doc) => threadsMap(doc).delete(thread.id) }),
    () => ({
      what: 'removes an event from a history',
      name: chapterName,
      act: (doc) => ((threadsMap(doc).get(thread.id) as Y.Map<unknown>).get('events') as Y.Array<unknown>).delete(0, 1),
    }),
  ];
  return pick([...always, ...onThread])();
}

describe('sync server: the role guard under a seeded fuzz', () => {
  it('every operation meets the fate the shared rules give it, and the server keeps exactly the allowed ones, also after a restart', async () => {
    console.log(`guard fuzz: seed ${SEED}, ${OPERATIONS} operations (GUARD_FUZZ_SEED=${SEED} repeats it)`);
    const random = seededRandom(SEED);
    const names = [manifestDocName(planId), ...chapterIds.map((id) => chapterDocName(planId, id))];
    const expected = new Expected(names, (name) => observers.get(name)!.doc);
    const mismatches: string[] = [];
    const tally = new Map<string, number>();
    const kinds = new Map<string, number>();
    let skipped = 0;
    /** Who writes under each Yjs client id on the server: the first member, not a reader, to send structs under it. */
    const clientOwners = new Map<number, string>();
    for (let i = 0; i < OPERATIONS; i++) {
      const sender = people[Math.floor(random() * people.length)]!;
      const operation = randomOperation(random, i, sender, expected);
      const base = expected.docs.get(operation.name)!;
      // One in ten is written under a client id of another member's, when there is one.
      const others = [...clientOwners].filter(([, owner]) => owner !== sender.member.memberId).map(([client]) => client);
      const borrowed = others.length > 0 && random() < 0.1 ? others[Math.floor(random() * others.length)]! : null;
      const client = borrowed ?? 1_000_000 + i;
      const replica = copy(base, kindOf(operation.name), client);
      try {
        operation.act(replica);
      } catch {
        // The app's own checks refuse it (a status step from the wrong status, editing another's message as oneself).
        skipped++;
        continue;
      }
      const update = Y.encodeStateAsUpdate(replica, Y.encodeStateVector(base));
      // A deletion alone writes no structs, and so under no client id.
      const writes = Y.parseUpdateMeta(update).to.has(client);
      const want = borrowed !== null && writes ? 'refused' : expected.verdict(operation.name, sender.member, update);
      if (borrowed === null && writes && sender.member.role !== 'reader') clientOwners.set(client, sender.member.memberId);
      const got = await send(operation.name, sender.token, update);
      const line = `#${i} ${sender.member.role} ${sender.member.agency} ${operation.what}${borrowed === null ? '' : ` under client ${borrowed} of another member`}`;
      tally.set(want, (tally.get(want) ?? 0) + 1);
      const kind = `${operation.what.replace(/ \(.*\)$/, '')}${borrowed !== null && writes ? ' under another member’s client id' : ''}: ${want}`;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      if (got !== want) mismatches.push(`${line}: rules say ${want}, server ${got}`);
      if (want === 'accepted') Y.applyUpdate(base, update);
    }
    console.log(`guard fuzz: seed ${SEED}: ${tally.get('accepted') ?? 0} accepted, ${tally.get('refused') ?? 0} refused, ${skipped} refused by the app itself; ${[...kinds].sort().map(([kind, count]) => `${kind} ${count}`).join(', ')}`);
    expect(mismatches).toEqual([]);
    expect(tally.get('accepted') ?? 0).toBeGreaterThan(0);
    expect(tally.get('refused') ?? 0).toBeGreaterThan(0);

    const want = new Map(names.map((name) => [name, content(expected.docs.get(name)!, kindOf(name))]));
    const held = async (): Promise<Map<string, string>> => {
      const result = new Map<string, string>();
      for (const name of names) {
        const fresh = connectClient(server.wsUrl, name, people[0]!.token);
        try {
          await waitUntil(() => isSettled(fresh), `a fresh copy of ${name}`);
          result.set(name, content(fresh.doc, kindOf(name)));
        } finally {
          fresh.destroy();
        }
      }
      return result;
    };
    expect(await held()).toEqual(want);
    await waitUntil(() => names.every((name) => content(observers.get(name)!.doc, kindOf(name)) === want.get(name)), "the coordinator's apps hold what the server holds");

    for (const observer of observers.values()) observer.destroy();
    observers.clear();
    const port = server.port;
    await server.stop();
    server = await startServer(port);
    expect(await held()).toEqual(want);
  }, 300_000);
});

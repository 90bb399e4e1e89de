/**
 * One member only by file, two on the sync server (issue 17): Cecilia's
 * agency network reaches no WebSocket, so she exchanges files with the
 * coordinator, Anna, whose app is online; Björn is online too. Everything is
 * real: a sync server process, Hocuspocus clients standing in for the two
 * online apps' renderers (every update they see is saved to their host, as
 * the app's save queue does), and a HostService per computer.
 *
 * Anna's app sends Cecilia's file itself to the server
 * (`POST /api/plans/:planId/exchange`), which checks her signature against
 * its member list and applies the file with *her* rights, so her comment and
 * suggestion reach Björn as hers, as if she had been online. The refusals
 * are posted to the endpoint directly, with Anna's token, and leave the
 * server's documents as they were.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { HostService } from '../../../src-main/host/host-service.ts';
import { chapterText, readChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { createThread, readThreads } from '../../../shared/comments/threads.ts';
import { EXCHANGE_MEDIA_TYPE } from '../../../shared/exchange/exchange-file.ts';
import { initChapterMeta } from '../../../shared/plan/chapter.ts';
import { chapterDocName, manifestDocName } from '../../../shared/plan/doc-names.ts';
import { initManifest } from '../../../shared/plan/manifest.ts';
import type { Member } from '../../../shared/plan/member.ts';
import { createSuggestion, noteWriting, readSuggestions } from '../../../shared/suggestions/suggestions.ts';
import { suggestionMarkKey } from '../../../shared/chapter-text/text-attributes.ts';
import { changeStatus } from '../../../shared/workflow/chapter-status.ts';
import { readStatusHistory } from '../../../shared/workflow/status-history.ts';
import type { ServerLink } from '../../../shared/host-api/host-api.ts';
import { API_PATHS } from '../../../shared/sync-protocol/http-api.ts';
import { CLOSE, readDocumentClose } from '../../../shared/sync-protocol/close-codes.ts';
import { ruleOfCloseReason } from '../../../shared/rules/rule-refusal.ts';
import { postJson, runAdmin, startSyncServerProcess, type SyncServerProcess } from '../../support/sync-server-process.ts';
import { connectClient, isSettled, waitUntil, type TestClient } from '../../support/sync-client.ts';
import { editChapter, paragraphs, runOf } from '../host/chapter-doc.ts';
import { changesFile, chapterDoc, comment, commentsOf, importFile, inspect, paragraphsOf, writeChapter, type Peer } from './exchange-peers.ts';
import { forged, rawPublicKey } from './forged-file.ts';

let server: SyncServerProcess;
let serverDir: string;
const dirs: string[] = [];
const cleanUps: (() => void)[] = [];

function computer(): HostService {
  const dir = mkdtempSync(join(tmpdir(), 'samskriv-mixed-'));
  dirs.push(dir);
  const host = new HostService(dir);
  cleanUps.push(() => host.close());
  return host;
}

const FROM_FILE = Symbol('imported from a file');

/** An online member's app: their host, and their plan's docs kept in sync with the server and saved to the host. */
interface Online extends Peer {
  readonly manifest: TestClient;
  /** Chapter A (Jämställdhetsmyndigheten's), chapter B (Försäkringskassan's). */
  readonly chapters: readonly [TestClient, TestClient];
  readonly token: string;
}

let planId: string;
const chapterA = randomUUID();
const chapterB = randomUUID();
let anna: Online;
let björn: Online;
let cecilia: Peer;
let annaHost: HostService;

async function goOnline(host: HostService, link: ServerLink): Promise<Online> {
  const credentials = (await host.getSyncCredentials({ planId: link.planId }))!;
  const connect = (name: string): TestClient => {
    const client = connectClient(credentials.websocketUrl, name, credentials.token);
    client.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== FROM_FILE) void host.saveUpdate({ docName: name, update });
    });
    cleanUps.push(() => client.destroy());
    return client;
  };
  const manifest = connect(manifestDocName(link.planId));
  const chapters = [connect(chapterDocName(link.planId, chapterA)), connect(chapterDocName(link.planId, chapterB))] as const;
  await waitUntil(() => isSettled(manifest) && chapters.every(isSettled), `${link.member.name} is synced`);
  const member: Member = { memberId: link.member.id, name: link.member.name, agency: link.member.agency, role: link.member.role };
  return { host, member, manifest, chapters, token: credentials.token };
}

/** What an import stored, applied to Anna's open plan, as her renderer does: her sync then sends it on. */
function applyInAnnasApp(updates: readonly { readonly name: string; readonly update: Uint8Array }[]): void {
  for (const { name, update } of updates) {
    const doc = name === manifestDocName(planId) ? anna.manifest.doc : name === chapterDocName(planId, chapterA) ? anna.chapters[0].doc : anna.chapters[1].doc;
    Y.applyUpdate(doc, update, FROM_FILE);
  }
}

function textOf(doc: Y.Doc): string[] {
  const texts: string[] = [];
  readChapterDoc(doc).forEach((block) => texts.push(block.textContent));
  return texts;
}

/** What a fresh client of the server sees of a document: its content and state vector. */
async function serverState(name: string): Promise<string> {
  const client = connectClient(server.wsUrl, name, anna.token);
  try {
    await waitUntil(() => isSettled(client), `${name} is read from the server`);
    const doc = client.doc;
    return JSON.stringify({ text: doc.getText('text').toDelta(), threads: doc.getMap('threads').toJSON(), suggestions: doc.getMap('suggestions').toJSON(), chapters: doc.getMap('chapters').toJSON(), sv: [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort() });
  } finally {
    client.destroy();
  }
}

async function serverStates(): Promise<string[]> {
  return Promise.all([manifestDocName(planId), chapterDocName(planId, chapterA), chapterDocName(planId, chapterB)].map(serverState));
}

/** Posts a file to the exchange endpoint as Anna (the relayer). */
async function post(file: Uint8Array): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${API_PATHS.exchange(planId)}`, {
    method: 'POST',
    headers: { 'content-type': EXCHANGE_MEDIA_TYPE, authorization: `Bearer ${anna.token}` },
    body: file.slice(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Cecilia suggests `words` at the end of chapter B's text, as the editor in suggest mode writes it: her suggestion's record, then the marked words. */
async function suggestAtEnd(p: Peer, existing: string[], words: string, id: string): Promise<void> {
  const { doc, name } = await chapterDoc(p.host, planId, 1);
  const before = Y.encodeStateVector(doc);
  doc.transact(() => {
    createSuggestion(doc, p.member, { id, kind: 'insert' });
    noteWriting(doc, id, false);
  });
  const last = existing[existing.length - 1]!;
  const json = paragraphs(...existing) as { content: { content?: unknown[] }[] };
  json.content[json.content.length - 1]!.content = [
    { type: 'text', text: last },
    { type: 'text', text: words, marks: [{ type: 'suggestion_insert', attrs: { id } }] },
  ];
  editChapter(doc, json);
  await p.host.saveUpdate({ docName: name, update: Y.encodeStateAsUpdate(doc, before) });
}

/** A copy of a document as an online member holds it, to change as a file's author would: the update and snapshot come from `fileDoc`. */
function serverCopy(source: Y.Doc): { doc: Y.Doc; readonly sv: Uint8Array } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  return { doc, sv: Y.encodeStateVector(doc) };
}

/** Chapter B with Björn's paragraph gone, as the editor writes it: Cecilia's suggested words keep their mark. */
const WITHOUT_BJÖRN = {
  type: 'doc',
  content: [
    {
      type: 'paragraph',
      attrs: { suggestion: null },
      content: [
        { type: 'text', text: 'Försäkring.' },
        { type: 'text', text: ' Cecilias förslag.', marks: [{ type: 'suggestion_insert', attrs: { id: 'cec1.s1' } }] },
      ],
    },
  ],
};

interface Dora {
  readonly member: Member;
  readonly pair: ReturnType<typeof generateKeyPairSync>;
}
let joinedDora: Dora | null = null;

/** Dora Ek, a drafter at Migrationsverket who joined with a key this test holds, so it can sign files in her name. */
async function doraMember(): Promise<Dora> {
  if (joinedDora !== null) return joinedDora;
  const pair = generateKeyPairSync('ed25519');
  const invitation = await annaHost.createInvitation({ planId, name: 'Dora Ek', agency: 'migr', role: 'drafter' });
  const joined = await postJson(`${server.url}/api/join`, { code: invitation.code, publicKey: rawPublicKey(pair) });
  expect(joined.status).toBe(200);
  const id = String((joined.body['member'] as Record<string, unknown>)['id']);
  joinedDora = { member: { memberId: id, name: 'Dora Ek', agency: 'migr', role: 'drafter' }, pair };
  return joinedDora;
}

/** A changes file by Dora, validly signed, carrying `docs` (each a changed copy: what changed since `sv`, or a given update). */
function doraFile(dora: Dora, docs: readonly ({ name: string } & ({ doc: Y.Doc; sv: Uint8Array } | { update: Uint8Array; snapshot: Uint8Array }))[]): Uint8Array {
  const parts = docs.map((d) => ('doc' in d ? { name: d.name, update: Y.encodeStateAsUpdateV2(d.doc, d.sv), snapshot: Y.encodeSnapshot(Y.snapshot(d.doc)) } : { name: d.name, update: d.update, snapshot: d.snapshot }));
  return forged(
    ceciliasFile,
    { memberId: dora.member.memberId, name: 'Dora Ek', agency: 'migr', role: 'drafter' },
    (content) => ({ header: { ...content.header, recipientId: null, docs: parts.map((p) => p.name) }, docs: parts, relayed: [] }),
    dora.pair,
  );
}

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'samskriv-mixed-server-'));
  server = await startSyncServerProcess({ dataDir: serverDir });
  const created = runAdmin(serverDir, ['create-plan', '--coordinator-name', 'Anna Ek', '--agency', 'af']);
  annaHost = computer();
  const annaLink = await annaHost.joinPlan({ serverUrl: server.url, code: String(created['code']) });
  planId = annaLink.planId;
  anna = await goOnline(annaHost, annaLink);
  // The coordinator's app writes the plan: chapter A is Jämställdhetsmyndigheten's, chapter B Försäkringskassan's.
  anna.chapters[0].doc.transact(() => initChapterMeta(anna.chapters[0].doc, planId, chapterA));
  anna.chapters[1].doc.transact(() => initChapterMeta(anna.chapters[1].doc, planId, chapterB));
  initManifest(anna.manifest.doc, {
    planId,
    title: 'Blandad plan',
    deadline: null,
    createdAt: new Date().toISOString(),
    chapters: [
      { id: chapterA, title: 'Jämställdhet', owner: 'jamy' },
      { id: chapterB, title: 'Försäkring', owner: 'fk' },
    ],
  });
  editChapter(anna.chapters[0].doc, paragraphs('Jämställdhet.'));
  editChapter(anna.chapters[1].doc, paragraphs('Försäkring.'));
  await waitUntil(() => isSettled(anna.manifest) && anna.chapters.every(isSettled), 'the plan is on the server');

  const invite = async (name: string, agency: 'fk' | 'jamy'): Promise<{ host: HostService; link: ServerLink }> => {
    const invitation = await annaHost.createInvitation({ planId, name, agency, role: 'drafter' });
    const host = computer();
    return { host, link: await host.joinPlan({ serverUrl: server.url, code: invitation.code }) };
  };
  const björnJoined = await invite('Björn Berg', 'fk');
  björn = await goOnline(björnJoined.host, björnJoined.link);
  const ceciliaJoined = await invite('Cecilia Dahl', 'jamy');
  cecilia = { host: ceciliaJoined.host, member: { memberId: ceciliaJoined.link.member.id, name: 'Cecilia Dahl', agency: 'jamy', role: 'drafter' } };
  // Cecilia never connects: the plan reaches her as a file from the coordinator.
  await importFile(cecilia, planId, (await changesFile(anna, planId, null))!);
}, 90_000);

afterAll(async () => {
  for (const cleanUp of cleanUps.splice(0)) cleanUp();
  await server.stop();
  rmSync(serverDir, { recursive: true, force: true });
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Cecilia's first file to Anna, once written. */
let ceciliasFile: Uint8Array;
/** The Yjs client id under which the server gave back Dora's direct bold. */
let correctionClient: number;

describe('one member by file, two on the sync server', () => {
  it('the server applies Cecilia’s file in her name: Björn gets her comment and suggestion as hers, and all three converge', async () => {
    // All three write, Cecilia offline: her own chapter's text, and in Björn's
    // chapter a comment and a suggestion (she may not change his words directly).
    await writeChapter(cecilia.host, planId, ['Jämställdhet.', 'Cecilia skriver.'], 0);
    await comment(cecilia, planId, 'Cecilias fråga', 1);
    await suggestAtEnd(cecilia, ['Försäkring.'], ' Cecilias förslag.', 'cec1.s1');
    editChapter(björn.chapters[1].doc, paragraphs('Försäkring.', 'Björn skriver.'));
    createThread(björn.chapters[1].doc, björn.member, { id: randomUUID(), messageId: randomUUID(), text: 'Björns fråga', quote: '', assignedAgency: null });
    await waitUntil(() => isSettled(björn.chapters[1]) && readThreads(anna.chapters[1].doc).length === 1, 'Björn’s work reaches Anna');

    // Cecilia's file to Anna. The preview says the server must take it; the import sends it there.
    ceciliasFile = (await changesFile(cecilia, planId, anna))!;
    const choice = await inspect(anna, planId, ceciliasFile);
    expect(choice).toMatchObject({ outcome: 'ready', preview: { serverOnly: { signer: { name: 'Cecilia Dahl' } } } });
    const imported = await importFile(anna, planId, ceciliasFile);
    expect(imported.outcome.sentToServer).toBe(true);
    applyInAnnasApp(imported.outcome.updates);

    // Björn, online, gets her comment and suggestion from the server, by her.
    await waitUntil(() => readThreads(björn.chapters[1].doc).some((t) => t.author.memberId === cecilia.member.memberId), 'Cecilia’s comment reaches Björn');
    await waitUntil(() => readSuggestions(björn.chapters[1].doc).length === 1, 'Cecilia’s suggestion reaches Björn');
    expect(readThreads(björn.chapters[1].doc).map((t) => `${t.author.name}: ${t.messages[0]?.text ?? ''}`).sort()).toEqual(['Björn Berg: Björns fråga', 'Cecilia Dahl: Cecilias fråga']);
    expect(readSuggestions(björn.chapters[1].doc).map((s) => ({ id: s.id, author: s.author.name, agency: s.author.agency }))).toEqual([{ id: 'cec1.s1', author: 'Cecilia Dahl', agency: 'jamy' }]);
    await waitUntil(() => textOf(björn.chapters[0].doc).includes('Cecilia skriver.'), 'Cecilia’s text reaches Björn');
    expect(server.logs().some((r) => r['event'] === 'exchange-applied' && r['relayer'] === anna.member.memberId && r['signer'] === cecilia.member.memberId)).toBe(true);

    // Anna's answer brings Björn's work to Cecilia.
    await waitUntil(() => anna.chapters.every(isSettled) && björn.chapters.every(isSettled), 'Anna and Björn are synced');
    await importFile(cecilia, planId, (await changesFile(anna, planId, cecilia))!);

    // Each one's words where they meant them, on all three computers.
    const intended = [
      ['Jämställdhet.', 'Cecilia skriver.'],
      ['Försäkring. Cecilias förslag.', 'Björn skriver.'],
    ];
    for (const [index, expected] of intended.entries()) {
      expect(textOf(anna.chapters[index]!.doc)).toEqual(expected);
      expect(textOf(björn.chapters[index]!.doc)).toEqual(expected);
      expect(await paragraphsOf(cecilia.host, planId, index)).toEqual(expected);
    }
    const comments = ['Björn Berg: Björns fråga', 'Cecilia Dahl: Cecilias fråga'];
    expect(await commentsOf(cecilia.host, planId, 1)).toEqual(comments);
    expect(await commentsOf(annaHost, planId, 1)).toEqual(comments);
  }, 90_000);

  it('posting the same file again changes nothing', async () => {
    const before = await serverStates();
    const again = await post(ceciliasFile);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ outcome: 'nothing-new', signer: { name: 'Cecilia Dahl' } });
    expect((again.body['docs'] as { outcome: string }[]).every((d) => d.outcome === 'unchanged')).toBe(true);
    expect(await serverStates()).toEqual(before);
  }, 60_000);

  it('a file in which a drafter deletes another agency’s words is refused whole, and the server’s documents are unchanged', async () => {
    // Dora (Migrationsverket) comments on chapter A (allowed) and deletes Björn's paragraph in chapter B (not allowed).
    const dora = await doraMember();
    const a = serverCopy(björn.chapters[0].doc);
    const b = serverCopy(björn.chapters[1].doc);
    createThread(a.doc, dora.member, { id: randomUUID(), messageId: randomUUID(), text: 'Doras fråga', quote: '', assignedAgency: null });
    editChapter(b.doc, WITHOUT_BJÖRN);
    const file = doraFile(dora, [
      { name: chapterDocName(planId, chapterA), ...a },
      { name: chapterDocName(planId, chapterB), ...b },
    ]);
    const before = await serverStates();
    const answer = await post(file);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ error: { code: 'rule-refused' }, rule: 'text-not-permitted', signer: { name: 'Dora Ek', agency: 'migr' } });
    expect(answer.body['docs']).toEqual([
      { name: chapterDocName(planId, chapterA), outcome: 'not-applied' },
      { name: chapterDocName(planId, chapterB), outcome: 'refused', rule: 'text-not-permitted' },
    ]);
    expect(await serverStates()).toEqual(before);
    expect(server.logs().some((r) => r['event'] === 'exchange-refused' && r['code'] === 'rule-refused' && r['signer'] === dora.member.memberId && r['relayer'] === anna.member.memberId)).toBe(true);
    // The coordinator's app refuses the same file before it is stored, for the same rule.
    expect(await inspect(anna, planId, file)).toMatchObject({ outcome: 'refused', refusal: { problem: 'rule-refused', rule: 'text-not-permitted', sender: { name: 'Dora Ek' } } });
  }, 60_000);

  it('a file in which a drafter bolds another agency’s words directly is applied with the bold given back: Björn never sees it, the stored chapter has none, her suggestion is kept', async () => {
    // Dora (Migrationsverket) suggests words in Björn's chapter, as the editor in suggest
    // mode writes them, and her modified app bolds Björn's words directly.
    const dora = await doraMember();
    const b = serverCopy(björn.chapters[1].doc);
    b.doc.transact(() => {
      createSuggestion(b.doc, dora.member, { id: 'dora.s1', kind: 'insert' });
      noteWriting(b.doc, 'dora.s1', false);
    });
    const json = readChapterDoc(b.doc).toJSON() as { content: { content?: { text?: string }[] }[] };
    const björns = json.content.find((block) => block.content?.some((node) => node.text === 'Björn skriver.'))!;
    björns.content!.push({ type: 'text', text: ' Doras förslag.', marks: [{ type: 'suggestion_insert', attrs: { id: 'dora.s1' } }] } as { text: string });
    editChapter(b.doc, json);
    chapterText(b.doc).format(runOf(b.doc, 'Björn skriver.').index, 'Björn skriver.'.length, { bold: {} });
    expect(runOf(b.doc, 'Björn skriver.').attributes).toHaveProperty('bold');
    const file = doraFile(dora, [{ name: chapterDocName(planId, chapterB), ...b }]);

    const björnsDoc = björn.chapters[1].doc;
    let everBold = false;
    const watch = (): void => {
      everBold ||= 'bold' in runOf(björnsDoc, 'Björn skriver.').attributes;
    };
    björnsDoc.on('afterTransaction', watch);
    try {
      // Anna's app imports it: its preview says what is given back; the server applies the
      // file in Dora's name; her app stores and syncs the same, its own correction included.
      const imported = await importFile(anna, planId, file);
      expect(imported.ready.preview.chapters).toMatchObject([{ chapterId: chapterB, newSuggestions: 1, formattingGivenBack: 1 }]);
      expect(imported.outcome.sentToServer).toBe(true);
      applyInAnnasApp(imported.outcome.updates);
      await waitUntil(() => textOf(björnsDoc).some((t) => t.endsWith(' Doras förslag.')), 'Dora’s suggested words reach Björn');
      await waitUntil(() => anna.chapters.every(isSettled) && björn.chapters.every(isSettled), 'Anna and Björn are synced');
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      björnsDoc.off('afterTransaction', watch);
    }
    expect(everBold, 'Björn never sees her bold').toBe(false);
    expect(runOf(björnsDoc, 'Björn skriver.').attributes).toEqual({});
    expect(runOf(björnsDoc, ' Doras förslag.').attributes).toEqual({ [suggestionMarkKey('suggestion_insert', 'dora.s1')]: { id: 'dora.s1' } });
    expect(readSuggestions(björnsDoc).find((s) => s.id === 'dora.s1')?.author.memberId).toBe(dora.member.memberId);
    // Logged with the client id the server wrote the correction under: not hers (her file writes under b.doc's).
    const logged = server.logs().find((r) => r['event'] === 'formatting-corrected' && r['via'] === 'exchange' && r['signer'] === dora.member.memberId);
    expect(logged).toMatchObject({ document: chapterDocName(planId, chapterB), runs: 1 });
    correctionClient = Number(logged!['client']);
    expect(correctionClient).not.toBe(b.doc.clientID);
    expect(Y.getState(björnsDoc.store, correctionClient)).toBeGreaterThan(0);

    // The chapter as stored: after a restart, no bold, and her words.
    await server.stop();
    server = await startSyncServerProcess({ dataDir: serverDir, port: server.port });
    const fresh = connectClient(server.wsUrl, chapterDocName(planId, chapterB), anna.token);
    try {
      await waitUntil(() => isSettled(fresh), 'the chapter is read from the restarted server');
      expect(textOf(fresh.doc)).toContain('Björn skriver. Doras förslag.');
      expect(runOf(fresh.doc, 'Björn skriver.').attributes).toEqual({});
    } finally {
      fresh.destroy();
    }
    await waitUntil(() => anna.chapters.every(isSettled) && björn.chapters.every(isSettled), 'Anna and Björn are back on the server', 30_000);
  }, 90_000);

  it('no member can write under the client id the server gave the bold back under: it is the server’s', async () => {
    // Björn, who may write anything in his chapter, writes a comment under that id.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(björn.chapters[1].doc));
    doc.clientID = correctionClient;
    const client = connectClient(server.wsUrl, chapterDocName(planId, chapterB), björn.token, doc);
    let closed: { code: number; reason: string } | null = null;
    client.provider.on('close', ({ event }: { event: { code: number; reason: string } }) => {
      closed ??= readDocumentClose(event.reason);
    });
    try {
      await waitUntil(() => isSettled(client), 'Björn’s second copy is synced');
      createThread(doc, björn.member, { id: 'under-the-servers-id', messageId: randomUUID(), text: 'Under serverns id', quote: '', assignedAgency: null });
      await waitUntil(() => closed !== null, 'the server closes the document');
      expect(closed!.code).toBe(CLOSE.notPermitted);
      expect(ruleOfCloseReason(closed!.reason)).toBe('client-not-yours');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(readThreads(anna.chapters[1].doc).some((t) => t.id === 'under-the-servers-id')).toBe(false);
    } finally {
      client.destroy();
    }
  }, 60_000);

  it('a file whose changes are written under another member’s Yjs client id is refused whole, and the server’s documents are unchanged', async () => {
    // Dora's comment would be allowed; her modified app writes it under the client id of Björn's app.
    const dora = await doraMember();
    const b = serverCopy(björn.chapters[1].doc);
    b.doc.clientID = björn.chapters[1].doc.clientID;
    createThread(b.doc, dora.member, { id: randomUUID(), messageId: randomUUID(), text: 'Doras fråga under Björns id', quote: '', assignedAgency: null });
    const before = await serverStates();
    const answer = await post(doraFile(dora, [{ name: chapterDocName(planId, chapterB), ...b }]));
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ error: { code: 'rule-refused' }, rule: 'client-not-yours', signer: { name: 'Dora Ek', agency: 'migr' } });
    expect(await serverStates()).toEqual(before);
    // Björn's own next writing, under that id, still reaches the others.
    createThread(björn.chapters[1].doc, björn.member, { id: 'björn-igen', messageId: randomUUID(), text: 'Björn igen', quote: '', assignedAgency: null });
    await waitUntil(() => isSettled(björn.chapters[1]) && readThreads(anna.chapters[1].doc).some((t) => t.id === 'björn-igen'), 'Björn’s comment reaches Anna');
  }, 60_000);

  it('a validly signed file whose update hangs the Yjs decoder (yjs#687) is stopped by the server’s worker, and the server keeps serving', async () => {
    const dora = await doraMember();
    const hang = new Uint8Array(Buffer.from('00010000000001000100010200001602000001fdffffffff7f0000', 'hex'));
    const file = doraFile(dora, [{ name: chapterDocName(planId, chapterB), update: hang, snapshot: Y.encodeSnapshot(Y.emptySnapshot) }]);
    const before = await serverStates();
    const started = Date.now();
    const answer = post(file);
    // While the worker spins, the server answers others.
    await waitUntil(() => Date.now() - started > 500, 'the file is being checked');
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const refused = await answer;
    // The worker stops it on its time limit (503, the server was busy with it)
    // or on its memory limit (422, the file needs too much to read): which
    // comes first depends on the machine's speed.
    expect([422, 503]).toContain(refused.status);
    expect(refused.body).toMatchObject({ error: { code: 'too-costly' } });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await serverStates()).toEqual(before);
  }, 60_000);

  it('a tampered file is refused, and the server’s documents are unchanged', async () => {
    await comment(cecilia, planId, 'En fråga till', 1);
    const file = (await changesFile(cecilia, planId, anna))!;
    // One character of the plan title in the signed header: still a well-formed file.
    const at = Buffer.from(file).indexOf('Blandad plan');
    expect(at).toBeGreaterThan(0);
    const tampered = file.slice();
    tampered[at] = 'K'.charCodeAt(0);
    const before = await serverStates();
    const answer = await post(tampered);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ error: { code: 'bad-signature' }, signer: { name: 'Cecilia Dahl' } });
    expect(await serverStates()).toEqual(before);
  }, 60_000);

  it('a file passed on inside another member’s file is judged as its own signer’s: Cecilia’s comment inside Dora’s file is hers', async () => {
    const dora = await doraMember();
    await comment(cecilia, planId, 'Cecilias fråga via Dora', 1);
    const hers = (await changesFile(cecilia, planId, anna))!;
    const carrying = (relayed: Uint8Array[]): Uint8Array =>
      forged(hers, { memberId: dora.member.memberId, name: 'Dora Ek', agency: 'migr', role: 'drafter' }, (content) => ({ ...content, relayed }), dora.pair);
    // Without Cecilia's signed original, the comment is Dora's claim: refused as signed with another member's name.
    const before = await serverStates();
    const claimed = await post(carrying([]));
    expect(claimed.status).toBe(422);
    expect(claimed.body).toMatchObject({ error: { code: 'rule-refused' }, rule: 'thread-not-permitted', signer: { name: 'Dora Ek' } });
    expect(await serverStates()).toEqual(before);
    // With it, the comment is Cecilia's, checked against her key and her rights.
    const relayed = await post(carrying([hers]));
    expect(relayed.status).toBe(200);
    expect(relayed.body).toMatchObject({ outcome: 'applied', signer: { name: 'Dora Ek' }, relayedFrom: [{ name: 'Cecilia Dahl' }] });
    await waitUntil(() => readThreads(björn.chapters[1].doc).some((t) => t.messages[0]?.text === 'Cecilias fråga via Dora' && t.author.memberId === cecilia.member.memberId), 'the relayed comment reaches Björn');
  }, 60_000);

  it('words she changed in a chapter approved before her file arrived reopen it for review, in her name', async () => {
    // The coordinator approves Cecilia's chapter while Cecilia, offline, still writes in it.
    anna.manifest.doc.transact(() => {
      changeStatus(anna.manifest.doc, chapterA, anna.member, { action: 'mark-ready', at: new Date().toISOString() });
      changeStatus(anna.manifest.doc, chapterA, anna.member, { action: 'approve', at: new Date().toISOString() });
    });
    await waitUntil(() => isSettled(anna.manifest), 'the approval is on the server');
    await writeChapter(cecilia.host, planId, ['Jämställdhet.', 'Cecilia skriver.', 'Sent tillägg.'], 0);
    const answer = await post((await changesFile(cecilia, planId, anna))!);
    expect(answer.status).toBe(200);
    const status = (): unknown => (anna.manifest.doc.getMap('chapters').get(chapterA) as Y.Map<unknown>).get('status');
    await waitUntil(() => status() === 'in-review', 'the chapter is reopened');
    const last = readStatusHistory(anna.manifest.doc).filter((e) => e.chapterId === chapterA).at(-1);
    expect(last).toMatchObject({ from: 'approved', to: 'in-review', kind: 'late-edit', by: { memberId: cecilia.member.memberId, name: 'Cecilia Dahl' } });
    await waitUntil(() => textOf(björn.chapters[0].doc).includes('Sent tillägg.'), 'her words reach Björn');
  }, 60_000);

  it('a file that builds on changes the server does not have is refused whole until they arrive (needs-base)', async () => {
    const dora = await doraMember();
    const b = serverCopy(björn.chapters[1].doc);
    const text = b.doc.getText('text');
    // Her first words never reached the server; the file carries only what she wrote after them.
    text.insert(text.length, ' Först.');
    const after = Y.encodeStateVector(b.doc);
    text.insert(text.length, ' Sedan.');
    const file = doraFile(dora, [{ name: chapterDocName(planId, chapterB), doc: b.doc, sv: after }]);
    const before = await serverStates();
    const answer = await post(file);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ error: { code: 'needs-base' } });
    expect(await serverStates()).toEqual(before);
  }, 60_000);

  it('a file the server cannot trust or read is refused with its own reason, and nothing changes', async () => {
    const before = await serverStates();
    const planFile = await annaHost.exportPlanFile({ planId });
    if (planFile.outcome !== 'download') throw new Error('expected a download');
    const cases: [string, Uint8Array, number, string][] = [
      ['not an exchange file', new TextEncoder().encode('%PDF-1.7'), 400, 'not-exchange-file'],
      ['a stranger', forged(ceciliasFile, { memberId: randomUUID(), name: 'Okänd' }), 422, 'unknown-member'],
      ['Cecilia’s id with another key', forged(ceciliasFile), 422, 'key-mismatch'],
      ['a file of another plan', forged(ceciliasFile, {}, (c) => ({ ...c, header: { ...c.header, planId: randomUUID() } })), 422, 'other-plan'],
      ['a whole-plan file', planFile.data, 422, 'plan-not-changes'],
    ];
    for (const [what, file, status, code] of cases) {
      const answer = await post(file);
      expect({ what, status: answer.status, code: (answer.body['error'] as { code?: string } | undefined)?.code }).toEqual({ what, status, code });
    }
    // Only members post, and only exchange files.
    const url = `${server.url}${API_PATHS.exchange(planId)}`;
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': EXCHANGE_MEDIA_TYPE }, body: ceciliasFile.slice() })).status).toBe(401);
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${anna.token}` }, body: '{}' })).status).toBe(415);
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': EXCHANGE_MEDIA_TYPE, authorization: `Bearer ${anna.token}` }, body: new Uint8Array(17 * 1024 * 1024) })).status).toBe(413);
    expect(await serverStates()).toEqual(before);
  }, 60_000);

  it('when the server cannot be reached, a file with her comment is not imported; it can be imported again later', async () => {
    await comment(cecilia, planId, 'Fråga medan servern är nere', 1);
    const file = (await changesFile(cecilia, planId, anna))!;
    const before = await commentsOf(annaHost, planId, 1);
    await server.stop();
    const choice = await inspect(anna, planId, file);
    if (choice.outcome !== 'ready') throw new Error(`not ready: ${JSON.stringify(choice)}`);
    expect(await annaHost.importExchangeFile({ fileId: choice.fileId })).toMatchObject({
      outcome: 'refused',
      refusal: { problem: 'server-unreachable', sender: { name: 'Cecilia Dahl' }, rule: 'thread-not-permitted' },
    });
    expect(await commentsOf(annaHost, planId, 1)).toEqual(before);
    // Later, with the server back, the same file goes through, and reaches Björn as hers.
    server = await startSyncServerProcess({ dataDir: serverDir, port: server.port });
    const imported = await importFile(anna, planId, file);
    expect(imported.outcome.sentToServer).toBe(true);
    await waitUntil(() => readThreads(björn.chapters[1].doc).some((t) => t.messages[0]?.text === 'Fråga medan servern är nere' && t.author.memberId === cecilia.member.memberId), 'the comment reaches Björn', 30_000);
  }, 90_000);

  it('a file signed by a removed member is refused, and the server’s documents are unchanged', async () => {
    await comment(cecilia, planId, 'Sista frågan', 1);
    const file = (await changesFile(cecilia, planId, anna))!;
    await annaHost.removeMember({ planId, memberId: cecilia.member.memberId });
    const before = await serverStates();
    const answer = await post(file);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ error: { code: 'removed-member' }, signer: { name: 'Cecilia Dahl' } });
    expect(await serverStates()).toEqual(before);
  }, 60_000);
});

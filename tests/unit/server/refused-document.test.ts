/**
 * Issue 13, "a refused update": the server closes only the document whose
 * update it refused (its CLOSE message, "4422 rule refused: <rule>: …"),
 * logged with the member and the rule, and the member's other documents on
 * the same socket keep syncing. What the refused provider still sends is
 * dropped until that document is authenticated again; a fresh copy of the
 * document then syncs the server's text, and her own suggestion in it is
 * accepted. A real server process and the real provider, one multiplexed
 * socket as the app uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { createThread, threadsMap } from '../../../shared/comments/threads.ts';
import { initChapterMeta } from '../../../shared/plan/chapter.ts';
import { chapterDocName, manifestDocName } from '../../../shared/plan/doc-names.ts';
import { initManifest } from '../../../shared/plan/manifest.ts';
import { initSourceDoc, sourceDocName, sourceText } from '../../../shared/sources/source-doc.ts';
import { addSourceEntry } from '../../../shared/sources/source-list.ts';
import type { Member } from '../../../shared/plan/member.ts';
import { ruleOfCloseReason } from '../../../shared/rules/rule-refusal.ts';
import { CLOSE, readDocumentClose } from '../../../shared/sync-protocol/close-codes.ts';
import { connectClient, isSettled, waitUntil, type TestClient } from '../../support/sync-client.ts';
import { setUpPlan, startSyncServerProcess, type SyncServerProcess, type TestPlan } from '../../support/sync-server-process.ts';

let dataDir: string;
let server: SyncServerProcess;
let plan: TestPlan;
let fia: { member: Member; token: string };
const chapterA = randomUUID(); // Migrationsverket's
const chapterB = randomUUID(); // Försäkringskassan's, Fia's own
const observers: TestClient[] = [];

/** One socket with a provider per document, as the app syncs a plan. */
interface Multiplexed {
  readonly socket: HocuspocusProviderWebsocket;
  readonly socketClosed: { code: number; reason: string }[];
  open(name: string, doc?: Y.Doc): { provider: HocuspocusProvider; doc: Y.Doc; closes: { code: number; reason: string }[] };
}

function multiplexed(token: string): Multiplexed {
  const socket = new HocuspocusProviderWebsocket({ url: server.wsUrl, WebSocketPolyfill: WebSocket, delay: 100, minDelay: 100, maxDelay: 500, factor: 1.5 });
  const socketClosed: { code: number; reason: string }[] = [];
  socket.on('close', ({ event }: { event: { code: number; reason: string } }) => socketClosed.push({ code: event.code, reason: event.reason }));
  return {
    socket,
    socketClosed,
    open(name, doc = new Y.Doc()) {
      const closes: { code: number; reason: string }[] = [];
      const provider = new HocuspocusProvider({ websocketProvider: socket, name, token, document: doc });
      // Socket closes come here too; a document close has code 1000 and the typed reason.
      provider.on('close', ({ event }: { event: { code: number; reason: string } }) => closes.push(event));
      provider.attach();
      return { provider, doc, closes };
    },
  };
}

const settled = (provider: HocuspocusProvider): boolean => provider.isSynced && provider.unsyncedChanges === 0 && provider.isAuthenticated;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'samskriv-refused-doc-'));
  server = await startSyncServerProcess({ dataDir });
  plan = await setUpPlan(server, dataDir);
  const added = await plan.addMember('Fia Karlsson', 'fk', 'drafter');
  fia = { token: added.token, member: { memberId: added.memberId, name: 'Fia Karlsson', agency: 'fk', role: 'drafter' } };

  const manifest = connectClient(server.wsUrl, manifestDocName(plan.planId), plan.coordinatorToken);
  observers.push(manifest);
  initManifest(manifest.doc, {
    planId: plan.planId,
    title: 'Gemensam plan',
    deadline: null,
    createdAt: '2026-01-01T00:00:00Z',
    chapters: [
      { id: chapterA, title: 'Migration', owner: 'migr' },
      { id: chapterB, title: 'Försäkring', owner: 'fk' },
    ],
  });
  for (const [id, words] of [[chapterA, 'Migrationsverkets text.'], [chapterB, 'Försäkringskassans text.']] as const) {
    const chapter = connectClient(server.wsUrl, chapterDocName(plan.planId, id), plan.coordinatorToken);
    observers.push(chapter);
    initChapterMeta(chapter.doc, plan.planId, id);
    chapterText(chapter.doc).insertEmbed(0, new Y.Map([['type', 'paragraph']]));
    chapterText(chapter.doc).insert(1, words);
  }
  await waitUntil(() => observers.every(isSettled), 'the plan is stored');
}, 60_000);

afterAll(async () => {
  for (const observer of observers) observer.destroy();
  await server?.stop();
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
});

describe('a refused update closes only its document', () => {
  it("a drafter's deletion of another agency's words closes that chapter with 4422 and the rule; her other chapter keeps syncing on the same socket", async () => {
    const [, observerA, observerB] = observers as [TestClient, TestClient, TestClient];
    const fiaSocket = multiplexed(fia.token);
    const manifest = fiaSocket.open(manifestDocName(plan.planId));
    const a = fiaSocket.open(chapterDocName(plan.planId, chapterA));
    const b = fiaSocket.open(chapterDocName(plan.planId, chapterB));
    try {
      await waitUntil(() => [manifest, a, b].every((d) => settled(d.provider)), 'Fia has the plan');

      // A modified client deletes Migrationsverket's words directly.
      chapterText(a.doc).delete(1, 'Migrationsverkets '.length);
      await waitUntil(() => a.closes.length > 0, 'the server closes chapter A');
      const closed = readDocumentClose(a.closes[0]!.reason);
      expect(a.closes[0]!.code).toBe(1000);
      expect(closed?.code).toBe(CLOSE.notPermitted);
      expect(ruleOfCloseReason(closed?.reason ?? '')).toBe('text-not-permitted');

      // Frames the refused provider still sends (another refused change) are dropped, never judged.
      chapterText(a.doc).delete(1, 'text'.length);
      // Her own chapter, on the same socket: the words reach the coordinator.
      chapterText(b.doc).insert(chapterText(b.doc).length, ' Tillagt av Fia.');
      createThread(b.doc, fia.member, { id: 'thread-fia', messageId: 'm-fia', text: 'Kommer efter stoppet', quote: '', assignedAgency: null });
      await waitUntil(() => threadsMap(observerB.doc).has('thread-fia'), 'the coordinator sees Fia’s comment in chapter B');
      expect(chapterText(observerB.doc).toString()).toContain('Försäkringskassans text. Tillagt av Fia.');
      expect(fiaSocket.socketClosed).toEqual([]);
      expect(b.closes).toEqual([]);
      // The coordinator never saw the deletion.
      expect(chapterText(observerA.doc).toString()).toContain('Migrationsverkets text.');

      // A fresh copy of chapter A on the same socket gets the server's text back.
      a.provider.destroy();
      const again = fiaSocket.open(chapterDocName(plan.planId, chapterA));
      await waitUntil(() => settled(again.provider), 'the fresh copy of chapter A is synced');
      expect(chapterText(again.doc).toString()).toContain('Migrationsverkets text.');
      // And it syncs: a comment from it reaches the coordinator.
      createThread(again.doc, fia.member, { id: 'thread-fia-a', messageId: 'm-fia-a', text: 'En fråga', quote: '', assignedAgency: null });
      await waitUntil(() => threadsMap(observerA.doc).has('thread-fia-a'), 'the coordinator sees Fia’s comment in chapter A');
      again.provider.destroy();

      const refused = server.logs().filter((r) => r['event'] === 'message-refused' && r['memberId'] === fia.member.memberId);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ code: CLOSE.notPermitted, rule: 'text-not-permitted', role: 'drafter', agency: 'fk', scope: 'document', document: chapterDocName(plan.planId, chapterA) });
    } finally {
      manifest.provider.destroy();
      b.provider.destroy();
      fiaSocket.socket.destroy();
    }
  }, 60_000);
  it("a drafter's rename of another agency's chapter in the plan's own doc closes that doc only: her chapter keeps syncing, and a fresh copy of the plan's doc has the server's title", async () => {
    const [manifestObserver, , observerB] = observers as [TestClient, TestClient, TestClient];
    const fiaSocket = multiplexed(fia.token);
    const manifest = fiaSocket.open(manifestDocName(plan.planId));
    const b = fiaSocket.open(chapterDocName(plan.planId, chapterB));
    try {
      await waitUntil(() => [manifest, b].every((d) => settled(d.provider)), 'Fia has the plan');

      // A client that does what the app would not: rename Migrationsverket's chapter.
      const entry = manifest.doc.getMap('chapters').get(chapterA) as Y.Map<unknown>;
      entry.set('title', 'Fias rubrik');
      await waitUntil(() => manifest.closes.length > 0, "the server closes the plan's doc");
      const closed = readDocumentClose(manifest.closes[0]!.reason);
      expect(manifest.closes[0]!.code).toBe(1000);
      expect(closed?.code).toBe(CLOSE.notPermitted);
      expect(ruleOfCloseReason(closed?.reason ?? '')).not.toBeNull();

      // Her own chapter, on the same socket, keeps syncing.
      createThread(b.doc, fia.member, { id: 'thread-fia-after-manifest', messageId: 'm-fia-2', text: 'Efter planens stopp', quote: '', assignedAgency: null });
      await waitUntil(() => threadsMap(observerB.doc).has('thread-fia-after-manifest'), 'the coordinator sees Fia’s comment');
      expect(fiaSocket.socketClosed).toEqual([]);
      expect(b.closes).toEqual([]);
      // The coordinator's copy never had her title.
      expect((manifestObserver.doc.getMap('chapters').get(chapterA) as Y.Map<unknown>).get('title')).toBe('Migration');

      // A fresh, empty copy of the plan's doc on the same socket gets the server's copy (what the app rebuilds from).
      manifest.provider.destroy();
      const again = fiaSocket.open(manifestDocName(plan.planId));
      await waitUntil(() => settled(again.provider), "the fresh copy of the plan's doc is synced");
      expect((again.doc.getMap('chapters').get(chapterA) as Y.Map<unknown>).get('title')).toBe('Migration');
      again.provider.destroy();

      const refused = server.logs().filter((r) => r['event'] === 'message-refused' && r['memberId'] === fia.member.memberId && r['document'] === manifestDocName(plan.planId));
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ code: CLOSE.notPermitted, scope: 'document' });
    } finally {
      b.provider.destroy();
      fiaSocket.socket.destroy();
    }
  }, 60_000);
  it("a drafter's write into another member's source closes that source doc only: his chapter keeps syncing, and a fresh copy has the source's own text", async () => {
    const [, observerA] = observers as [TestClient, TestClient, TestClient];
    // Fia adds a source, as the app does: its entry, then its doc.
    const sourceId = randomUUID();
    const fiaSocket = multiplexed(fia.token);
    const fiaManifest = fiaSocket.open(manifestDocName(plan.planId));
    await waitUntil(() => settled(fiaManifest.provider), 'Fia has the plan');
    const fiaSource = new Y.Doc();
    initSourceDoc(fiaSource, { planId: plan.planId, sourceId, text: 'Regeringsbeslutets text.', file: { name: 'beslut.txt', format: 'text', data: new TextEncoder().encode('Regeringsbeslutets text.') } });
    const source = fiaSocket.open(sourceDocName(plan.planId, sourceId), fiaSource);
    addSourceEntry(fiaManifest.doc, { id: sourceId, title: 'Regeringsbeslut', issuer: 'Regeringen', date: null, format: 'text', fileName: 'beslut.txt' }, fia.member, new Date().toISOString());
    await waitUntil(() => settled(fiaManifest.provider) && settled(source.provider), "Fia's source is stored");

    const added = await plan.addMember('Omar Said', 'migr', 'drafter');
    const omar: Member = { memberId: added.memberId, name: 'Omar Said', agency: 'migr', role: 'drafter' };
    const omarSocket = multiplexed(added.token);
    const manifest = omarSocket.open(manifestDocName(plan.planId));
    const his = omarSocket.open(sourceDocName(plan.planId, sourceId));
    const a = omarSocket.open(chapterDocName(plan.planId, chapterA));
    try {
      await waitUntil(() => [manifest, his, a].every((d) => settled(d.provider)), 'Omar has the plan and the source');
      sourceText(his.doc).insert(0, 'Omars tillägg. ');
      await waitUntil(() => his.closes.length > 0, 'the server closes the source doc');
      const closed = readDocumentClose(his.closes[0]!.reason);
      expect(closed?.code).toBe(CLOSE.notPermitted);
      expect(ruleOfCloseReason(closed?.reason ?? '')).toBe('plan-not-permitted');

      // His own agency's chapter, on the same socket, keeps syncing.
      createThread(a.doc, omar, { id: 'thread-omar', messageId: 'm-omar', text: 'Efter underlagets stopp', quote: '', assignedAgency: null });
      await waitUntil(() => threadsMap(observerA.doc).has('thread-omar'), 'the coordinator sees Omar’s comment');
      expect(omarSocket.socketClosed).toEqual([]);
      expect([manifest.closes, a.closes]).toEqual([[], []]);
      expect(sourceText(fiaSource).toString()).toBe('Regeringsbeslutets text.');

      // A fresh copy of the source (what the app rebuilds from) has Fia's text only.
      his.provider.destroy();
      const again = omarSocket.open(sourceDocName(plan.planId, sourceId));
      await waitUntil(() => settled(again.provider), 'the fresh copy of the source is synced');
      expect(sourceText(again.doc).toString()).toBe('Regeringsbeslutets text.');
      again.provider.destroy();
    } finally {
      for (const d of [manifest, a, fiaManifest, source]) d.provider.destroy();
      omarSocket.socket.destroy();
      fiaSocket.socket.destroy();
    }
  }, 60_000);
});

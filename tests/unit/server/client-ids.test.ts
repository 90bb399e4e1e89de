/**
 * Issue 13: a Yjs client id is its first writer's (src-server/members/client-owners.ts).
 * Real server processes, real providers; the hostile member's client is an
 * honest provider whose doc takes another member's client id, which is all
 * a modified app needs to do.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createThread, threadsMap } from '../../../shared/comments/threads.ts';
import { initChapterMeta } from '../../../shared/plan/chapter.ts';
import { chapterDocName, manifestDocName } from '../../../shared/plan/doc-names.ts';
import { initManifest } from '../../../shared/plan/manifest.ts';
import type { Member } from '../../../shared/plan/member.ts';
import { ruleOfCloseReason } from '../../../shared/rules/rule-refusal.ts';
import { CLOSE, readDocumentClose } from '../../../shared/sync-protocol/close-codes.ts';
import { startPostgres, type PostgresProcess } from '../../support/postgres-process.ts';
import { connectClient, isSettled, waitUntil, type TestClient } from '../../support/sync-client.ts';
import { setUpPlan, startSyncServerProcess, type SyncServerProcess, type TestPlan } from '../../support/sync-server-process.ts';

interface Writer {
  readonly member: Member;
  readonly token: string;
}

interface Setup {
  readonly plan: TestPlan;
  readonly chapter: string;
  readonly omar: Writer;
  readonly fia: Writer;
}

const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samskriv-client-ids-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function startServer(dataDir: string, env: Record<string, string> = {}, port = 0): Promise<SyncServerProcess> {
  const server = await startSyncServerProcess({ dataDir, env, port });
  cleanups.push(() => server.stop());
  return server;
}

/** Connects, and records the document's close if the server closes it. */
function open(server: SyncServerProcess, name: string, token: string, doc = new Y.Doc()): TestClient & { closed: () => { code: number; reason: string } | null } {
  const client = connectClient(server.wsUrl, name, token, doc);
  let closed: { code: number; reason: string } | null = null;
  client.provider.on('close', ({ event }: { event: { code: number; reason: string } }) => {
    closed ??= readDocumentClose(event.reason);
  });
  cleanups.push(() => client.destroy());
  return Object.assign(client, { closed: () => closed });
}

async function synced<T extends TestClient>(client: T, what: string): Promise<T> {
  await waitUntil(() => isSettled(client), what);
  return client;
}

/** A plan whose chapter is Migrationsverket's, with Omar (migr) and Fia (fk) as drafters. */
async function setUp(server: SyncServerProcess, dataDir: string, env: Record<string, string> = {}): Promise<Setup> {
  const plan = await setUpPlan(server, dataDir, env);
  const writer = async (name: string, agency: 'migr' | 'fk'): Promise<Writer> => {
    const { token, memberId } = await plan.addMember(name, agency, 'drafter');
    return { token, member: { memberId, name, agency, role: 'drafter' } };
  };
  const omar = await writer('Omar Said', 'migr');
  const fia = await writer('Fia Karlsson', 'fk');
  const chapter = randomUUID();
  const manifest = await synced(open(server, manifestDocName(plan.planId), plan.coordinatorToken), 'the coordinator has the manifest');
  initManifest(manifest.doc, { planId: plan.planId, title: 'Gemensam plan', deadline: null, createdAt: '2026-01-01T00:00:00Z', chapters: [{ id: chapter, title: 'Migration', owner: 'migr' }] });
  await synced(manifest, 'the manifest is stored');
  manifest.destroy();
  return { plan, chapter, omar, fia };
}

/** A thread by `writer`: allowed to any drafter in any chapter, so only the client id can make the server refuse it. */
function comment(doc: Y.Doc, writer: Writer, id: string): void {
  createThread(doc, writer.member, { id, messageId: `${id}-m`, text: 'En fråga', quote: '', assignedAgency: null });
}

describe('sync server: a Yjs client id belongs to the member who first writes under it', () => {
  it("a drafter who writes under the owner's client id is refused, and the owner's offline words still arrive", async () => {
    const dataDir = tempDir();
    const server = await startServer(dataDir);
    const { plan, chapter, omar, fia } = await setUp(server, dataDir);
    const name = chapterDocName(plan.planId, chapter);

    // Omar writes his chapter online, then goes on offline.
    const omarDoc = new Y.Doc();
    const online = await synced(open(server, name, omar.token, omarDoc), 'Omar is synced');
    initChapterMeta(omarDoc, plan.planId, chapter);
    omarDoc.getText('text').insert(0, 'Omars mening.');
    await synced(online, 'Omar’s first words are stored');
    online.destroy();
    omarDoc.getText('text').insert(omarDoc.getText('text').length, ' Skrivet offline.');

    // Fia's modified app takes his client id and writes at the clocks his offline words use.
    const fiaClient = await synced(open(server, name, fia.token), 'Fia is synced');
    fiaClient.doc.clientID = omarDoc.clientID;
    comment(fiaClient.doc, fia, 'kapad');
    await waitUntil(() => fiaClient.closed() !== null, 'the server refuses Fia’s update');
    expect(fiaClient.closed()?.code).toBe(CLOSE.notPermitted);
    expect(ruleOfCloseReason(fiaClient.closed()?.reason ?? '')).toBe('client-not-yours');
    fiaClient.destroy();

    // Omar comes back: his offline words are not taken for ones the server has.
    await synced(open(server, name, omar.token, omarDoc), 'Omar’s offline words are stored');
    const coordinator = await synced(open(server, name, plan.coordinatorToken), 'the coordinator is synced');
    expect(coordinator.doc.getText('text').toString()).toBe('Omars mening. Skrivet offline.');
    expect(threadsMap(coordinator.doc).has('kapad')).toBe(false);
    expect(server.logs().some((r) => r['event'] === 'message-refused' && r['rule'] === 'client-not-yours' && r['memberId'] === fia.member.memberId)).toBe(true);
  });

  it('a client id stays its writer’s after a restart: she writes on under it, another member may not', async () => {
    const dataDir = tempDir();
    const first = await startServer(dataDir);
    const { plan, chapter, omar, fia } = await setUp(first, dataDir);
    const name = chapterDocName(plan.planId, chapter);

    const fiaDoc = new Y.Doc();
    const before = await synced(open(first, name, fia.token, fiaDoc), 'Fia is synced');
    comment(fiaDoc, fia, 'fia-1');
    await synced(before, 'Fia’s first comment is stored');
    before.destroy();
    const port = first.port;
    await first.stop();
    const server = await startServer(dataDir, {}, port);

    // Her app was open all along: same doc, same client id.
    comment(fiaDoc, fia, 'fia-2');
    const after = await synced(open(server, name, fia.token, fiaDoc), 'Fia’s second comment is stored');
    expect(after.closed()).toBeNull();

    const omarClient = await synced(open(server, name, omar.token), 'Omar is synced');
    omarClient.doc.clientID = fiaDoc.clientID;
    omarClient.doc.getText('text').insert(0, 'Omar under Fias id.');
    await waitUntil(() => omarClient.closed() !== null, 'the server refuses Omar’s update');
    expect(ruleOfCloseReason(omarClient.closed()?.reason ?? '')).toBe('client-not-yours');

    const coordinator = await synced(open(server, name, plan.coordinatorToken), 'the coordinator is synced');
    expect([...threadsMap(coordinator.doc).keys()].sort()).toEqual(['fia-1', 'fia-2']);
    expect(coordinator.doc.getText('text').toString()).toBe('');
  }, 60_000);

  describe('with PostgreSQL', () => {
    let postgres: PostgresProcess;
    beforeAll(async () => {
      postgres = await startPostgres();
      cleanups.push(() => postgres.stop());
    }, 120_000);

    it('two instances on one database agree whose a client id is', async () => {
      const env = { DATABASE_URL: await postgres.createDatabase(`samskriv_${randomUUID().replace(/-/g, '')}`) };
      const dataDir = tempDir();
      const [a, b] = [await startServer(dataDir, env), await startServer(dataDir, env)];
      const { plan, chapter, omar, fia } = await setUp(a, dataDir, env);
      const name = chapterDocName(plan.planId, chapter);

      const fiaClient = await synced(open(a, name, fia.token), 'Fia is synced on the first instance');
      comment(fiaClient.doc, fia, 'fia-1');
      await synced(fiaClient, 'Fia’s comment is stored');

      const omarClient = await synced(open(b, name, omar.token), 'Omar is synced on the second instance');
      await waitUntil(() => threadsMap(omarClient.doc).has('fia-1'), 'Omar has Fia’s comment');
      omarClient.doc.clientID = fiaClient.doc.clientID;
      comment(omarClient.doc, omar, 'omar-1');
      await waitUntil(() => omarClient.closed() !== null, 'the second instance refuses Omar’s update');
      expect(ruleOfCloseReason(omarClient.closed()?.reason ?? '')).toBe('client-not-yours');
      const coordinator = await synced(open(b, name, plan.coordinatorToken), 'the coordinator is synced on the second instance');
      expect([...threadsMap(coordinator.doc).keys()]).toEqual(['fia-1']);
    }, 60_000);
  });
});

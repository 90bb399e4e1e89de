/**
 * Issue 13: the server migrates a version-1 chapter itself
 * (src-server/guard/server-migration.ts), so the migrated text is the
 * server's, from the old tree it holds, and any member's app migrating the
 * same tree sends only what the server has. Real server process; the
 * version-1 chapter is a fixture written by the release before schema
 * version 2 (tests/fixtures/chapter-v1/), stored as that release's server
 * stored it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { chapterText, readChapterDoc, writeChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { migrateChapter } from '../../../shared/chapter-text/migration.ts';
import { chapterDocName, manifestDocName } from '../../../shared/plan/doc-names.ts';
import { initManifest } from '../../../shared/plan/manifest.ts';
import { schema } from '../../../shared/schema/schema.ts';
import { SCHEMA_VERSION } from '../../../shared/schema/version.ts';
import { SqliteDocPersistence } from '../../../src-server/persistence/sqlite-doc-persistence.ts';
import { readDocumentClose } from '../../../shared/sync-protocol/close-codes.ts';
import { authAnswer, authFrame, connectClient, isSettled, openRawClient, updateFrame, waitUntil, type TestClient } from '../../support/sync-client.ts';
import { startSyncServerProcess, type SyncServerProcess } from '../../support/sync-server-process.ts';
import { serverWithPlanForTests } from '../../support/server-with-plan.ts';

const FIXTURE = join(import.meta.dirname, '../../fixtures/chapter-v1/comments-lists-table');
const oldText = schema.nodeFromJSON((JSON.parse(readFileSync(`${FIXTURE}.json`, 'utf8')) as { content: unknown }).content);

const setup = serverWithPlanForTests('server-migration');
let server: SyncServerProcess;
const chapter = randomUUID();
let fia: { token: string };
const clients: TestClient[] = [];

function open(name: string, token: string, doc = new Y.Doc()): TestClient {
  const client = connectClient(server.wsUrl, name, token, doc);
  clients.push(client);
  return client;
}

/** The fixture's version-1 chapter, as chapter `chapter` of the test plan. */
function versionOneChapter(planId: string): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(readFileSync(`${FIXTURE}.ydoc`)));
  doc.transact(() => {
    doc.getMap('meta').set('planId', planId);
    doc.getMap('meta').set('chapterId', chapter);
  });
  return doc;
}

beforeAll(async () => {
  const { plan, dataDir } = setup;
  server = setup.server;
  fia = await plan.addMember('Fia Karlsson', 'fk', 'drafter');
  const manifest = open(manifestDocName(plan.planId), plan.coordinatorToken);
  await waitUntil(() => isSettled(manifest), 'the coordinator has the manifest');
  initManifest(manifest.doc, { planId: plan.planId, title: 'Gemensam plan', deadline: null, createdAt: '2026-01-01T00:00:00Z', chapters: [{ id: chapter, title: 'Migration', owner: 'migr' }] });
  await waitUntil(() => isSettled(manifest), 'the manifest is stored');
  manifest.destroy();

  // The chapter as the release before version 2 stored it, while the server is down.
  const port = server.port;
  await server.stop();
  const store = await SqliteDocPersistence.open(dataDir);
  await store.append(chapterDocName(plan.planId, chapter), Y.encodeStateAsUpdate(versionOneChapter(plan.planId)));
  await store.close();
  server = await startSyncServerProcess({ dataDir, port });
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.stop();
});

describe('sync server: a version-1 chapter is migrated by the server', () => {
  it('a drafter of another agency who migrated the chapter in her app is not refused, and everyone reads the old text', async () => {
    const { plan } = setup;
    const name = chapterDocName(plan.planId, chapter);
    // Fia's app had the version-1 chapter from before, and migrates it as it opens it (plan-session.ts).
    const fiaDoc = versionOneChapter(plan.planId);
    expect(migrateChapter(fiaDoc)).toBe(true);
    const fiaClient = open(name, fia.token, fiaDoc);
    let closed: string | null = null;
    fiaClient.provider.on('close', ({ event }: { event: { reason: string } }) => {
      closed ??= readDocumentClose(event.reason)?.reason ?? event.reason;
    });
    await waitUntil(() => isSettled(fiaClient), 'Fia is synced');
    expect(closed).toBeNull();

    const coordinator = open(name, plan.coordinatorToken);
    await waitUntil(() => isSettled(coordinator), 'the coordinator is synced');
    expect(readChapterDoc(coordinator.doc).toJSON()).toEqual(readChapterDoc(fiaDoc).toJSON());
    expect(readChapterDoc(coordinator.doc).textContent).toBe(oldText.textContent);
    expect(coordinator.doc.getMap('meta').get('schemaVersion')).toBe(SCHEMA_VERSION);
    expect(server.logs().filter((r) => r['event'] === 'chapter-migrated' && r['document'] === name)).toHaveLength(1);
  });

  it('a forged migration, other words under the migration’s client id, changes nothing', async () => {
    const { plan } = setup;
    const name = chapterDocName(plan.planId, chapter);
    const coordinator = open(name, plan.coordinatorToken);
    await waitUntil(() => isSettled(coordinator), 'the coordinator is synced');
    const before = readChapterDoc(coordinator.doc).toJSON();
    const migrationClient = (chapterText(coordinator.doc) as unknown as { _start: Y.Item })._start.id.client;

    const forged = new Y.Doc();
    forged.clientID = migrationClient;
    writeChapterDoc(forged, schema.nodeFromJSON({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Förfalskad' }] }] }));
    const raw = await openRawClient(server.wsUrl);
    raw.send(authFrame(name, fia.token));
    expect(await authAnswer(raw)).toBe('authenticated');
    raw.send(updateFrame(name, Y.encodeStateAsUpdate(forged)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    raw.socket.close();

    const after = open(name, plan.coordinatorToken);
    await waitUntil(() => isSettled(after), 'a new client is synced');
    expect(readChapterDoc(after.doc).toJSON()).toEqual(before);
    expect(readChapterDoc(after.doc).textContent).not.toContain('Förfalskad');
  });
});

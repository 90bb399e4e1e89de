/**
 * Deleting a plan from this computer (HostApi `deletePlan`, issue 10): the
 * user's explicit request removes that plan's manifest and every chapter,
 * for good, and nothing of any other plan; a shared plan's link and token
 * are forgotten without a word to its server; a bad or unknown id is
 * refused with a typed error and deletes nothing.
 *
 * Every test runs on a real SQLite store in a fresh folder; a "restart" is
 * closing the HostService and opening a new one on the same folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createHostDispatch } from '../../../src-main/host/host-dispatch.ts';
import { DATABASE_FILE_NAME, HostService } from '../../../src-main/host/host-service.ts';
import { SyncServerApi } from '../../../src-main/sync/sync-server-api.ts';
import { safeStorageVault } from '../../../src-main/sync/token-vault.ts';
import { DocStore } from '../../../src-node/storage/doc-store.ts';
import { manifestDocName } from '../../../shared/plan/doc-names.ts';
import { SAMPLE_PLAN } from '../../../shared/sample/sample-plan.ts';
import { createFakeSafeStorage } from '../electron/fake-electron.ts';
import { chapterAt, docFrom, editChapter, paragraphs } from './chapter-doc.ts';
import { nextMacrotask, useDataDir } from './data-dir.ts';

const MISSING_UUID = '6f1c2b9e-3d4a-4c5b-8e7f-0a1b2c3d4e5f';

/** Every doc name stored in the data folder's database, read with a store of its own. */
function storedDocs(databasePath: string): string[] {
  const store = DocStore.open(databasePath);
  try {
    return store.listDocs();
  } finally {
    store.close();
  }
}

describe('deleting a plan', () => {
  const dataDir = useDataDir();

  it('removes its manifest and every chapter, and leaves another plan exactly as it was', async () => {
    const service = dataDir.open();
    const doomed = await service.openSamplePlan();
    const kept = await service.createPlan({ title: 'Länets handlingsplan' });
    const keptChapter = chapterAt(await service.loadPlan({ planId: kept.id }), 0);
    await service.saveUpdate({ docName: keptChapter.name, update: editChapter(docFrom(keptChapter.update), paragraphs('Ord som ska finnas kvar.')) });
    const keptBefore = await service.loadPlan({ planId: kept.id });
    expect(storedDocs(dataDir.databasePath).filter((d) => d.startsWith(manifestDocName(doomed.id)))).toHaveLength(1 + SAMPLE_PLAN.chapters.length);

    await service.deletePlan({ planId: doomed.id });

    expect(storedDocs(dataDir.databasePath).filter((d) => d.includes(doomed.id))).toEqual([]);
    expect((await service.listPlans()).map((p) => p.id)).toEqual([kept.id]);
    expect(await service.loadPlan({ planId: kept.id })).toEqual(keptBefore);
  });

  it('is still gone after a restart, cannot be opened, and a late save for it stores nothing', async () => {
    let service = dataDir.open();
    const doomed = await service.createPlan({ title: 'Utkast att slänga' });
    const chapter = chapterAt(await service.loadPlan({ planId: doomed.id }), 0);
    await service.deletePlan({ planId: doomed.id });

    // A second tab that still shows the plan saves after the delete: refused, not an orphan.
    const late = editChapter(docFrom(chapter.update), paragraphs('Sent.'));
    await expect(service.saveUpdate({ docName: chapter.name, update: late })).rejects.toMatchObject({ code: 'not-found' });

    await nextMacrotask();
    service.close();
    service = dataDir.open();
    expect(await service.listPlans()).toEqual([]);
    await expect(service.loadPlan({ planId: doomed.id })).rejects.toMatchObject({ code: 'not-found' });
    expect(storedDocs(dataDir.databasePath)).toEqual([]);
  });

  it('clears the last open plan when it was this one, and only then', async () => {
    const service = dataDir.open();
    const first = await service.createPlan({ title: 'Första' });
    const second = await service.createPlan({ title: 'Andra' });

    await service.setPreferences({ lastPlanId: second.id });
    await service.deletePlan({ planId: first.id });
    expect((await service.getPreferences()).lastPlanId).toBe(second.id);

    await service.deletePlan({ planId: second.id });
    expect((await service.getPreferences()).lastPlanId).toBeNull();
  });

  it('of the sample: "Öppna exempelplanen" makes a fresh copy afterwards', async () => {
    const service = dataDir.open();
    const sample = await service.openSamplePlan();
    await service.deletePlan({ planId: sample.id });
    expect(await service.listPlans()).toEqual([]);

    const fresh = await service.openSamplePlan();
    expect(fresh.id).not.toBe(sample.id);
    expect(fresh).toMatchObject({ isSample: true, title: SAMPLE_PLAN.title, chapterCount: SAMPLE_PLAN.chapters.length });
  });

  it('of an unknown plan is refused with not-found naming the id, and deletes nothing', async () => {
    const service = dataDir.open();
    const plan = await service.createPlan({ title: 'Kvar' });
    const before = await service.listPlans();

    await expect(service.deletePlan({ planId: MISSING_UUID })).rejects.toMatchObject({ name: 'HostError', code: 'not-found', message: expect.stringContaining(MISSING_UUID) });
    await service.deletePlan({ planId: plan.id });
    // Twice is once too many: the second call finds nothing to delete.
    await expect(service.deletePlan({ planId: plan.id })).rejects.toMatchObject({ code: 'not-found' });
    expect(before).toHaveLength(1);
  });

  it('is validated: an id that is no lower-case UUID, or a missing or extra field, is invalid-argument and deletes nothing', async () => {
    const service = dataDir.open();
    const plan = await service.createPlan({ title: 'Kvar' });
    const dispatch = createHostDispatch(service, () => undefined);
    const bad: unknown[][] = [[], [{}], [plan.id], [{ planId: 'all' }], [{ planId: `${plan.id}/chapter` }], [{ planId: plan.id.toUpperCase() }], [{ planId: plan.id, force: true }]];
    for (const args of bad) {
      const response = await dispatch('deletePlan', args);
      expect(response, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringContaining('deletePlan') } });
    }
    expect((await service.listPlans()).map((p) => p.id)).toEqual([plan.id]);
    expect(await dispatch('deletePlan', [{ planId: plan.id }])).toEqual({ ok: true, value: undefined });
    expect(await service.listPlans()).toEqual([]);
  });
});

describe('deleting a shared plan', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const SHARED = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const OTHER_SHARED = '9b2e6c1a-4f3d-4e8b-a7c6-5d4e3f2a1b0c';

  /** A sync server that grants every code for the plan id the test names; every request is recorded. */
  function grantingServer(planFor: () => string): { api: SyncServerApi; requests: string[] } {
    const requests: string[] = [];
    const fetchImpl = (async (input: string | URL | Request) => {
      requests.push(String(input));
      const grant = {
        token: `token-${planFor()}`,
        expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
        planId: planFor(),
        member: { id: '5b3c1e2a-9d4f-4a6b-8c7d-1e2f3a4b5c6d', name: 'Omar Said', agency: 'migr', role: 'drafter', joinedAt: '2026-01-01T00:00:00.000Z', revokedAt: null },
      };
      return new Response(JSON.stringify(grant), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }) as typeof fetch;
    return { api: new SyncServerApi(fetchImpl), requests };
  }

  it('forgets its server link and sealed token, asks the server nothing, and keeps the other shared plan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samskriv-delete-shared-'));
    dirs.push(dir);
    let joining = SHARED;
    const server = grantingServer(() => joining);
    const host = new HostService(dir, { vault: safeStorageVault(createFakeSafeStorage(), 'linux'), serverApi: server.api });
    try {
      await host.joinPlan({ serverUrl: 'http://127.0.0.1:4470', code: 'ABCD-EFGH' });
      joining = OTHER_SHARED;
      await host.joinPlan({ serverUrl: 'http://127.0.0.1:4470', code: 'ABCD-EFGI' });
      // What sync brought: the shared plan's manifest, stored like any doc.
      const arrived = new Y.Doc();
      arrived.getMap('plan').set('title', 'Delad plan');
      await host.saveUpdate({ docName: manifestDocName(SHARED), update: Y.encodeStateAsUpdate(arrived) });
      const requestsBefore = server.requests.length;

      await host.deletePlan({ planId: SHARED });

      expect(server.requests).toHaveLength(requestsBefore);
      expect((await host.listPlans()).map((p) => p.id)).toEqual([OTHER_SHARED]);
      expect(await host.getSyncCredentials({ planId: SHARED })).toBeNull();
      expect(await host.getSyncCredentials({ planId: OTHER_SHARED })).toMatchObject({ token: `token-${OTHER_SHARED}` });
    } finally {
      host.close();
    }
    const store = DocStore.open(join(dir, DATABASE_FILE_NAME));
    try {
      expect(store.listDocs().filter((d) => d.includes(SHARED))).toEqual([]);
      expect(Object.keys(store.getSetting('serverLinks') as object)).toEqual([OTHER_SHARED]);
    } finally {
      store.close();
    }
  });
});

/**
 * The server with PostgreSQL (DATABASE_URL) and with Redis (REDIS_URL)
 * against real Debian postgresql and redis-server processes.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chapterDocName } from '../../../shared/plan/doc-names.ts';
import { startPostgres, type PostgresProcess } from '../../support/postgres-process.ts';
import { startRedis, type RedisProcess } from '../../support/redis-process.ts';
import { connectClient, isSettled, waitUntil, type TestClient } from '../../support/sync-client.ts';
import { setUpPlan, startSyncServerProcess, type SyncServerProcess } from '../../support/sync-server-process.ts';

let postgres: PostgresProcess;
let redis: RedisProcess;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([postgres?.stop(), redis?.stop()]);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samskriv-scale-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function server(dataDir: string, env: Record<string, string>, port = 0): Promise<SyncServerProcess> {
  const started = await startSyncServerProcess({ dataDir, env, port, args: ['--lab-no-rule-guard'] });
  cleanups.push(() => started.kill());
  return started;
}

function client(wsUrl: string, doc: string, token: string): TestClient {
  const c = connectClient(wsUrl, doc, token);
  cleanups.push(() => c.destroy());
  return c;
}

describe('sync server: PostgreSQL and Redis', () => {
  it('with DATABASE_URL, members and documents live in PostgreSQL and survive a kill -9', async () => {
    const env = { DATABASE_URL: await postgres.createDatabase(`samskriv_${randomUUID().replace(/-/g, '')}`) };
    // An empty data dir: nothing may depend on local files except the secret.
    const dataDir = tempDir();
    const first = await server(dataDir, env);
    const plan = await setUpPlan(first, dataDir, env);
    const doc = chapterDocName(plan.planId, randomUUID());
    const writer = client(first.wsUrl, doc, plan.coordinatorToken);
    await waitUntil(() => isSettled(writer), 'the writer is synced');
    for (let i = 0; i < 50; i++) writer.doc.getText('t').insert(writer.doc.getText('t').length, `ord${i} `);
    await waitUntil(() => isSettled(writer), 'the words are acknowledged');
    const expected = writer.doc.getText('t').toString();
    writer.destroy();
    await first.kill();

    const ready = await fetch(`${(await server(dataDir, env, first.port)).url}/ready`);
    expect(await ready.json()).toEqual({ status: 'ready', storage: 'postgres', redis: 'off' });
    const reader = client(first.wsUrl, doc, plan.coordinatorToken);
    await waitUntil(() => isSettled(reader), 'a new client is synced');
    expect(reader.doc.getText('t').toString()).toBe(expected);
  });

  it('two instances sharing storage and Redis serve one plan; clients on different instances converge', async () => {
    const dataDir = tempDir();
    const env = { REDIS_URL: redis.url };
    const [a, b] = await Promise.all([server(dataDir, env), server(dataDir, env)]);
    const plan = await setUpPlan(a, dataDir);
    const drafter = await plan.addMember('Omar Said', 'migr', 'drafter');
    const doc = chapterDocName(plan.planId, randomUUID());
    const onA = client(a.wsUrl, doc, plan.coordinatorToken);
    const onB = client(b.wsUrl, doc, drafter.token);
    const alsoOnB = client(b.wsUrl, doc, plan.coordinatorToken);
    await waitUntil(() => [onA, onB, alsoOnB].every(isSettled), 'all are synced');

    onA.doc.getText('t').insert(0, 'Från instans A. ');
    onB.doc.getText('t').insert(0, 'Från instans B. ');
    await waitUntil(
      () => [onA, onB, alsoOnB].every((c) => c.doc.getText('t').toString().includes('Från instans A.') && c.doc.getText('t').toString().includes('Från instans B.')),
      'both edits reach both instances',
    );
    expect(new Set([onA, onB, alsoOnB].map((c) => c.doc.getText('t').toString())).size).toBe(1);
    const ready = await fetch(`${b.url}/ready`);
    expect(await ready.json()).toEqual({ status: 'ready', storage: 'sqlite', redis: 'ready' });
  });
});

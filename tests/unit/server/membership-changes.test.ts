/**
 * A membership change takes effect at once on every instance (issue 13):
 * two real server processes sharing storage and a real redis-server; the
 * coordinator removes a member or changes a role through instance A while
 * the member is connected to instance B. The guarantee tested is the
 * server's: by the time A answers the coordinator, B has closed the member's
 * sockets, and nothing the member sends afterwards is applied or stored.
 *
 * The servers run with `--lab-no-rule-guard`: these raw clients write a
 * plain Y.Text, not a chapter, and what is tested does not depend on the
 * role rules (a removed member's update is dropped before them).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { chapterDocName } from '../../../shared/plan/doc-names.ts';
import { CLOSE } from '../../../shared/sync-protocol/close-codes.ts';
import { DocStore } from '../../../src-node/storage/doc-store.ts';
import { startRedis, type RedisProcess } from '../../support/redis-process.ts';
import { authAnswer, authFrame, connectClient, isSettled, openRawClient, updateFrame, waitUntil, type RawClient, type TestClient } from '../../support/sync-client.ts';
import { runAdmin, setUpPlan, startSyncServerProcess, type SyncServerProcess, type TestPlan } from '../../support/sync-server-process.ts';

/** Well under the periodic re-check (10 s), which would also close the socket, only later. */
const AT_ONCE_MS = 5_000;

let redis: RedisProcess;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  redis = await startRedis();
}, 60_000);

afterAll(async () => {
  await redis?.stop();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface TwoInstances {
  readonly dataDir: string;
  readonly a: SyncServerProcess;
  readonly b: SyncServerProcess;
  readonly plan: TestPlan;
  readonly doc: string;
}

async function twoInstances(): Promise<TwoInstances> {
  const dataDir = mkdtempSync(join(tmpdir(), 'samskriv-membership-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const start = async (): Promise<SyncServerProcess> => {
    const server = await startSyncServerProcess({ dataDir, env: { REDIS_URL: redis.url }, args: ['--lab-no-rule-guard'] });
    cleanups.push(() => server.kill());
    return server;
  };
  const a = await start();
  const b = await start();
  const plan = await setUpPlan(a, dataDir);
  return { dataDir, a, b, plan, doc: chapterDocName(plan.planId, randomUUID()) };
}

/** A drafter connected to instance B with a raw socket, and the coordinator's client on instance A, both synced. */
async function drafterOnB(setup: TwoInstances, name: string, agency: string): Promise<{ drafter: { token: string; memberId: string }; coordinator: TestClient; onB: RawClient }> {
  const drafter = await setup.plan.addMember(name, agency, 'drafter');
  const coordinator = client(setup.a.wsUrl, setup.doc, setup.plan.coordinatorToken);
  await waitUntil(() => isSettled(coordinator), 'the coordinator is synced');
  return { drafter, coordinator, onB: await rawMember(setup.b.wsUrl, setup.doc, drafter.token) };
}

function client(wsUrl: string, doc: string, token: string): TestClient {
  const c = connectClient(wsUrl, doc, token);
  cleanups.push(() => c.destroy());
  return c;
}

async function rawMember(wsUrl: string, doc: string, token: string): Promise<RawClient> {
  const raw = await openRawClient(wsUrl);
  cleanups.push(() => raw.socket.terminate());
  raw.send(authFrame(doc, token));
  expect(await authAnswer(raw)).toBe('authenticated');
  return raw;
}

/** An update that inserts `words` into the shared text, as a fresh Yjs client of its own would write it. */
function wordsUpdate(words: string): Uint8Array {
  const ydoc = new Y.Doc();
  ydoc.getText('t').insert(0, words);
  return Y.encodeStateAsUpdate(ydoc);
}

function text(c: TestClient): string {
  return c.doc.getText('t').toString();
}

async function request(method: 'DELETE' | 'PATCH', url: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Stops both instances gracefully and reads the document as stored. */
async function storedText(setup: TwoInstances): Promise<string> {
  await Promise.all([setup.a.stop(), setup.b.stop()]);
  const store = DocStore.open(join(setup.dataDir, 'docs.sqlite'));
  try {
    const ydoc = new Y.Doc();
    const stored = store.loadDoc(setup.doc);
    if (stored !== null) Y.applyUpdate(ydoc, stored);
    return ydoc.getText('t').toString();
  } finally {
    store.close();
  }
}

function logged(server: SyncServerProcess, event: string): Record<string, unknown>[] {
  return server.logs().filter((record) => record['event'] === event);
}

describe('sync server: membership changes reach every instance at once', () => {
  it('a member removed on instance A is disconnected on instance B before A answers, cannot reconnect, and nothing they send afterwards is stored', async () => {
    const setup = await twoInstances();
    const { a, b, plan, doc } = setup;
    const { drafter, coordinator, onB } = await drafterOnB(setup, 'Omar Said', 'migr');
    onB.send(updateFrame(doc, wordsUpdate('Utkast före borttagningen. ')));
    await waitUntil(() => text(coordinator).includes('Utkast före borttagningen.'), "the drafter's words reach the coordinator on A");

    const removed = await request('DELETE', `${a.url}/api/plans/${plan.planId}/members/${drafter.memberId}`, plan.coordinatorToken);
    expect(removed.status).toBe(200);
    // The socket B holds is still open on the drafter's side until B's close
    // frame arrives; whatever it sends meanwhile must be dropped.
    onB.send(updateFrame(doc, wordsUpdate('Skrivet efter borttagningen. ')));

    const closed = await Promise.race([onB.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), AT_ONCE_MS))]);
    expect(closed).toEqual({ code: CLOSE.forbidden, reason: 'member-revoked' });
    await waitUntil(() => logged(a, 'membership-changed').some((record) => record['memberId'] === drafter.memberId), 'A logs the change');
    expect(logged(a, 'membership-changed').find((record) => record['memberId'] === drafter.memberId)).toMatchObject({ instances: 1, applied: 1 });
    await waitUntil(() => logged(b, 'member-disconnected').some((record) => record['memberId'] === drafter.memberId), 'B logs the disconnection');
    expect(logged(b, 'member-disconnected').find((record) => record['memberId'] === drafter.memberId)).toMatchObject({ reason: 'member-revoked' });

    const again = client(b.wsUrl, doc, drafter.token);
    await waitUntil(() => again.denied.length > 0, 'the removed member is denied on B');
    expect(again.denied[0]).toBe('member-revoked');

    coordinator.doc.getText('t').insert(0, 'Samordnarens slutord. ');
    await waitUntil(() => isSettled(coordinator), "the coordinator's last words are stored");
    expect(text(coordinator)).not.toContain('Skrivet efter borttagningen.');
    const stored = await storedText(setup);
    expect(stored).toContain('Utkast före borttagningen.');
    expect(stored).toContain('Samordnarens slutord.');
    expect(stored).not.toContain('Skrivet efter borttagningen.');
  }, 60_000);

  it('an update of theirs that instance B is still checking when they are removed is not applied or stored', async () => {
    const setup = await twoInstances();
    const { a, b, plan, doc } = setup;
    const { drafter, coordinator, onB } = await drafterOnB(setup, 'Omar Said', 'migr');
    // 300,000 separate items: B's decoding worker and its own apply take long enough for the removal to land meanwhile.
    const ydoc = new Y.Doc();
    ydoc.transact(() => {
      for (let i = 0; i < 300_000; i++) ydoc.getText('t').insert(0, 'ab');
      ydoc.getText('t').insert(0, 'Skickat före, kontrollerat efter. ');
    });
    onB.send(updateFrame(doc, Y.encodeStateAsUpdate(ydoc)));
    const removed = await request('DELETE', `${a.url}/api/plans/${plan.planId}/members/${drafter.memberId}`, plan.coordinatorToken);
    expect(removed.status).toBe(200);
    expect(await onB.closed).toEqual({ code: CLOSE.forbidden, reason: 'member-revoked' });
    await waitUntil(() => logged(b, 'message-refused').some((record) => record['memberId'] === drafter.memberId), 'B logs the refused update');
    expect(logged(b, 'message-refused').find((record) => record['memberId'] === drafter.memberId)).toMatchObject({ code: CLOSE.forbidden, reason: 'member-revoked' });

    coordinator.doc.getText('t').insert(0, 'Samordnarens slutord. ');
    await waitUntil(() => isSettled(coordinator), "the coordinator's last words are stored");
    expect(text(coordinator)).not.toContain('Skickat före, kontrollerat efter.');
    const stored = await storedText(setup);
    expect(stored).toContain('Samordnarens slutord.');
    expect(stored).not.toContain('Skickat före, kontrollerat efter.');
  }, 60_000);

  it('a drafter made reader on instance A is closed on instance B with 4409 and reconnects read-only; what they write then is not stored', async () => {
    const setup = await twoInstances();
    const { a, b, plan, doc } = setup;
    const { drafter, coordinator, onB } = await drafterOnB(setup, 'Sara Lind', 'fk');

    const changed = await request('PATCH', `${a.url}/api/plans/${plan.planId}/members/${drafter.memberId}`, plan.coordinatorToken, { role: 'reader' });
    expect(changed.status).toBe(200);
    expect(changed.body['member']).toMatchObject({ id: drafter.memberId, role: 'reader', revokedAt: null });
    onB.send(updateFrame(doc, wordsUpdate('Skrivet som skribent efter bytet. ')));

    const closed = await Promise.race([onB.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), AT_ONCE_MS))]);
    expect(closed).toEqual({ code: CLOSE.roleChanged, reason: 'role-changed' });

    // Same token: the new role comes from the member store, not the token.
    const reader = client(b.wsUrl, doc, drafter.token);
    await waitUntil(() => reader.provider.isAuthenticated && reader.provider.isSynced, 'the member reconnects to B');
    expect(reader.provider.authorizedScope).toBe('readonly');
    reader.doc.getText('t').insert(0, 'Skrivet som läsare. ');

    coordinator.doc.getText('t').insert(0, 'Samordnarens slutord. ');
    await waitUntil(() => isSettled(coordinator), "the coordinator's last words are stored");
    const stored = await storedText(setup);
    expect(stored).toContain('Samordnarens slutord.');
    expect(stored).not.toContain('Skrivet som skribent efter bytet.');
    expect(stored).not.toContain('Skrivet som läsare.');
  }, 60_000);

  it('an instance that cannot answer does not hold up the coordinator, and applies the removal once it runs again', async () => {
    const setup = await twoInstances();
    const { a, b, plan } = setup;
    const { drafter, onB } = await drafterOnB(setup, 'Omar Said', 'migr');
    // Stopped, B stays subscribed (its sockets are open) but answers nothing.
    process.kill(b.child.pid!, 'SIGSTOP');
    try {
      const removed = await request('DELETE', `${a.url}/api/plans/${plan.planId}/members/${drafter.memberId}`, plan.coordinatorToken);
      expect(removed.status).toBe(200);
      // The log line travels by A's stderr, not with the answer: wait for it.
      await waitUntil(() => logged(a, 'membership-change-unacknowledged').some((record) => record['memberId'] === drafter.memberId), 'A logs that B did not answer');
      expect(logged(a, 'membership-change-unacknowledged').find((record) => record['memberId'] === drafter.memberId)).toMatchObject({ instances: 1, applied: 0 });
    } finally {
      process.kill(b.child.pid!, 'SIGCONT');
    }
    expect(await Promise.race([onB.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), AT_ONCE_MS))])).toEqual({ code: CLOSE.forbidden, reason: 'member-revoked' });
  }, 60_000);

  it('with REDIS_URL, the admin CLI removes a member and changes a role on every running instance at once', async () => {
    const setup = await twoInstances();
    const { a, b, plan, dataDir, doc } = setup;
    const removed = await plan.addMember('Cli Borttagen', 'lst', 'drafter');
    const demoted = await plan.addMember('Cli Läsare', 'sos', 'drafter');
    const removedOnA = await rawMember(a.wsUrl, doc, removed.token);
    const removedOnB = await rawMember(b.wsUrl, doc, removed.token);
    const demotedOnB = await rawMember(b.wsUrl, doc, demoted.token);

    const revoke = runAdmin(dataDir, ['revoke', '--plan-id', plan.planId, '--member-id', removed.memberId], { REDIS_URL: redis.url });
    expect(revoke['servers']).toEqual({ instances: 2, applied: 2 });
    const within = <T,>(closed: Promise<T>): Promise<T | null> => Promise.race([closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), AT_ONCE_MS))]);
    expect(await within(removedOnA.closed)).toEqual({ code: CLOSE.forbidden, reason: 'member-revoked' });
    expect(await within(removedOnB.closed)).toEqual({ code: CLOSE.forbidden, reason: 'member-revoked' });

    const setRole = runAdmin(dataDir, ['set-role', '--plan-id', plan.planId, '--member-id', demoted.memberId, '--role', 'reader'], { REDIS_URL: redis.url });
    expect(setRole).toMatchObject({ role: 'reader', servers: { instances: 2, applied: 2 } });
    expect(await within(demotedOnB.closed)).toEqual({ code: CLOSE.roleChanged, reason: 'role-changed' });
  }, 60_000);

  it('only a coordinator changes roles, never their own, and only to a role that exists', async () => {
    const setup = await twoInstances();
    const { a, plan } = setup;
    const drafter = await plan.addMember('Dan Drafter', 'jamy', 'drafter');
    const other = await plan.addMember('Eva Ett', 'sos', 'drafter');
    const members = `${a.url}/api/plans/${plan.planId}/members`;
    expect((await request('PATCH', `${members}/${other.memberId}`, drafter.token, { role: 'coordinator' })).body['error']).toMatchObject({ code: 'not-coordinator' });
    expect(await request('PATCH', `${members}/${drafter.memberId}`, plan.coordinatorToken, { role: 'drafter' })).toMatchObject({ status: 200, body: { member: { id: drafter.memberId, role: 'drafter' } } });
    const self = await fetch(`${a.url}/api/token`, { method: 'POST', headers: { authorization: `Bearer ${plan.coordinatorToken}` } });
    const selfId = String(((await self.json()) as { member: { id: string } }).member.id);
    expect(await request('PATCH', `${members}/${selfId}`, plan.coordinatorToken, { role: 'reader' })).toMatchObject({ status: 409, body: { error: { code: 'cannot-change-own-role' } } });
    expect((await request('PATCH', `${members}/${other.memberId}`, plan.coordinatorToken, { role: 'admin' })).status).toBe(400);
    expect((await request('PATCH', `${members}/${randomUUID()}`, plan.coordinatorToken, { role: 'reader' })).status).toBe(404);
    await request('DELETE', `${members}/${other.memberId}`, plan.coordinatorToken);
    expect((await request('PATCH', `${members}/${other.memberId}`, plan.coordinatorToken, { role: 'drafter' })).status).toBe(404);
  }, 60_000);
});

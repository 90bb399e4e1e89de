/**
 * Pending invitations (issue 10): a coordinator lists the codes they made,
 * copies one again after the dialog that showed it has closed, and revokes
 * one; agency IT lists and revokes them with the admin CLI. Against a real
 * server process and its SQLite store.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../src-server/database/sqlite-database.ts';
import { MemberStore } from '../../../src-server/members/member-store.ts';
import { postJson, runAdmin, runAdminRaw, setUpPlan, startSyncServerProcess, type SyncServerProcess, type TestPlan } from '../../support/sync-server-process.ts';

const SECRET = randomBytes(32).toString('base64url');
let dataDir: string;
let server: SyncServerProcess;
let plan: TestPlan;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'samskriv-invitations-'));
  server = await startSyncServerProcess({ dataDir, env: { SAMSKRIV_SERVER_SECRET: SECRET } });
  plan = await setUpPlan(server, dataDir);
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Listed {
  id: string;
  name: string;
  agency: string;
  role: string;
  expiresAt: string;
  code: string | null;
}

async function listInvitations(token: string): Promise<{ status: number; invitations: Listed[] }> {
  const response = await fetch(`${server.url}/api/plans/${plan.planId}/invitations`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { invitations?: Listed[] };
  return { status: response.status, invitations: body.invitations ?? [] };
}

async function invite(name: string): Promise<{ code: string; expiresAt: string }> {
  const invited = await postJson(`${server.url}/api/plans/${plan.planId}/invitations`, { name, agency: 'migr', role: 'drafter' }, plan.coordinatorToken);
  expect(invited.status).toBe(201);
  return invited.body as { code: string; expiresAt: string };
}

async function revoke(id: string, token = plan.coordinatorToken): Promise<number> {
  const response = await fetch(`${server.url}/api/plans/${plan.planId}/invitations/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
  return response.status;
}

describe('sync server: pending invitations', () => {
  it('a code made in the app is listed for the coordinator with its expiry, and can be copied again', async () => {
    const issued = await invite('Omar Said');
    const { status, invitations } = await listInvitations(plan.coordinatorToken);
    expect(status).toBe(200);
    expect(invitations.find((i) => i.name === 'Omar Said')).toMatchObject({ agency: 'migr', role: 'drafter', code: issued.code, expiresAt: issued.expiresAt });
  });

  it('the database alone holds no code: only its hash and a ciphertext sealed with the server secret', async () => {
    const issued = await invite('Sara Sigill');
    const store = readFileSync(join(dataDir, 'members.sqlite'));
    expect(store.includes(Buffer.from(issued.code))).toBe(false);
    expect(store.includes(Buffer.from(issued.code.replace(/-/g, '')))).toBe(false);
  });

  it('a used code leaves the list', async () => {
    const issued = await invite('Ulla Used');
    expect((await postJson(`${server.url}/api/join`, { code: issued.code })).status).toBe(200);
    expect((await listInvitations(plan.coordinatorToken)).invitations.map((i) => i.name)).not.toContain('Ulla Used');
  });

  it('a revoked code leaves the list and no longer works', async () => {
    const issued = await invite('Rolf Revoked');
    const listed = (await listInvitations(plan.coordinatorToken)).invitations.find((i) => i.name === 'Rolf Revoked')!;
    expect(await revoke(listed.id)).toBe(200);
    expect((await listInvitations(plan.coordinatorToken)).invitations.map((i) => i.name)).not.toContain('Rolf Revoked');
    const attempt = await postJson(`${server.url}/api/join`, { code: issued.code });
    expect(attempt.status).toBe(410);
    expect((attempt.body['error'] as Record<string, unknown>)['code']).toBe('code-revoked');
    expect(await revoke(listed.id)).toBe(404);
  });

  it('only a coordinator may list or revoke invitations', async () => {
    await invite('Karin Kod');
    const drafter = await plan.addMember('Nils Ny', 'fk', 'drafter');
    expect((await listInvitations(drafter.token)).status).toBe(403);
    const listed = (await listInvitations(plan.coordinatorToken)).invitations.find((i) => i.name === 'Karin Kod')!;
    expect(await revoke(listed.id, drafter.token)).toBe(403);
  });

  it('the admin CLI lists pending invitations without their codes and revokes one', async () => {
    const issued = await invite('Cecilia Cli');
    const cliInvite = runAdmin(dataDir, ['invite', '--plan-id', plan.planId, '--name', 'Adam Admin', '--agency', 'sos', '--role', 'reader']);
    const listed = runAdmin(dataDir, ['invitations', '--plan-id', plan.planId])['invitations'] as Listed[];
    const cecilia = listed.find((i) => i.name === 'Cecilia Cli')!;
    expect(cecilia).toMatchObject({ agency: 'migr', role: 'drafter', expiresAt: issued.expiresAt });
    expect(JSON.stringify(listed)).not.toContain(issued.code);
    expect(listed.find((i) => i.name === 'Adam Admin')).toMatchObject({ agency: 'sos', role: 'reader', expiresAt: cliInvite['expiresAt'] });

    expect(runAdmin(dataDir, ['revoke-invitation', '--plan-id', plan.planId, '--invitation-id', cecilia.id])).toMatchObject({ revoked: true });
    expect((await postJson(`${server.url}/api/join`, { code: issued.code })).status).toBe(410);
    // A code the CLI printed is listed for the coordinator too, without the code.
    expect((await listInvitations(plan.coordinatorToken)).invitations.find((i) => i.name === 'Adam Admin')).toMatchObject({ code: null });

    const text = runAdminRaw(dataDir, ['invitations', '--plan-id', plan.planId]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/reader\s+sos\s+Adam Admin\s+valid until/);
    expect(runAdminRaw(dataDir, ['revoke-invitation', '--plan-id', plan.planId, '--invitation-id', cecilia.id]).status).toBe(2);
  });

  it('a store made before invitations could be listed gets the new columns and lists its old invitations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samskriv-old-members-'));
    try {
      const old = new SqliteDatabase(join(dir, 'members.sqlite'));
      await old.query('CREATE TABLE plans(id TEXT PRIMARY KEY, created_at INTEGER NOT NULL)');
      await old.query(`CREATE TABLE invitations(code_hash TEXT PRIMARY KEY, kind TEXT NOT NULL, plan_id TEXT REFERENCES plans(id), name TEXT NOT NULL,
        agency TEXT NOT NULL, role TEXT NOT NULL, created_by TEXT, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER, member_id TEXT)`);
      await old.query("INSERT INTO plans VALUES ('p1', 1)");
      await old.query(`INSERT INTO invitations VALUES ('${'a'.repeat(64)}', 'join', 'p1', 'Gammal Inbjudan', 'fk', 'drafter', NULL, 1, 4102444800000, NULL, NULL)`);
      await old.close();
      const db = new SqliteDatabase(join(dir, 'members.sqlite'));
      const store = await MemberStore.open(db);
      expect(await store.listInvitations('p1')).toEqual([
        { id: 'a'.repeat(64), name: 'Gammal Inbjudan', agency: 'fk', role: 'drafter', createdAt: new Date(1).toISOString(), expiresAt: '2100-01-01T00:00:00.000Z', code: null },
      ]);
      expect(await store.revokeInvitation('p1', 'a'.repeat(64))).toBe(true);
      await db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

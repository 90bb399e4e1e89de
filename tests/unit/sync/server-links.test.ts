/**
 * The desktop side of sharing a plan (issue 3): joining with an invitation,
 * publishing a local plan, where the member token rests, and the
 * coordinator's invitations — against a real sync server process.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { HostService } from '../../../src-main/host/host-service.ts';
import { safeStorageVault } from '../../../src-main/sync/token-vault.ts';
import { chapterDocName, manifestDocName } from '../../../shared/plan/doc-names.ts';
import { createFakeSafeStorage } from '../electron/fake-electron.ts';
import { runAdmin, startSyncServerProcess, type SyncServerProcess } from '../../support/sync-server-process.ts';

let server: SyncServerProcess;
let serverDir: string;
const dirs: string[] = [];

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'samskriv-links-server-'));
  server = await startSyncServerProcess({ dataDir: serverDir });
});

afterAll(async () => {
  await server.stop();
  rmSync(serverDir, { recursive: true, force: true });
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samskriv-links-'));
  dirs.push(dir);
  return dir;
}

/** Every byte the desktop wrote into its data folder (database, WAL, side files). */
function everythingOnDisk(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).map((name) => readFileSync(join(dir, name))));
}

describe('joining a plan on a sync server', () => {
  it('lists the plan at once, keeps the token sealed by safeStorage, and hands it to the renderer', async () => {
    const created = runAdmin(serverDir, ['create-plan', '--coordinator-name', 'Anna Berg', '--agency', 'af']);
    const dir = dataDir();
    const safeStorage = createFakeSafeStorage();
    let host = new HostService(dir, { vault: safeStorageVault(safeStorage, 'linux') });

    // The server URL as a user might type it: trailing slash, upper case.
    const link = await host.joinPlan({ serverUrl: `${server.url.toUpperCase().replace('HTTP://', 'http://')}/`, code: String(created['code']).toLowerCase() });
    expect(link).toMatchObject({ planId: created['planId'], serverUrl: server.url, tokenPersisted: true, member: { name: 'Anna Berg', agency: 'af', role: 'coordinator' } });

    const listed = (await host.listPlans()).find((p) => p.id === created['planId']);
    expect(listed).toMatchObject({ title: '', chapterCount: 0, problem: null, server: { serverUrl: server.url, member: { name: 'Anna Berg' } } });
    // Nothing has arrived yet: the plan opens empty and sync fills it.
    const loaded = await host.loadPlan({ planId: link.planId });
    expect(loaded.chapters).toEqual([]);
    expect(loaded.server).toMatchObject({ serverUrl: server.url, member: { name: 'Anna Berg', role: 'coordinator' } });
    const credentials = await host.getSyncCredentials({ planId: link.planId });
    expect(credentials).toMatchObject({ planId: link.planId, websocketUrl: server.wsUrl.replace(/\/$/, ''), member: { role: 'coordinator' } });
    // Docs that arrive by sync are stored like local ones.
    const manifest = new Y.Doc();
    manifest.getMap('meta').set('kind', 'manifest');
    await host.saveUpdate({ docName: manifestDocName(link.planId), update: Y.encodeStateAsUpdate(manifest) });

    host.close();
    expect(everythingOnDisk(dir).includes(Buffer.from(credentials!.token))).toBe(false);

    // After a restart the sealed token opens again.
    host = new HostService(dir, { vault: safeStorageVault(safeStorage, 'linux') });
    expect((await host.getSyncCredentials({ planId: link.planId }))?.token).toBe(credentials!.token);
    host.close();
  });

  it('keeps the token in memory only when the OS has no safe storage, and says so', async () => {
    const created = runAdmin(serverDir, ['create-plan', '--coordinator-name', 'Bo Ek', '--agency', 'af']);
    const dir = dataDir();
    const safeStorage = createFakeSafeStorage();
    safeStorage.backend = 'basic_text'; // Linux without a keyring: a hard-coded key, not protection.
    let host = new HostService(dir, { vault: safeStorageVault(safeStorage, 'linux') });
    const link = await host.joinPlan({ serverUrl: server.url, code: String(created['code']) });
    expect(link.tokenPersisted).toBe(false);
    const { token } = (await host.getSyncCredentials({ planId: link.planId }))!;
    host.close();
    expect(everythingOnDisk(dir).includes(Buffer.from(token))).toBe(false);

    host = new HostService(dir, { vault: safeStorageVault(safeStorage, 'linux') });
    await expect(host.getSyncCredentials({ planId: link.planId })).rejects.toMatchObject({ code: 'server-refused', reason: 'token-unavailable' });
    // The plan is still listed: its local copy is not lost.
    expect((await host.listPlans()).some((p) => p.id === link.planId)).toBe(true);
    host.close();
  });

  it('explains a used code, a wrong code and an unreachable server in the server’s own terms', async () => {
    const created = runAdmin(serverDir, ['create-plan', '--coordinator-name', 'Cia Lind', '--agency', 'af']);
    const host = new HostService(dataDir());
    await host.joinPlan({ serverUrl: server.url, code: String(created['code']) });
    await expect(host.joinPlan({ serverUrl: server.url, code: String(created['code']) })).rejects.toMatchObject({ code: 'server-refused', reason: 'code-used' });
    await expect(host.joinPlan({ serverUrl: server.url, code: 'AAAA-BBBB-CCCC-DDDD-EEEE' })).rejects.toMatchObject({ code: 'server-refused', reason: 'invalid-code' });
    await expect(host.joinPlan({ serverUrl: 'http://127.0.0.1:1', code: 'AAAA-BBBB-CCCC-DDDD-EEEE' })).rejects.toMatchObject({ code: 'server-unreachable' });
    await expect(host.joinPlan({ serverUrl: 'http://user:pw@127.0.0.1:1', code: 'AAAA' })).rejects.toMatchObject({ code: 'invalid-argument' });
    host.close();
  });
});

describe('publishing a local plan', () => {
  it('keeps the plan’s id, makes the user its coordinator, and lets them invite and remove members', async () => {
    const host = new HostService(dataDir());
    const plan = await host.createPlan({ title: 'Gemensam plan' });
    const { code } = runAdmin(serverDir, ['publish-code', '--coordinator-name', 'Dana Berg', '--agency', 'af']);
    const link = await host.publishPlan({ planId: plan.id, serverUrl: server.url, code: String(code) });
    expect(link).toMatchObject({ planId: plan.id, member: { role: 'coordinator', name: 'Dana Berg' } });
    expect((await host.listPlans()).find((p) => p.id === plan.id)).toMatchObject({ title: 'Gemensam plan', server: { serverUrl: server.url } });
    await expect(host.publishPlan({ planId: plan.id, serverUrl: server.url, code: String(code) })).rejects.toMatchObject({ code: 'invalid-argument' });

    const invitation = await host.createInvitation({ planId: plan.id, name: 'Omar Said', agency: 'migr', role: 'drafter' });
    const drafter = new HostService(dataDir());
    const joined = await drafter.joinPlan({ serverUrl: server.url, code: invitation.code });
    expect(joined).toMatchObject({ planId: plan.id, member: { name: 'Omar Said', agency: 'migr', role: 'drafter' } });
    // The drafter's copy can store the chapter docs that sync brings.
    const chapter = new Y.Doc();
    chapter.getMap('meta').set('kind', 'chapter');
    await drafter.saveUpdate({ docName: chapterDocName(plan.id, '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f'), update: Y.encodeStateAsUpdate(chapter) });

    expect((await host.listMembers({ planId: plan.id })).map((m) => m.name).sort()).toEqual(['Dana Berg', 'Omar Said']);
    await expect(drafter.createInvitation({ planId: plan.id, name: 'X', agency: 'fk', role: 'drafter' })).rejects.toMatchObject({ code: 'server-refused', reason: 'not-coordinator' });
    await host.removeMember({ planId: plan.id, memberId: joined.member.id });
    await expect(drafter.listMembers({ planId: plan.id })).rejects.toMatchObject({ code: 'server-refused', reason: 'member-revoked' });
    host.close();
    drafter.close();
  });

  it('brings a role the coordinator changed when the app asks for fresh credentials (after a 4409 close)', async () => {
    const host = new HostService(dataDir());
    const plan = await host.createPlan({ title: 'Roller' });
    const { code } = runAdmin(serverDir, ['publish-code', '--coordinator-name', 'Dana Berg', '--agency', 'af']);
    await host.publishPlan({ planId: plan.id, serverUrl: server.url, code: String(code) });
    const invitation = await host.createInvitation({ planId: plan.id, name: 'Omar Said', agency: 'migr', role: 'drafter' });
    const drafter = new HostService(dataDir());
    const joined = await drafter.joinPlan({ serverUrl: server.url, code: invitation.code });
    runAdmin(serverDir, ['set-role', '--plan-id', plan.id, '--member-id', joined.member.id, '--role', 'reader']);
    // The token is far from expiry: without `refresh` the app keeps what it was granted.
    expect((await drafter.getSyncCredentials({ planId: plan.id }))?.member.role).toBe('drafter');
    const fresh = await drafter.getSyncCredentials({ planId: plan.id, refresh: true });
    expect(fresh?.member).toMatchObject({ id: joined.member.id, role: 'reader' });
    // And it is kept: the plan list and later credentials say reader too.
    expect((await drafter.listPlans()).find((p) => p.id === plan.id)?.server?.member.role).toBe('reader');
    expect((await drafter.getSyncCredentials({ planId: plan.id }))?.member.role).toBe('reader');
    host.close();
    drafter.close();
  });

  it('refuses to publish a plan that is not on this computer', async () => {
    const host = new HostService(dataDir());
    await expect(host.publishPlan({ planId: '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f', serverUrl: server.url, code: 'AAAA' })).rejects.toMatchObject({ code: 'not-found' });
    host.close();
  });
});

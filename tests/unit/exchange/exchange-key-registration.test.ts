/**
 * Members who joined a shared plan before exchange keys existed (issue 17):
 * the server has no public key for them, so nobody could check a file they
 * sign. Their app files its key when it next connects, with their own token;
 * the server never replaces a key it holds on a member's word. A real sync
 * server process; the "old app" is today's host whose join request loses
 * its key on the way, as an older app's never had one.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeExchangeFile } from '../../../shared/exchange/exchange-file.ts';
import { initManifest } from '../../../shared/plan/manifest.ts';
import { manifestDocName } from '../../../shared/plan/doc-names.ts';
import { API_PATHS } from '../../../shared/sync-protocol/http-api.ts';
import { HostService } from '../../../src-main/host/host-service.ts';
import { SyncServerApi } from '../../../src-main/sync/sync-server-api.ts';
import { postJson, runAdmin, startSyncServerProcess, type SyncServerProcess } from '../../support/sync-server-process.ts';
import { connectClient, isSettled, waitUntil } from '../../support/sync-client.ts';
import { changesFile, importFile, planFile, type Peer } from './exchange-peers.ts';
import { rawPublicKey } from './forged-file.ts';

let server: SyncServerProcess;
let serverDir: string;
const dirs: string[] = [];
const hosts: HostService[] = [];

/** Like an app from before issue 17: the join request carries no public key. */
const withoutKeys: typeof fetch = (input, init) => {
  if (typeof init?.body === 'string' && String(input).endsWith(API_PATHS.join)) {
    const { publicKey: _dropped, ...body } = JSON.parse(init.body) as Record<string, unknown>;
    void _dropped;
    return fetch(input, { ...init, body: JSON.stringify(body) });
  }
  return fetch(input, init);
};

function computer(serverApi?: SyncServerApi): HostService {
  const dir = mkdtempSync(join(tmpdir(), 'samskriv-keys-'));
  dirs.push(dir);
  const host = new HostService(dir, serverApi === undefined ? {} : { serverApi });
  hosts.push(host);
  return host;
}

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'samskriv-keys-server-'));
  server = await startSyncServerProcess({ dataDir: serverDir });
}, 60_000);

afterAll(async () => {
  for (const host of hosts) host.close();
  await server.stop();
  rmSync(serverDir, { recursive: true, force: true });
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a member without a key on the server', () => {
  it('gets her key registered when her app connects, and the server keeps it against another', async () => {
    const created = runAdmin(serverDir, ['create-plan', '--coordinator-name', 'Anna Ek', '--agency', 'af']);
    const anna = computer();
    const annaLink = await anna.joinPlan({ serverUrl: server.url, code: String(created['code']) });
    const planId = annaLink.planId;
    const annaToken = (await anna.getSyncCredentials({ planId }))!.token;
    const manifest = connectClient(server.wsUrl, manifestDocName(planId), annaToken);
    initManifest(manifest.doc, { planId, title: 'Nyckelplan', deadline: null, createdAt: new Date().toISOString(), chapters: [] });
    await waitUntil(() => isSettled(manifest), 'the plan is on the server');
    await anna.saveUpdate({ docName: manifestDocName(planId), update: Y.encodeStateAsUpdate(manifest.doc) });
    manifest.destroy();

    const invitation = await anna.createInvitation({ planId, name: 'Cecilia Dahl', agency: 'jamy', role: 'drafter' });
    const cecilia = computer(new SyncServerApi(withoutKeys));
    const link = await cecilia.joinPlan({ serverUrl: server.url, code: invitation.code });
    const keyOf = async (): Promise<string | null | undefined> => (await anna.listMembers({ planId })).find((m) => m.id === link.member.id)?.publicKey;
    expect(await keyOf()).toBeNull();

    // Her app connects: it asks for its credentials, and files its key.
    const credentials = (await cecilia.getSyncCredentials({ planId }))!;
    const registered = await keyOf();
    expect(registered).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(server.logs().some((r) => r['event'] === 'member-key-registered' && r['memberId'] === link.member.id)).toBe(true);
    // It is the key her files are signed with.
    const annas: Peer = { host: anna, member: { memberId: annaLink.member.id, name: 'Anna Ek', agency: 'af', role: 'coordinator' } };
    const hers: Peer = { host: cecilia, member: { memberId: link.member.id, name: 'Cecilia Dahl', agency: 'jamy', role: 'drafter' } };
    await importFile(hers, planId, (await changesFile(annas, planId, null))!);
    expect(decodeExchangeFile(await planFile(hers, planId)).content.header.sender.publicKey).toBe(registered);

    // Another key, even with her own token, does not replace it.
    const other = await postJson(`${server.url}${API_PATHS.memberKey(planId)}`, { publicKey: rawPublicKey(generateKeyPairSync('ed25519')) }, credentials.token);
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: { code: 'key-exists' } });
    expect(await keyOf()).toBe(registered);
  }, 60_000);
});

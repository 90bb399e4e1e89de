/**
 * Invitation codes, publish codes and member tokens must not travel in
 * cleartext (issue 11, finding 7): a sync server on another computer is
 * reached over https/wss only. A server on this computer may use http, as
 * `npm run server` serves it, and a test lab without TLS starts Samskriv
 * with `--insecure`. The host refuses before it sends anything.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHostDispatch } from '../../../src-main/host/host-dispatch.ts';
import { HostService } from '../../../src-main/host/host-service.ts';
import { parseServerUrl } from '../../../src-main/sync/server-url.ts';
import { SyncServerApi } from '../../../src-main/sync/sync-server-api.ts';
import { transportPolicyFromArgv } from '../../../src-main/sync/transport-policy.ts';

const PLAN_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const CODE = 'ABCD-EFGH';
const INSECURE = { code: 'server-refused', reason: 'insecure-server' };
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samskriv-transport-'));
  dirs.push(dir);
  return dir;
}

/** A sync server that grants every code, and the URLs the host asked it for. */
function grantingServer(): { api: SyncServerApi; requested: string[] } {
  const requested: string[] = [];
  const fetchImpl = (async (input: string | URL | Request) => {
    requested.push(String(input));
    const grant = {
      token: 'member-token',
      expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
      planId: PLAN_ID,
      member: { id: '5b3c1e2a-9d4f-4a6b-8c7d-1e2f3a4b5c6d', name: 'Omar Said', agency: 'migr', role: 'drafter', joinedAt: '2026-01-01T00:00:00.000Z', revokedAt: null },
    };
    return new Response(JSON.stringify(grant), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
  return { api: new SyncServerApi(fetchImpl), requested };
}

describe('the address of a sync server on another computer', () => {
  it('must be https; http is refused with its own reason, for the app to explain', () => {
    expect(() => parseServerUrl('http://server.myndighet.se:4470')).toThrow(expect.objectContaining(INSECURE));
  });

  it('is https, and its WebSocket wss, when typed without a scheme', async () => {
    const dispatch = createHostDispatch({ joinPlan: async (input: unknown) => input } as never, () => undefined);
    const response = await dispatch('joinPlan', [{ serverUrl: 'server.myndighet.se:4470', code: CODE }]);
    expect(response).toEqual({ ok: true, value: { serverUrl: 'https://server.myndighet.se:4470', code: CODE } });
    expect(parseServerUrl('https://server.myndighet.se:4470')).toEqual({ base: 'https://server.myndighet.se:4470', websocket: 'wss://server.myndighet.se:4470' });
  });

  it('may be http on this computer: 127.0.0.0/8, ::1 and localhost', () => {
    for (const address of ['http://127.0.0.1:4470', 'http://127.1.2.3', 'http://[::1]:4470', 'http://localhost:4470', 'http://LOCALHOST']) {
      expect(() => parseServerUrl(address), address).not.toThrow();
    }
    expect(parseServerUrl('http://[::1]:4470').websocket).toBe('ws://[::1]:4470');
  });

  it('is not taken for this computer because its name merely starts like one', () => {
    for (const address of ['http://127.0.0.1.myndighet.se', 'http://localhost.myndighet.se', 'http://10.0.0.5:4470', 'http://[::2]']) {
      expect(() => parseServerUrl(address), address).toThrow(expect.objectContaining(INSECURE));
    }
  });

  it('the browser host takes --insecure on its command line', () => {
    // --help answers once the arguments are read, before anything starts.
    const run = spawnSync(process.execPath, ['src-main/web/web-cli.ts', '--insecure', '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('may be http anywhere when the process was started with --insecure, and only then', () => {
    expect(transportPolicyFromArgv(['node', 'web-cli.ts', '--insecure'])).toEqual({ allowInsecure: true });
    expect(transportPolicyFromArgv(['/opt/Samskriv/samskriv'])).toEqual({ allowInsecure: false });
    expect(parseServerUrl('http://labb.myndighet.se:4470', { allowInsecure: true })).toEqual({ base: 'http://labb.myndighet.se:4470', websocket: 'ws://labb.myndighet.se:4470' });
  });
});

describe('joining and publishing', () => {
  it('joinPlan sends nothing to a plain-http server on another computer', async () => {
    const server = grantingServer();
    const host = new HostService(dataDir(), { serverApi: server.api, transport: { allowInsecure: false } });
    await expect(host.joinPlan({ serverUrl: 'http://server.myndighet.se:4470', code: CODE })).rejects.toMatchObject(INSECURE);
    expect(server.requested).toEqual([]);
    host.close();
  });

  it('joinPlan through the HostApi answers the typed refusal, not a crash', async () => {
    const server = grantingServer();
    const host = new HostService(dataDir(), { serverApi: server.api, transport: { allowInsecure: false } });
    const response = await createHostDispatch(host, () => undefined)('joinPlan', [{ serverUrl: 'http://192.168.1.20:4470/', code: CODE }]);
    expect(response).toMatchObject({ ok: false, error: INSECURE });
    expect(server.requested).toEqual([]);
    host.close();
  });

  it('joinPlan posts to the https address it was given, and only there', async () => {
    const server = grantingServer();
    const host = new HostService(dataDir(), { serverApi: server.api, transport: { allowInsecure: false } });
    await host.joinPlan({ serverUrl: 'https://server.myndighet.se:4470', code: CODE });
    expect(server.requested).toEqual(['https://server.myndighet.se:4470/api/join']);
    host.close();
  });

  it('publishPlan sends nothing to a plain-http server on another computer', async () => {
    const server = grantingServer();
    const host = new HostService(dataDir(), { serverApi: server.api, transport: { allowInsecure: false } });
    const plan = await host.createPlan({ title: 'Gemensam plan' });
    await expect(host.publishPlan({ planId: plan.id, serverUrl: 'http://server.myndighet.se', code: CODE })).rejects.toMatchObject(INSECURE);
    expect(server.requested).toEqual([]);
    host.close();
  });
});

describe('a plan already linked to a plain-http server', () => {
  it('gets no token for its WebSocket once Samskriv runs without --insecure', async () => {
    const dir = dataDir();
    const lab = grantingServer();
    const inLab = new HostService(dir, { serverApi: lab.api, transport: { allowInsecure: true } });
    await inLab.joinPlan({ serverUrl: 'http://labb.myndighet.se:4470', code: CODE });
    expect(await inLab.getSyncCredentials({ planId: PLAN_ID })).toMatchObject({ websocketUrl: 'ws://labb.myndighet.se:4470' });
    inLab.close();

    const normal = grantingServer();
    const host = new HostService(dir, { serverApi: normal.api, transport: { allowInsecure: false } });
    await expect(host.getSyncCredentials({ planId: PLAN_ID })).rejects.toMatchObject(INSECURE);
    await expect(host.listMembers({ planId: PLAN_ID })).rejects.toMatchObject(INSECURE);
    expect(normal.requested).toEqual([]);
    host.close();
  });
});

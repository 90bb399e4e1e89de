/**
 * Issue 11, finding 3: another local process — on a terminal server, another
 * user's — must get nothing from a user's browser host, even when it sends
 * exactly the headers the user's browser sends (Host, Origin).
 *
 * A real host process, as `npm run web` starts it, holds a plan joined on a
 * real sync server, so there is a plan list to read and a member token to
 * steal. The user's browser, which opened the announced link, can reach both;
 * a process that only knows the port (any local user can list listening
 * ports) gets the page that says to open the link, no socket, no plan and no
 * token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanSummary, SyncCredentials } from '../../../shared/host-api/host-api.ts';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';
import { runAdmin, startSyncServerProcess, type SyncServerProcess } from '../../support/sync-server-process.ts';
import { startWebHostProcess, type WebHostProcess } from '../../support/web-host-process.ts';
import { HostSocket, exchangeLink, originOf, valueOf } from './host-socket.ts';

let serverDir = '';
let dataDir = '';
let server: SyncServerProcess | undefined;
let host: WebHostProcess | undefined;
/** What the user's own browser holds after opening the link. */
let userCookie = '';
let planId = '';

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'samskriv-local-process-server-'));
  dataDir = mkdtempSync(join(tmpdir(), 'samskriv-local-process-'));
  [server, host] = await Promise.all([startSyncServerProcess({ dataDir: serverDir }), startWebHostProcess(dataDir)]);
  userCookie = await exchangeLink(host.url);
  const created = runAdmin(serverDir, ['create-plan', '--coordinator-name', 'Anna Berg', '--agency', 'af']);
  planId = String(created['planId']);
  const user = await HostSocket.open(host.url, { origin: originOf(host.url), cookie: userCookie });
  valueOf(await user.call('joinPlan', [{ serverUrl: server.url, code: String(created['code']) }]));
  await user.close();
}, 60_000);

afterAll(async () => {
  await host?.stop();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(serverDir, { recursive: true, force: true });
});

/** Everything a process gets over HostApi with these headers: the plan list and the member token, or why it got neither. */
async function takeWhatTheSocketGives(cookie: string | undefined): Promise<{ refused: string } | { plans: HostResponse<unknown>; credentials: HostResponse<unknown> }> {
  let socket: HostSocket;
  try {
    socket = await HostSocket.open(host!.url, { origin: originOf(host!.url), ...(cookie === undefined ? {} : { cookie }) });
  } catch (error) {
    return { refused: String(error) };
  }
  try {
    return { plans: await socket.call('listPlans', []), credentials: await socket.call('getSyncCredentials', [{ planId }]) };
  } finally {
    await socket.close();
  }
}

/** A GET with the Host header of the user's browser and nothing else of theirs. */
function getAsLocalProcess(path: string, headers: Record<string, string> = {}): Promise<{ status: number; setCookie: string[] | undefined; body: string }> {
  const { hostname, port, host: hostHeader } = new URL(host!.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers: { Host: hostHeader, ...headers }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a local process without the secret of this start', () => {
  it('gets no socket with the right Origin, so neither the plan list nor the member token', async () => {
    const taken = await takeWhatTheSocketGives(undefined);
    expect(taken).toEqual({ refused: expect.stringMatching(/403/) });
  });

  it('gets no socket with a guessed cookie either', async () => {
    const guessed = `samskriv-host-${new URL(host!.url).port}=${'A'.repeat(43)}`;
    expect(await takeWhatTheSocketGives(guessed)).toEqual({ refused: expect.stringMatching(/403/) });
  });

  it('gets only the page that says to open the link, not the app', async () => {
    for (const path of ['/', '/index.html']) {
      const response = await getAsLocalProcess(path, { Origin: originOf(host!.url) });
      expect(response.status, path).toBe(403);
      expect(response.body, path).toContain('Öppna länken som Samskriv skrev ut');
      expect(response.body, path).not.toMatch(/<script/i);
    }
  });

  it('gets no cookie for a guessed link', async () => {
    const response = await getAsLocalProcess(`/?k=${'A'.repeat(43)}`);
    expect(response.status).toBe(403);
    expect(response.setCookie).toBeUndefined();
  });
});

describe("the user's browser, which opened the announced link", () => {
  // The same calls, to show there was something to take above.
  it('gets the plan list and the member token', async () => {
    const taken = await takeWhatTheSocketGives(userCookie);
    if ('refused' in taken) throw new Error(`the user's own browser was refused: ${taken.refused}`);
    expect(valueOf<PlanSummary[]>(taken.plans).map((plan) => plan.id)).toContain(planId);
    expect(valueOf<SyncCredentials>(taken.credentials)).toMatchObject({ planId, serverUrl: server!.url, token: expect.stringMatching(/^smt1\./) });
  });
});

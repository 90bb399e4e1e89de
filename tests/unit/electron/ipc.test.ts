/**
 * HostApi over Electron IPC. Every HostApi method gets exactly one channel,
 * and a call runs only when it comes from the main frame of a window showing
 * our own app. An injected iframe, a page the window was navigated to, or a
 * frame that has already gone away gets `forbidden-sender`, and the call never
 * reaches the host.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { APP_ORIGIN, trustedOrigin } from '../../../src-main/electron/app-origin.ts';
import { registerHostIpc } from '../../../src-main/electron/ipc.ts';
import type { HostDispatch } from '../../../src-main/host/host-dispatch.ts';
import { HOST_METHODS } from '../../../shared/host-api/host-api.ts';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';
import { createFakeElectron, type FakeElectron, type SenderFrame } from './fake-electron.ts';

interface Dispatched {
  readonly method: string;
  readonly args: readonly unknown[];
}

/** Stands in for the host: records what reached it and answers with it. */
function recordingDispatch(): { dispatch: HostDispatch; calls: Dispatched[] } {
  const calls: Dispatched[] = [];
  const dispatch: HostDispatch = async (method, args) => {
    calls.push({ method, args });
    return { ok: true, value: { method, args } };
  };
  return { dispatch, calls };
}

const APP_PAGE = `${APP_ORIGIN}/index.html`;
const PLAN_ID = '5b1f4f4e-3f7a-4c57-9e0b-3f1f0f6f8a01';

describe('HostApi channels', () => {
  it('registers exactly one handler per HostApi method, on samskriv:<method>', () => {
    const electron = createFakeElectron();
    registerHostIpc(electron.ipcMain, recordingDispatch().dispatch, APP_ORIGIN);
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(HOST_METHODS.map((method) => `samskriv:${method}`).sort());
    expect(electron.ipcMain.handleCalls).toBe(HOST_METHODS.length);
  });
});

describe('a HostApi call over IPC', () => {
  let electron: FakeElectron;
  let host: ReturnType<typeof recordingDispatch>;

  beforeEach(() => {
    electron = createFakeElectron();
    host = recordingDispatch();
    registerHostIpc(electron.ipcMain, host.dispatch, APP_ORIGIN);
  });

  it('from our window reaches the host with its method and arguments, and the answer comes back', async () => {
    const reply = await electron.ipcMain.invoke('samskriv:loadPlan', { frame: 'main', url: APP_PAGE }, { planId: PLAN_ID });
    expect(host.calls).toEqual([{ method: 'loadPlan', args: [{ planId: PLAN_ID }] }]);
    expect(reply).toEqual({ ok: true, value: { method: 'loadPlan', args: [{ planId: PLAN_ID }] } });
  });

  it.each(HOST_METHODS.map((method) => [method]))('reaches the host for %s', async (method) => {
    await electron.ipcMain.invoke(`samskriv:${method}`, { frame: 'main', url: `${APP_ORIGIN}/` });
    expect(host.calls.map((call) => call.method)).toEqual([method]);
  });

  const FORBIDDEN: readonly (readonly [string, SenderFrame])[] = [
    ['an iframe inside our own page', { frame: 'subframe', url: APP_PAGE }],
    ['an iframe from another site', { frame: 'subframe', url: 'https://evil.example/' }],
    ['a window navigated to another site', { frame: 'main', url: 'https://evil.example/index.html' }],
    ['a page on another host of our scheme', { frame: 'main', url: 'samskriv://evil/index.html' }],
    ['a page on the same host name over http', { frame: 'main', url: 'http://app/index.html' }],
    ['a local file', { frame: 'main', url: 'file:///home/user/plan.html' }],
    ['about:blank', { frame: 'main', url: 'about:blank' }],
    ['a frame that has already gone away (senderFrame null)', { frame: 'none', url: APP_PAGE }],
  ];

  it.each(FORBIDDEN)('from %s is refused with forbidden-sender and never reaches the host', async (_what, sender) => {
    const reply = (await electron.ipcMain.invoke('samskriv:saveUpdate', sender, {
      docName: `plan/${PLAN_ID}`,
      update: new Uint8Array([0, 0]),
    })) as HostResponse<unknown>;
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(reply.ok === false && reply.error.message).toContain('saveUpdate');
    expect(host.calls).toEqual([]);
  });
});

describe('during development with the dev server', () => {
  const devServer = 'http://localhost:5173/';

  it('trusts the dev server page and nothing else', async () => {
    const electron = createFakeElectron();
    const host = recordingDispatch();
    registerHostIpc(electron.ipcMain, host.dispatch, trustedOrigin(devServer));

    expect(await electron.ipcMain.invoke('samskriv:listPlans', { frame: 'main', url: 'http://localhost:5173/index.html' })).toMatchObject({ ok: true });
    for (const url of [APP_PAGE, 'http://localhost:5174/', 'https://localhost:5173/']) {
      expect(await electron.ipcMain.invoke('samskriv:listPlans', { frame: 'main', url }), url).toMatchObject({
        ok: false,
        error: { code: 'forbidden-sender' },
      });
    }
    expect(host.calls).toHaveLength(1);
  });
});

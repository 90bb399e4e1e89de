/**
 * The preload is the renderer's only way to reach main. It must expose
 * exactly one object, `samskrivHost`, with one function per HostApi method
 * and nothing else (no ipcRenderer, no generic invoke), each sending its own
 * arguments on its own channel and handing the answer back unchanged.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { HOST_METHODS } from '../../../shared/host-api/host-api.ts';

const electron = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('./fake-electron.ts');
  return createFakeElectron();
});
vi.mock('electron', () => electron);

describe('the preload', () => {
  let api: Record<string, unknown>;

  beforeAll(async () => {
    await import('../../../src-main/preload/preload.ts');
    api = electron.contextBridge.exposed.get('samskrivHost') as Record<string, unknown>;
  });

  it('exposes exactly one object, samskrivHost, once', () => {
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['samskrivHost']);
    expect(electron.contextBridge.exposeCalls).toBe(1);
  });

  it('offers exactly the HostApi methods, all as functions', () => {
    expect(Object.keys(api).sort()).toEqual([...HOST_METHODS].sort());
    for (const method of HOST_METHODS) expect(typeof api[method], method).toBe('function');
  });

  it.each(HOST_METHODS.map((method) => [method]))('sends %s on its own channel with the caller’s arguments and returns the answer', async (method) => {
    const argument = { method, update: new Uint8Array([1, 2, 3]) };
    const send = api[method] as (...args: unknown[]) => Promise<unknown>;
    const before = electron.ipcRenderer.invocations.length;

    const answer = await send(argument);

    expect(electron.ipcRenderer.invocations.slice(before)).toEqual([{ channel: `samskriv:${method}`, args: [argument] }]);
    expect(answer).toEqual({ answeredBy: `samskriv:${method}` });
  });

  it('passes no arguments for a method called without any', async () => {
    const before = electron.ipcRenderer.invocations.length;
    await (api['listPlans'] as () => Promise<unknown>)();
    expect(electron.ipcRenderer.invocations.slice(before)).toEqual([{ channel: 'samskriv:listPlans', args: [] }]);
  });
});

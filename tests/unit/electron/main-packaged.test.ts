/**
 * An installed (packaged) app ignores ELECTRON_RENDERER_URL: whoever can set
 * an environment variable must not be able to point Samskriv's window, and
 * the HostApi it trusts, at another origin.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const electron = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('./fake-electron.ts');
  return createFakeElectron();
});
vi.mock('electron', () => electron);

describe('the installed desktop app', () => {
  let userData = '';

  beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'samskriv-userdata-'));
    electron.app.paths['userData'] = userData;
    electron.app.isPackaged = true;
    vi.stubEnv('ELECTRON_RENDERER_URL', 'https://evil.example/');
    await import('../../../src-main/electron/main.ts');
    electron.app.becomeReady();
    await new Promise((resolve) => setImmediate(resolve));
  });

  afterAll(() => {
    electron.app.emit('will-quit');
    vi.unstubAllEnvs();
    rmSync(userData, { recursive: true, force: true });
  });

  it('loads its own renderer even when ELECTRON_RENDERER_URL is set', () => {
    expect(electron.windows.map((window) => window.loadedUrls)).toEqual([['samskriv://app/index.html']]);
  });

  it('does not trust the origin named in the variable', async () => {
    expect(await electron.ipcMain.invoke('samskriv:listPlans', { frame: 'main', url: 'https://evil.example/' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
  });
});

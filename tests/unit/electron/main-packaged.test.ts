/**
 * An installed (packaged) app ignores ELECTRON_RENDERER_URL: whoever can set
 * an environment variable must not be able to point Samskriv's window, and
 * the HostApi it trusts, at another origin.
 */
import { describe, expect, it, vi } from 'vitest';
import { startMainForTests } from './start-main.ts';

const electron = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('./fake-electron.ts');
  return createFakeElectron();
});
vi.mock('electron', () => electron);

describe('the installed desktop app', () => {
  startMainForTests(electron, { packaged: true, rendererUrl: 'https://evil.example/' });

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

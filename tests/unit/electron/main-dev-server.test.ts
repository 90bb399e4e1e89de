/**
 * With electron-vite's dev server (ELECTRON_RENDERER_URL set), main.ts loads
 * the renderer from it and trusts that origin, and only that origin, for
 * HostApi calls and navigation.
 */
import { describe, expect, it, vi } from 'vitest';
import { FakeWebContents } from './fake-electron.ts';
import { startMainForTests } from './start-main.ts';

const electron = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('./fake-electron.ts');
  return createFakeElectron();
});
vi.mock('electron', () => electron);

const DEV_SERVER = 'http://localhost:5173/';

describe('the desktop app during development', () => {
  startMainForTests(electron, { rendererUrl: DEV_SERVER });

  it('loads the renderer from the dev server', () => {
    expect(electron.windows.map((window) => window.loadedUrls)).toEqual([[DEV_SERVER]]);
  });

  it('answers HostApi calls from the dev server page and refuses the packaged origin', async () => {
    expect(await electron.ipcMain.invoke('samskriv:listPlans', { frame: 'main', url: `${DEV_SERVER}index.html` })).toEqual({ ok: true, value: [] });
    expect(await electron.ipcMain.invoke('samskriv:listPlans', { frame: 'main', url: 'samskriv://app/index.html' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
  });

  it('lets pages navigate within the dev server only', () => {
    const page = new FakeWebContents();
    electron.app.emit('web-contents-created', {}, page);
    expect(page.navigate(`${DEV_SERVER}index.html`)).toBe(false);
    expect(page.navigate('https://evil.example/')).toBe(true);
  });
});

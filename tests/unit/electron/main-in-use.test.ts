/**
 * The desktop app started while its plans are open in another Samskriv —
 * here a real browser host process on the same folder — says so in Swedish
 * and English and quits, without opening a window or reading the store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWebHostProcess, type WebHostProcess } from '../../support/web-host-process.ts';

const electron = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('./fake-electron.ts');
  return createFakeElectron();
});
vi.mock('electron', () => electron);

describe('the desktop app when its plans are open elsewhere', () => {
  let userData = '';
  let other: WebHostProcess;

  beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'samskriv-userdata-in-use-'));
    other = await startWebHostProcess(userData);
    electron.app.paths['userData'] = userData;
    vi.stubEnv('ELECTRON_RENDERER_URL', undefined);
    await import('../../../src-main/electron/main.ts');
    electron.app.becomeReady();
    await new Promise((resolve) => setImmediate(resolve));
  });

  afterAll(async () => {
    electron.app.emit('will-quit');
    vi.unstubAllEnvs();
    await other?.stop();
    rmSync(userData, { recursive: true, force: true });
  });

  it('says that Samskriv is already open, Swedish first', () => {
    expect(electron.dialog.errorBoxes).toHaveLength(1);
    const [box] = electron.dialog.errorBoxes;
    expect(box!.title).toBe('Samskriv är redan öppet – Samskriv is already open');
    expect(box!.content).toMatch(/^Planerna på den här datorn är redan öppna i ett annat Samskriv-fönster eller i Samskriv i webbläsaren\./);
  });

  it('quits without a window or any HostApi channel', () => {
    expect(electron.app.quitCalls).toBe(1);
    expect(electron.windows).toHaveLength(0);
    expect(electron.ipcMain.handlers.size).toBe(0);
  });
});

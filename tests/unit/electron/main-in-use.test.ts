/**
 * The desktop app started while its plans are open in another Samskriv —
 * here a real browser host process on the same folder — says so in Swedish
 * and English and quits, without opening a window or reading the store.
 */
import { describe, expect, it, vi } from 'vitest';
import { startWebHostProcess, type WebHostProcess } from '../../support/web-host-process.ts';
import { startMainForTests } from './start-main.ts';

const electron = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('./fake-electron.ts');
  return createFakeElectron();
});
vi.mock('electron', () => electron);

describe('the desktop app when its plans are open elsewhere', () => {
  let other: WebHostProcess | undefined;
  startMainForTests(electron, {
    beforeImport: async (userData) => {
      other = await startWebHostProcess(userData);
    },
    afterQuit: async () => {
      await other?.stop();
    },
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

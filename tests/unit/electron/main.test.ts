/**
 * main.ts wires the desktop app together. Imported against the fake
 * `electron`, it must: register our scheme as privileged before the app is
 * ready (Electron ignores it afterwards); once ready, register the HostApi
 * channels against a host that stores plans in the user's data folder, serve
 * the renderer from `samskriv://app`, and open one hidden, sandboxed window on
 * `samskriv://app/index.html` that is shown when it has painted. Every page
 * gets the navigation lock-down; closing a window with unsaved changes asks
 * the user first; closing the last window quits.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { LEAVE_BUTTON, unsavedDialogOptions } from '../../../src-main/electron/unsaved-dialog.ts';
import { DATABASE_FILE_NAME } from '../../../src-main/host/host-service.ts';
import { HOST_METHODS, type PlanSummary } from '../../../shared/host-api/host-api.ts';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';
import { FakeWebContents, type FakeBrowserWindow, type RecordedSchemes } from './fake-electron.ts';
import { settle, startMainForTests } from './start-main.ts';

const electron = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('./fake-electron.ts');
  return createFakeElectron();
});
vi.mock('electron', () => electron);

const APP_PAGE = 'samskriv://app/index.html';

/** What main.ts had done when the module had loaded but the app was not yet ready. */
interface BeforeReady {
  readonly privileged: readonly RecordedSchemes[];
  readonly handlers: number;
  readonly windows: number;
}

describe('the desktop app at start-up', () => {
  let beforeReady: BeforeReady;
  const main = startMainForTests(electron, {
    beforeReady: () => {
      beforeReady = {
        privileged: [...electron.protocol.privileged],
        handlers: electron.ipcMain.handlers.size,
        windows: electron.windows.length,
      };
    },
  });
  let window: FakeBrowserWindow;

  beforeAll(() => {
    const [first] = electron.windows;
    if (first === undefined) throw new Error('main.ts opened no window once the app was ready');
    window = first;
  });

  it('registers samskriv: as a privileged scheme before the app is ready, and only then', () => {
    expect(beforeReady.privileged).toEqual([
      { schemes: [{ scheme: 'samskriv', privileges: { standard: true, secure: true, supportFetchAPI: true } }], appWasReady: false },
    ]);
    expect(electron.protocol.privileged).toHaveLength(1);
  });

  it('opens no window and answers no IPC before the app is ready', () => {
    expect(beforeReady.handlers).toBe(0);
    expect(beforeReady.windows).toBe(0);
  });

  it('registers one IPC handler per HostApi method once ready', () => {
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(HOST_METHODS.map((method) => `samskriv:${method}`).sort());
  });

  it('denies the window’s page the camera and notifications, and lets it write the clipboard', async () => {
    const page = { url: APP_PAGE, isMainFrame: true };
    expect(await electron.session.defaultSession.requestPermission('media', page)).toBe(false);
    expect(electron.session.defaultSession.checkPermission('notifications', page)).toBe(false);
    expect(await electron.session.defaultSession.requestPermission('clipboard-sanitized-write', page)).toBe(true);
  });

  it('serves the renderer on the samskriv: scheme', () => {
    expect([...electron.protocol.handlers.keys()]).toEqual(['samskriv']);
  });

  it('opens exactly one window, sandboxed and isolated, with the built preload', () => {
    expect(electron.windows).toHaveLength(1);
    const preferences = window.options.webPreferences;
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    // electron-vite emits the preload as out/preload/preload.cjs next to out/main.
    const preload = preferences?.preload ?? '';
    expect(isAbsolute(preload)).toBe(true);
    expect([basename(dirname(preload)), basename(preload)]).toEqual(['preload', 'preload.cjs']);
  });

  it('loads samskriv://app/index.html when no dev server is set', () => {
    expect(window.loadedUrls).toEqual([APP_PAGE]);
  });

  it('shows the window only once it is ready to show', () => {
    expect(window.options.show).toBe(false);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('answers HostApi calls from its window with plans stored in the user data folder', async () => {
    const sender = { frame: 'main', url: APP_PAGE } as const;
    const created = (await electron.ipcMain.invoke('samskriv:createPlan', sender, { title: 'Handlingsplan' })) as HostResponse<PlanSummary>;
    expect(created).toMatchObject({ ok: true, value: { title: 'Handlingsplan' } });
    const listed = (await electron.ipcMain.invoke('samskriv:listPlans', sender)) as HostResponse<PlanSummary[]>;
    expect(listed.ok && listed.value.map((plan) => plan.title)).toEqual(['Handlingsplan']);
    expect(existsSync(join(main.userData, DATABASE_FILE_NAME))).toBe(true);
  });

  it('refuses HostApi calls from any other page', async () => {
    const reply = await electron.ipcMain.invoke('samskriv:listPlans', { frame: 'main', url: 'https://evil.example/' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });

  it('locks down navigation in its window', () => {
    const page = window.webContents;
    expect(page.navigate('https://evil.example/')).toBe(true);
    expect(page.navigate(APP_PAGE)).toBe(false);
    expect(page.attachWebview()).toBe(true);
    expect(page.openWindow('https://www.regeringen.se/')).toBe('deny');
    expect(page.openWindow('javascript:alert(1)')).toBe('deny');
    expect(electron.shell.openedExternally).toEqual(['https://www.regeringen.se/']);
  });

  it('locks down navigation in any other page Electron creates', () => {
    const page = new FakeWebContents();
    electron.app.emit('web-contents-created', {}, page);
    expect(page.navigate('https://evil.example/')).toBe(true);
    expect(page.openWindow('file:///etc/passwd')).toBe('deny');
  });

  it('asks, in the user’s language, before closing a window with unsaved changes, and keeps it open if told to stay', async () => {
    electron.dialog.response = 0;
    expect(window.webContents.preventUnload()).toBe(false);
    await settle();
    expect(electron.dialog.shown).toEqual([{ window, options: unsavedDialogOptions('sv') }]);
    expect(window.destroyed).toBe(false);

    await electron.ipcMain.invoke('samskriv:setPreferences', { frame: 'main', url: APP_PAGE }, { language: 'en' });
    window.webContents.preventUnload();
    await settle();
    expect(electron.dialog.shown[1]?.options).toEqual(unsavedDialogOptions('en'));
    expect(window.destroyed).toBe(false);
  });

  it('closes the window with unsaved changes only when the user chooses to leave', async () => {
    electron.dialog.response = LEAVE_BUTTON;
    window.webContents.preventUnload();
    await settle();
    expect(window.destroyed).toBe(true);
  });

  it('quits when the last window is closed', () => {
    expect(electron.app.quitCalls).toBe(0);
    electron.app.emit('window-all-closed');
    expect(electron.app.quitCalls).toBe(1);
  });
});

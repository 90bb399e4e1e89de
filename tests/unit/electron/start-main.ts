/**
 * Starts main.ts against a fake `electron` the way Electron starts the app,
 * once for a describe block: a fresh user-data folder, ELECTRON_RENDERER_URL
 * as the case needs it (unset unless given), main.ts imported, the app made
 * ready and what main.ts queued then run. Afterwards the app quits (main.ts
 * closes the database on `will-quit`), the environment is restored and the
 * folder removed.
 *
 * The test file must still mock `electron` itself (`vi.mock` is hoisted per
 * file) and hand its fake in here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';
import type { FakeElectron } from './fake-electron.ts';

export interface MainStart {
  /** ELECTRON_RENDERER_URL, as electron-vite's dev server sets it; unset when absent. */
  readonly rendererUrl?: string;
  /** Whether the app runs installed (`app.isPackaged`). */
  readonly packaged?: boolean;
  /** Runs once the user-data folder exists, before main.ts is imported. */
  readonly beforeImport?: (userData: string) => Promise<void>;
  /** Runs once main.ts is imported, before the app is ready. */
  readonly beforeReady?: () => void;
  /** Runs after the app has quit, before the folder is removed. */
  readonly afterQuit?: () => Promise<void>;
}

export interface StartedMain {
  /** The user-data folder main.ts was given; set once the block's tests run. */
  readonly userData: string;
}

/** Lets everything main.ts queued (promise chains) run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Starts main.ts before the tests of the calling describe block and quits it after them. */
export function startMainForTests(electron: FakeElectron, start: MainStart = {}): StartedMain {
  const started = { userData: '' };
  beforeAll(async () => {
    started.userData = mkdtempSync(join(tmpdir(), 'samskriv-userdata-'));
    await start.beforeImport?.(started.userData);
    electron.app.paths['userData'] = started.userData;
    if (start.packaged) electron.app.isPackaged = true;
    vi.stubEnv('ELECTRON_RENDERER_URL', start.rendererUrl);
    await import('../../../src-main/electron/main.ts');
    start.beforeReady?.();
    electron.app.becomeReady();
    await settle();
  });
  afterAll(async () => {
    electron.app.emit('will-quit');
    vi.unstubAllEnvs();
    await start.afterQuit?.();
    rmSync(started.userData, { recursive: true, force: true });
  });
  return started;
}

/**
 * A sync server process (sync-server-process.ts) with one plan on it, for
 * the tests of a file or a describe block: started before them on a fresh
 * data folder, the plan created with the admin CLI and joined by its
 * coordinator, and afterwards stopped and its folder removed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { setUpPlan, startSyncServerProcess, type SyncServerProcess, type SyncServerProcessOptions, type TestPlan } from './sync-server-process.ts';

export interface ServerWithPlan {
  /** The server's data folder, for the admin CLI; set before the tests run. */
  readonly dataDir: string;
  /** Set before the tests run. */
  readonly server: SyncServerProcess;
  /** Set before the tests run. */
  readonly plan: TestPlan;
}

/**
 * Registers the start before the calling block's tests and the stop after
 * them. `label` names the data folder (samskriv-<label>-…); `options` are the
 * server's own (command-line arguments, environment).
 */
export function serverWithPlanForTests(label: string, options: Omit<SyncServerProcessOptions, 'dataDir'> = {}): ServerWithPlan {
  let dataDir = '';
  let server: SyncServerProcess | undefined;
  let plan: TestPlan | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), `samskriv-${label}-`));
    server = await startSyncServerProcess({ ...options, dataDir });
    plan = await setUpPlan(server, dataDir, options.env);
  });
  afterAll(async () => {
    await server?.stop();
    if (dataDir !== '') rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get dataDir() {
      if (dataDir === '') throw new Error('the data folder is made before the tests run');
      return dataDir;
    },
    get server() {
      if (!server) throw new Error('the sync server is started before the tests run');
      return server;
    },
    get plan() {
      if (!plan) throw new Error('the plan is set up before the tests run');
      return plan;
    },
  };
}

/**
 * A fresh data folder per test, and HostServices opened on it that are all
 * closed before the folder is removed.
 *
 * Closing waits one macrotask first, so a compaction that a save scheduled
 * with setImmediate runs against an open store instead of logging a failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { DATABASE_FILE_NAME, HostService } from '../../../src-main/host/host-service.ts';

export interface DataDir {
  /** The folder of the current test. */
  readonly path: string;
  /** Where HostService keeps its database inside `path`. */
  readonly databasePath: string;
  /** Opens a HostService on `path`; it is closed after the test. */
  open(): HostService;
}

export function useDataDir(): DataDir {
  let path = '';
  const services: HostService[] = [];
  beforeEach(() => {
    path = mkdtempSync(join(tmpdir(), 'samskriv-host-'));
  });
  afterEach(async () => {
    await nextMacrotask();
    for (const service of services.splice(0)) service.close();
    rmSync(path, { recursive: true, force: true });
  });
  return {
    get path() {
      return path;
    },
    get databasePath() {
      return join(path, DATABASE_FILE_NAME);
    },
    open() {
      const service = new HostService(path);
      services.push(service);
      return service;
    },
  };
}

/** Resolves after everything queued with setImmediate so far has run. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

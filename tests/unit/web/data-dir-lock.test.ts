/**
 * Two browser hosts on one data directory would each keep their own copy of
 * the open plans and never see the other's edits. The second must refuse to
 * start and say that the plans are open elsewhere; once the first is gone —
 * even killed with SIGKILL, leaving no chance to clean up — a new one starts.
 * Real processes, as a user would start them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebHostProcess, type WebHostProcess } from '../../support/web-host-process.ts';

const REPO = resolve(import.meta.dirname, '../../..');
const CLI = resolve(REPO, 'src-main/web/web-cli.ts');

/** Runs `npm run web` on `dataDir` until it exits, or stops it if it starts after all. */
function runSecondHost(dataDir: string): Promise<{ code: number | null; stderr: string; started: boolean }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--data-dir', dataDir], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let started = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (!started && chunk.toString().includes('running at')) {
        started = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stderr, started }));
  });
}

describe('two browser hosts on one data directory', () => {
  let dataDir = '';
  const hosts: WebHostProcess[] = [];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'samskriv-data-dir-lock-'));
  });

  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the second one does not start and says the plans are already open elsewhere', async () => {
    hosts.push(await startWebHostProcess(dataDir));
    const second = await runSecondHost(dataDir);
    expect(second.started).toBe(false);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`The plans in ${dataDir} are already open in another Samskriv`);
  });

  it('another directory is no problem', async () => {
    hosts.push(await startWebHostProcess(dataDir));
    const otherDir = mkdtempSync(join(tmpdir(), 'samskriv-data-dir-lock-other-'));
    try {
      expect((await runSecondHost(otherDir)).started).toBe(true);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('after the first one is killed with SIGKILL, a new one starts: no stale lock', async () => {
    const first = await startWebHostProcess(dataDir);
    await first.kill();
    hosts.push(await startWebHostProcess(dataDir));
  });

  it('after the first one quits, a new one starts', async () => {
    const first = await startWebHostProcess(dataDir);
    await first.stop();
    expect((await runSecondHost(dataDir)).started).toBe(true);
  });
});

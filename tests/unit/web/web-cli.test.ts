/**
 * `npm run web` is how a drafter without the desktop app, and the end-to-end
 * tests, start the browser host. Asking for help must print the usage and
 * nothing else; a mistyped option must stop with exit code 2 and say what was
 * wrong instead of starting a host somewhere the user did not ask for.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../../..');
const CLI = resolve(REPO, 'src-main/web/web-cli.ts');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the CLI started a host (it was then stopped by the test). */
  readonly started: boolean;
}

/**
 * Runs the CLI as `npm run web` does (Node 24 strips the types), with its
 * data in `dataDir` unless the arguments say otherwise. Should it start a
 * host after all, the host is stopped at once and `started` says so.
 */
function runCli(args: readonly string[], dataDir: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let started = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!started && stdout.includes('running at')) {
        started = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr, started }));
  });
}

/** The CLI refused to start: exit code 2, and on stderr only, `complaint` and the usage. */
function expectRefused(run: Run, complaint: string): void {
  expect(run.started).toBe(false);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(complaint);
  expect(run.stderr).toContain('Usage: npm run web');
  expect(run.stdout).toBe('');
}

describe('npm run web', () => {
  let dataDir = '';

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'samskriv-web-cli-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints its usage for --help and exits 0 without starting a host', async () => {
    const run = await runCli(['--help'], dataDir);
    expect(run.started).toBe(false);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run web/);
    for (const option of ['--port', '--host', '--data-dir', '--help']) expect(run.stdout).toContain(option);
    expect(run.stderr).toBe('');
  });

  it('answers `npm run web -- --help` at once: the usage, and no build before it', () => {
    // Through npm, exactly as the README says; its script used to build for seconds first.
    const run = spawnSync('npm', ['run', '--silent', 'web', '--', '--help'], { cwd: REPO, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run web/);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/vite|building|transforming/i);
  });

  it('refuses --port abc with exit code 2 and says why', async () => {
    expectRefused(await runCli(['--port', 'abc'], dataDir), '--port must be a number from 0 to 65535, got "abc"');
  });

  it.each([['70000'], [''], ['0x50']])(
    'refuses --port "%s" with exit code 2 instead of starting on some other port',
    async (port) => {
      expectRefused(await runCli(['--port', port], dataDir), '--port');
    },
  );

  it('refuses an unknown option with exit code 2 and its usage', async () => {
    expectRefused(await runCli(['--prot', '5180'], dataDir), '--prot');
  });

  it('starts a host on a free port for --port 0, and stops on SIGTERM', async () => {
    const run = await runCli(['--port', '0'], dataDir);
    expect(run.started).toBe(true);
    // The link carries this start's secret (32 random bytes, base64url).
    expect(run.stdout).toMatch(/Samskriv is running at http:\/\/127\.0\.0\.1:\d+\/\?k=[A-Za-z0-9_-]{43}\n/);
    expect(run.stdout).toContain(`Plans are stored in ${dataDir}`);
    expect(run.code).toBe(0);
  });
});

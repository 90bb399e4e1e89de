/**
 * Runs the sync server as a real child process (`node src-server/server-cli.ts`),
 * exactly as `npm run server` does, so tests can stop it, kill -9 it and start
 * it again on the same port and data.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');
const CLI = resolve(REPO, 'src-server/server-cli.ts');

export interface SyncServerProcess {
  readonly url: string;
  readonly wsUrl: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Every JSON log record so far (stdout and stderr). */
  logs(): Record<string, unknown>[];
  /** Graceful stop (SIGTERM): stores every document first. */
  stop(): Promise<void>;
  /** Abrupt stop (SIGKILL), as in a crash or power cut. */
  kill(): Promise<void>;
}

export interface SyncServerProcessOptions {
  readonly dataDir: string;
  readonly port?: number;
  readonly env?: Record<string, string>;
  readonly args?: readonly string[];
}

export async function startSyncServerProcess(options: SyncServerProcessOptions): Promise<SyncServerProcess> {
  const child = spawn(process.execPath, [CLI, '--port', String(options.port ?? 0), '--data-dir', options.dataDir, ...(options.args ?? [])], {
    cwd: REPO,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const records: Record<string, unknown>[] = [];
  let raw = '';
  const collect = (chunk: Buffer): void => {
    raw += chunk.toString();
    const lines = raw.split('\n');
    raw = lines.pop() ?? '';
    for (const line of lines) {
      try {
        records.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        records.push({ event: 'non-json-output', line });
      }
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`sync server did not start in time:\n${JSON.stringify(records)}`)), 30_000);
    const poll = setInterval(() => {
      const started = records.find((record) => record['event'] === 'server-started');
      if (started) {
        clearTimeout(timer);
        clearInterval(poll);
        resolveUrl(String(started['url']));
      }
    }, 10);
    child.once('exit', (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`sync server exited with ${code} before it started:\n${JSON.stringify(records)}\n${raw}`));
    });
  });
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    port: Number(new URL(url).port),
    child,
    logs: () => records,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs `npm run server -- admin <args> --json` on `dataDir` and returns the parsed output. */
export function runAdmin(dataDir: string, args: readonly string[], env: Record<string, string> = {}): Record<string, unknown> {
  const result = spawnSync(process.execPath, [CLI, 'admin', ...args, '--data-dir', dataDir, '--json'], {
    cwd: REPO,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`admin ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** Like runAdmin, but returns the exit status and output instead of throwing. */
export function runAdminRaw(dataDir: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'admin', ...args, '--data-dir', dataDir], { cwd: REPO, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export async function postJson(url: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export interface TestPlan {
  readonly planId: string;
  readonly coordinatorToken: string;
  /** Invites a member through the API and redeems the code; returns their token and id. */
  addMember(name: string, agency: string, role: 'coordinator' | 'drafter' | 'reader'): Promise<{ token: string; memberId: string }>;
}

/** Creates a plan with the admin CLI and joins as its coordinator through the API. */
export async function setUpPlan(server: SyncServerProcess, dataDir: string, env: Record<string, string> = {}): Promise<TestPlan> {
  const created = runAdmin(dataDir, ['create-plan', '--coordinator-name', 'Anna Berg', '--agency', 'af'], env);
  const joined = await postJson(`${server.url}/api/join`, { code: created['code'] });
  if (joined.status !== 200) throw new Error(`join failed: ${JSON.stringify(joined.body)}`);
  const planId = String(created['planId']);
  const coordinatorToken = String(joined.body['token']);
  return {
    planId,
    coordinatorToken,
    async addMember(name, agency, role) {
      const invited = await postJson(`${server.url}/api/plans/${planId}/invitations`, { name, agency, role }, coordinatorToken);
      if (invited.status !== 201) throw new Error(`invite failed: ${JSON.stringify(invited.body)}`);
      const member = await postJson(`${server.url}/api/join`, { code: invited.body['code'] });
      if (member.status !== 200) throw new Error(`join failed: ${JSON.stringify(member.body)}`);
      return { token: String(member.body['token']), memberId: String((member.body['member'] as Record<string, unknown>)['id']) };
    },
  };
}

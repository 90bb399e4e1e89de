/**
 * Runs the browser host as a real child process (`node src-main/web/web-cli.ts`),
 * exactly as `npm run web` does after building, so tests can kill and restart
 * it like a user closing and reopening the app.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');

export interface WebHostProcess {
  /**
   * The link the host announced, with this start's secret (`/?k=…`): what a
   * user opens. A browser that opens it gets the cookie every other request
   * needs; `new URL(url).origin` is the bare address.
   */
  readonly url: string;
  readonly child: ChildProcess;
  /** Graceful stop (SIGTERM), as when the user quits. */
  stop(): Promise<void>;
  /** Abrupt stop (SIGKILL), as in a crash or power cut of the host. */
  kill(): Promise<void>;
}

export async function startWebHostProcess(dataDir: string, port = 0): Promise<WebHostProcess> {
  const child = spawn(process.execPath, [resolve(REPO, 'src-main/web/web-cli.ts'), '--port', String(port), '--data-dir', dataDir], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`web host did not start in time.\nstdout: ${stdout}\nstderr: ${stderr}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code} before it started.\nstderr: ${stderr}`));
    });
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

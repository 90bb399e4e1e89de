/**
 * Starts the writer fixture (fixtures/writer.ts) as a real child process and
 * records what it acknowledged, so tests can kill it at any moment and then
 * check the store against the acknowledgements.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WRITER = fileURLToPath(new URL('./fixtures/writer.ts', import.meta.url));

export interface WriterOptions {
  store: string;
  doc: string;
  tag: string;
  /** Updates to write before exiting; 0 = until killed. */
  count?: number;
  /** Compact after every this many updates; 0 = never. */
  compactEvery?: number;
  /** Extra characters per marker, to make updates (and compactions) bigger. */
  filler?: number;
}

export interface WriterExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export class WriterProcess {
  readonly tag: string;
  /** Marker indices whose update the writer reported as appended. */
  readonly acked: number[] = [];
  /** Number of `compacting` lines, and of `compacted` lines, seen so far. */
  compactionsStarted = 0;
  compactionsFinished = 0;
  readonly exited: Promise<WriterExit>;
  readonly #kill: () => void;
  readonly #listeners: ((line: string) => void)[] = [];

  constructor(options: WriterOptions) {
    this.tag = options.tag;
    const args = [
      WRITER,
      options.store,
      options.doc,
      options.tag,
      String(options.count ?? 0),
      String(options.compactEvery ?? 0),
      String(options.filler ?? 0),
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#kill = () => child.kill('SIGKILL');
    let stderr = '';
    let pending = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.#handle(line);
    });
    this.exited = new Promise((resolve, reject) => {
      child.on('error', reject);
      // 'close' comes after stdout has been read to the end.
      child.on('close', (code, signal) => resolve({ code, signal, stderr }));
    });
  }

  /** Calls `listener` with every further line the writer prints. */
  onLine(listener: (line: string) => void): void {
    this.#listeners.push(listener);
  }

  /**
   * Resolves at the first further line for which `predicate` holds; rejects
   * if the writer exits first, so a broken writer fails the test at once
   * instead of hanging it.
   */
  untilLine(predicate: (line: string) => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      this.onLine((line) => {
        if (predicate(line)) resolve();
      });
      void this.exited.then((exit) => {
        reject(new Error(`writer ${this.tag} exited (${String(exit.code ?? exit.signal)}) too early: ${exit.stderr}`));
      }, reject);
    });
  }

  kill(): void {
    this.#kill();
  }

  #handle(line: string): void {
    const ack = /^ack (\d+) (\d+)$/.exec(line);
    if (ack) this.acked.push(Number(ack[1]));
    else if (line === 'compacting') this.compactionsStarted++;
    else if (line === 'compacted') this.compactionsFinished++;
    for (const listener of this.#listeners) listener(line);
  }
}

/** The seed for a randomized test: SAMSKRIV_SEED if set, otherwise a fresh one, printed. */
export function testSeed(name: string): number {
  const fromEnv = process.env['SAMSKRIV_SEED'];
  const seed = fromEnv !== undefined ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 32);
  console.log(`${name}: seed ${seed} (repeat with SAMSKRIV_SEED=${seed})`);
  return seed;
}

/** Every index from 0 to n - 1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * SqlDatabase over one `node:sqlite` connection. SQLite calls are synchronous,
 * so the async interface is only a wrapper; a queue keeps an await inside one
 * transaction from letting another statement slip into it. Several processes
 * may share the file (two server instances on one data dir, or the admin CLI
 * next to a running server): WAL mode and a busy timeout make them wait for
 * each other, and `synchronous=FULL` makes every commit durable.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { SqlDatabase, SqlExecutor, SqlRow, SqlValue } from './sql-database.ts';

const BUSY_TIMEOUT_MS = 15_000;

export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  readonly #db: DatabaseSync;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.#db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS });
    // Switching to WAL takes an exclusive lock and SQLite does not wait on the
    // busy timeout for it, so two instances starting at once retry here.
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (;;) {
      try {
        this.#db.exec('PRAGMA journal_mode = WAL');
        break;
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      }
    }
    this.#db.exec('PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;');
  }

  query(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    return this.#exclusive(async () => this.#run(sql, params));
  }

  transaction<T>(body: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#exclusive(async () => {
      this.#db.exec('BEGIN IMMEDIATE');
      try {
        const result = await body({ query: async (sql, params = []) => this.#run(sql, params) });
        this.#db.exec('COMMIT');
        return result;
      } catch (error) {
        this.#db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.#queue.catch(() => undefined);
    if (this.#db.isOpen) this.#db.close();
  }

  #run(sql: string, params: readonly SqlValue[]): SqlRow[] {
    return this.#db.prepare(sql).all(...params) as SqlRow[];
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/** SQLITE_BUSY (5) or SQLITE_LOCKED (6), with any extended code. */
function isBusy(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('errcode' in error)) return false;
  const primary = Number(error.errcode) & 0xff;
  return primary === 5 || primary === 6;
}

/**
 * SqlDatabase over a `pg` connection pool (DATABASE_URL). Each transaction
 * runs on one pooled client between BEGIN and COMMIT/ROLLBACK.
 */
import pg from 'pg';
import { numberPlaceholders } from './sql-database.ts';
import type { SqlDatabase, SqlExecutor, SqlRow, SqlValue } from './sql-database.ts';

export class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  readonly #pool: pg.Pool;

  constructor(connectionString: string, onError: (error: Error) => void) {
    this.#pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 10_000 });
    // An idle client losing its connection must not crash the process; the
    // next query gets a fresh one.
    this.#pool.on('error', onError);
  }

  async query(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    const result = await this.#pool.query(numberPlaceholders(sql), [...params]);
    return result.rows as SqlRow[];
  }

  async transaction<T>(body: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await body({
        query: async (sql, params = []) => (await client.query(numberPlaceholders(sql), [...params])).rows as SqlRow[],
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

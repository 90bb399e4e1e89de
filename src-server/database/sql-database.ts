/**
 * The small SQL surface the server needs, over either embedded SQLite
 * (`node:sqlite`) or PostgreSQL (`pg`), so the member store and the document
 * persistence are each written once. Statements use `?` placeholders; the
 * PostgreSQL adapter numbers them (`$1`, `$2`, …). Only portable SQL is used
 * (`INSERT … ON CONFLICT`, `UPDATE … RETURNING`), which both engines support.
 */
export type SqlValue = string | number | null | Uint8Array;
export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  query(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
}

export interface SqlDatabase extends SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `body` in one transaction that takes the write lock up front
   * (SQLite `BEGIN IMMEDIATE`; in PostgreSQL, row locks of the statements),
   * committing when it resolves and rolling back when it throws.
   */
  transaction<T>(body: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Rewrites `?` placeholders as `$1`, `$2`, … (our statements never contain a literal `?`). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

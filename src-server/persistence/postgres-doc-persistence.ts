/**
 * Documents in PostgreSQL (DATABASE_URL), with the desktop store's log +
 * snapshot design:
 *   doc_updates(seq, doc, data, created_at)  append-only log
 *   doc_snapshots(doc, data, updated_at)     compacted state
 * A commit in PostgreSQL is durable once COMMIT returns (with the default
 * `synchronous_commit = on`). Compaction runs in one transaction under a
 * per-document advisory lock and deletes exactly the rows it merged, so
 * several server instances can compact and append at once. Loading and
 * compaction apply the stored rows to a Y.Doc, never `Y.mergeUpdates`, which
 * can drop what applyUpdate accepted (src-node/storage/live-state.ts);
 * updates still waiting for others are kept, as the SQLite store keeps them.
 */
import { COMPACT_AFTER_UPDATES } from '../../src-node/storage/doc-store.ts';
import { applyStored, encodeLiveState, liveStateOf, type StoredBlob } from '../../src-node/storage/live-state.ts';
import type { SqlDatabase, SqlRow } from '../database/sql-database.ts';
import type { DocPersistence } from './doc-persistence.ts';
import { GroupCommit } from './group-commit.ts';

export class PostgresDocPersistence implements DocPersistence {
  readonly kind = 'postgres' as const;
  readonly #db: SqlDatabase;
  readonly #commits: GroupCommit;

  private constructor(db: SqlDatabase) {
    this.#db = db;
    // One INSERT of several rows: one round trip and one commit per batch.
    this.#commits = new GroupCommit(async (batch) => {
      const now = Date.now();
      const values: (string | number | Uint8Array)[] = [];
      for (const [doc, update] of batch) values.push(doc, update, now);
      // PostgreSQL numbers the rows of one INSERT in the order listed, so each document's updates keep their order.
      const rows = batch.map(() => '(?, ?, ?)').join(', ');
      await this.#db.query(`INSERT INTO doc_updates(doc, data, created_at) VALUES ${rows}`, values);
    });
  }

  static async open(db: SqlDatabase): Promise<PostgresDocPersistence> {
    await db.query(`CREATE TABLE IF NOT EXISTS doc_updates(
      seq BIGSERIAL PRIMARY KEY, doc TEXT NOT NULL, data BYTEA NOT NULL, created_at BIGINT NOT NULL)`);
    await db.query('CREATE INDEX IF NOT EXISTS doc_updates_doc_seq ON doc_updates(doc, seq)');
    await db.query('CREATE TABLE IF NOT EXISTS doc_snapshots(doc TEXT PRIMARY KEY, data BYTEA NOT NULL, updated_at BIGINT NOT NULL)');
    return new PostgresDocPersistence(db);
  }

  async load(doc: string): Promise<Uint8Array | null> {
    // One transaction, so a concurrent compaction cannot move rows between the two reads.
    const { snapshot, log } = await this.#db.transaction(async (tx) => ({
      snapshot: await tx.query('SELECT data FROM doc_snapshots WHERE doc = ?', [doc]),
      log: await tx.query('SELECT seq, data FROM doc_updates WHERE doc = ? ORDER BY seq', [doc]),
    }));
    const blobs = storedBlobs(snapshot, log, doc);
    if (blobs.length === 0) return null;
    return liveStateOf(doc, blobs, 'keep');
  }

  append(doc: string, update: Uint8Array): Promise<void> {
    return this.#commits.append(doc, update);
  }

  async compactIfLong(doc: string): Promise<void> {
    const count = Number((await this.#db.query('SELECT count(*) AS n FROM doc_updates WHERE doc = ?', [doc]))[0]?.['n'] ?? 0);
    if (count < COMPACT_AFTER_UPDATES) return;
    await this.#db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext(?))', [doc]);
      const snapshot = await tx.query('SELECT data FROM doc_snapshots WHERE doc = ?', [doc]);
      const log = await tx.query('SELECT seq, data FROM doc_updates WHERE doc = ? ORDER BY seq', [doc]);
      const last = log.at(-1);
      if (last === undefined) return;
      const ydoc = applyStored(doc, storedBlobs(snapshot, log, doc));
      try {
        await tx.query(
          `INSERT INTO doc_snapshots(doc, data, updated_at) VALUES (?, ?, ?)
           ON CONFLICT(doc) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
          [doc, encodeLiveState(doc, ydoc, 'keep'), Date.now()],
        );
        await tx.query('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?', [doc, String(last['seq'])]);
      } finally {
        ydoc.destroy();
      }
    });
  }

  async close(): Promise<void> {
    await this.#commits.flush();
  }
}

function storedBlobs(snapshot: readonly SqlRow[], log: readonly SqlRow[], doc: string): StoredBlob[] {
  return [
    ...snapshot.map((row): StoredBlob => ({ source: 'snapshot', seq: null, data: bytes(row, doc) })),
    ...log.map((row): StoredBlob => ({ source: 'update', seq: Number(row['seq']), data: bytes(row, doc) })),
  ];
}

function bytes(row: SqlRow, doc: string): Uint8Array {
  const data = row['data'];
  if (data instanceof Uint8Array && data.length > 0) return data;
  throw new Error(`Stored data of ${doc} is not a non-empty byte string (row ${String(row['seq'] ?? 'snapshot')}).`);
}

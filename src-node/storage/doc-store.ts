/**
 * The durable local store of Yjs documents (DESIGN §4): one SQLite file per
 * store, holding an append-only log of updates per document, a compacted
 * snapshot per document, and small JSON settings. This file is what is in
 * the store (the log, compaction, settings); store-file.ts is the file's
 * life (create, check, configure for durability, move aside).
 *
 * Guarantees
 * - **Acknowledged means durable.** `appendUpdate` returns only after its
 *   transaction has committed, and every commit is fsynced (store-file.ts).
 *   We pay one fsync per commit, so callers should batch editor updates
 *   rather than append every keystroke on its own.
 * - **Always reopens.** Every change is one SQLite transaction, so killing the
 *   process at any moment (also in the middle of `compact`) leaves either the
 *   old or the new state.
 * - **Never harms a file that is not ours** (`open`, see store-file.ts); a
 *   file that cannot be used gets a `StoreOpenError`, and `moveAside` is the
 *   user's way out.
 * - **Never drops or changes data silently.** Every update and snapshot is
 *   stored with a checksum (blob-checksum.ts) that is checked on every read.
 *   A blob whose bytes changed, that cannot be decoded, or a log whose
 *   updates wait for updates that are not stored, makes `loadDoc` throw
 *   `StoreDataError` naming the document and the log row; `compact` then
 *   rolls back and deletes nothing. Rows written before checksums existed
 *   (store format 1) have none and are read as they are.
 * - **Stores what is live.** Loading and compaction apply the stored blobs
 *   to a Y.Doc and encode that, never `Y.mergeUpdates`, which can drop
 *   clients that `Y.applyUpdate` accepts (live-state.ts).
 * - **Several processes may share one file.** A busy timeout makes writers
 *   wait for each other instead of failing. `loadDoc` reads snapshot and log in
 *   one read transaction, and `compact` deletes exactly the rows it merged, so
 *   a concurrent compaction or append in another process is never lost or
 *   double-counted.
 *
 * Compaction applies everything to a fresh `Y.Doc` (default `gc: true`), so
 * the content of deleted text is garbage-collected, as y-leveldb and
 * y-indexeddb do. If versions (DESIGN §7) come to need `gc: false` docs,
 * compaction must keep deleted content as well. Callers compact a document
 * once its log holds `COMPACT_AFTER_UPDATES` rows.
 *
 * Updates are trusted here: they come from our own renderer through HostApi,
 * or from the sync layer, which must check untrusted updates (size limits, a
 * decode with a time limit; DESIGN §5) before storing them. Only empty
 * updates are refused, because Yjs loops forever on them (yjs#498).
 */
import { existsSync, statSync } from 'node:fs';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import * as Y from 'yjs';
import { blobChecksum } from './blob-checksum.ts';
import { applyStored, encodeLiveState, liveStateOf, type PendingPolicy, type StoredBlob } from './live-state.ts';
import { StoreDataError } from './store-errors.ts';
import { moveStoreAside, openStoreFile } from './store-file.ts';

export { StoreDataError, StoreOpenError } from './store-errors.ts';
export type { StoreDataErrorReason, StoreDataErrorSource, StoreOpenErrorKind } from './store-errors.ts';
export { STORE_APPLICATION_ID, STORE_FORMAT_VERSION, storeMarkerPath } from './store-file.ts';
export type { PendingPolicy } from './live-state.ts';

/**
 * Compact a document's log once it holds this many updates (y-indexeddb uses
 * 500). The one threshold of the desktop's plans and of both server stores.
 */
export const COMPACT_AFTER_UPDATES = 500;

export interface DocStats {
  /** Size of the compacted snapshot, 0 if there is none. */
  snapshotBytes: number;
  /** Total size of the logged updates not yet compacted. */
  logBytes: number;
  /** Number of logged updates not yet compacted. */
  logRows: number;
}

interface Statements {
  insertUpdate: StatementSync;
  selectSnapshot: StatementSync;
  selectUpdates: StatementSync;
  upsertSnapshot: StatementSync;
  deleteUpdatesUpTo: StatementSync;
  countUpdates: StatementSync;
  deleteDocUpdates: StatementSync;
  deleteDocSnapshot: StatementSync;
  logStats: StatementSync;
  selectDocs: StatementSync;
  updatedAt: StatementSync;
  selectSetting: StatementSync;
  upsertSetting: StatementSync;
}

interface LogRow {
  seq: number;
  data: Uint8Array;
  createdAt: string | null;
}

export class DocStore {
  /** The store file's path, as given to `open`. */
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #sql: Statements;

  private constructor(path: string, db: DatabaseSync) {
    this.path = path;
    this.#db = db;
    this.#sql = prepareStatements(db);
  }

  /**
   * Opens the store at `path`, creating it (and its folder) if there is no
   * file yet. Throws `StoreOpenError` for a file that cannot be used, without
   * writing to it.
   */
  static open(path: string): DocStore {
    return new DocStore(path, openStoreFile(path));
  }

  /**
   * Renames an unusable store file and its side files to
   * `<path>.unusable-<timestamp>` and returns the new path of the main file;
   * nothing is overwritten or deleted. The caller must not have the file open.
   */
  static moveAside(path: string): string {
    return moveStoreAside(path);
  }

  /**
   * Appends one update of `doc` to the log in its own transaction and
   * returns its seq. When this returns, the update is committed and synced.
   */
  appendUpdate(doc: string, update: Uint8Array): number {
    checkDocName(doc);
    if (!(update instanceof Uint8Array)) throw new TypeError('appendUpdate: the update must be a Uint8Array.');
    if (update.length === 0) throw new TypeError('appendUpdate: refusing an empty update (Yjs loops forever on one, yjs#498).');
    const result = this.#sql.insertUpdate.run(doc, update, new Date().toISOString(), blobChecksum(doc, update));
    return Number(result.lastInsertRowid);
  }

  /**
   * Appends several updates, of one or several documents, in one transaction
   * and returns their seqs in the order given. One commit means one fsync for
   * the whole batch, which is what lets a server store the keystrokes of
   * hundreds of writers without waiting for the disk once per keystroke.
   * All or nothing: every entry is checked before anything is written, and
   * a failure while writing rolls the whole batch back. When this returns,
   * every entry is committed and synced.
   */
  appendUpdates(entries: readonly (readonly [doc: string, update: Uint8Array])[]): number[] {
    entries.forEach(([doc, update], index) => {
      checkDocName(doc);
      if (!(update instanceof Uint8Array)) throw new TypeError(`appendUpdates: entry ${index} (${doc}): the update must be a Uint8Array.`);
      if (update.length === 0) {
        throw new TypeError(`appendUpdates: entry ${index} (${doc}): refusing an empty update (Yjs loops forever on one, yjs#498).`);
      }
    });
    if (entries.length === 0) return [];
    const createdAt = new Date().toISOString();
    // IMMEDIATE: take the write lock up front, so a concurrent writer makes us
    // wait (busy timeout) before the first insert rather than fail halfway.
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const seqs = entries.map(([doc, update]) => Number(this.#sql.insertUpdate.run(doc, update, createdAt, blobChecksum(doc, update)).lastInsertRowid));
      this.#db.exec('COMMIT');
      return seqs;
    } catch (error) {
      // Also after a failed COMMIT (SQLITE_BUSY keeps the transaction open):
      // nothing of the batch may stay behind, and the connection must be
      // usable again for the caller's retry.
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  /**
   * The whole stored state of `doc` (snapshot plus every logged update) as
   * one Yjs update, or null if nothing is stored for it. Throws
   * `StoreDataError` if any of it cannot be trusted. `pending` says what to
   * do with updates whose dependencies are not stored (live-state.ts): the
   * desktop refuses them (the default), the sync server keeps them, since a
   * client may still send what they wait for.
   */
  loadDoc(doc: string, options: { pending?: PendingPolicy } = {}): Uint8Array | null {
    checkDocName(doc);
    const { snapshot, rows } = this.#inTransaction('BEGIN', () => ({
      snapshot: this.#readSnapshot(doc),
      rows: this.#readLog(doc),
    }));
    if (snapshot === null && rows.length === 0) return null;
    return liveStateOf(doc, storedBlobs(snapshot, rows), options.pending ?? 'refuse');
  }

  /**
   * Folds the logged updates of `doc` into its snapshot, in one transaction:
   * either the new snapshot is written and exactly the merged log rows are
   * deleted, or (crash, undecodable data) nothing changes.
   */
  compact(doc: string): void {
    checkDocName(doc);
    // IMMEDIATE takes the write lock before reading, so no other process can
    // append or compact between our read and our delete.
    this.#inTransaction('BEGIN IMMEDIATE', () => {
      const rows = this.#readLog(doc);
      const last = rows.at(-1);
      if (last === undefined) return;
      const snapshot = this.#readSnapshot(doc);
      const ydoc = applyStored(doc, storedBlobs(snapshot, rows));
      try {
        // Updates still waiting for others go into the snapshot as they
        // are: compaction changes no content, and loses none.
        const data = encodeLiveState(doc, ydoc, 'keep');
        let updatedAt = snapshot?.updatedAt ?? null;
        for (const row of rows) {
          if (row.createdAt !== null && (updatedAt === null || row.createdAt > updatedAt)) updatedAt = row.createdAt;
        }
        this.#sql.upsertSnapshot.run(doc, data, Y.encodeStateVector(ydoc), updatedAt, blobChecksum(doc, data));
        // Bounded by the last seq we merged, not "all rows of doc": belt and
        // braces should the locking above ever be weakened.
        this.#sql.deleteUpdatesUpTo.run(doc, last.seq);
      } finally {
        ydoc.destroy();
      }
    });
  }

  /**
   * Deletes everything stored for each of `docs` (log and snapshot), all in
   * one transaction: a crash leaves either every doc or none of them. This is
   * the only way the store forgets a document, and only an explicit request
   * of the user (HostApi `deletePlan`) leads here. Returns the number of rows
   * deleted.
   */
  deleteDocs(docs: readonly string[]): number {
    docs.forEach(checkDocName);
    if (docs.length === 0) return 0;
    return this.#inTransaction('BEGIN IMMEDIATE', () => {
      let rows = 0;
      for (const doc of docs) {
        rows += Number(this.#sql.deleteDocUpdates.run(doc).changes);
        rows += Number(this.#sql.deleteDocSnapshot.run(doc).changes);
      }
      return rows;
    });
  }

  /** Logged updates of `doc` not yet compacted; the caller compacts when this grows. */
  updateCount(doc: string): number {
    const row = this.#sql.countUpdates.get(doc);
    return Number(row?.['n'] ?? 0);
  }

  /** Every document with anything stored, optionally only names starting with `prefix`, sorted. */
  listDocs(prefix = ''): string[] {
    const docs = this.#sql.selectDocs.all().map((row) => String(row['doc']));
    return docs.filter((doc) => doc.startsWith(prefix)).sort();
  }

  /**
   * When the content of `doc` last changed here (ISO 8601, UTC), or null if
   * nothing is stored. Compaction keeps this time: it changes no content.
   */
  docUpdatedAt(doc: string): string | null {
    const value = this.#sql.updatedAt.get(doc, doc)?.['t'];
    return typeof value === 'string' ? value : null;
  }

  /** Sizes of what is stored for `doc`, for benchmarks and the compaction policy. */
  stats(doc: string): DocStats {
    return this.#inTransaction('BEGIN', () => {
      const snapshot = this.#readSnapshot(doc);
      const log = this.#sql.logStats.get(doc);
      return {
        snapshotBytes: snapshot?.data.length ?? 0,
        logBytes: Number(log?.['bytes'] ?? 0),
        logRows: Number(log?.['n'] ?? 0),
      };
    });
  }

  /** The stored JSON value of `key`, or undefined if it was never set. */
  getSetting(key: string): unknown {
    const row = this.#sql.selectSetting.get(key);
    if (row === undefined) return undefined;
    return JSON.parse(String(row['value']));
  }

  /** Stores `value` (anything `JSON.stringify` can represent) under `key`. */
  setSetting(key: string, value: unknown): void {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`setSetting("${key}"): the value cannot be stored as JSON.`);
    this.#sql.upsertSetting.run(key, json);
  }

  /**
   * Copies the WAL into the main file and truncates it. Returns false if
   * another connection was reading, so the WAL could not be fully emptied.
   */
  checkpoint(): boolean {
    const row = this.#db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get();
    return Number(row?.['busy'] ?? 1) === 0;
  }

  /** Bytes on disk: the main file plus the WAL (call `checkpoint` first for the settled size). */
  fileSizeBytes(): number {
    const wal = `${this.path}-wal`;
    return statSync(this.path).size + (existsSync(wal) ? statSync(wal).size : 0);
  }

  /** Closes the connection. Later calls to any other method throw. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  #readSnapshot(doc: string): { data: Uint8Array; updatedAt: string | null } | null {
    const row = this.#sql.selectSnapshot.get(doc);
    if (row === undefined) return null;
    const updatedAt = row['updated_at'];
    return {
      data: checkedBlob(doc, 'snapshot', null, row['data'], row['checksum']),
      updatedAt: typeof updatedAt === 'string' ? updatedAt : null,
    };
  }

  #readLog(doc: string): LogRow[] {
    return this.#sql.selectUpdates.all(doc).map((row) => {
      const createdAt = row['created_at'];
      const seq = Number(row['seq']);
      return {
        seq,
        data: checkedBlob(doc, 'update', seq, row['data'], row['checksum']),
        createdAt: typeof createdAt === 'string' ? createdAt : null,
      };
    });
  }

  #inTransaction<T>(begin: 'BEGIN' | 'BEGIN IMMEDIATE', body: () => T): T {
    this.#db.exec(begin);
    let result: T;
    try {
      result = body();
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
    try {
      this.#db.exec('COMMIT');
    } catch (error) {
      // A COMMIT that fails (SQLITE_BUSY past the timeout, a full disk) can
      // leave the transaction open; roll back so the connection stays usable
      // and the caller's error says that nothing was stored.
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
    return result;
  }
}

function prepareStatements(db: DatabaseSync): Statements {
  return {
    insertUpdate: db.prepare('INSERT INTO updates(doc, data, created_at, checksum) VALUES (?, ?, ?, ?)'),
    selectSnapshot: db.prepare('SELECT data, updated_at, checksum FROM snapshots WHERE doc = ?'),
    selectUpdates: db.prepare('SELECT seq, data, created_at, checksum FROM updates WHERE doc = ? ORDER BY seq'),
    upsertSnapshot: db.prepare(
      `INSERT INTO snapshots(doc, data, state_vector, updated_at, checksum) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(doc) DO UPDATE SET data = excluded.data, state_vector = excluded.state_vector,
         updated_at = excluded.updated_at, checksum = excluded.checksum`,
    ),
    deleteUpdatesUpTo: db.prepare('DELETE FROM updates WHERE doc = ? AND seq <= ?'),
    countUpdates: db.prepare('SELECT count(*) AS n FROM updates WHERE doc = ?'),
    deleteDocUpdates: db.prepare('DELETE FROM updates WHERE doc = ?'),
    deleteDocSnapshot: db.prepare('DELETE FROM snapshots WHERE doc = ?'),
    logStats: db.prepare('SELECT count(*) AS n, coalesce(sum(length(data)), 0) AS bytes FROM updates WHERE doc = ?'),
    selectDocs: db.prepare('SELECT doc FROM snapshots UNION SELECT doc FROM updates'),
    updatedAt: db.prepare(
      `SELECT max(t) AS t FROM (
         SELECT max(created_at) AS t FROM updates WHERE doc = ?
         UNION ALL SELECT updated_at FROM snapshots WHERE doc = ?)`,
    ),
    selectSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
    upsertSetting: db.prepare(
      'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    ),
  };
}

function storedBlobs(snapshot: { data: Uint8Array } | null, rows: readonly LogRow[]): StoredBlob[] {
  const blobs: StoredBlob[] = rows.map((row) => ({ source: 'update', seq: row.seq, data: row.data }));
  if (snapshot !== null) blobs.unshift({ source: 'snapshot', seq: null, data: snapshot.data });
  return blobs;
}

function checkDocName(doc: string): void {
  if (typeof doc !== 'string' || doc.length === 0) throw new TypeError('The document name must be a non-empty string.');
}

/**
 * A stored blob, checked before Yjs sees it: SQLite columns are loosely typed,
 * so a file edited by other tools may hold text or numbers here, an empty
 * update would make Yjs loop forever (yjs#498), and bytes changed on disk
 * must not reach the user. A row without a checksum was written by store
 * format 1, before checksums existed, and is read as it is.
 */
function checkedBlob(doc: string, source: 'snapshot' | 'update', seq: number | null, value: unknown, checksum: unknown): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length === 0) throw new StoreDataError(doc, source, seq, 'not a non-empty blob');
  if (checksum === null) return value;
  const actual = blobChecksum(doc, value);
  if (typeof checksum !== 'number' || checksum !== actual) {
    throw new StoreDataError(doc, source, seq, `stored checksum ${String(checksum)}, computed ${actual} over ${value.length} bytes`, { reason: 'checksum' });
  }
  return value;
}

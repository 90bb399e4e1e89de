/**
 * The durable local store of Yjs documents (DESIGN §4): one SQLite file per
 * store, holding an append-only log of updates per document, a compacted
 * snapshot per document, and small JSON settings.
 *
 * Guarantees
 * - **Acknowledged means durable.** `appendUpdate` returns only after its
 *   transaction has committed. The database runs in WAL mode with
 *   `synchronous=FULL`, so every commit fsyncs the WAL before returning: neither
 *   a killed process nor a power cut can lose an update that was acknowledged.
 *   (With `synchronous=NORMAL` the WAL is synced only at checkpoints; a killed
 *   process still loses nothing, but a power cut or OS crash can roll back the
 *   last commits — updates the UI had already shown as saved. We pay one fsync
 *   per commit instead, so callers should batch editor updates rather than
 *   append every keystroke on its own.) `fullfsync` is switched on as well:
 *   on macOS a plain fsync leaves data in the drive's cache, and only
 *   F_FULLFSYNC survives a power cut; elsewhere the pragma does nothing.
 * - **Always reopens.** Every change is one SQLite transaction, so killing the
 *   process at any moment (also in the middle of `compact`) leaves either the
 *   old or the new state. A new store file is built under a temporary name and
 *   linked into place only when complete, so a crash during creation never
 *   leaves a half-made file at the store's path.
 * - **Never harms a file that is not ours.** `open` checks a file read-only
 *   first: the SQLite header, `PRAGMA quick_check`, the `application_id`, the
 *   format version (`user_version`) and the tables. A damaged, foreign or
 *   too-new file gets a `StoreOpenError` and is not written to (SQLite may
 *   create empty `-wal`/`-shm` side files next to it; the main file is never
 *   touched). `moveAside` is the user's way out.
 * - **Never drops data silently.** A stored blob that cannot be decoded makes
 *   `loadDoc` and `compact` throw `StoreDataError` naming the document and the
 *   log row; compaction then rolls back and deletes nothing.
 * - **Several processes may share one file.** A busy timeout makes writers
 *   wait for each other instead of failing. `loadDoc` reads snapshot and log in
 *   one read transaction, and `compact` deletes exactly the rows it merged, so
 *   a concurrent compaction or append in another process is never lost or
 *   double-counted.
 *
 * Compaction applies everything to a fresh `Y.Doc` (default `gc: true`), so
 * the content of deleted text is garbage-collected, as y-leveldb and
 * y-indexeddb do. If versions (DESIGN §7) come to need `gc: false` docs,
 * compaction must keep deleted content as well.
 *
 * Updates are trusted here: they come from our own renderer through HostApi,
 * or from the sync layer, which must check untrusted updates (size limits, a
 * decode with a time limit; DESIGN §5) before storing them. Only empty
 * updates are refused, because Yjs loops forever on them (yjs#498).
 */
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { StatementSync } from 'node:sqlite';
import * as Y from 'yjs';
import { StoreDataError, StoreOpenError } from './store-errors.ts';

export { StoreDataError, StoreOpenError } from './store-errors.ts';
export type { StoreDataErrorSource, StoreOpenErrorKind } from './store-errors.ts';

/** `PRAGMA application_id` of every Samskriv store: ASCII "Smsk". */
export const STORE_APPLICATION_ID = 0x536d736b;
/** `PRAGMA user_version`: the store format this code reads and writes. */
export const STORE_FORMAT_VERSION = 1;
/** How long a writer waits for another process's transaction before failing. */
const BUSY_TIMEOUT_MS = 15_000;

const OUR_TABLES = new Set(['updates', 'snapshots', 'settings']);
/** Side files SQLite may keep next to a database; they belong to it. */
const SIDE_SUFFIXES = ['-wal', '-shm', '-journal'] as const;
const SQLITE_HEADER = 'SQLite format 3\0';

// AUTOINCREMENT, unlike a plain rowid, never reuses the seq of a deleted row,
// so after a compaction deletes the newest rows a later update still gets a
// larger seq than anything a concurrent reader may have seen.
const SCHEMA_SQL = `
  CREATE TABLE IF NOT EXISTS updates(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT
  );
  CREATE INDEX IF NOT EXISTS updates_doc_seq ON updates(doc, seq);
  CREATE TABLE IF NOT EXISTS snapshots(
    doc TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    state_vector BLOB NOT NULL,
    updated_at TEXT
  );
  CREATE TABLE IF NOT EXISTS settings(
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
`;

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
    // If another process creates the file meanwhile, check theirs like any other.
    if (existsSync(path) || !createStoreFile(path)) checkExistingFile(path);
    const db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS });
    try {
      configureConnection(db);
      ensureSchema(db, path);
      return new DocStore(path, db);
    } catch (error) {
      db.close();
      // Damage the read-only check could not see, e.g. in a part of the WAL.
      if (isCorruptionError(error)) throw new StoreOpenError('corrupt', path, describe(error), { cause: error });
      throw error;
    }
  }

  /**
   * Renames an unusable store file, with its `-wal`/`-shm`/`-journal` side
   * files, to `<path>.unusable-<timestamp>` (plus `-2`, `-3`… if that name is
   * taken) and returns the new path of the main file. Nothing is overwritten
   * or deleted, so the old file can still be inspected or recovered. The
   * caller must not have the file open.
   */
  static moveAside(path: string): string {
    // Side files first, the main file last: a main file left without its WAL
    // is merely older, while a WAL left beside a new store at the old path
    // would be replayed into it.
    const present = [...SIDE_SUFFIXES, ''].filter((suffix) => existsSync(path + suffix));
    if (present.length === 0) throw new Error(`Nothing to move aside: there is no file at ${path}.`);
    return moveFilesAside(path, present);
  }

  /**
   * Appends one update of `doc` to the log in its own transaction and
   * returns its seq. When this returns, the update is committed and synced.
   */
  appendUpdate(doc: string, update: Uint8Array): number {
    checkDocName(doc);
    if (!(update instanceof Uint8Array)) throw new TypeError('appendUpdate: the update must be a Uint8Array.');
    if (update.length === 0) throw new TypeError('appendUpdate: refusing an empty update (Yjs loops forever on one, yjs#498).');
    const result = this.#sql.insertUpdate.run(doc, update, new Date().toISOString());
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
      const seqs = entries.map(([doc, update]) => Number(this.#sql.insertUpdate.run(doc, update, createdAt).lastInsertRowid));
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
   * one Yjs update, or null if nothing is stored for it.
   */
  loadDoc(doc: string): Uint8Array | null {
    checkDocName(doc);
    const { snapshot, rows } = this.#inTransaction('BEGIN', () => ({
      snapshot: this.#readSnapshot(doc),
      rows: this.#readLog(doc),
    }));
    if (snapshot === null && rows.length === 0) return null;
    return mergeStored(doc, snapshot?.data ?? null, rows);
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
      const merged = mergeStored(doc, snapshot?.data ?? null, rows);
      const ydoc = new Y.Doc();
      try {
        try {
          Y.applyUpdate(ydoc, merged);
        } catch (error) {
          throw new StoreDataError(doc, 'merge', null, describe(error), { cause: error });
        }
        let updatedAt = snapshot?.updatedAt ?? null;
        for (const row of rows) {
          if (row.createdAt !== null && (updatedAt === null || row.createdAt > updatedAt)) updatedAt = row.createdAt;
        }
        this.#sql.upsertSnapshot.run(doc, Y.encodeStateAsUpdate(ydoc), Y.encodeStateVector(ydoc), updatedAt);
        // Bounded by the last seq we merged, not "all rows of doc": belt and
        // braces should the locking above ever be weakened.
        this.#sql.deleteUpdatesUpTo.run(doc, last.seq);
      } finally {
        ydoc.destroy();
      }
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
      data: storedBytes(row['data'], () => new StoreDataError(doc, 'snapshot', null, 'not a non-empty blob')),
      updatedAt: typeof updatedAt === 'string' ? updatedAt : null,
    };
  }

  #readLog(doc: string): LogRow[] {
    return this.#sql.selectUpdates.all(doc).map((row) => {
      const createdAt = row['created_at'];
      const seq = Number(row['seq']);
      return {
        seq,
        data: storedBytes(row['data'], () => new StoreDataError(doc, 'update', seq, 'not a non-empty blob')),
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
    insertUpdate: db.prepare('INSERT INTO updates(doc, data, created_at) VALUES (?, ?, ?)'),
    selectSnapshot: db.prepare('SELECT data, updated_at FROM snapshots WHERE doc = ?'),
    selectUpdates: db.prepare('SELECT seq, data, created_at FROM updates WHERE doc = ? ORDER BY seq'),
    upsertSnapshot: db.prepare(
      `INSERT INTO snapshots(doc, data, state_vector, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(doc) DO UPDATE SET data = excluded.data, state_vector = excluded.state_vector,
         updated_at = excluded.updated_at`,
    ),
    deleteUpdatesUpTo: db.prepare('DELETE FROM updates WHERE doc = ? AND seq <= ?'),
    countUpdates: db.prepare('SELECT count(*) AS n FROM updates WHERE doc = ?'),
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

/**
 * Merges the snapshot and log rows of `doc` into one update. If Yjs cannot
 * decode them, finds the blob at fault so the error can name it.
 */
function mergeStored(doc: string, snapshot: Uint8Array | null, rows: readonly LogRow[]): Uint8Array {
  const blobs = rows.map((row) => row.data);
  if (snapshot !== null) blobs.unshift(snapshot);
  try {
    const merged = Y.mergeUpdates(blobs);
    // mergeUpdates hands a single blob back unread; make sure it decodes too.
    if (blobs.length === 1) Y.parseUpdateMeta(merged);
    return merged;
  } catch (mergeError) {
    if (snapshot !== null) {
      const problem = decodeProblem(snapshot);
      if (problem !== null) throw new StoreDataError(doc, 'snapshot', null, describe(problem), { cause: problem });
    }
    for (const row of rows) {
      const problem = decodeProblem(row.data);
      if (problem !== null) throw new StoreDataError(doc, 'update', row.seq, describe(problem), { cause: problem });
    }
    throw new StoreDataError(doc, 'merge', null, describe(mergeError), { cause: mergeError });
  }
}

function decodeProblem(blob: Uint8Array): unknown {
  try {
    Y.decodeUpdate(blob);
    return null;
  } catch (error) {
    return error ?? new Error('unknown decoding error');
  }
}

/**
 * Creates a new, complete store file at `path`. Returns false if a file
 * appeared at `path` meanwhile (another process created it); that file is
 * left as it is.
 */
function createStoreFile(path: string): boolean {
  mkdirSync(dirname(path), { recursive: true });
  // SQLite would replay a leftover WAL or rollback journal into the new file
  // as if it were its own; keep such orphans, but out of the way. (A WAL of a
  // store that another process has just created implies its main file, so
  // checking the main file after the side files tells the two apart.)
  const orphans = SIDE_SUFFIXES.filter((suffix) => existsSync(path + suffix));
  if (orphans.length > 0) {
    if (existsSync(path)) return false;
    moveFilesAside(path, orphans);
  }

  const temporary = `${path}.creating-${process.pid}-${randomUUID()}`;
  try {
    const db = new DatabaseSync(temporary, { timeout: BUSY_TIMEOUT_MS });
    try {
      configureConnection(db);
      ensureSchema(db, temporary);
    } finally {
      // Closing the last connection checkpoints the WAL into the file and
      // deletes the side files, so the file below is complete on its own.
      db.close();
    }
    fsyncPath(temporary);
    const linked = moveWithoutOverwriting(temporary, path);
    if (linked) fsyncDirectory(dirname(path));
    return linked;
  } finally {
    for (const suffix of ['', ...SIDE_SUFFIXES]) {
      if (existsSync(temporary + suffix)) unlinkSync(temporary + suffix);
    }
  }
}

/**
 * Checks, without writing to it, that the existing file at `path` is a
 * Samskriv store this version can use, or an empty database that may become
 * one. Throws StoreOpenError otherwise.
 */
function checkExistingFile(path: string): void {
  const header = readHeader(path);
  // SQLite treats an empty file as a new database; so do we.
  if (header.length === 0) return;
  if (header.length < 100 || header.toString('latin1', 0, 16) !== SQLITE_HEADER) {
    throw new StoreOpenError('corrupt', path, 'the file does not start with a SQLite database header');
  }

  let db: DatabaseSync | undefined;
  try {
    // Read-only: SQLite cannot write the main file through this connection,
    // not even to checkpoint a WAL on close.
    db = new DatabaseSync(path, { readOnly: true, timeout: BUSY_TIMEOUT_MS });
    const problems = db
      .prepare('PRAGMA quick_check(5)')
      .all()
      .map((row) => String(row['quick_check']));
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new StoreOpenError('corrupt', path, `SQLite quick_check reports: ${problems.join('; ')}`);
    }
    const applicationId = pragmaNumber(db, 'application_id');
    const version = pragmaNumber(db, 'user_version');
    const foreignObjects = db
      .prepare("SELECT name, tbl_name FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
      .all()
      .filter((row) => !OUR_TABLES.has(String(row['tbl_name'])))
      .map((row) => String(row['name']));

    // Another application's mark is respected even on an empty database.
    if (applicationId !== STORE_APPLICATION_ID && applicationId !== 0) {
      throw new StoreOpenError('foreign', path, `its application_id is ${hex(applicationId)}, not Samskriv's ${hex(STORE_APPLICATION_ID)}`);
    }
    if (applicationId !== STORE_APPLICATION_ID && foreignObjects.length > 0) {
      throw new StoreOpenError('foreign', path, `it holds tables that are not Samskriv's: ${foreignObjects.slice(0, 5).join(', ')}`);
    }
    if (version > STORE_FORMAT_VERSION) {
      throw new StoreOpenError('too-new', path, `store format ${version}; this version reads up to ${STORE_FORMAT_VERSION}`);
    }
  } catch (error) {
    if (error instanceof StoreOpenError) throw error;
    if (isCorruptionError(error)) throw new StoreOpenError('corrupt', path, describe(error), { cause: error });
    throw error;
  } finally {
    db?.close();
  }
}

function configureConnection(db: DatabaseSync): void {
  const mode = db.prepare('PRAGMA journal_mode = WAL').get()?.['journal_mode'];
  if (mode !== 'wal') {
    // Without WAL a reader could block a writer and a crash recovery differs;
    // refuse rather than run with weaker guarantees than documented.
    throw new Error(`The store at ${db.location() ?? '?'} cannot use WAL mode (journal_mode is ${String(mode)}).`);
  }
  db.exec('PRAGMA synchronous = FULL; PRAGMA fullfsync = ON; PRAGMA checkpoint_fullfsync = ON;');
}

/** Creates the tables and marks the file as ours, unless that is already done. */
function ensureSchema(db: DatabaseSync, path: string): void {
  const ready = () =>
    pragmaNumber(db, 'application_id') === STORE_APPLICATION_ID &&
    pragmaNumber(db, 'user_version') === STORE_FORMAT_VERSION &&
    Number(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name IN ('updates', 'snapshots', 'settings')").get()?.['n']) === 3;
  if (ready()) return;

  db.exec('BEGIN IMMEDIATE');
  try {
    // Checked again under the write lock: the file was only inspected before.
    const applicationId = pragmaNumber(db, 'application_id');
    const version = pragmaNumber(db, 'user_version');
    if (applicationId !== STORE_APPLICATION_ID && applicationId !== 0) {
      throw new StoreOpenError('foreign', path, `its application_id is ${hex(applicationId)}`);
    }
    if (version > STORE_FORMAT_VERSION) {
      throw new StoreOpenError('too-new', path, `store format ${version}; this version reads up to ${STORE_FORMAT_VERSION}`);
    }
    db.exec(SCHEMA_SQL);
    // Format 1 is the first; later formats migrate from `version` here.
    db.exec(`PRAGMA application_id = ${STORE_APPLICATION_ID}; PRAGMA user_version = ${STORE_FORMAT_VERSION};`);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

function pragmaNumber(db: DatabaseSync, name: 'application_id' | 'user_version'): number {
  return Number(db.prepare(`PRAGMA ${name}`).get()?.[name] ?? 0);
}

function readHeader(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(100);
    const length = readSync(fd, buffer, 0, 100, 0);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** SQLITE_CORRUPT (11) and SQLITE_NOTADB (26), with any extended code. */
function isCorruptionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('errcode' in error)) return false;
  const primary = Number(error.errcode) & 0xff;
  return primary === 11 || primary === 26;
}

/**
 * Renames `path` + each of `suffixes`, in that order, to
 * `<path>.unusable-<timestamp>` + suffix, choosing a name none of whose
 * files exist yet. Returns the new name of the main file.
 */
function moveFilesAside(path: string, suffixes: readonly string[]): string {
  const base = `${path}.unusable-${compactTimestamp(new Date())}`;
  for (let attempt = 1; ; attempt++) {
    const target = attempt === 1 ? base : `${base}-${attempt}`;
    if (['', ...SIDE_SUFFIXES].some((suffix) => existsSync(target + suffix))) continue;
    let moved = 0;
    for (const suffix of suffixes) {
      if (!moveWithoutOverwriting(path + suffix, target + suffix)) break;
      moved++;
    }
    if (moved === suffixes.length) return target;
    if (moved > 0) {
      throw new Error(`Could not move all of ${path} aside: ${target} appeared meanwhile; some files are now under that name.`);
    }
    // Another process took the name between our check and the move.
  }
}

/**
 * Moves `from` to `to` unless something exists at `to`. Returns false in
 * that case. A hard link fails atomically on an existing target; file
 * systems without hard links (FAT on USB sticks) fall back to a checked
 * rename.
 */
function moveWithoutOverwriting(from: string, to: string): boolean {
  try {
    linkSync(from, to);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    if (existsSync(to)) return false;
    renameSync(from, to);
    return true;
  }
  unlinkSync(from);
  return true;
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a new directory entry durable. Windows cannot open directories; NTFS journals the entry itself. */
function fsyncDirectory(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort, see above.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function checkDocName(doc: string): void {
  if (typeof doc !== 'string' || doc.length === 0) throw new TypeError('The document name must be a non-empty string.');
}

/**
 * A stored blob, checked before Yjs sees it: SQLite columns are loosely typed,
 * so a file edited by other tools may hold text or numbers here, and an empty
 * update would make Yjs loop forever (yjs#498).
 */
function storedBytes(value: unknown, problem: () => StoreDataError): Uint8Array {
  if (value instanceof Uint8Array && value.length > 0) return value;
  throw problem();
}

function compactTimestamp(date: Date): string {
  // 2025-11-23T18:54:00.123Z -> 20251123T185400Z: sortable, and no ':' (forbidden on Windows).
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
}

function hex(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

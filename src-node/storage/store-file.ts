/**
 * The life of a store file, apart from what is in it (doc-store.ts): create
 * it, check an existing one before writing a byte, configure the connection
 * for durability, and move an unusable file aside.
 *
 * Guarantees
 * - **Durable commits.** Every connection runs in WAL mode with
 *   `synchronous=FULL`, so every commit fsyncs the WAL before returning:
 *   neither a killed process nor a power cut can lose a committed update.
 *   (With `synchronous=NORMAL` the WAL is synced only at checkpoints; a
 *   killed process still loses nothing, but a power cut or OS crash can roll
 *   back the last commits — updates the UI had already shown as saved.)
 *   `fullfsync` is switched on as well: on macOS a plain fsync leaves data in
 *   the drive's cache, and only F_FULLFSYNC survives a power cut; elsewhere
 *   the pragma does nothing.
 * - **No half-made file.** A new store file is built under a temporary name,
 *   fsynced, and linked into place only when complete (then its directory is
 *   fsynced), so a crash during creation never leaves a half-made file at the
 *   store's path.
 * - **Never harms a file that is not ours.** An existing file is checked
 *   read-only first: the SQLite header, `PRAGMA quick_check`, the
 *   `application_id`, the format version (`user_version`) and the tables. A
 *   damaged, foreign or too-new file gets a `StoreOpenError` and is not
 *   written to (SQLite may create empty `-wal`/`-shm` side files next to it;
 *   the main file is never touched). `moveStoreAside` is the user's way out;
 *   it renames, never overwrites or deletes.
 * - **A lost store is reported, not replaced.** Beside every store file lies
 *   a marker (`storeMarkerPath`), written when the store is first opened. If
 *   the store file is gone but its marker is not, or the file is 0 bytes
 *   long (Samskriv never makes one: see above), opening fails with a
 *   `StoreOpenError` (`missing`, `emptied`) instead of starting an empty
 *   store over the plans the user had; `moveStoreAside` is again the way out.
 * - **Older formats keep opening.** Format 1 stores (before checksums) are
 *   migrated in place to format 2 by adding the checksum columns; their rows
 *   keep no checksum and are read as they are (doc-store.ts).
 */
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { basename, dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describeError, StoreOpenError } from './store-errors.ts';

/** `PRAGMA application_id` of every Samskriv store: ASCII "Smsk". */
export const STORE_APPLICATION_ID = 0x536d736b;
/**
 * `PRAGMA user_version`: the store format this code reads and writes.
 * 1: updates, snapshots, settings. 2: a checksum per update and snapshot.
 */
export const STORE_FORMAT_VERSION = 2;
/** How long a writer waits for another process's transaction before failing. */
const BUSY_TIMEOUT_MS = 15_000;

const OUR_TABLES = new Set(['updates', 'snapshots', 'settings']);
/** Side files SQLite may keep next to a database; they belong to it. */
const SIDE_SUFFIXES = ['-wal', '-shm', '-journal'] as const;
const SQLITE_HEADER = 'SQLite format 3\0';
/** Moved aside together with the store it belongs to. */
const MARKER_SUFFIX = '.marker';

/** The marker file that records that a store was created at `path`. */
export function storeMarkerPath(path: string): string {
  return path + MARKER_SUFFIX;
}

// AUTOINCREMENT, unlike a plain rowid, never reuses the seq of a deleted row,
// so after a compaction deletes the newest rows a later update still gets a
// larger seq than anything a concurrent reader may have seen.
const SCHEMA_SQL = `
  CREATE TABLE IF NOT EXISTS updates(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT,
    checksum INTEGER
  );
  CREATE INDEX IF NOT EXISTS updates_doc_seq ON updates(doc, seq);
  CREATE TABLE IF NOT EXISTS snapshots(
    doc TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    state_vector BLOB NOT NULL,
    updated_at TEXT,
    checksum INTEGER
  );
  CREATE TABLE IF NOT EXISTS settings(
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
`;

/**
 * Opens the store file at `path` and returns a connection configured for it,
 * creating the file (and its folder) if there is none yet. Throws
 * `StoreOpenError` for a file that cannot be used, without writing to it.
 */
export function openStoreFile(path: string): DatabaseSync {
  if (!existsSync(path) && existsSync(storeMarkerPath(path))) {
    throw new StoreOpenError('missing', path, `the marker ${basename(storeMarkerPath(path))} beside it says a store was created here`);
  }
  // If another process creates the file meanwhile, check theirs like any other.
  if (existsSync(path) || !createStoreFile(path)) checkExistingFile(path);
  const db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    configureConnection(db);
    ensureSchema(db, path);
    writeMarker(path);
    return db;
  } catch (error) {
    db.close();
    // Damage the read-only check could not see, e.g. in a part of the WAL.
    if (isCorruptionError(error)) throw new StoreOpenError('corrupt', path, describeError(error), { cause: error });
    throw error;
  }
}

/**
 * Renames an unusable store file, with its `-wal`/`-shm`/`-journal` side
 * files and its marker, to `<path>.unusable-<timestamp>` (plus `-2`, `-3`…
 * if that name is taken) and returns the new path of the main file. Nothing
 * is overwritten or deleted, so the old file can still be inspected or
 * recovered. The caller must not have the file open. For a store that is
 * missing, only its marker is left to move; its new path is returned, and
 * the next open starts a new store.
 */
export function moveStoreAside(path: string): string {
  // Side files first, the main file last: a main file left without its WAL
  // is merely older, while a WAL left beside a new store at the old path
  // would be replayed into it. The marker goes before the main file: a
  // marker left behind would report the fresh store's absence as a loss.
  const present = [...SIDE_SUFFIXES, MARKER_SUFFIX, ''].filter((suffix) => existsSync(path + suffix));
  if (present.length === 0) throw new Error(`Nothing to move aside: there is no file at ${path}.`);
  const moved = moveFilesAside(path, present);
  return present.includes('') ? moved : moved + MARKER_SUFFIX;
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
  // SQLite would treat an empty file as a new database. We never make one
  // (a new store is linked into place complete), so something emptied a
  // store, and starting afresh would hide the loss of the user's plans.
  if (header.length === 0) throw new StoreOpenError('emptied', path, 'the file is 0 bytes long');
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
    if (isCorruptionError(error)) throw new StoreOpenError('corrupt', path, describeError(error), { cause: error });
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
    missingChecksumColumns(db).length === 0 &&
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
    // Format 1 -> 2: the checksum columns. Rows already stored keep NULL
    // (no checksum) and are read as they are; nothing is rewritten.
    for (const table of missingChecksumColumns(db)) db.exec(`ALTER TABLE ${table} ADD COLUMN checksum INTEGER`);
    db.exec(`PRAGMA application_id = ${STORE_APPLICATION_ID}; PRAGMA user_version = ${STORE_FORMAT_VERSION};`);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

function missingChecksumColumns(db: DatabaseSync): ('updates' | 'snapshots')[] {
  return (['updates', 'snapshots'] as const).filter((table) => {
    const columns = db.prepare(`PRAGMA table_info(${table})`).all();
    return columns.length > 0 && !columns.some((column) => column['name'] === 'checksum');
  });
}

/**
 * Records that a store exists at `path`, unless that is already recorded.
 * Best effort: the marker only lets a later open tell a lost store from a
 * first start, so a folder that refuses it (read-only) must not stop the
 * store from opening.
 */
function writeMarker(path: string): void {
  const marker = storeMarkerPath(path);
  if (existsSync(marker)) return;
  try {
    writeFileSync(
      marker,
      `Samskriv keeps its plans in ${basename(path)} beside this file. While this marker exists and that file ` +
        'does not, Samskriv reports the store as missing instead of starting an empty one.\n',
      { flag: 'wx' },
    );
  } catch {
    // Best effort, see above (EEXIST: another process wrote it first).
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
    if (['', ...SIDE_SUFFIXES, MARKER_SUFFIX].some((suffix) => existsSync(target + suffix))) continue;
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

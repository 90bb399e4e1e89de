/**
 * One Samskriv process at a time on a data directory. Two hosts on the same
 * plans (two `npm run web`, or one of them and the desktop app) would each
 * keep their own copy of the open docs and never see the other's edits, so
 * the second one must say that the plans are open elsewhere, and stop.
 *
 * The lock is SQLite's exclusive lock on a file of its own
 * (`samskriv.lock`), taken by a connection in EXCLUSIVE locking mode and
 * held for as long as that connection is open. The operating system drops it
 * when the process ends in any way (quit, crash, kill -9, power cut), so
 * there is never a stale lock to clean up and no process id to mistake for
 * another. node:sqlite is already how the store is opened, in Node and in
 * Electron alike.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export const LOCK_FILE_NAME = 'samskriv.lock';

/** SQLite's "database is locked". */
const SQLITE_BUSY = 5;

export class DataDirInUseError extends Error {
  readonly dataDir: string;

  constructor(dataDir: string) {
    super(
      `The plans in ${dataDir} are already open in another Samskriv (the desktop app or another "npm run web"). ` +
        'Use that one, or close it first; to run a second one, give it another data directory.',
    );
    this.name = 'DataDirInUseError';
    this.dataDir = dataDir;
  }
}

export interface DataDirLock {
  /** Lets the next process in; the process ending does the same. */
  release(): void;
}

/** Takes the data directory (creating it if needed), or throws DataDirInUseError at once. */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  // timeout 0: a second process is told at once instead of waiting.
  const db = new DatabaseSync(join(dataDir, LOCK_FILE_NAME), { timeout: 0 });
  try {
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    // The write takes the exclusive lock, and EXCLUSIVE mode keeps it after
    // the commit. The process id is only for a person looking at the file.
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since TEXT NOT NULL)');
    db.exec('DELETE FROM holder');
    db.prepare('INSERT INTO holder (pid, since) VALUES (?, ?)').run(process.pid, new Date().toISOString());
    db.exec('COMMIT');
  } catch (error) {
    db.close();
    if ((error as { errcode?: unknown }).errcode === SQLITE_BUSY) throw new DataDirInUseError(dataDir);
    throw error;
  }
  return {
    release() {
      if (db.isOpen) db.close();
    },
  };
}

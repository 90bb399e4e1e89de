import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocStore, STORE_APPLICATION_ID, STORE_FORMAT_VERSION, StoreOpenError, storeMarkerPath } from '../../../src-node/storage/doc-store.ts';
import type { StoreOpenErrorKind } from '../../../src-node/storage/doc-store.ts';
import { useTempDir } from './temp-dir.ts';
import { textOf } from './stored-text.ts';
import { seededRandom } from '../../support/seeded-random.ts';
import { testSeed } from './writer-process.ts';

const DOC = 'plan/p1';

function openError(path: string): StoreOpenError {
  try {
    DocStore.open(path).close();
  } catch (error) {
    if (error instanceof StoreOpenError) return error;
    throw error;
  }
  throw new Error(`${path} opened, but it should have been refused`);
}

/** Opening must fail with `kind` and leave every byte of the file as it was. */
function expectRefusedUntouched(path: string, kind: StoreOpenErrorKind): StoreOpenError {
  const before = readFileSync(path);
  const error = openError(path);
  expect(error.kind).toBe(kind);
  expect(error.path).toBe(path);
  expect(error.message).toContain(path);
  expect(readFileSync(path).equals(before)).toBe(true);
  return error;
}

/** A real store with some content, closed (so its WAL is folded into the file). */
function writeRealStore(path: string, edits: number): void {
  const store = DocStore.open(path);
  const ydoc = new Y.Doc();
  ydoc.on('update', (update: Uint8Array) => store.appendUpdate(DOC, update));
  for (let i = 0; i < edits; i++) ydoc.getText('text').insert(0, `Stycke ${i} `.repeat(20));
  store.close();
}

function expectWorkingStore(path: string): void {
  const store = DocStore.open(path);
  const ydoc = new Y.Doc();
  ydoc.getText('text').insert(0, 'Ny början');
  store.appendUpdate(DOC, Y.encodeStateAsUpdate(ydoc));
  expect(textOf(store.loadDoc(DOC))).toBe('Ny början');
  store.close();
}

describe('opening a file that is not a usable store', () => {
  const dir = useTempDir();
  const storePath = () => join(dir.path, 'samskriv.db');

  it('a file of random bytes is reported as corrupt and left unchanged', () => {
    const random = seededRandom(testSeed('random bytes'));
    const bytes = Uint8Array.from({ length: 16_384 }, () => Math.floor(random() * 256));
    writeFileSync(storePath(), bytes);
    const error = expectRefusedUntouched(storePath(), 'corrupt');
    expect(error.detail).not.toBe('');
  });

  it('a store cut in half is reported as corrupt and left unchanged', () => {
    writeRealStore(storePath(), 200);
    const whole = readFileSync(storePath());
    expect(whole.length).toBeGreaterThan(64 * 1024);
    writeFileSync(storePath(), whole.subarray(0, Math.floor(whole.length / 2)));
    expectRefusedUntouched(storePath(), 'corrupt');
  });

  it("another application's SQLite database is reported as foreign and left unchanged", () => {
    const other = new DatabaseSync(storePath());
    other.exec("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers(name) VALUES ('Ada');");
    other.close();
    const error = expectRefusedUntouched(storePath(), 'foreign');
    expect(error.detail).toContain('customers');
  });

  it("a database marked with another application's id is foreign even when it is empty", () => {
    const other = new DatabaseSync(storePath());
    other.exec('PRAGMA application_id = 12345; CREATE TABLE t(x); DROP TABLE t;');
    other.close();
    expectRefusedUntouched(storePath(), 'foreign');
  });

  it("a foreign database's unsaved WAL is neither checkpointed nor changed", () => {
    // Copy a foreign database while its writer still has changes in the WAL,
    // as if that application had crashed.
    const live = join(dir.path, 'live.db');
    const other = new DatabaseSync(live);
    other.exec("PRAGMA journal_mode = WAL; CREATE TABLE orders(id INTEGER PRIMARY KEY); INSERT INTO orders VALUES (1);");
    writeFileSync(storePath(), readFileSync(live));
    writeFileSync(`${storePath()}-wal`, readFileSync(`${live}-wal`));
    other.close();
    const walBefore = readFileSync(`${storePath()}-wal`);
    expect(walBefore.length).toBeGreaterThan(0);

    // The table exists only in the WAL, so finding it shows the WAL was read.
    expect(expectRefusedUntouched(storePath(), 'foreign').detail).toContain('orders');
    expect(readFileSync(`${storePath()}-wal`).equals(walBefore)).toBe(true);
  });

  it('a store written by a newer Samskriv is reported as too new and left unchanged', () => {
    writeRealStore(storePath(), 3);
    const raw = new DatabaseSync(storePath());
    raw.exec(`PRAGMA user_version = ${STORE_FORMAT_VERSION + 1}`);
    raw.close();
    const error = expectRefusedUntouched(storePath(), 'too-new');
    expect(error.message).toMatch(/newer version/);
  });

  it('a store emptied to 0 bytes is reported as emptied and left as it is, not replaced by a new store', () => {
    writeRealStore(storePath(), 3);
    writeFileSync(storePath(), '');
    const error = expectRefusedUntouched(storePath(), 'emptied');
    expect(error.message).toMatch(/0 bytes/);
    expect(statSync(storePath()).size).toBe(0);
  });

  it('a store whose file is gone, though its marker says it was created, is reported as missing and not recreated', () => {
    writeRealStore(storePath(), 3);
    // Deleted, say, by a clean-up tool or a sync client; the marker beside it was not.
    rmSync(storePath());
    expect(existsSync(storeMarkerPath(storePath()))).toBe(true);
    expect(openError(storePath()).kind).toBe('missing');
    expect(existsSync(storePath())).toBe(false);
  });

  it('an emptied store is moved aside on request, and a new store starts in its place', () => {
    writeRealStore(storePath(), 3);
    writeFileSync(storePath(), '');
    openError(storePath());
    const movedTo = DocStore.moveAside(storePath());
    expect(statSync(movedTo).size).toBe(0);
    expectWorkingStore(storePath());
    const raw = new DatabaseSync(storePath(), { readOnly: true });
    expect(raw.prepare('PRAGMA application_id').get()?.['application_id']).toBe(STORE_APPLICATION_ID);
    raw.close();
  });

  it('a missing store is started anew on request, and its marker is kept aside', () => {
    writeRealStore(storePath(), 3);
    rmSync(storePath());
    openError(storePath());
    const movedTo = DocStore.moveAside(storePath());
    expect(movedTo).toMatch(/samskriv\.db\.unusable-\d{8}T\d{6}Z\.marker$/);
    expect(existsSync(movedTo)).toBe(true);
    expectWorkingStore(storePath());
  });

  describe('moving the file aside', () => {
    it('keeps the unusable file, byte for byte, and lets a fresh store be created in its place', () => {
      writeRealStore(storePath(), 200);
      writeFileSync(storePath(), readFileSync(storePath()).subarray(0, 40_000));
      const damaged = readFileSync(storePath());
      openError(storePath());

      const movedTo = DocStore.moveAside(storePath());

      expect(movedTo).toMatch(/samskriv\.db\.unusable-\d{8}T\d{6}Z/);
      expect(readFileSync(movedTo).equals(damaged)).toBe(true);
      for (const suffix of ['', '-wal', '-shm']) expect(existsSync(storePath() + suffix)).toBe(false);
      expectWorkingStore(storePath());
    });

    it('never overwrites an earlier moved-aside file', () => {
      writeFileSync(storePath(), 'first broken file');
      const first = DocStore.moveAside(storePath());
      writeFileSync(storePath(), 'second broken file');
      const second = DocStore.moveAside(storePath());

      expect(second).not.toBe(first);
      expect(readFileSync(first, 'utf8')).toBe('first broken file');
      expect(readFileSync(second, 'utf8')).toBe('second broken file');
    });
  });

  it('a WAL left behind without its database is kept aside, not replayed into the new store', () => {
    const live = join(dir.path, 'live.db');
    const other = new DatabaseSync(live);
    other.exec('PRAGMA journal_mode = WAL; CREATE TABLE orders(id INTEGER PRIMARY KEY); INSERT INTO orders VALUES (1);');
    const orphan = readFileSync(`${live}-wal`);
    other.close();
    writeFileSync(`${storePath()}-wal`, orphan);

    expectWorkingStore(storePath());

    const raw = new DatabaseSync(storePath(), { readOnly: true });
    const tables = raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all().map((row) => row['name']);
    raw.close();
    expect(tables).not.toContain('orders');
    const keptAside = readdirSync(dir.path).filter((name) => /^samskriv\.db\.unusable-.*-wal$/.test(name));
    expect(keptAside).toHaveLength(1);
    expect(readFileSync(join(dir.path, keptAside[0] ?? '')).equals(orphan)).toBe(true);
  });

  it('a missing store is created together with its folder', () => {
    const path = join(dir.path, 'a', 'b', 'samskriv.db');
    expectWorkingStore(path);
    expect(statSync(path).size).toBeGreaterThan(0);
  });
});

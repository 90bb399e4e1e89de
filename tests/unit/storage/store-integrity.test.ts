/**
 * The corruption matrix of the local store (issue 11, finding 4), each case
 * on a real store file: bytes changed on disk are reported, never shown; a
 * log whose updates wait for updates that are not stored is an integrity
 * error, never an incomplete or empty chapter; stores written before
 * checksums (format 1) still open with every word. And the store keeps what
 * Y.applyUpdate accepts, where Y.mergeUpdates would drop it (finding 5).
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocStore, STORE_FORMAT_VERSION, StoreDataError, type StoreDataErrorReason } from '../../../src-node/storage/doc-store.ts';
import { ascendingGcOnlyUpdate, stateVectorOf } from '../../support/gc-only-update.ts';
import { useTempDir } from './temp-dir.ts';
import { textOf } from './stored-text.ts';

const CHAPTER = 'plan/p1/chapter/c1';
const OTHER_CHAPTER = 'plan/p1/chapter/c2';
const WRITER = 1000;

/** Writes "Hej " and then "UNIKMENING här" as two logged updates of one writer. */
function writeChapter(store: DocStore): void {
  for (const update of chapterUpdates()) store.appendUpdate(CHAPTER, update);
}

/** Stores a second chapter, written in one update. */
function writeOtherChapter(store: DocStore, words: string): void {
  const other = new Y.Doc();
  other.getText('text').insert(0, words);
  store.appendUpdate(OTHER_CHAPTER, Y.encodeStateAsUpdate(other));
}

/** Changes the stored bytes of log row `seq` behind the store's back, as a disk fault would. */
function damageRow(path: string, seq: number, damage: (bytes: Uint8Array) => Uint8Array): void {
  const raw = new DatabaseSync(path);
  const row = raw.prepare('SELECT data FROM updates WHERE seq = ?').get(seq);
  raw.prepare('UPDATE updates SET data = ? WHERE seq = ?').run(damage(new Uint8Array(row?.['data'] as Uint8Array)), seq);
  raw.close();
}

function seqs(path: string): number[] {
  const raw = new DatabaseSync(path, { readOnly: true });
  const all = raw.prepare('SELECT seq FROM updates ORDER BY seq').all().map((row) => Number(row['seq']));
  raw.close();
  return all;
}

/** Loading must fail with a StoreDataError of `reason` that names the chapter. */
function expectDataError(path: string, reason: StoreDataErrorReason): StoreDataError {
  const store = DocStore.open(path);
  try {
    let loaded: string | undefined;
    try {
      loaded = textOf(store.loadDoc(CHAPTER));
    } catch (error) {
      expect(error).toBeInstanceOf(StoreDataError);
      const dataError = error as StoreDataError;
      expect(dataError.doc).toBe(CHAPTER);
      expect(dataError.reason).toBe(reason);
      expect(dataError.message).toContain(CHAPTER);
      return dataError;
    }
    throw new Error(`the damaged chapter loaded, showing ${JSON.stringify(loaded)}`);
  } finally {
    store.close();
  }
}

/** A format 1 store as Samskriv wrote it before checksums: the same tables without the checksum columns. */
function writeFormat1Store(path: string, updates: readonly Uint8Array[]): void {
  const raw = new DatabaseSync(path);
  raw.exec(`
    PRAGMA journal_mode = WAL;
    CREATE TABLE updates(seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL, created_at TEXT);
    CREATE INDEX updates_doc_seq ON updates(doc, seq);
    CREATE TABLE snapshots(doc TEXT PRIMARY KEY, data BLOB NOT NULL, state_vector BLOB NOT NULL, updated_at TEXT);
    CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    PRAGMA application_id = ${0x536d736b};
    PRAGMA user_version = 1;
  `);
  const insert = raw.prepare('INSERT INTO updates(doc, data, created_at) VALUES (?, ?, ?)');
  for (const update of updates) insert.run(CHAPTER, update, '2026-01-01T00:00:00.000Z');
  raw.close();
}

/** The two updates of `writeChapter`, as bytes. */
function chapterUpdates(): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const ydoc = new Y.Doc();
  ydoc.clientID = WRITER;
  ydoc.on('update', (update: Uint8Array) => updates.push(update));
  ydoc.getText('text').insert(0, 'Hej ');
  ydoc.getText('text').insert(4, 'UNIKMENING här');
  ydoc.destroy();
  return updates;
}

/** Offset of the writer's client id in a one-client v1 update: after the client count and the struct count. */
const CLIENT_ID_OFFSET = 2;

describe('a damaged store is reported, never shown', () => {
  const dir = useTempDir();
  const storePath = () => join(dir.path, 'samskriv.sqlite');

  it('a byte flipped in stored text is a checksum error naming the row, not "UNIKXENING"', () => {
    const store = DocStore.open(storePath());
    writeChapter(store);
    store.close();
    const damaged = seqs(storePath())[1]!;
    damageRow(storePath(), damaged, (bytes) => {
      const at = Buffer.from(bytes).indexOf('UNIKMENING') + 4;
      bytes[at] = 'X'.charCodeAt(0);
      return bytes;
    });

    const error = expectDataError(storePath(), 'checksum');
    expect(error.source).toBe('update');
    expect(error.seq).toBe(damaged);
  });

  it('a bit flipped in a client id is a checksum error, not a chapter missing its words', () => {
    const store = DocStore.open(storePath());
    writeChapter(store);
    store.close();
    damageRow(storePath(), seqs(storePath())[1]!, (bytes) => {
      bytes[CLIENT_ID_OFFSET]! ^= 0x01;
      return bytes;
    });

    expectDataError(storePath(), 'checksum');
  });

  it('a stored update cut short is a checksum error', () => {
    const store = DocStore.open(storePath());
    writeChapter(store);
    store.close();
    damageRow(storePath(), seqs(storePath())[1]!, (bytes) => bytes.subarray(0, bytes.length - 3));

    expectDataError(storePath(), 'checksum');
  });

  it('a snapshot with a flipped byte is a checksum error', () => {
    const store = DocStore.open(storePath());
    writeChapter(store);
    store.compact(CHAPTER);
    store.close();
    const raw = new DatabaseSync(storePath());
    const bytes = new Uint8Array(raw.prepare('SELECT data FROM snapshots WHERE doc = ?').get(CHAPTER)?.['data'] as Uint8Array);
    bytes[Buffer.from(bytes).indexOf('UNIKMENING')] = 'V'.charCodeAt(0);
    raw.prepare('UPDATE snapshots SET data = ? WHERE doc = ?').run(bytes, CHAPTER);
    raw.close();

    expect(expectDataError(storePath(), 'checksum').source).toBe('snapshot');
  });

  it('a row moved to another document fails its checksum there', () => {
    const store = DocStore.open(storePath());
    writeChapter(store);
    writeOtherChapter(store, 'Annat kapitel');
    store.close();
    const raw = new DatabaseSync(storePath());
    raw.prepare('UPDATE updates SET doc = ? WHERE doc = ?').run(CHAPTER, OTHER_CHAPTER);
    raw.close();

    expectDataError(storePath(), 'checksum');
  });

  it('a damaged chapter leaves the other chapters of the store readable', () => {
    const store = DocStore.open(storePath());
    writeChapter(store);
    writeOtherChapter(store, 'Orört kapitel');
    store.close();
    damageRow(storePath(), seqs(storePath())[0]!, (bytes) => bytes.subarray(0, bytes.length - 1));

    expectDataError(storePath(), 'checksum');
    const reopened = DocStore.open(storePath());
    expect(textOf(reopened.loadDoc(OTHER_CHAPTER))).toBe('Orört kapitel');
    reopened.close();
  });
});

describe('updates whose dependencies are not stored', () => {
  const dir = useTempDir();
  const storePath = () => join(dir.path, 'samskriv.sqlite');

  it('a bit flipped in a client id of a row without a checksum (format 1) is an integrity error, not a chapter missing its words', () => {
    const [first, second] = chapterUpdates();
    const flipped = new Uint8Array(second!);
    flipped[CLIENT_ID_OFFSET]! ^= 0x01;
    writeFormat1Store(storePath(), [first!, flipped]);

    const error = expectDataError(storePath(), 'missing-dependencies');
    expect(error.message).toMatch(/depend on updates that are not stored/);
    expect(error.detail).toContain(`client ${WRITER ^ 0x01}`);
  });

  it('a log missing a row in the middle (a torn log) is an integrity error', () => {
    const store = DocStore.open(storePath());
    const ydoc = new Y.Doc();
    ydoc.on('update', (update: Uint8Array) => store.appendUpdate(CHAPTER, update));
    for (const word of ['Ett ', 'två ', 'tre ']) ydoc.getText('text').insert(ydoc.getText('text').length, word);
    store.close();
    const raw = new DatabaseSync(storePath());
    raw.prepare('DELETE FROM updates WHERE seq = ?').run(seqs(storePath())[1]!);
    raw.close();

    expectDataError(storePath(), 'missing-dependencies');
  });

  it('compaction keeps such updates in the snapshot, so nothing is lost, and loading still refuses them', () => {
    const [first, second] = chapterUpdates();
    const store = DocStore.open(storePath());
    // Only the second update: it waits for the first.
    store.appendUpdate(CHAPTER, second!);
    store.compact(CHAPTER);
    expect(store.stats(CHAPTER).logRows).toBe(0);
    expect(() => store.loadDoc(CHAPTER)).toThrow(StoreDataError);
    // What it waited for arrives: every word is there.
    store.appendUpdate(CHAPTER, first!);
    expect(textOf(store.loadDoc(CHAPTER))).toBe('Hej UNIKMENING här');
    store.close();
  });

  it('the sync server keeps them when it loads, as a client may still send what they wait for', () => {
    const [first, second] = chapterUpdates();
    const store = DocStore.open(storePath());
    store.appendUpdate(CHAPTER, second!);
    const kept = store.loadDoc(CHAPTER, { pending: 'keep' });
    expect(kept).not.toBeNull();
    expect(textOf(kept, first!)).toBe('Hej UNIKMENING här');
    store.close();
  });
});

describe('a store written before checksums (format 1)', () => {
  const dir = useTempDir();
  const storePath = () => join(dir.path, 'samskriv.sqlite');

  it('opens with every word, is migrated to the current format, and checks the rows written after', () => {
    writeFormat1Store(storePath(), chapterUpdates());

    const store = DocStore.open(storePath());
    expect(textOf(store.loadDoc(CHAPTER))).toBe('Hej UNIKMENING här');
    const more = new Y.Doc();
    Y.applyUpdate(more, store.loadDoc(CHAPTER)!);
    more.on('update', (update: Uint8Array) => store.appendUpdate(CHAPTER, update));
    more.getText('text').insert(0, 'Nytt. ');
    store.close();

    const raw = new DatabaseSync(storePath(), { readOnly: true });
    expect(raw.prepare('PRAGMA user_version').get()?.['user_version']).toBe(STORE_FORMAT_VERSION);
    const checksums = raw.prepare('SELECT checksum FROM updates ORDER BY seq').all().map((row) => row['checksum']);
    raw.close();
    expect(checksums.slice(0, 2)).toEqual([null, null]);
    expect(typeof checksums[2]).toBe('number');

    const reopened = DocStore.open(storePath());
    expect(textOf(reopened.loadDoc(CHAPTER))).toBe('Nytt. Hej UNIKMENING här');
    reopened.close();
    damageRow(storePath(), seqs(storePath())[2]!, (bytes) => {
      bytes[Buffer.from(bytes).indexOf('Nytt')] = 'M'.charCodeAt(0);
      return bytes;
    });
    expectDataError(storePath(), 'checksum');
  });

  it('its compaction writes a snapshot with a checksum and keeps every word', () => {
    writeFormat1Store(storePath(), chapterUpdates());
    const store = DocStore.open(storePath());
    store.compact(CHAPTER);
    expect(textOf(store.loadDoc(CHAPTER))).toBe('Hej UNIKMENING här');
    store.close();
    const raw = new DatabaseSync(storePath(), { readOnly: true });
    expect(typeof raw.prepare('SELECT checksum FROM snapshots').get()?.['checksum']).toBe('number');
    raw.close();
  });
});

describe('the store keeps what Y.applyUpdate accepts', () => {
  const dir = useTempDir();
  const storePath = () => join(dir.path, 'samskriv.sqlite');

  function storeWithGcOnlyUpdate(): { store: DocStore; expected: Map<number, number> } {
    const { update, clients } = ascendingGcOnlyUpdate();
    const base = new Y.Doc();
    base.clientID = 50;
    base.getText('text').insert(0, 'Hej');
    const store = DocStore.open(storePath());
    store.appendUpdate(CHAPTER, Y.encodeStateAsUpdate(base));
    store.appendUpdate(CHAPTER, update);
    return { store, expected: new Map([[50, 3], ...clients]) };
  }

  it('an update with ascending GC-only clients loads with every client it had', () => {
    const { store, expected } = storeWithGcOnlyUpdate();
    store.close();
    const reopened = DocStore.open(storePath());
    expect(stateVectorOf(reopened.loadDoc(CHAPTER)!)).toEqual(expected);
    reopened.close();
  });

  it('and keeps every client through compaction', () => {
    const { store, expected } = storeWithGcOnlyUpdate();
    store.compact(CHAPTER);
    expect(store.stats(CHAPTER).logRows).toBe(0);
    expect(stateVectorOf(store.loadDoc(CHAPTER)!)).toEqual(expected);
    store.close();
  });
});

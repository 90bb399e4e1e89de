import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMarker } from '../../../shared/chapter-text/block-marker.ts';
import { chapterText, readChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { DocStore, StoreDataError } from '../../../src-node/storage/doc-store.ts';
import { useTempDir } from './temp-dir.ts';
import { seededRandom } from '../../support/seeded-random.ts';
import { testSeed } from './writer-process.ts';

const CHAPTER = 'plan/p1/chapter/c1';
const OTHER_CHAPTER = 'plan/p1/chapter/c2';

/** A Y.Doc whose every update is appended to `store` under `doc`. */
function recordedDoc(store: DocStore, doc: string): Y.Doc {
  const ydoc = new Y.Doc();
  ydoc.on('update', (update: Uint8Array) => store.appendUpdate(doc, update));
  return ydoc;
}

/**
 * Seeded typing, deleting, formatting and splitting in the chapter text (the
 * Y.Text "text", where a new paragraph is a block-marker Y.Map embedded in it).
 */
function randomEdits(ydoc: Y.Doc, random: () => number, count: number): void {
  const text = chapterText(ydoc);
  for (let i = 0; i < count; i++) {
    const roll = random();
    const at = Math.floor(random() * (text.length + 1));
    if (roll < 0.55 || text.length < 10) {
      text.insert(at, `ord${i} `);
    } else if (roll < 0.8) {
      text.delete(Math.min(at, text.length - 1), Math.max(1, Math.floor(random() * 6)));
    } else if (roll < 0.9) {
      text.format(Math.min(at, text.length - 1), 4, { bold: random() < 0.5 ? {} : null });
    } else {
      const marker = createMarker({ type: 'paragraph', attrs: {}, path: [] }) as unknown as Y.AbstractType<unknown>;
      text.insertEmbed(at, marker);
      text.insert(at + 1, `Stycke ${i}`);
    }
  }
}

function loadInto(store: DocStore, doc: string): Y.Doc {
  const update = store.loadDoc(doc);
  if (update === null) throw new Error(`nothing stored for ${doc}`);
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, update);
  return ydoc;
}

/** The chapter text as plain data: its delta, with each block marker as JSON. */
function flatText(doc: Y.Doc): unknown[] {
  return (chapterText(doc).toDelta() as { insert: unknown; attributes?: unknown }[]).map((op) =>
    op.insert instanceof Y.Map ? { ...op, insert: { marker: op.insert.toJSON() } } : op,
  );
}

function expectSameContent(actual: Y.Doc, expected: Y.Doc): void {
  expect(flatText(actual)).toEqual(flatText(expected));
  expect(readChapterDoc(actual).toJSON()).toEqual(readChapterDoc(expected).toJSON());
  expect(actual.getMap('meta').toJSON()).toEqual(expected.getMap('meta').toJSON());
  expect(Y.encodeStateVector(actual)).toEqual(Y.encodeStateVector(expected));
}

describe('DocStore', () => {
  const dir = useTempDir();
  const storePath = () => join(dir.path, 'nested', 'folder', 'samskriv.db');

  it('an edited document reads back identically after the store is closed and reopened', () => {
    const random = seededRandom(testSeed('round trip'));
    const store = DocStore.open(storePath());
    const source = recordedDoc(store, CHAPTER);
    source.getMap('meta').set('title', 'Handlingsplan');
    randomEdits(source, random, 300);
    store.close();

    const reopened = DocStore.open(storePath());
    expectSameContent(loadInto(reopened, CHAPTER), source);
    reopened.close();
  });

  it('a document with nothing stored loads as null', () => {
    const store = DocStore.open(storePath());
    expect(store.loadDoc('plan/unknown')).toBeNull();
    expect(store.docUpdatedAt('plan/unknown')).toBeNull();
    store.close();
  });

  it('appendUpdate returns increasing seqs and refuses an empty update', () => {
    const store = DocStore.open(storePath());
    const source = new Y.Doc();
    source.getText('text').insert(0, 'a');
    const first = store.appendUpdate(CHAPTER, Y.encodeStateAsUpdate(source));
    const second = store.appendUpdate(CHAPTER, Y.encodeStateAsUpdate(source));
    expect(second).toBeGreaterThan(first);
    expect(() => store.appendUpdate(CHAPTER, new Uint8Array(0))).toThrow(TypeError);
    expect(store.updateCount(CHAPTER)).toBe(2);
    store.close();
  });

  describe('appendUpdates (one commit for many updates)', () => {
    /** Every update `edit` makes to a fresh Y.Doc, in order. */
    function updatesOf(edit: (ydoc: Y.Doc) => void): { ydoc: Y.Doc; updates: Uint8Array[] } {
      const ydoc = new Y.Doc();
      const updates: Uint8Array[] = [];
      ydoc.on('update', (update: Uint8Array) => updates.push(update));
      edit(ydoc);
      return { ydoc, updates };
    }

    it('stores the edits of several chapters given in mixed batches, and they read back identically after reopening', () => {
      const random = seededRandom(testSeed('appendUpdates mixed batches'));
      const one = updatesOf((ydoc) => randomEdits(ydoc, random, 150));
      const other = updatesOf((ydoc) => randomEdits(ydoc, random, 120));
      const queue: (readonly [string, Uint8Array])[] = [];
      for (let i = 0, j = 0; i < one.updates.length || j < other.updates.length; ) {
        if (j >= other.updates.length || (i < one.updates.length && random() < 0.5)) queue.push([CHAPTER, one.updates[i++]!]);
        else queue.push([OTHER_CHAPTER, other.updates[j++]!]);
      }
      const store = DocStore.open(storePath());
      const seqs: number[] = [];
      while (queue.length > 0) seqs.push(...store.appendUpdates(queue.splice(0, 1 + Math.floor(random() * 12))));
      store.close();

      expect(seqs).toHaveLength(one.updates.length + other.updates.length);
      expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
      const reopened = DocStore.open(storePath());
      expect(reopened.updateCount(CHAPTER)).toBe(one.updates.length);
      expect(reopened.updateCount(OTHER_CHAPTER)).toBe(other.updates.length);
      expectSameContent(loadInto(reopened, CHAPTER), one.ydoc);
      expectSameContent(loadInto(reopened, OTHER_CHAPTER), other.ydoc);
      reopened.compact(CHAPTER);
      expectSameContent(loadInto(reopened, CHAPTER), one.ydoc);
      reopened.close();
    });

    it('refuses a batch with an empty update anywhere in it, naming the entry, and stores none of the batch', () => {
      const store = DocStore.open(storePath());
      const { updates } = updatesOf((ydoc) => ydoc.getText('text').insert(0, 'Första meningen.'));
      expect(() => store.appendUpdates([[CHAPTER, updates[0]!], [OTHER_CHAPTER, new Uint8Array(0)]])).toThrow(/entry 1 .*empty update/);
      expect(() => store.appendUpdates([[CHAPTER, updates[0]!], ['', updates[0]!]])).toThrow(TypeError);
      expect(() => store.appendUpdates([[CHAPTER, 'text' as unknown as Uint8Array]])).toThrow(TypeError);
      expect(store.updateCount(CHAPTER)).toBe(0);
      expect(store.updateCount(OTHER_CHAPTER)).toBe(0);
      expect(store.appendUpdates([])).toEqual([]);
      store.close();
    });

    it('a write that fails halfway through a batch leaves none of the batch stored, and the store keeps working', () => {
      const store = DocStore.open(storePath());
      const { ydoc, updates } = updatesOf((doc) => {
        doc.getText('text').insert(0, 'Mål ');
        doc.getText('text').insert(4, 'och medel');
      });
      // A trigger stands in for a disk or constraint error on the third row.
      const raw = new DatabaseSync(storePath());
      raw.exec(`CREATE TRIGGER refuse_broken BEFORE INSERT ON updates WHEN NEW.doc = 'plan/p1/chapter/broken'
                BEGIN SELECT RAISE(ABORT, 'the disk says no'); END`);
      raw.close();

      expect(() => store.appendUpdates([[CHAPTER, updates[0]!], [OTHER_CHAPTER, updates[0]!], ['plan/p1/chapter/broken', updates[1]!]])).toThrow(
        /the disk says no/,
      );
      expect(store.updateCount(CHAPTER)).toBe(0);
      expect(store.updateCount(OTHER_CHAPTER)).toBe(0);

      // Not stuck in the failed transaction: the caller's retry goes through.
      store.appendUpdates(updates.map((update) => [CHAPTER, update] as const));
      expectSameContent(loadInto(store, CHAPTER), ydoc);
      store.close();
    });
  });

  describe('compaction', () => {
    it('folds the log into a snapshot no bigger than 1.5x the Yjs state, with identical content', () => {
      const random = seededRandom(testSeed('compaction'));
      const store = DocStore.open(storePath());
      const source = recordedDoc(store, CHAPTER);
      randomEdits(source, random, 400);
      expect(store.updateCount(CHAPTER)).toBeGreaterThan(0);

      store.compact(CHAPTER);

      expect(store.updateCount(CHAPTER)).toBe(0);
      const stats = store.stats(CHAPTER);
      expect(stats.logRows).toBe(0);
      expect(stats.logBytes).toBe(0);
      expect(stats.snapshotBytes).toBeGreaterThan(0);
      expect(stats.snapshotBytes).toBeLessThanOrEqual(1.5 * Y.encodeStateAsUpdate(source).length);
      expectSameContent(loadInto(store, CHAPTER), source);
      store.close();
    });

    it('edits made after a compaction are stored and survive reopening and a second compaction', () => {
      const random = seededRandom(testSeed('append after compaction'));
      const store = DocStore.open(storePath());
      const source = recordedDoc(store, CHAPTER);
      randomEdits(source, random, 100);
      store.compact(CHAPTER);
      let appended = 0;
      source.on('update', () => appended++);
      randomEdits(source, random, 50);
      expect(appended).toBeGreaterThan(0);
      expect(store.updateCount(CHAPTER)).toBe(appended);
      store.close();

      const reopened = DocStore.open(storePath());
      expectSameContent(loadInto(reopened, CHAPTER), source);
      reopened.compact(CHAPTER);
      expect(reopened.updateCount(CHAPTER)).toBe(0);
      expectSameContent(loadInto(reopened, CHAPTER), source);
      reopened.close();
    });

    it('compacting one document leaves the other documents untouched', () => {
      const random = seededRandom(testSeed('other docs'));
      const store = DocStore.open(storePath());
      const one = recordedDoc(store, CHAPTER);
      const other = recordedDoc(store, OTHER_CHAPTER);
      randomEdits(one, random, 60);
      randomEdits(other, random, 40);
      const otherBefore = store.loadDoc(OTHER_CHAPTER);
      const otherCount = store.updateCount(OTHER_CHAPTER);

      store.compact(CHAPTER);

      expect(store.updateCount(OTHER_CHAPTER)).toBe(otherCount);
      expect(store.stats(OTHER_CHAPTER).snapshotBytes).toBe(0);
      expect(store.loadDoc(OTHER_CHAPTER)).toEqual(otherBefore);
      expectSameContent(loadInto(store, OTHER_CHAPTER), other);
      store.close();
    });

    it('compacting keeps the time the document last changed', () => {
      const store = DocStore.open(storePath());
      const source = recordedDoc(store, CHAPTER);
      source.getText('text').insert(0, 'Mål');
      const changedAt = store.docUpdatedAt(CHAPTER);
      expect(changedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      store.compact(CHAPTER);
      expect(store.docUpdatedAt(CHAPTER)).toBe(changedAt);
      store.close();
    });
  });

  describe('undecodable data', () => {
    /** Bytes that are not a Yjs update, written behind the store's back. */
    function plantGarbage(path: string, doc: string): number {
      const raw = new DatabaseSync(path);
      try {
        const garbage = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0x03, 0x07]);
        return Number(raw.prepare('INSERT INTO updates(doc, data) VALUES (?, ?)').run(doc, garbage).lastInsertRowid);
      } finally {
        raw.close();
      }
    }

    it('loading a document with an undecodable update names the document and the update instead of skipping it', () => {
      const store = DocStore.open(storePath());
      recordedDoc(store, CHAPTER).getText('text').insert(0, 'Innehåll');
      const badSeq = plantGarbage(storePath(), CHAPTER);

      let thrown: unknown;
      try {
        store.loadDoc(CHAPTER);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(StoreDataError);
      expect(thrown).toMatchObject({ doc: CHAPTER, source: 'update', seq: badSeq });
      store.close();
    });

    it('compaction over an undecodable update fails without deleting anything', () => {
      const store = DocStore.open(storePath());
      const source = recordedDoc(store, CHAPTER);
      source.getText('text').insert(0, 'Innehåll');
      plantGarbage(storePath(), CHAPTER);
      const before = store.stats(CHAPTER);

      expect(() => store.compact(CHAPTER)).toThrow(StoreDataError);

      expect(store.stats(CHAPTER)).toEqual(before);
      store.close();
    });
  });

  it('lists every stored document, compacted or not, sorted and filtered by prefix', () => {
    const store = DocStore.open(storePath());
    const update = Y.encodeStateAsUpdate(new Y.Doc());
    for (const doc of ['plan/b', 'plan/a/chapter/2', 'plan/a', 'plan/a/chapter/1', 'other']) {
      store.appendUpdate(doc, update);
    }
    store.compact('plan/a/chapter/1');

    expect(store.listDocs()).toEqual(['other', 'plan/a', 'plan/a/chapter/1', 'plan/a/chapter/2', 'plan/b']);
    expect(store.listDocs('plan/a/chapter/')).toEqual(['plan/a/chapter/1', 'plan/a/chapter/2']);
    expect(store.listDocs('nothing/')).toEqual([]);
    store.close();
  });

  it('settings keep their JSON values across reopening', () => {
    const store = DocStore.open(storePath());
    const values: Record<string, unknown> = {
      serverUrl: 'wss://samskriv.example.se',
      member: { id: 'm-1', name: 'Åsa Öberg', agency: 'af', role: 'coordinator' },
      lastSynced: [1, 2, 3],
      count: 42,
      enabled: false,
      nothing: null,
    };
    for (const [key, value] of Object.entries(values)) store.setSetting(key, value);
    store.setSetting('count', 43);
    expect(() => store.setSetting('bad', undefined)).toThrow(TypeError);
    store.close();

    const reopened = DocStore.open(storePath());
    for (const [key, value] of Object.entries({ ...values, count: 43 })) {
      expect(reopened.getSetting(key)).toEqual(value);
    }
    expect(reopened.getSetting('never-set')).toBeUndefined();
    expect(reopened.getSetting('bad')).toBeUndefined();
    reopened.close();
  });

  it('after a checkpoint the WAL is empty and the size on disk is the main file', () => {
    const store = DocStore.open(storePath());
    randomEdits(recordedDoc(store, CHAPTER), seededRandom(1), 50);
    expect(statSync(`${storePath()}-wal`).size).toBeGreaterThan(0);

    expect(store.checkpoint()).toBe(true);

    expect(statSync(`${storePath()}-wal`).size).toBe(0);
    expect(store.fileSizeBytes()).toBe(statSync(storePath()).size);
    store.close();
  });
});

/**
 * The server's document storage keeps what the document applied (issue 11,
 * finding 5): an update whose clients ascend, holding only GC structs, is
 * accepted by Y.applyUpdate, and Y.mergeUpdates dropped all but its first
 * client — in the group commit, on load and in compaction. Each store is
 * real: docs.sqlite through its worker thread, and a throwaway PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COMPACT_AFTER_UPDATES } from '../../../src-node/storage/doc-store.ts';
import { PostgresDatabase } from '../../../src-server/database/postgres-database.ts';
import type { DocPersistence } from '../../../src-server/persistence/doc-persistence.ts';
import { PostgresDocPersistence } from '../../../src-server/persistence/postgres-doc-persistence.ts';
import { SqliteDocPersistence } from '../../../src-server/persistence/sqlite-doc-persistence.ts';
import { ascendingGcOnlyUpdate, stateVectorOf } from '../../support/gc-only-update.ts';
import { startPostgres, type PostgresProcess } from '../../support/postgres-process.ts';

const DOC = 'plan/00000000-0000-4000-8000-000000000001';

/** Opens the same storage again, as a restarted server does. */
interface Backend {
  open(): Promise<DocPersistence>;
  dispose(): Promise<void>;
}

function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'samskriv-persistence-'));
  return {
    open: () => SqliteDocPersistence.open(dir),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

let postgres: PostgresProcess;
let databases = 0;
const pools: PostgresDatabase[] = [];

async function postgresBackend(): Promise<Backend> {
  const url = await postgres.createDatabase(`persistence_${++databases}`);
  return {
    open: async () => {
      const pool = new PostgresDatabase(url, () => undefined);
      pools.push(pool);
      return PostgresDocPersistence.open(pool);
    },
    dispose: async () => undefined,
  };
}

beforeAll(async () => {
  postgres = await startPostgres();
}, 120_000);

afterAll(async () => {
  for (const pool of pools) await pool.close();
  await postgres?.stop();
});

/** A writer's update with the given client and words. */
function wordsBy(client: number, words: string): Uint8Array {
  const ydoc = new Y.Doc();
  ydoc.clientID = client;
  ydoc.getText('text').insert(0, words);
  return Y.encodeStateAsUpdate(ydoc);
}

const backends: [string, () => Promise<Backend>][] = [
  ['SQLite', async () => sqliteBackend()],
  ['PostgreSQL', postgresBackend],
];

describe.each(backends)('%s document storage', (_name, makeBackend) => {
  it('an ascending GC-only update committed together with another keeps every client after a restart', async () => {
    const backend = await makeBackend();
    const { update, clients } = ascendingGcOnlyUpdate();
    const first = await backend.open();
    // Appended in one turn: the group commit writes them in one batch.
    await Promise.all([first.append(DOC, wordsBy(50, 'Hej')), first.append(DOC, update)]);
    await first.close();

    const restarted = await backend.open();
    expect(stateVectorOf((await restarted.load(DOC))!)).toEqual(new Map([[50, 3], ...clients]));
    await restarted.close();
    await backend.dispose();
  });

  it('keeps every client through compaction', async () => {
    const backend = await makeBackend();
    const { update, clients } = ascendingGcOnlyUpdate();
    const storage = await backend.open();
    await storage.append(DOC, update);
    const writes = Array.from({ length: COMPACT_AFTER_UPDATES }, (_, i) => storage.append(DOC, wordsBy(100 + i, 'x')));
    await Promise.all(writes);
    await storage.compactIfLong(DOC);
    await storage.close();

    const restarted = await backend.open();
    const vector = stateVectorOf((await restarted.load(DOC))!);
    for (const [client, clock] of clients) expect(vector.get(client)).toBe(clock);
    expect(vector.size).toBe(clients.size + COMPACT_AFTER_UPDATES);
    await restarted.close();
    await backend.dispose();
  });
});

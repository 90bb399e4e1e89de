/**
 * The store of who writes under which Yjs client id (src-server/members/client-owners.ts),
 * on a real SQLite file shared by two server processes' stores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../src-server/database/sqlite-database.ts';
import { ClientOwners } from '../../../src-server/members/client-owners.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function stores(count: number): Promise<ClientOwners[]> {
  const dir = mkdtempSync(join(tmpdir(), 'samskriv-owners-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const result: ClientOwners[] = [];
  for (let i = 0; i < count; i++) {
    const db = new SqliteDatabase(join(dir, 'members.sqlite'));
    cleanups.push(() => db.close());
    result.push(await ClientOwners.open(db));
  }
  return result;
}

describe('client owners', () => {
  it('gives an id to its first writer, in that plan only', async () => {
    const [owners] = (await stores(1)) as [ClientOwners];
    expect(await owners.claim('plan-1', 'fia', [7, 8])).toBeNull();
    expect(await owners.claim('plan-1', 'fia', [7])).toBeNull();
    expect(await owners.claim('plan-1', 'omar', [9, 8])).toEqual({ client: 8, ownerId: 'fia' });
    // 9 was Omar's to take before the conflict, and stays his.
    expect(await owners.ownerOf('plan-1', 9)).toBe('omar');
    expect(await owners.claim('plan-2', 'omar', [7])).toBeNull();
    expect(await owners.ownerOf('plan-3', 7)).toBeNull();
  });

  it('two processes claiming the same id at once agree on one owner', async () => {
    const [a, b] = (await stores(2)) as [ClientOwners, ClientOwners];
    const ids = Array.from({ length: 50 }, (_, i) => 1000 + i);
    const results = await Promise.all(ids.flatMap((id) => [a.claim('plan', 'fia', [id]), b.claim('plan', 'omar', [id])]));
    for (let i = 0; i < ids.length; i++) {
      const [fia, omar] = [results[2 * i], results[2 * i + 1]];
      // Exactly one of the two lost, to the other.
      expect([fia, omar].filter((r) => r === null)).toHaveLength(1);
      expect(fia ?? omar).toEqual({ client: ids[i], ownerId: fia === null ? 'fia' : 'omar' });
      expect(await a.ownerOf('plan', ids[i]!)).toBe(await b.ownerOf('plan', ids[i]!));
    }
  });

  it('refuses what is not a Yjs client id', async () => {
    const [owners] = (await stores(1)) as [ClientOwners];
    await expect(owners.claim('plan', 'fia', [-1])).rejects.toThrow(RangeError);
    await expect(owners.claim('plan', 'fia', [2 ** 32])).rejects.toThrow(RangeError);
  });
});

/**
 * A member's signing key is kept as the member token is (issue 17): sealed
 * by the operating system's keychain (Electron safeStorage; here the same
 * fake the token tests use) and never on disk in the clear, and the same key
 * signs after a restart, so partners who pinned it keep accepting the files.
 * Without a keychain it lives for the run only.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeExchangeFile } from '../../../shared/exchange/exchange-file.ts';
import { HostService } from '../../../src-main/host/host-service.ts';
import { safeStorageVault } from '../../../src-main/sync/token-vault.ts';
import { createFakeSafeStorage } from '../electron/fake-electron.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samskriv-keys-'));
  dirs.push(dir);
  return dir;
}

/** Every byte in the data folder: database, WAL and side files. */
function everythingOnDisk(dir: string): string {
  return Buffer.concat(readdirSync(dir).map((name) => readFileSync(join(dir, name)))).toString('latin1');
}

async function signingKey(host: HostService, planId: string): Promise<string> {
  const result = await host.exportPlanFile({ planId });
  if (result.outcome !== 'download') throw new Error('expected a download');
  return decodeExchangeFile(result.data).content.header.sender.publicKey;
}

describe('a member’s signing key', () => {
  it('is stored only sealed by the keychain, and signs again after a restart', async () => {
    const dir = dataDir();
    const safeStorage = createFakeSafeStorage();
    let host = new HostService(dir, { vault: safeStorageVault(safeStorage, 'linux') });
    await host.setPreferences({ name: 'Anna Ek', agency: 'af' });
    const plan = await host.createPlan({ title: 'Handlingsplan' });
    const before = await signingKey(host, plan.id);
    host.close();
    expect(everythingOnDisk(dir)).not.toContain('PRIVATE KEY');
    host = new HostService(dir, { vault: safeStorageVault(safeStorage, 'linux') });
    expect(await signingKey(host, plan.id)).toBe(before);
    host.close();
  });

  it('without a keychain, lives for the run only: a restart makes a new one', async () => {
    const dir = dataDir();
    let host = new HostService(dir);
    await host.setPreferences({ name: 'Anna Ek', agency: 'af' });
    const plan = await host.createPlan({ title: 'Handlingsplan' });
    const first = await signingKey(host, plan.id);
    expect(await signingKey(host, plan.id)).toBe(first);
    host.close();
    expect(everythingOnDisk(dir)).not.toContain('PRIVATE KEY');
    host = new HostService(dir);
    expect(await signingKey(host, plan.id)).not.toBe(first);
    host.close();
  });
});

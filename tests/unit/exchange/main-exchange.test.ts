/**
 * Exchange by file in the desktop app (issue 17): main.ts gives the host
 * Electron's save dialog for the files it writes (filtered to Samskriv
 * files) and its open dialog for the files it reads; Cancel reads nothing,
 * and a file over the limit is refused by its size, unread.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExchangeFileChoice, ExportResult, PlanSummary } from '../../../shared/host-api/host-api.ts';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';
import { startMainForTests } from '../electron/start-main.ts';

const electron = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('../electron/fake-electron.ts');
  return createFakeElectron();
});
vi.mock('electron', () => electron);

const sender = { frame: 'main', url: 'samskriv://app/index.html' } as const;

describe('exchange files in the desktop app', () => {
  startMainForTests(electron);
  let documents = '';
  let planId = '';

  beforeAll(async () => {
    documents = mkdtempSync(join(tmpdir(), 'samskriv-documents-'));
    electron.app.paths['documents'] = documents;
    await electron.ipcMain.invoke('samskriv:setPreferences', sender, { name: 'Anna Ek', agency: 'af' });
    const sample = (await electron.ipcMain.invoke('samskriv:openSamplePlan', sender)) as HostResponse<PlanSummary>;
    if (!sample.ok) throw new Error('no sample plan');
    planId = sample.value.id;
  });

  afterAll(() => {
    rmSync(documents, { recursive: true, force: true });
  });

  it('saves “Exportera hela planen” where the user chooses, among Samskriv files', async () => {
    const target = join(documents, 'Planen.samskriv');
    electron.dialog.savePath = target;
    const reply = (await electron.ipcMain.invoke('samskriv:exportPlanFile', sender, { planId })) as HostResponse<ExportResult>;
    expect(reply).toEqual({ ok: true, value: { outcome: 'saved', path: target } });
    expect(electron.dialog.saveDialogs.at(-1)?.options.filters).toEqual([{ name: 'Samskriv-fil', extensions: ['samskriv'] }]);
    expect(readFileSync(target).subarray(0, 8).toString()).toBe('SAMSKRIV');
  });

  it('reads the file chosen in the open dialog, over the app’s window in Documents, and checks it', async () => {
    electron.dialog.openPath = join(documents, 'Planen.samskriv');
    const reply = (await electron.ipcMain.invoke('samskriv:inspectExchangeFile', sender, { planId: null })) as HostResponse<ExchangeFileChoice>;
    const shown = electron.dialog.openDialogs.at(-1);
    expect(shown?.window).toBe(electron.windows[0]);
    expect(shown?.options).toMatchObject({ defaultPath: documents, filters: [{ name: 'Samskriv-fil', extensions: ['samskriv'] }], properties: ['openFile'] });
    // The plan is already here, so opening it again is refused, by its title.
    expect(reply).toMatchObject({ ok: true, value: { outcome: 'refused', refusal: { problem: 'plan-exists' } } });
  });

  it('reads nothing when the user cancels', async () => {
    electron.dialog.openPath = null;
    const reply = await electron.ipcMain.invoke('samskriv:inspectExchangeFile', sender, { planId });
    expect(reply).toEqual({ ok: true, value: { outcome: 'cancelled' } });
  });

  it('refuses a 40 MB file as too large without reading it', async () => {
    const path = join(documents, 'Enorm.samskriv');
    writeFileSync(path, '');
    truncateSync(path, 40 * 1024 * 1024);
    electron.dialog.openPath = path;
    const reply = await electron.ipcMain.invoke('samskriv:inspectExchangeFile', sender, { planId });
    expect(reply).toEqual({ ok: true, value: { outcome: 'refused', refusal: { problem: 'too-large', sender: null } } });
  });
});

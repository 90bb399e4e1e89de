/**
 * The desktop's export: main.ts gives the host Electron's save dialog,
 * opened over the app's window on the user's Documents folder with the
 * suggested name, and the file is written where the user chose; Cancel
 * writes nothing.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExportResult, PlanSummary } from '../../../shared/host-api/host-api.ts';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';
import { startMainForTests } from './start-main.ts';

const electron = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('./fake-electron.ts');
  return createFakeElectron();
});
vi.mock('electron', () => electron);

const sender = { frame: 'main', url: 'samskriv://app/index.html' } as const;

describe('exporting from the desktop app', () => {
  startMainForTests(electron);
  let documents = '';
  let planId = '';

  beforeAll(async () => {
    documents = mkdtempSync(join(tmpdir(), 'samskriv-documents-'));
    electron.app.paths['documents'] = documents;
    const sample = (await electron.ipcMain.invoke('samskriv:openSamplePlan', sender)) as HostResponse<PlanSummary>;
    if (!sample.ok) throw new Error('no sample plan');
    planId = sample.value.id;
  });

  afterAll(() => {
    rmSync(documents, { recursive: true, force: true });
  });

  it('asks where to save over the app’s window, in Documents under the plan’s name, and writes the file there', async () => {
    const target = join(documents, 'Planen.docx');
    electron.dialog.savePath = target;
    const reply = (await electron.ipcMain.invoke('samskriv:exportPlan', sender, { planId, kind: 'word' })) as HostResponse<ExportResult>;
    expect(reply).toEqual({ ok: true, value: { outcome: 'saved', path: target } });
    const [shown] = electron.dialog.saveDialogs;
    expect(shown?.window).toBe(electron.windows[0]);
    expect(shown?.options.defaultPath).toMatch(new RegExp(`^${documents}/Myndighetsgemensam plan .*\\.docx$`));
    expect(shown?.options.filters).toEqual([{ name: 'Word-dokument', extensions: ['docx'] }]);
    expect(readFileSync(target).subarray(0, 2).toString()).toBe('PK');
  });

  it('writes nothing when the user cancels', async () => {
    electron.dialog.savePath = null;
    const before = readdirSync(documents);
    const reply = (await electron.ipcMain.invoke('samskriv:exportPlan', sender, { planId, kind: 'review' })) as HostResponse<ExportResult>;
    expect(reply).toEqual({ ok: true, value: { outcome: 'cancelled' } });
    expect(readdirSync(documents)).toEqual(before);
    expect(existsSync(join(documents, 'Planen – granskningsversion.docx'))).toBe(false);
  });
});

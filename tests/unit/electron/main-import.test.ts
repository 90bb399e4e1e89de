/**
 * The desktop's Word import: main.ts gives the host Electron's open dialog,
 * opened over the app's window on the user's Documents folder and filtered
 * to Word documents; the chosen file is read in the import worker and its
 * content handed back; Cancel reads nothing; a file over the limit is
 * refused before it is read.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImportResult } from '../../../shared/host-api/host-api.ts';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';
import { richWordFile } from '../import/word-fixture.ts';
import { startMainForTests } from './start-main.ts';

const electron = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('./fake-electron.ts');
  return createFakeElectron();
});
vi.mock('electron', () => electron);

const sender = { frame: 'main', url: 'samskriv://app/index.html' } as const;

describe('importing a Word file in the desktop app', () => {
  startMainForTests(electron);
  let documents = '';

  beforeAll(() => {
    documents = mkdtempSync(join(tmpdir(), 'samskriv-documents-'));
    electron.app.paths['documents'] = documents;
  });

  afterAll(() => {
    rmSync(documents, { recursive: true, force: true });
  });

  it('asks for the file over the app’s window, in Documents, among Word documents, and reads the chosen one', async () => {
    const path = join(documents, 'Migrationsverket.docx');
    writeFileSync(path, await richWordFile());
    electron.dialog.openPath = path;
    const reply = (await electron.ipcMain.invoke('samskriv:importDocx', sender, {})) as HostResponse<ImportResult>;
    const [shown] = electron.dialog.openDialogs;
    expect(shown?.window).toBe(electron.windows[0]);
    expect(shown?.options).toMatchObject({ defaultPath: documents, filters: [{ name: 'Word-dokument', extensions: ['docx', 'docm'] }], properties: ['openFile'] });
    expect(reply.ok && reply.value.outcome === 'read' ? [reply.value.document.fileName, reply.value.document.comments.length] : reply).toEqual(['Migrationsverket.docx', 1]);
  });

  it('reads nothing when the user cancels', async () => {
    electron.dialog.openPath = null;
    const reply = (await electron.ipcMain.invoke('samskriv:importDocx', sender, {})) as HostResponse<ImportResult>;
    expect(reply).toEqual({ ok: true, value: { outcome: 'cancelled' } });
  });

  it('refuses a 50 MB file as too large without reading it', async () => {
    const path = join(documents, 'Enorm.docx');
    writeFileSync(path, '');
    truncateSync(path, 50 * 1024 * 1024);
    electron.dialog.openPath = path;
    const reply = (await electron.ipcMain.invoke('samskriv:importDocx', sender, {})) as HostResponse<ImportResult>;
    expect(reply.ok ? reply.value : reply.error).toMatchObject({ code: 'import-failed', reason: 'too-large' });
  });
});

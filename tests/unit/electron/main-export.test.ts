/**
 * The desktop's export: main.ts gives the host Electron's save dialog,
 * opened over the app's window on the user's Documents folder with the
 * suggested name, and the file is written where the user chose; Cancel
 * writes nothing.
 *
 * The PDF: the plan's print view is loaded in a hidden, sandboxed window
 * without Node, preload or JavaScript and printed with printToPDF, asking
 * for a tagged PDF with bookmarks, without Chromium's own header and footer
 * (the view's page margin boxes have the title and "Sida X av Y"); the
 * window and its file are gone afterwards and what printToPDF answered is
 * what is saved. The fake cannot render, so the PDF
 * itself is checked where Chromium really prints (tests/e2e/print-pdf.test.ts).
 * "Öppna" opens the saved file with shell.openPath, and nothing else.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExportResult, PlanExportResult, PlanSummary } from '../../../shared/host-api/host-api.ts';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';
import { SAMPLE_PLAN } from '../../../shared/sample/sample-plan.ts';
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

  it('prints the print view in a hidden, locked-down window, tagged and with bookmarks, and saves what it printed', async () => {
    const target = join(documents, 'Planen.pdf');
    electron.dialog.savePath = target;
    const windowsBefore = electron.windows.length;
    const reply = (await electron.ipcMain.invoke('samskriv:exportPlan', sender, { planId, kind: 'pdf' })) as HostResponse<PlanExportResult>;
    expect(reply).toEqual({ ok: true, value: { outcome: 'saved', path: target } });

    const [printWindow, ...others] = electron.windows.slice(windowsBefore);
    expect(others).toEqual([]);
    expect(printWindow?.options.show).toBe(false);
    expect(printWindow?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false });
    expect(printWindow?.options.webPreferences?.preload).toBeUndefined();
    expect(printWindow?.shown).toBe(false);

    // It loaded the plan's print view, from a file it has removed since.
    const [loaded] = printWindow!.loadedFiles;
    expect(loaded?.content).toMatch(/^<!DOCTYPE html>\n<html lang="sv">/);
    for (const chapter of SAMPLE_PLAN.chapters) expect(loaded?.content).toContain(`>${chapter.title}</h1>`);
    expect(existsSync(loaded!.path)).toBe(false);

    expect(printWindow!.webContents.printCalls).toHaveLength(1);
    const options = printWindow!.webContents.printCalls[0]!;
    expect(options).toMatchObject({ generateTaggedPDF: true, generateDocumentOutline: true, displayHeaderFooter: false, printBackground: true, pageSize: 'A4' });
    // The header and "Sida X av Y" come with the view (tests/e2e/print-pdf.test.ts reads them on the pages).
    expect(loaded?.content).toContain('@bottom-center { content: "Sida " counter(page) " av " counter(pages);');
    expect(printWindow!.destroyed).toBe(true);

    const [shown] = electron.dialog.saveDialogs.slice(-1);
    expect(shown?.options.filters).toEqual([{ name: 'PDF-dokument', extensions: ['pdf'] }]);
    expect(new Uint8Array(readFileSync(target))).toEqual(printWindow!.webContents.printResult);
  });

  it('opens the saved export in the system’s app when asked, and no other path', async () => {
    const target = join(documents, 'Planen.docx');
    electron.dialog.savePath = target;
    await electron.ipcMain.invoke('samskriv:exportPlan', sender, { planId, kind: 'word' });
    expect(await electron.ipcMain.invoke('samskriv:openExportedFile', sender, { path: target })).toEqual({ ok: true, value: undefined });
    expect(await electron.ipcMain.invoke('samskriv:openExportedFile', sender, { path: '/bin/sh' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(electron.shell.openedPaths).toEqual([target]);
  });
});

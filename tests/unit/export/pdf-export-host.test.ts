/**
 * The PDF export through the HostApi (issue 15), with the real dispatcher,
 * HostService and export worker: the desktop prints the plan's print view
 * with the printer it was given (Electron's printToPDF; here a recording
 * stand-in, since the Electron binary cannot run — the real printing is
 * tests/e2e/print-pdf.test.ts) and saves the PDF; the browser host, which
 * has no printer, answers with the print view's address, and serves the
 * view there. No LibreOffice is needed for either, and the PDF by
 * LibreOffice is offered only where LibreOffice is installed. "Öppna"
 * opens only a file the export saved.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlanExportResult } from '../../../shared/host-api/host-api.ts';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';
import { SAMPLE_PLAN } from '../../../shared/sample/sample-plan.ts';
import { libreOfficeInstalled } from '../../../src-main/export/libreoffice.ts';
import { createHostDispatch } from '../../../src-main/host/host-dispatch.ts';
import { HostService, type OpenFile, type PrintPdf, type SaveExport } from '../../../src-main/host/host-service.ts';
import type { ExportedFile } from '../../../src-main/export/plan-export.ts';

let dir = '';
const services: HostService[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'samskriv-pdf-export-'));
  // No LibreOffice: the PDF from the print view must not need it.
  vi.stubEnv('SAMSKRIV_SOFFICE', join(dir, 'no-libreoffice-here', 'soffice'));
});

afterEach(async () => {
  await new Promise((resolve) => setImmediate(resolve));
  for (const service of services.splice(0)) service.close();
  rmSync(dir, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

function host(options: { saveExport?: SaveExport; printPdf?: PrintPdf; openFile?: OpenFile } = {}): HostService {
  const service = new HostService(dir, options);
  services.push(service);
  return service;
}

/** Stands in for printToPDF: records the view it is given and answers bytes that say what they are. */
function recordingPrinter(): { printPdf: PrintPdf; views: string[] } {
  const views: string[] = [];
  return {
    views,
    printPdf: async (html) => {
      views.push(html);
      return new TextEncoder().encode('%PDF-stand-in');
    },
  };
}

describe('the PDF export on the desktop', () => {
  it('prints the plan’s print view and saves it as a PDF named after the plan, without LibreOffice', async () => {
    const printer = recordingPrinter();
    const saved: ExportedFile[] = [];
    const service = host({ printPdf: printer.printPdf, saveExport: async (file) => (saved.push(file), '/home/anna/Dokument/plan.pdf') });
    const sample = await service.openSamplePlan();
    expect(await service.exportPlan({ planId: sample.id, kind: 'pdf' })).toEqual({ outcome: 'saved', path: '/home/anna/Dokument/plan.pdf' });
    expect(printer.views).toHaveLength(1);
    for (const chapter of SAMPLE_PLAN.chapters) expect(printer.views[0]).toContain(`>${chapter.title}</h1>`);
    expect(saved.map((file) => [file.fileName, file.mediaType, new TextDecoder().decode(file.data)])).toEqual([
      [`${SAMPLE_PLAN.title}.pdf`, 'application/pdf', '%PDF-stand-in'],
    ]);
  });

  it('says the export failed when printing fails, and never opens the save dialog', async () => {
    const dialog = vi.fn<SaveExport>(async () => 'never');
    const dispatch = createHostDispatch(
      host({ saveExport: dialog, printPdf: async () => Promise.reject(new Error('render process gone')) }),
      () => undefined,
    );
    const sample = (await dispatch('openSamplePlan', [])) as HostResponse<{ id: string }>;
    if (!sample.ok) throw new Error('no sample plan');
    const reply = await dispatch('exportPlan', [{ planId: sample.value.id, kind: 'pdf' }]);
    expect(reply).toMatchObject({ ok: false, error: { code: 'export-failed', reason: 'conversion-failed' } });
    expect(dialog).not.toHaveBeenCalled();
  });
});

describe('the PDF export in the browser host', () => {
  it('answers with the address of the print view, which the host serves there until it expires', async () => {
    const service = host();
    const sample = await service.openSamplePlan();
    const result: PlanExportResult = await service.exportPlan({ planId: sample.id, kind: 'pdf' });
    expect(result).toMatchObject({ outcome: 'print-view', fileName: `${SAMPLE_PLAN.title}.pdf` });
    if (result.outcome !== 'print-view') return;
    expect(result.url).toMatch(/^\/print-view\/[0-9a-f-]{36}$/);
    const html = service.printViews.viewAt(result.url);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    for (const chapter of SAMPLE_PLAN.chapters) expect(html).toContain(`>${chapter.title}</h1>`);
    // Another ticket, or something that is not one, is nothing.
    expect(service.printViews.viewAt('/print-view/00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(service.printViews.viewAt('/print-view/../index.html')).toBeNull();
  });
});

describe('the export choices', () => {
  it('offer the PDF by LibreOffice only where LibreOffice is installed', async () => {
    const service = host();
    expect(await service.listExportKinds()).toEqual(['word', 'pdf', 'review']);
    // An executable named where SAMSKRIV_SOFFICE says (a stand-in file: only its presence is looked at).
    const soffice = join(dir, 'libreoffice', 'soffice');
    mkdirSync(join(dir, 'libreoffice'));
    writeFileSync(soffice, '#!/bin/sh\n');
    chmodSync(soffice, 0o755);
    vi.stubEnv('SAMSKRIV_SOFFICE', soffice);
    expect(await service.listExportKinds()).toEqual(['word', 'pdf', 'pdf-libreoffice', 'review']);
  });

  it('find soffice on PATH, and not a folder or a file that cannot be run', () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const linux = (path: string) => libreOfficeInstalled({ PATH: path }, 'linux');
    expect(linux(bin)).toBe(false);
    mkdirSync(join(bin, 'soffice'));
    expect(linux(bin)).toBe(false);
    const other = join(dir, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'soffice'), 'not a program');
    chmodSync(join(other, 'soffice'), 0o644);
    expect(linux(`${bin}:${other}`)).toBe(false);
    chmodSync(join(other, 'soffice'), 0o755);
    expect(linux(`${bin}:${other}`)).toBe(true);
  });
});

describe('opening an exported file (“Öppna”)', () => {
  it('opens the file the export saved, in the system’s app', async () => {
    const opened: string[] = [];
    const service = host({ saveExport: async () => '/home/anna/Dokument/plan.docx', openFile: async (path) => (opened.push(path), '') });
    const sample = await service.openSamplePlan();
    await service.exportPlan({ planId: sample.id, kind: 'word' });
    await service.openExportedFile({ path: '/home/anna/Dokument/plan.docx' });
    expect(opened).toEqual(['/home/anna/Dokument/plan.docx']);
  });

  it('opens nothing the export did not save, so the renderer cannot start other files', async () => {
    const openFile = vi.fn<OpenFile>(async () => '');
    const dispatch = createHostDispatch(host({ saveExport: async () => '/home/anna/Dokument/plan.docx', openFile }), () => undefined);
    expect(await dispatch('openExportedFile', [{ path: '/usr/bin/xterm' }])).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dispatch('openExportedFile', [{ path: '' }])).toMatchObject({ ok: false, error: { code: 'invalid-argument', reason: 'path' } });
    expect(await dispatch('openExportedFile', [{ path: '/x', also: 1 }])).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(openFile).not.toHaveBeenCalled();
  });

  it('says the file could not be opened when the system has no app for it', async () => {
    const service = host({ saveExport: async () => '/home/anna/Dokument/plan.pdf', openFile: async () => 'No application is associated with the specified file' });
    const dispatch = createHostDispatch(service, () => undefined);
    const sample = await service.openSamplePlan();
    await service.exportPlan({ planId: sample.id, kind: 'word' });
    expect(await dispatch('openExportedFile', [{ path: '/home/anna/Dokument/plan.pdf' }])).toMatchObject({ ok: false, error: { code: 'export-failed', reason: 'open-failed' } });
  });

  it('is refused by the browser host, whose export is the download', async () => {
    const dispatch = createHostDispatch(host(), () => undefined);
    expect(await dispatch('openExportedFile', [{ path: '/home/anna/Hämtade filer/plan.pdf' }])).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});

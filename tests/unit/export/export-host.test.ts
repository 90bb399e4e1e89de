/**
 * HostApi.exportPlan through the real dispatcher and HostService: the file
 * goes to the save step the host was given (the desktop's dialog), or back
 * to the caller to download when there is none (the browser host); a
 * cancelled dialog writes nothing; a PDF by LibreOffice without LibreOffice
 * is an `export-failed` error that says so (pdf-export-host.test.ts has the
 * PDF printed from the print view); bad input is refused before any export.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExportResult, PlanSummary } from '../../../shared/host-api/host-api.ts';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';
import { createHostDispatch } from '../../../src-main/host/host-dispatch.ts';
import { HostService, type SaveExport } from '../../../src-main/host/host-service.ts';
import type { ExportedFile } from '../../../src-main/export/plan-export.ts';
import * as Y from 'yjs';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';

let dir = '';
const services: HostService[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'samskriv-export-'));
});

afterEach(async () => {
  await new Promise((resolve) => setImmediate(resolve));
  for (const service of services.splice(0)) service.close();
  rmSync(dir, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

function host(saveExport?: SaveExport): HostService {
  const service = new HostService(dir, saveExport === undefined ? {} : { saveExport });
  services.push(service);
  return service;
}

const isZip = (data: Uint8Array) => data[0] === 0x50 && data[1] === 0x4b;

describe('exporting a plan through the HostApi', () => {
  it('hands the Word file back to download when the host has no save dialog (the browser host)', async () => {
    const service = host();
    const sample: PlanSummary = await service.openSamplePlan();
    const result = await service.exportPlan({ planId: sample.id, kind: 'word' });
    expect(result.outcome).toBe('download');
    if (result.outcome !== 'download') return;
    expect(result.fileName).toMatch(/^Myndighetsgemensam plan .*\.docx$/);
    expect(result.mediaType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(isZip(result.data)).toBe(true);
  });

  it('gives the file to the save dialog, in the user’s language, and answers with where it went', async () => {
    const saved: { file: ExportedFile; language: string }[] = [];
    const service = host(async (file, language) => {
      saved.push({ file, language });
      return '/home/anna/Dokument/plan.docx';
    });
    await service.setPreferences({ language: 'en' });
    const sample = await service.openSamplePlan();
    const result = await service.exportPlan({ planId: sample.id, kind: 'review' });
    expect(result).toEqual({ outcome: 'saved', path: '/home/anna/Dokument/plan.docx' });
    expect(saved.map(({ file, language }) => [file.fileName.endsWith(' – granskningsversion.docx'), language])).toEqual([[true, 'en']]);
    expect(isZip(saved[0]!.file.data)).toBe(true);
  });

  it('answers “cancelled” when the user closes the dialog', async () => {
    const service = host(async () => null);
    const sample = await service.openSamplePlan();
    expect(await service.exportPlan({ planId: sample.id, kind: 'word' })).toEqual({ outcome: 'cancelled' });
  });

  it('says LibreOffice is missing when a PDF by LibreOffice is asked for without it, and never opens the dialog', async () => {
    vi.stubEnv('SAMSKRIV_SOFFICE', join(dir, 'no-libreoffice-here', 'soffice'));
    const dialog = vi.fn<SaveExport>(async () => 'never');
    const dispatch = createHostDispatch(host(dialog), () => undefined);
    const sample = (await dispatch('openSamplePlan', [])) as HostResponse<PlanSummary>;
    if (!sample.ok) throw new Error('no sample plan');
    const reply = (await dispatch('exportPlan', [{ planId: sample.value.id, kind: 'pdf-libreoffice' }])) as HostResponse<ExportResult>;
    expect(reply).toMatchObject({ ok: false, error: { code: 'export-failed', reason: 'libreoffice-missing' } });
    expect(dialog).not.toHaveBeenCalled();
  });

  it('refuses the submission (Word and PDF) while a suggestion is undecided, and makes the review copy, which shows it', async () => {
    const dialog = vi.fn<SaveExport>(async () => 'never');
    const service = host(dialog);
    const dispatch = createHostDispatch(service, () => undefined);
    const sample = await service.openSamplePlan();
    // A drafter of another agency suggested two words in the first chapter (a suggestion mark on them).
    const loaded = await service.loadPlan({ planId: sample.id });
    const stored = loaded.chapters[0]!;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.update);
    const before = Y.encodeStateVector(doc);
    chapterText(doc).format(3, 2, { 'suggestion_insert--t1': { id: 't1.1' } });
    await service.saveUpdate({ docName: stored.name, update: Y.encodeStateAsUpdate(doc, before) });

    for (const kind of ['word', 'pdf', 'pdf-libreoffice'] as const) {
      const reply = (await dispatch('exportPlan', [{ planId: sample.id, kind }])) as HostResponse<ExportResult>;
      expect(reply, kind).toMatchObject({ ok: false, error: { code: 'export-failed', reason: 'open-suggestions' } });
    }
    expect(dialog).not.toHaveBeenCalled();
    const review = (await dispatch('exportPlan', [{ planId: sample.id, kind: 'review' }])) as HostResponse<ExportResult>;
    expect(review).toMatchObject({ ok: true, value: { outcome: 'saved', path: 'never' } });
  });

  it('refuses an unknown kind of export, naming the field', async () => {
    const dispatch = createHostDispatch(host(), () => undefined);
    const reply = await dispatch('exportPlan', [{ planId: '6f1c2b4e-8a0d-4c3e-9b5f-1a2b3c4d5e6f', kind: 'html' }]);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-argument', reason: 'kind' } });
  });

  it('answers not-found for a plan that is not on this computer', async () => {
    const dispatch = createHostDispatch(host(), () => undefined);
    const reply = await dispatch('exportPlan', [{ planId: '6f1c2b4e-8a0d-4c3e-9b5f-1a2b3c4d5e6f', kind: 'word' }]);
    expect(reply).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

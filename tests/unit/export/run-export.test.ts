/**
 * The export runs in a worker (src-main/export/run-export.ts), off main's
 * event loop: it makes the same document as in-process, its failures keep
 * their meaning (no LibreOffice is still "libreoffice-missing"), and a worker
 * that runs out of memory is a failed export, not a crashed host.
 */
import { describe, expect, it } from 'vitest';
import { exportPlanFile } from '../../../src-main/export/plan-export.ts';
import { runExport } from '../../../src-main/export/run-export.ts';
import { docxParts, part, wordParagraphs } from './export-fixture.ts';
import { PLAN } from './fixture-plan.ts';

const NOW = new Date('2026-12-07T09:00:00Z');

describe('an export in the worker', () => {
  it('makes the same review copy as in-process: document, comments and name', async () => {
    const [inWorker, inProcess] = await Promise.all([runExport(PLAN, 'review', { now: NOW }), exportPlanFile(PLAN, 'review', { now: NOW })]);
    expect(inWorker.fileName).toBe(inProcess.fileName);
    // docx names relationships randomly, so the paragraphs are compared (style and text), and the comments.
    const paragraphs = (data: Uint8Array): string[][] => wordParagraphs(part(docxParts(data), 'word/document.xml')).map((q) => [q.style ?? '', q.text]);
    expect(paragraphs(inWorker.data)).toEqual(paragraphs(inProcess.data));
    expect(part(docxParts(inWorker.data), 'word/comments.xml')).toBe(part(docxParts(inProcess.data), 'word/comments.xml'));
  });

  it('still says that LibreOffice is missing for a PDF made by LibreOffice', async () => {
    await expect(runExport(PLAN, 'pdf-libreoffice', { now: NOW, libreOffice: { soffice: '/nonexistent/libreoffice/soffice' } })).rejects.toMatchObject({ name: 'ConversionError', reason: 'libreoffice-missing' });
  });

  it('fails as an export, not as the host, when the worker runs out of memory', async () => {
    const starved = runExport(PLAN, 'word', { now: NOW, limits: { timeoutMs: 60_000, resourceLimits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 } } });
    await expect(starved).rejects.toMatchObject({ name: 'ConversionError', reason: 'conversion-failed' });
  });
});

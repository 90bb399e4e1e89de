/**
 * Exporting from the browser host (issue 15): "Exportera" shows the three
 * choices, the Word export arrives as a download named after the plan, and
 * LibreOffice — the real one, as a reader's word processor — finds every
 * chapter in it. The PDF export by LibreOffice too, where it is installed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SAMPLE_PLAN } from '../../shared/sample/sample-plan.ts';
import { convertWithLibreOffice, sofficeCommand } from '../../src-main/export/libreoffice.ts';
import { accessibilityViolations } from './support/axe.ts';
import { useApp, type RunningApp } from './support/app.ts';

let app: RunningApp;
let page: Page;

useApp((started) => ([app, page] = [started, started.page]));

const libreOffice = spawnSync(sofficeCommand(), ['--version'], { timeout: 60_000 }).error === undefined;

async function exportAs(choice: string): Promise<{ fileName: string; data: Uint8Array }> {
  const menu = page.getByRole('button', { name: 'Exportera', exact: true });
  if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByRole('group', { name: 'Exportera planen som' }).getByRole('button', { name: choice }).click(),
  ]);
  const path = await download.path();
  return { fileName: download.suggestedFilename(), data: new Uint8Array(readFileSync(path)) };
}

describe('exporting the plan from the browser', () => {
  it('offers Word, PDF, PDF by LibreOffice (where it is installed) and the review copy behind “Exportera”, accessibly', async () => {
    await page.getByRole('button', { name: 'Exportera', exact: true }).click();
    const choices = page.getByRole('group', { name: 'Exportera planen som' }).getByRole('button');
    await expect
      .poll(() => choices.allTextContents())
      .toEqual([
        'Word (.docx)',
        'PDF',
        ...(libreOffice ? ['PDF med sidnummer i innehållsförteckningen (LibreOffice)'] : []),
        'Granskningsversion (Word, med kommentarer)',
      ]);
    expect((await accessibilityViolations(page)).join('\n\n')).toBe('');
  });

  it('downloads the Word export, which LibreOffice opens with every chapter in it', async () => {
    const { fileName, data } = await exportAs('Word (.docx)');
    expect(fileName).toBe(`${SAMPLE_PLAN.title}.docx`);
    expect(String.fromCharCode(data[0]!, data[1]!)).toBe('PK');
    await page.getByRole('status').filter({ hasText: `Exporten ${fileName} har laddats ned.` }).waitFor();
    // The download is the result here: "Öppna" (open in the system's app) is the desktop's.
    expect(await page.getByRole('button', { name: 'Öppna', exact: true }).count()).toBe(0);
    if (!libreOffice) return;
    const text = new TextDecoder().decode(await convertWithLibreOffice(data, 'plan.docx', 'txt:Text'));
    for (const chapter of SAMPLE_PLAN.chapters) expect(text).toContain(chapter.title);
  });

  it.skipIf(!libreOffice)('downloads the PDF export made by LibreOffice (the print view’s PDF is print-view.test.ts)', async () => {
    const { fileName, data } = await exportAs('PDF med sidnummer i innehållsförteckningen (LibreOffice)');
    expect(fileName).toBe(`${SAMPLE_PLAN.title}.pdf`);
    expect(new TextDecoder().decode(data.subarray(0, 5))).toBe('%PDF-');
  });

  it('logged no errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});

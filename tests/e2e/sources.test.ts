/**
 * Sources and citations (issue 16): Sara (Socialstyrelsen) adds the
 * consultation's documentation as a PDF (made here by LibreOffice), reads
 * it beside her chapter, selects a passage and cites it; the chapter gets
 * the quote, linked. Clicking the quote opens the source at that exact
 * passage, and the source lists where it is cited. She removes the source:
 * the citation stays in the text, shown as broken, and opening it shows the
 * kept quote. The source view passes axe.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createPlan, goToPlanList, useApp, waitUntilSaved } from './support/app.ts';
import { accessibilityViolations } from './support/axe.ts';
import { actAs, SARA } from './support/comments.ts';

const PASSAGE = 'tidigt nå ut med information om möjligheten att kontakta civilsamhället';
const PARAGRAPHS = ['Samråd med civilsamhället 7 december 2022', `Deltagarna betonade vikten av att ${PASSAGE}.`, 'Nästa samråd hålls under våren.'];

let page: Page;
let work = '';
let pdfPath = '';
useApp((started) => (page = started.page));

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'samskriv-e2e-sources-'));
  writeFileSync(join(work, 'samrad.txt'), PARAGRAPHS.join('\n\n') + '\n');
  execFileSync(process.env['SAMSKRIV_SOFFICE'] ?? 'soffice', [`-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', work, join(work, 'samrad.txt')], { timeout: 120_000, stdio: 'ignore' });
  pdfPath = join(work, 'samrad.pdf');
  expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const panel = () => page.getByRole('complementary', { name: 'Underlag' });
const sourceText = () => panel().getByRole('textbox', { name: /Underlagets text/ });
const selection = () => sourceText().evaluate((el) => (el as HTMLTextAreaElement).value.slice((el as HTMLTextAreaElement).selectionStart, (el as HTMLTextAreaElement).selectionEnd));

describe('a source cited in a chapter', () => {
  it('is added from a PDF, cited at the cursor, opened from the citation, and removed leaving the quote', async () => {
    await goToPlanList(page);
    const editor = await createPlan(page, 'Plan med underlag');
    await actAs(page, SARA);
    await editor.click();
    await page.keyboard.type('Civilsamhället vill ');
    await waitUntilSaved(page);

    await page.getByRole('banner').getByRole('button', { name: 'Underlag' }).click();
    await panel().getByRole('button', { name: 'Lägg till underlag' }).click();
    const dialog = page.getByRole('dialog', { name: 'Lägg till underlag' });
    await dialog.locator('input[type=file]').setInputFiles(pdfPath);
    await dialog.getByRole('textbox', { name: 'Titel' }).fill('Samråd 7 december 2022');
    await dialog.getByRole('textbox', { name: 'Utfärdat av' }).fill('Migrationsverket och NOD');
    await dialog.getByRole('button', { name: 'Lägg till' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The PDF's text, paragraph by paragraph, beside the chapter.
    await expect.poll(() => sourceText().inputValue()).toBe(PARAGRAPHS.join('\n'));
    expect(await panel().getByText('Migrationsverket och NOD · PDF').isVisible()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Select the passage (Shift+arrows work too; the textarea's own selection API here) and cite it.
    await sourceText().evaluate((el, passage) => {
      const area = el as HTMLTextAreaElement;
      const at = area.value.indexOf(passage);
      area.focus();
      area.setSelectionRange(at, at + passage.length);
    }, PASSAGE);
    await editor.click();
    await page.keyboard.press('End');
    await panel().getByRole('button', { name: 'Citera i kapitlet' }).click();
    await expect.poll(() => editor.textContent()).toBe(`Civilsamhället vill ”${PASSAGE}”`);
    await panel().getByRole('heading', { name: 'Citeras på 1 ställe' }).waitFor();
    // Typing goes on after the citation, not inside it.
    await page.keyboard.type(' så tidigt som möjligt.');
    expect(await editor.locator('cite.citation').textContent()).toBe(`”${PASSAGE}”`);
    await waitUntilSaved(page);

    // "Sök i planen" finds the source's words too, and opens the source at the match.
    await page.keyboard.press('Control+Shift+F');
    const search = page.getByRole('dialog', { name: 'Sök i planen' });
    await page.keyboard.type('samråd');
    await search.getByRole('status').filter({ hasText: '2 träffar i 1 underlag' }).waitFor();
    await search.getByRole('heading', { name: 'Underlag: Samråd 7 december 2022' }).waitFor();
    await search.getByRole('button', { name: /Nästa samråd hålls/ }).click();
    await search.waitFor({ state: 'detached' });
    await expect.poll(selection).toBe('samråd');

    // A reader of the chapter opens the passage from the citation: by a click, or with Alt+Enter in it.
    await panel().getByRole('button', { name: /Alla underlag/ }).click();
    await editor.locator('cite.citation').click();
    await expect.poll(selection).toBe(PASSAGE);
    await panel().getByRole('button', { name: /Kapitel 1: / }).waitFor();
    await panel().getByRole('button', { name: /Alla underlag/ }).click();
    await editor.click();
    await page.keyboard.press('Home');
    for (let i = 0; i < 'Civilsamhället vill ”ti'.length; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Alt+Enter');
    await expect.poll(selection).toBe(PASSAGE);

    // The source and the citation are stored: after a reload both are back.
    await page.reload();
    await editor.locator('cite.citation').waitFor();
    await page.getByRole('banner').getByRole('button', { name: 'Underlag' }).click();
    await panel().getByRole('button', { name: /Samråd 7 december 2022/ }).click();
    await expect.poll(() => sourceText().inputValue()).toBe(PARAGRAPHS.join('\n'));
    await panel().getByRole('heading', { name: 'Citeras på 1 ställe' }).waitFor();

    // Removing the source keeps the citation, broken, with its quote.
    page.once('dialog', (confirm) => void confirm.accept());
    await panel().getByRole('button', { name: 'Ta bort underlaget' }).click();
    await panel().getByText('Underlaget har tagits bort av Sara Lind.').waitFor();
    expect(await editor.locator('cite.citation').textContent()).toBe(`”${PASSAGE}”`);
    await expect.poll(() => editor.locator('cite.citation').evaluate((el) => getComputedStyle(el).textDecorationStyle)).toBe('wavy');
    await panel().getByRole('button', { name: /Alla underlag/ }).click();
    expect(await panel().getByText('Planen har inget underlag ännu.').isVisible()).toBe(true);
    await editor.locator('cite.citation').click();
    await panel().getByText('Citatet finns kvar:').waitFor();
    expect(await panel().locator('q').first().textContent()).toBe(PASSAGE);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

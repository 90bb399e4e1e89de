/**
 * The README's picture of a source and its citation (sources.png): a
 * drafter at Jämställdhetsmyndigheten has the consultation's documentation
 * beside her chapter, with the passage she cited selected and the place it
 * is cited listed. Written to a temporary folder unless
 * `SAMSKRIV_UPDATE_SCREENSHOTS=1` (tests/e2e/support/screenshots.ts).
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chapterEditor, waitUntilSaved } from './support/app.ts';
import { readyForPicture, SCREENSHOTS, useScreenshotApp } from './support/screenshots.ts';
import { actAs } from './support/comments.ts';

const LINA = { name: 'Lina Ek', agency: 'Jämställdhetsmyndigheten' };
const PASSAGE = 'tidigt nå ut med information om möjligheten att kontakta civilsamhället';
const SOURCE = [
  'Samråd med civilsamhället den 7 december 2022',
  'Migrationsverket och NOD bjöd in ett tjugotal organisationer till samråd om hur fler utrikes födda kvinnor kan nå arbetsmarknaden.',
  `Deltagarna betonade vikten av att ${PASSAGE}, redan under asyltiden och vid första kontakten med kommunen.`,
  'Flera organisationer lyfte att anhöriginvandrare ofta saknar kontakt med myndigheterna under de första åren.',
  'Organisationerna erbjöd sig att sprida information på fler språk och att delta i uppföljningen av planen.',
].join('\n\n');

let page: Page;
useScreenshotApp((started) => (page = started.page));

describe('screenshot for the README', () => {
  it('sources.png: a source beside the chapter, its cited passage selected and its citation listed', async () => {
    await chapterEditor(page, 'Uppdraget och dess bakgrund').waitFor();
    await actAs(page, LINA);
    await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: /^6\. Likabehandling/ }).click();
    const editor = chapterEditor(page, 'Likabehandling och likvärdig fördelning av stöd');
    await editor.waitFor();

    await page.getByRole('banner').getByRole('button', { name: 'Underlag' }).click();
    const panel = page.getByRole('complementary', { name: 'Underlag' });
    await panel.getByRole('button', { name: 'Lägg till underlag' }).click();
    const dialog = page.getByRole('dialog', { name: 'Lägg till underlag' });
    await dialog.getByRole('radio', { name: 'inklistrad text' }).check();
    await dialog.getByRole('textbox', { name: 'Text' }).fill(SOURCE);
    await dialog.getByRole('textbox', { name: 'Titel' }).fill('Samråd med civilsamhället 7 december 2022');
    await dialog.getByRole('textbox', { name: 'Utfärdat av' }).fill('Migrationsverket och NOD');
    await dialog.locator('input[type=date]').fill('2022-12-07');
    await dialog.getByRole('button', { name: 'Lägg till' }).click();
    await dialog.waitFor({ state: 'detached' });

    const text = panel.getByRole('textbox', { name: /Underlagets text/ });
    await text.evaluate((el, passage) => {
      const area = el as HTMLTextAreaElement;
      const at = area.value.indexOf(passage);
      area.setSelectionRange(at, at + passage.length);
    }, PASSAGE);
    // At the end of the chapter's first paragraph (End would go to the end of its first line).
    await editor.click();
    await editor.locator('p').first().evaluate((paragraph) => {
      const range = document.createRange();
      range.selectNodeContents(paragraph);
      range.collapse(false);
      document.getSelection()?.removeAllRanges();
      document.getSelection()?.addRange(range);
    });
    await page.keyboard.type(' Civilsamhällets organisationer vill ');
    await panel.getByRole('button', { name: 'Citera i kapitlet' }).click();
    await page.keyboard.type('.');
    await waitUntilSaved(page);

    await panel.getByRole('button', { name: /Alla underlag/ }).click();
    await editor.locator('cite.citation').click();
    await panel.getByRole('heading', { name: 'Citeras på 1 ställe' }).waitFor();
    await expect.poll(() => text.evaluate((el) => (el as HTMLTextAreaElement).selectionEnd - (el as HTMLTextAreaElement).selectionStart)).toBe(PASSAGE.length);
    await page.evaluate(() => document.querySelector('.chapter-scroller')?.scrollTo(0, 0));
    await readyForPicture(page);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'sources.png') });
    expect(statSync(resolve(SCREENSHOTS, 'sources.png')).size).toBeGreaterThan(10_000);
  });
});

/**
 * Small things a drafter meets in the first hour: Ctrl+K with nothing
 * selected, a new chapter's title, a long chapter title, tables, and undo
 * after switching chapters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chapterEditor, chapterStructure, createPlan, describeScreenOnFailure, goToPlanList, startApp, toolbarButton, type RunningApp } from './support/app.ts';

let app: RunningApp;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

describeScreenOnFailure(() => app);

describe('links, chapters and tables', () => {
  it('Ctrl+K with nothing selected asks for the text and the address, and types the link', async () => {
    await goToPlanList(page);
    const editor = await createPlan(page, 'Plan med länkar');
    await editor.click();
    await page.keyboard.type('Statistik finns hos ');
    await page.keyboard.press('Control+K');
    const dialog = page.getByRole('dialog', { name: 'Infoga länk' });
    const text = dialog.getByRole('textbox', { name: 'Text att visa' });
    await text.waitFor();
    await expect.poll(() => text.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('SCB');
    await dialog.getByRole('textbox', { name: 'Webbadress' }).fill('https://www.scb.se');
    await dialog.getByRole('button', { name: 'Spara länk' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.keyboard.type('.');
    expect(await chapterStructure(editor)).toBe('p: Statistik finns hos <a https://www.scb.se>SCB</a>.');
  });

  it('a new chapter puts focus on its title, selected, so typing names it', async () => {
    await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: /Nytt kapitel/ }).click();
    const title = page.getByRole('textbox', { name: 'Kapitlets rubrik' });
    await expect.poll(() => title.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Bakgrund');
    await expect.poll(() => title.inputValue()).toBe('Bakgrund');
    await chapterEditor(page, 'Bakgrund').waitFor();
  });

  it('a long chapter title wraps in its field instead of being cut off', async () => {
    const long = 'Målgruppen: utrikes födda kvinnor långt från arbetsmarknaden, med särskilt fokus på anhöriginvandrare';
    const title = page.getByRole('textbox', { name: 'Kapitlets rubrik' });
    await title.fill(long);
    const shown = await title.evaluate((el) => ({
      all: el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1,
      lines: Math.round(el.clientHeight / parseFloat(getComputedStyle(el).lineHeight)),
    }));
    expect(shown.all).toBe(true);
    expect(shown.lines).toBeGreaterThanOrEqual(2);
    // Enter does not break the title into two lines.
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    expect(await title.inputValue()).toBe(long);
  });

  it('"Infoga tabell" in an empty chapter puts the cursor in the first cell, and Tab past the last cell adds a row', async () => {
    const editor = chapterEditor(page, 'Målgruppen: utrikes födda kvinnor långt från arbetsmarknaden, med särskilt fokus på anhöriginvandrare');
    await editor.click();
    await toolbarButton(page, 'Infoga tabell').click();
    await page.keyboard.type('Åtgärd');
    for (let cell = 0; cell < 8; cell++) await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ny rad');
    const cells = await editor.getByRole('table').getByRole('row').evaluateAll((rows) => rows.map((row) => Array.from(row.children, (c) => c.textContent)));
    expect(cells).toEqual([
      ['Åtgärd', '', ''],
      ['', '', ''],
      ['', '', ''],
      ['Ny rad', '', ''],
    ]);
    await expect.poll(() => editor.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    expect(app.pageErrors).toEqual([]);
  });
});

describe('undo per chapter', () => {
  it('switching to another chapter and back, Ctrl+Z still undoes this chapter\'s last edits, and Ctrl+Y redoes them', async () => {
    await goToPlanList(page);
    const first = await createPlan(page, 'Plan med ångra');
    await first.click();
    await page.keyboard.type('Målet gäller hela planen.');
    expect(await chapterStructure(first)).toBe('p: Målet gäller hela planen.');

    await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: /Nytt kapitel/ }).click();
    await page.keyboard.type('Uppföljning');
    const second = chapterEditor(page, 'Uppföljning');
    await second.click();
    await page.keyboard.type('Följs upp årligen.');

    await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: /^1\. Kapitel 1/ }).click();
    await first.click();
    await page.keyboard.press('Control+Z');
    await expect.poll(() => chapterStructure(first)).toBe('p: ');
    await page.keyboard.press('Control+Y');
    await expect.poll(() => chapterStructure(first)).toBe('p: Målet gäller hela planen.');

    // And the other chapter's history is its own.
    await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: /^2\. Uppföljning/ }).click();
    await second.click();
    await page.keyboard.press('Control+Z');
    await expect.poll(() => chapterStructure(second)).toBe('p: ');
    expect(app.pageErrors).toEqual([]);
  });
});

/**
 * What the status bar calls saved is on disk: after "Allt sparat lokalt" the
 * host can be quit, or killed outright, and the reopened app shows every
 * word, mark, list and table cell the drafter wrote.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { chapterEditor, chapterStructure, createPlan, goToPlanList, moveCursor, toolbarButton, useApp, waitUntilSaved, type RunningApp } from './support/app.ts';

let app: RunningApp;
let page: Page;

useApp((started) => ([app, page] = [started, started.page]));

/** Writes one of everything the schema offers, as a drafter would. */
async function writeChapter(editor: Locator): Promise<void> {
  await editor.click();
  const { keyboard } = page;
  await keyboard.press('Control+Alt+2');
  await keyboard.type('Nuläge');
  await keyboard.press('Enter');
  await keyboard.type('Kvinnor ');
  await keyboard.press('Control+B');
  await keyboard.type('långt från');
  await keyboard.press('Control+B');
  await keyboard.type(' arbetsmarknaden behöver ');
  await keyboard.press('Control+I');
  await keyboard.type('tidiga');
  await keyboard.press('Control+I');
  await keyboard.type(' insatser. Se ');
  await keyboard.press('Control+U');
  await keyboard.type('bilagan');
  await keyboard.press('Control+U');
  await keyboard.press('Enter');
  await keyboard.press('Control+Shift+8');
  await keyboard.type('Sfi');
  await keyboard.press('Enter');
  await keyboard.type('Praktik');
  await keyboard.press('Enter');
  await keyboard.press('Enter');
  await toolbarButton(page, 'Numrerad lista').click();
  await keyboard.type('Kartläggning');
  await keyboard.press('Enter');
  await keyboard.type('Uppföljning');
  await keyboard.press('Enter');
  await keyboard.press('Enter');
  await keyboard.type('Källa: Migrationsverket');
  await moveCursor(editor, ...Array.from('Migrationsverket', () => 'Shift+ArrowLeft'));
  await keyboard.press('Control+K');
  const dialog = page.getByRole('dialog', { name: 'Infoga länk' });
  await dialog.getByRole('textbox', { name: 'Webbadress' }).fill('https://www.migrationsverket.se');
  await dialog.getByRole('button', { name: 'Spara länk' }).click();
  await dialog.waitFor({ state: 'detached' });
  await moveCursor(editor, 'End');
  await keyboard.press('Enter');
  await toolbarButton(page, 'Infoga tabell').click();
  await editor.getByRole('table').getByRole('columnheader').first().click();
  for (const cell of ['Åtgärd', 'Ansvarig myndighet', 'Tidplan', 'Samhällsorientering', 'Länsstyrelsen', '2026']) {
    await keyboard.type(cell);
    await keyboard.press('Tab');
  }
}

const WRITTEN = [
  'h2: Nuläge',
  'p: Kvinnor <b>långt från</b> arbetsmarknaden behöver <i>tidiga</i> insatser. Se <u>bilagan</u>',
  'ul > li > p: Sfi',
  'ul > li > p: Praktik',
  'ol > li > p: Kartläggning',
  'ol > li > p: Uppföljning',
  'p: Källa: <a https://www.migrationsverket.se>Migrationsverket</a>',
  'table > tr > th > p: Åtgärd',
  'table > tr > th > p: Ansvarig myndighet',
  'table > tr > th > p: Tidplan',
  'table > tr > td > p: Samhällsorientering',
  'table > tr > td > p: Länsstyrelsen',
  'table > tr > td > p: 2026',
  'table > tr > td > p: ',
  'table > tr > td > p: ',
  'table > tr > td > p: ',
];

describe('what is saved stays saved', () => {
  it('shows everything again after the host is quit and started again', async () => {
    await goToPlanList(page);
    const editor = await createPlan(page, 'Planen som ska överleva');
    await writeChapter(editor);
    expect(await chapterStructure(editor)).toBe(WRITTEN.join('\n'));
    await waitUntilSaved(page);

    await app.restartHost('stop');

    // The app reopens the plan that was open, at its first chapter.
    const reopened = chapterEditor(page, 'Kapitel 1');
    await reopened.waitFor();
    expect(await page.getByRole('textbox', { name: 'Planens titel' }).inputValue()).toBe('Planen som ska överleva');
    expect(await chapterStructure(reopened)).toBe(WRITTEN.join('\n'));
  });

  it('shows everything again after the host is killed right after "Allt sparat lokalt"', async () => {
    const editor = chapterEditor(page, 'Kapitel 1');
    // Continue in the last empty cell, then below the table.
    await editor.getByRole('table').getByRole('cell').last().click();
    await page.keyboard.type('Klar');
    // Down from the last row leaves the table; typing there starts a paragraph.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.type('Skrivet precis före ');
    await page.keyboard.press('Control+B');
    await page.keyboard.type('kraschen');
    await page.keyboard.press('Control+B');
    await page.keyboard.type('.');
    const expected = [...WRITTEN.slice(0, -1), 'table > tr > td > p: Klar', 'p: Skrivet precis före <b>kraschen</b>.'].join('\n');
    expect(await chapterStructure(editor)).toBe(expected);
    await waitUntilSaved(page);

    await app.restartHost('kill');

    const reopened = chapterEditor(page, 'Kapitel 1');
    await reopened.waitFor();
    expect(await chapterStructure(reopened)).toBe(expected);
    expect(app.pageErrors).toEqual([]);
  });
});

/**
 * A drafter writes a chapter of a new plan with the keyboard and the
 * toolbar, the way they would in Word: a heading, bold and italic text, both
 * kinds of list, a link and a table of measures, then undoes and redoes their
 * last typing. Everything is checked as it appears on screen.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { chapterStructure, createPlan, goToPlanList, moveCursor, toolbarButton, useApp, waitUntilSaved, type RunningApp } from './support/app.ts';

let app: RunningApp;
let page: Page;
let editor: Locator;

useApp((started) => ([app, page] = [started, started.page]));

const pressed = (name: string) => toolbarButton(page, name).getAttribute('aria-pressed');
const disabled = (name: string) => toolbarButton(page, name).getAttribute('aria-disabled');

describe('writing a chapter of a new plan', () => {
  it('creates a plan whose first chapter opens with nothing to undo', async () => {
    await goToPlanList(page);
    editor = await createPlan(page, 'Plan för etablering 2025');
    await expect.poll(() => page.getByRole('textbox', { name: 'Planens titel' }).inputValue()).toBe('Plan för etablering 2025');
    await expect.poll(() => disabled('Ångra')).toBe('true');
    await expect.poll(() => disabled('Gör om')).toBe('true');
  });

  it('types a heading with Ctrl+Alt+1 and a paragraph with bold from Ctrl+B', async () => {
    await editor.click();
    await page.keyboard.press('Control+Alt+1');
    await page.keyboard.type('Mål för planen');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Planen ska ');
    await page.keyboard.press('Control+B');
    await page.keyboard.type('öka sysselsättningen');
    // Inside bold text the toolbar says so.
    await expect.poll(() => pressed('Fetstil')).toBe('true');
    await page.keyboard.press('Control+B');
    await expect.poll(() => pressed('Fetstil')).toBe('false');
    await page.keyboard.type(' bland utrikes födda kvinnor.');
    await page.keyboard.press('Enter');

    await editor.getByRole('heading', { level: 1, name: 'Mål för planen' }).waitFor();
    await expect.poll(() => disabled('Ångra')).toBe('false');
    expect(await editor.getByRole('strong').allTextContents()).toEqual(['öka sysselsättningen']);
  });

  it('types italic text by pressing the toolbar button "Kursiv"', async () => {
    await toolbarButton(page, 'Kursiv').click();
    await expect.poll(() => pressed('Kursiv')).toBe('true');
    await page.keyboard.type('Alla sex myndigheter');
    await toolbarButton(page, 'Kursiv').click();
    await page.keyboard.type(' deltar i arbetet.');
    await page.keyboard.press('Enter');
    expect(await editor.getByRole('emphasis').allTextContents()).toEqual(['Alla sex myndigheter']);
  });

  it('writes a bullet list (Ctrl+Shift+8) and a numbered list (toolbar), leaving each with Enter on an empty item', async () => {
    await page.keyboard.press('Control+Shift+8');
    await expect.poll(() => pressed('Punktlista')).toBe('true');
    await page.keyboard.type('Likvärdigt bemötande');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Tidig information');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => pressed('Punktlista')).toBe('false');

    await toolbarButton(page, 'Numrerad lista').click();
    await expect.poll(() => pressed('Numrerad lista')).toBe('true');
    await page.keyboard.type('Kartlägga behoven');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Följa upp varje år');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');

    const bullets = editor.locator('ul');
    const numbered = editor.locator('ol');
    expect(await bullets.getByRole('listitem').allTextContents()).toEqual(['Likvärdigt bemötande', 'Tidig information']);
    expect(await numbered.getByRole('listitem').allTextContents()).toEqual(['Kartlägga behoven', 'Följa upp varje år']);
  });

  it('links selected text through the "Länk" dialog', async () => {
    await page.keyboard.type('Statistik finns hos SCB.');
    await moveCursor(editor, 'ArrowLeft', 'Shift+ArrowLeft', 'Shift+ArrowLeft', 'Shift+ArrowLeft');
    await expect.poll(() => disabled('Länk')).toBe('false');
    await toolbarButton(page, 'Länk').click();

    const dialog = page.getByRole('dialog', { name: 'Infoga länk' });
    const address = dialog.getByRole('textbox', { name: 'Webbadress' });
    await address.waitFor();
    // The dialog opens with the field focused, so the drafter just types.
    await expect.poll(() => address.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('https://www.scb.se');
    await dialog.getByRole('button', { name: 'Spara länk' }).click();
    await dialog.waitFor({ state: 'detached' });

    const link = editor.getByRole('link', { name: 'SCB', exact: true });
    expect(await link.getAttribute('href')).toBe('https://www.scb.se');
    // Focus is back in the text, so typing goes on where the drafter was.
    await expect.poll(() => editor.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  });

  it('inserts a table with "Infoga tabell" and fills its cells with Tab', async () => {
    await moveCursor(editor, 'End');
    await page.keyboard.press('Enter');
    await toolbarButton(page, 'Infoga tabell').click();
    const table = editor.getByRole('table');
    await table.waitFor();
    await table.getByRole('columnheader').first().click();
    await page.keyboard.type('Åtgärd');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ansvarig myndighet');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Tidplan');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Språkkurs med praktik');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Arbetsförmedlingen');

    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Åtgärd', 'Ansvarig myndighet', 'Tidplan']);
    expect((await table.getByRole('cell').allTextContents()).slice(0, 2)).toEqual(['Språkkurs med praktik', 'Arbetsförmedlingen']);
  });

  it('undoes the last typing with Ctrl+Z and brings it back with Ctrl+Y', async () => {
    // A drafter pauses before typing the next cell. Edits less than 500 ms
    // apart form one undo step (Yjs UndoManager's captureTimeout), so this
    // pause is what makes "2025" a step of its own, as it would be for a person.
    await page.waitForTimeout(700);
    await page.keyboard.press('Tab');
    await page.keyboard.type('2025');
    const cells = () => editor.getByRole('table').getByRole('cell').allTextContents();
    await expect.poll(async () => (await cells()).slice(0, 3)).toEqual(['Språkkurs med praktik', 'Arbetsförmedlingen', '2025']);

    await page.keyboard.press('Control+Z');
    await expect.poll(async () => (await cells()).slice(0, 3)).toEqual(['Språkkurs med praktik', 'Arbetsförmedlingen', '']);
    await expect.poll(() => disabled('Gör om')).toBe('false');

    await page.keyboard.press('Control+Y');
    await expect.poll(async () => (await cells()).slice(0, 3)).toEqual(['Språkkurs med praktik', 'Arbetsförmedlingen', '2025']);
    await expect.poll(() => disabled('Gör om')).toBe('true');
  });

  it('shows the whole chapter as written, and everything is saved', async () => {
    await waitUntilSaved(page);
    expect(await chapterStructure(editor)).toBe(
      [
        'h1: Mål för planen',
        'p: Planen ska <b>öka sysselsättningen</b> bland utrikes födda kvinnor.',
        'p: <i>Alla sex myndigheter</i> deltar i arbetet.',
        'ul > li > p: Likvärdigt bemötande',
        'ul > li > p: Tidig information',
        'ol > li > p: Kartlägga behoven',
        'ol > li > p: Följa upp varje år',
        'p: Statistik finns hos <a https://www.scb.se>SCB</a>.',
        'table > tr > th > p: Åtgärd',
        'table > tr > th > p: Ansvarig myndighet',
        'table > tr > th > p: Tidplan',
        'table > tr > td > p: Språkkurs med praktik',
        'table > tr > td > p: Arbetsförmedlingen',
        'table > tr > td > p: 2025',
        'table > tr > td > p: ',
        'table > tr > td > p: ',
        'table > tr > td > p: ',
      ].join('\n'),
    );
    expect(app.pageErrors).toEqual([]);
  });
});

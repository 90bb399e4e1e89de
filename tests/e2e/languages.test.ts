/**
 * Samskriv speaks Swedish unless asked otherwise (DESIGN §8). The "Språk"
 * switch changes every label and the page language at once, and the choice
 * is remembered when the app is opened again.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chapterEditor, goToPlanList, moveCursor, useApp, waitUntilSaved, type RunningApp } from './support/app.ts';

let app: RunningApp;
let page: Page;

useApp((started) => ([app, page] = [started, started.page]));

const pageLanguage = () => page.evaluate(() => document.documentElement.lang);
const button = (name: string) => page.getByRole('button', { name, exact: true });

describe('the interface language', () => {
  it('is Swedish on first start', async () => {
    await chapterEditor(page, 'Uppdraget och dess bakgrund').waitFor();
    expect(await pageLanguage()).toBe('sv');
    await page.getByRole('toolbar', { name: 'Formatering' }).getByRole('button', { name: 'Fetstil' }).waitFor();
    await goToPlanList(page);
    await button('Ny plan').waitFor();
    await button('Öppna exempelplanen').waitFor();
  });

  it('switches to English with "Språk", labels and page language alike', async () => {
    await page.getByRole('combobox', { name: 'Språk' }).selectOption({ label: 'English' });
    await page.getByRole('heading', { name: 'Plans', level: 1 }).waitFor();
    expect(await pageLanguage()).toBe('en');
    await button('New plan').waitFor();
    await button('Open the sample plan').click();

    await chapterEditor(page, 'Uppdraget och dess bakgrund', 'en').waitFor();
    await page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Bold', exact: true }).waitFor();
    await page.getByRole('navigation', { name: 'Chapters' }).waitFor();
    expect(await button('Fetstil').count()).toBe(0);
    // The agency names follow the language too.
    await page.getByRole('combobox', { name: 'Owning agency' }).getByRole('option', { name: 'Swedish Public Employment Service' }).waitFor({ state: 'attached' });
  });

  it('is still English after the app is opened again', async () => {
    await page.reload();
    await chapterEditor(page, 'Uppdraget och dess bakgrund', 'en').waitFor();
    expect(await pageLanguage()).toBe('en');
    await page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Bold', exact: true }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Language' }).inputValue()).toBe('en');
  });

  it('switches back to Swedish, and stays Swedish after the next start', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Svenska' });
    await page.getByRole('toolbar', { name: 'Formatering' }).getByRole('button', { name: 'Fetstil', exact: true }).waitFor();
    expect(await pageLanguage()).toBe('sv');
    await goToPlanList(page);

    await page.reload();
    await button('Ny plan').waitFor();
    await button('Öppna exempelplanen').waitFor();
    expect(await pageLanguage()).toBe('sv');
    expect(await page.getByRole('combobox', { name: 'Språk' }).inputValue()).toBe('sv');
  });

  it('changes in an open plan without reopening it: the chapter and what can be undone stay', async () => {
    await button('Öppna exempelplanen').click();
    await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: /^4\. Åtgärder per myndighet/ }).click();
    const editor = chapterEditor(page, 'Åtgärder per myndighet');
    await editor.getByRole('paragraph').first().click();
    await moveCursor(editor, 'End');
    await page.keyboard.type(' Skrivet före språkbytet.');
    await editor.getByText('Skrivet före språkbytet.').waitFor();
    await waitUntilSaved(page);

    const callsBefore = app.hostCalls.length;
    await page.getByRole('combobox', { name: 'Språk' }).selectOption({ label: 'English' });

    const englishEditor = chapterEditor(page, 'Åtgärder per myndighet', 'en');
    await englishEditor.waitFor();
    const undo = page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Undo', exact: true });
    await expect.poll(() => undo.getAttribute('aria-disabled')).toBe('false');
    await undo.click();
    await expect.poll(() => englishEditor.getByText('Skrivet före språkbytet.').count()).toBe(0);
    await waitUntilSaved(page, 'Everything saved locally');
    // Reopening would have loaded the plan from the host again.
    expect(app.hostCalls.slice(callsBefore).filter((method) => method === 'loadPlan')).toEqual([]);
  });
});

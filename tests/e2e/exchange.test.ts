/**
 * Exchange by file through the UI (issue 17): two computers with no sync
 * server — two browser hosts, each with its own data folder. The
 * coordinator exports the whole plan; the other member opens it with
 * "Öppna planfil", writes in her agency's chapter and comments on it, and
 * exports her changes; the coordinator imports them, sees what they bring
 * per chapter and by whom, merges, and has her words and her comment.
 * The dialogs pass axe.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { accessibilityViolations } from './support/axe.ts';
import { chapterEditor, describeScreenOnFailure, startApp, waitUntilSaved, type RunningApp } from './support/app.ts';
import { actAs, ANDERS, card, commentOn, type Person } from './support/comments.ts';

const CHAPTER = 'Likabehandling och likvärdig fördelning av stöd';
const CECILIA: Person = { name: 'Cecilia Dahl', agency: 'Jämställdhetsmyndigheten' };
const HER_WORDS = 'Jämställdhetsmyndigheten skrev detta utan nätverk.';

let coordinator: RunningApp;
let drafter: RunningApp;
let failing: RunningApp | undefined;

beforeAll(async () => {
  [coordinator, drafter] = await Promise.all([startApp(), startApp({ firstStart: 'welcome' })]);
});

afterAll(async () => {
  await Promise.all([coordinator?.close(), drafter?.close()]);
});

describeScreenOnFailure(() => failing);

function exchangeDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Utbyte via fil' });
}

/** Opens "Utbyte via fil", chooses "Importera ändringar" and uploads `file`. */
async function chooseForImport(page: Page, file: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Utbyte via fil' }).click();
  const dialog = exchangeDialog(page);
  await dialog.getByRole('button', { name: 'Importera ändringar' }).click();
  await dialog.getByLabel('Välj filen (.samskriv)').setInputFiles(file);
  return dialog;
}

/** Clicks `button` in `scope` and returns the file the page downloads. */
async function downloaded(page: Page, button: Locator): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), button.click()]);
  return download.path();
}

describe('two computers exchanging by file, with no server', () => {
  it('the coordinator exports the whole plan from “Utbyte via fil”, an accessible dialog', async () => {
    failing = coordinator;
    const page = coordinator.page;
    await actAs(page, ANDERS);
    await page.getByRole('button', { name: 'Utbyte via fil' }).click();
    const dialog = exchangeDialog(page);
    await dialog.waitFor();
    expect((await accessibilityViolations(page)).join('\n\n')).toBe('');
    const path = await downloaded(page, dialog.getByRole('button', { name: 'Exportera hela planen' }));
    expect(new TextDecoder().decode(readFileSync(path).subarray(0, 8))).toBe('SAMSKRIV');
    await dialog.getByRole('status').filter({ hasText: /har laddats ned/ }).waitFor();
    await dialog.getByRole('button', { name: 'Stäng' }).click();
    planFile = path;
  });

  let planFile = '';

  it('the other computer opens the plan file, after seeing what it holds', async () => {
    failing = drafter;
    const page = drafter.page;
    await actAs(page, CECILIA);
    await page.getByRole('button', { name: 'Öppna planfil' }).click();
    const dialog = page.getByRole('dialog', { name: 'Öppna planfil' });
    await dialog.getByRole('button', { name: 'Välj planfil' }).click();
    await dialog.getByLabel('Välj filen (.samskriv)').setInputFiles(planFile);
    await dialog.getByRole('heading', { name: 'Planen i filen' }).waitFor();
    expect(await dialog.textContent()).toContain('Från Anders Berg (Arbetsförmedlingen)');
    expect((await accessibilityViolations(page)).join('\n\n')).toBe('');
    await dialog.getByRole('button', { name: 'Öppna planen' }).click();
    await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: new RegExp(CHAPTER) }).first().waitFor();
  });

  it('she writes and comments in her agency’s chapter and exports her changes for the coordinator', async () => {
    failing = drafter;
    const page = drafter.page;
    await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: new RegExp(CHAPTER) }).first().click();
    const editor = chapterEditor(page, CHAPTER);
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(HER_WORDS);
    await commentOn(page, editor, 'utan nätverk', 'Kan samordnaren läsa detta?');
    await waitUntilSaved(page);
    await page.getByRole('button', { name: 'Utbyte via fil' }).click();
    const dialog = exchangeDialog(page);
    await dialog.getByRole('combobox', { name: 'Till' }).selectOption({ label: 'Anders Berg' });
    changesFile = await downloaded(page, dialog.getByRole('button', { name: 'Exportera mina ändringar' }));
    await dialog.getByRole('button', { name: 'Stäng' }).click();
  });

  let changesFile = '';

  it('the coordinator imports them: the preview lists the chapter, the comment and who; after merging, her text and comment are there', async () => {
    failing = coordinator;
    const page = coordinator.page;
    const dialog = await chooseForImport(page, changesFile);
    const preview = dialog.getByRole('region', { name: 'Det här innehåller filen' });
    await preview.waitFor();
    const text = await preview.textContent();
    expect(text).toContain('Från Cecilia Dahl (Jämställdhetsmyndigheten)');
    expect(text).toContain('1 kapitel ändras och 1 ny kommentar tillkommer, av Cecilia Dahl (Jämställdhetsmyndigheten)');
    expect(text).toContain(CHAPTER);
    expect((await accessibilityViolations(page)).join('\n\n')).toBe('');
    await dialog.getByRole('button', { name: 'Importera', exact: true }).click();
    await dialog.getByRole('status').filter({ hasText: 'Ändringarna är importerade' }).waitFor();
    await dialog.getByRole('button', { name: 'Stäng' }).click();

    await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: new RegExp(CHAPTER) }).first().click();
    await expect.poll(() => chapterEditor(page, CHAPTER).textContent()).toContain(HER_WORDS);
    await card(page, 'utan nätverk').waitFor();
    await waitUntilSaved(page);
  });

  it('importing the same file again brings nothing new', async () => {
    failing = coordinator;
    const page = coordinator.page;
    const dialog = await chooseForImport(page, changesFile);
    await dialog.getByText('Filen innehåller inget som inte redan finns i planen.').waitFor();
    await dialog.getByRole('button', { name: 'Stäng' }).click();
  });

  it('logged no errors', () => {
    expect(coordinator.pageErrors, coordinator.pageErrors.join('\n')).toEqual([]);
    expect(drafter.pageErrors).toEqual([]);
  });
});

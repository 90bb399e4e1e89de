/**
 * A link in a chapter was written by someone else and its text need not say
 * where it leads, so Ctrl+click shows the whole address and asks first
 * (issue 11, finding 7). Only "Öppna länken" opens it; "Avbryt" and Escape
 * open nothing. A plain click still just places the cursor.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { createPlan, goToPlanList, useApp, type RunningApp } from './support/app.ts';

const ADDRESS = 'https://statistik.samskriv.invalid/arbetsmarknad/utrikes-fodda?ar=2025&kon=kvinnor';

let app: RunningApp;
let page: Page;
let link: Locator;

useApp((started) => ([app, page] = [started, started.page]));

/** Every tab the app opened, by the address it was opened on. */
function openedTabs(): string[] {
  return app.browser.contexts().flatMap((context) => context.pages().filter((p) => p !== page).map((p) => p.url()));
}

describe('opening a link in a chapter', () => {
  it('a drafter writes a link whose text does not say where it leads', async () => {
    await goToPlanList(page);
    const editor = await createPlan(page, 'Plan med en länk');
    await editor.click();
    await page.keyboard.type('Se ');
    await page.keyboard.press('Control+K');
    const dialog = page.getByRole('dialog', { name: 'Infoga länk' });
    await dialog.getByRole('textbox', { name: 'Text att visa' }).fill('SCB:s statistik');
    await dialog.getByRole('textbox', { name: 'Webbadress' }).fill(ADDRESS);
    await dialog.getByRole('button', { name: 'Spara länk' }).click();
    await dialog.waitFor({ state: 'detached' });
    link = editor.getByRole('link', { name: 'SCB:s statistik' });
    await link.waitFor();
  });

  it('a plain click places the cursor and asks nothing', async () => {
    await link.click();
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('Ctrl+click shows the whole address before anything opens, with "Avbryt" focused', async () => {
    await link.click({ modifiers: ['Control'] });
    const dialog = page.getByRole('dialog', { name: 'Öppna länken?' });
    await dialog.waitFor();
    expect(await dialog.getByText(ADDRESS, { exact: true }).isVisible()).toBe(true);
    await expect.poll(() => dialog.getByRole('button', { name: 'Avbryt' }).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(openedTabs()).toEqual([]);
  });

  it('"Avbryt" opens nothing, and neither does Escape', async () => {
    const dialog = page.getByRole('dialog', { name: 'Öppna länken?' });
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'detached' });
    await link.click({ modifiers: ['Control'] });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(openedTabs()).toEqual([]);
    expect(new URL(page.url()).host).toBe(new URL(app.host.url).host);
  });

  it('"Öppna länken" opens exactly that address in a new tab and leaves the app where it was', async () => {
    const context = page.context();
    await context.route('https://statistik.samskriv.invalid/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>SCB</title>' }));
    await link.click({ modifiers: ['Control'] });
    const dialog = page.getByRole('dialog', { name: 'Öppna länken?' });
    const opened = context.waitForEvent('page');
    await dialog.getByRole('button', { name: 'Öppna länken' }).click();
    const tab = await opened;
    await tab.waitForLoadState();
    expect(tab.url()).toBe(ADDRESS);
    await dialog.waitFor({ state: 'detached' });
    expect(new URL(page.url()).host).toBe(new URL(app.host.url).host);
    await tab.close();
  });
});

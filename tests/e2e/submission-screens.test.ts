/**
 * The workflow's views on the sample plan, on this computer only (the
 * local profile writes for Arbetsförmedlingen, so it is the coordinator):
 * Översikt is a sortable table with headers, Förbered inlämning lists the
 * sample's bracketed placeholders and missing details with links, and both
 * pass axe. Also takes the README's pictures of the two views
 * (`SAMSKRIV_UPDATE_SCREENSHOTS=1` writes them to docs/screenshots/).
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe.ts';
import { chapterEditor, waitUntilSaved } from './support/app.ts';
import { readyForPicture, SCREENSHOTS, useScreenshotApp } from './support/screenshots.ts';
import { fillProfile, ANDERS } from './support/comments.ts';

let page: Page;

useScreenshotApp((started) => (page = started.page));

/** Ready for a picture, two frames after the last change (the table's sort). */
async function pictureReady(): Promise<void> {
  await readyForPicture(page);
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

describe('Översikt and Förbered inlämning on the sample plan', () => {
  it('the coordinator marks two chapters and approves one', async () => {
    await chapterEditor(page, 'Uppdraget och dess bakgrund').waitFor();
    // Without a profile the status buttons wait for who the user is.
    const header = page.locator('.chapter-header');
    await header.getByRole('button', { name: 'Ändra status …' }).click();
    await fillProfile(page, ANDERS);
    expect(await header.getByRole('button', { name: 'Ändra status …' }).count()).toBe(0);
    await header.getByRole('button', { name: 'Klar för granskning' }).click();
    await header.getByRole('button', { name: 'Godkänn' }).click();
    await header.locator('.status-badge', { hasText: 'Godkänd' }).waitFor();
    await page.getByRole('note').filter({ hasText: 'Kapitlet är godkänt och låst' }).waitFor();
    expect(await chapterEditor(page, 'Uppdraget och dess bakgrund').getAttribute('contenteditable')).toBe('false');
    await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: /^4\. Åtgärder per myndighet/ }).click();
    await chapterEditor(page, 'Åtgärder per myndighet').waitFor();
    await header.getByRole('button', { name: 'Klar för granskning' }).click();
    await header.locator('.status-badge', { hasText: 'Klar för granskning' }).waitFor();
    await waitUntilSaved(page);
  });

  it('Översikt is a table with headers, sortable by status, owner and deadline risk', async () => {
    await page.getByRole('button', { name: 'Översikt' }).click();
    const dialog = page.getByRole('dialog', { name: 'Översikt' });
    const table = dialog.getByRole('table');
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      'Kapitel',
      'Ansvarig myndighet ↕',
      'Status ↕',
      'Öppna trådar',
      'Öppna förslag',
      'Senaste händelse',
      'Risk inför sista dag ↕',
    ]);
    expect(await table.getByRole('rowheader').count()).toBe(7);
    await dialog.getByText(/Sista dag \(2023-03-31\) passerades för \d+ dagar sedan\./).waitFor();
    await dialog.getByText('1 av 7 kapitel godkända', { exact: false }).waitFor();

    const statusHeader = table.getByRole('columnheader', { name: /^Status/ });
    await statusHeader.getByRole('button').click();
    expect(await statusHeader.getAttribute('aria-sort')).toBe('ascending');
    const statuses = await table.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(statuses).toEqual([...statuses].sort((a, b) => ['Utkast', 'Klar för granskning', 'Godkänd'].indexOf(a) - ['Utkast', 'Klar för granskning', 'Godkänd'].indexOf(b)));
    expect(statuses.at(-1)).toBe('Godkänd');

    // By keyboard: Tab to the risk column's button and press Enter; highest risk first.
    const riskHeader = table.getByRole('columnheader', { name: /^Risk/ });
    await riskHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    expect(await riskHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await statusHeader.getAttribute('aria-sort')).toBeNull();
    // The deadline has passed: every chapter not approved is at high risk; the approved one is done.
    const risks = await table.locator('tbody tr td:nth-child(7)').allTextContents();
    expect(risks[0]).toBe('Hög');
    expect(risks.at(-1)).toBe('Klar');

    expect(await accessibilityViolations(page)).toEqual([]);
    await pictureReady();
    await page.screenshot({ path: resolve(SCREENSHOTS, 'overview.png') });
    expect(statSync(resolve(SCREENSHOTS, 'overview.png')).size).toBeGreaterThan(10_000);

    // The chapter's name opens it.
    await table.getByRole('button', { name: 'Åtgärder per myndighet' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });

  it('Förbered inlämning finds the sample plan’s placeholders and missing details, each with a link', async () => {
    await page.getByRole('button', { name: 'Förbered inlämning' }).click();
    const dialog = page.getByRole('dialog', { name: 'Förbered inlämning' });
    const list = dialog.locator('.blocker-list');
    await list.waitFor();
    await dialog.getByText('Platshållare kvar i planens uppgifter (Regeringsbeslutets diarienummer): [ange diarienummer]').waitFor();
    await dialog.getByText('Uppgift saknas: Regeringsbeslutets datum').waitFor();
    await dialog.getByText('Platshållare kvar i Uppdraget och dess bakgrund: [ange datum för regeringsbeslutet]').waitFor();
    await dialog.getByText('Åtgärder per myndighet är inte godkänt (Klar för granskning)').waitFor();
    expect(await dialog.getByRole('button', { name: 'Lämna in' }).isDisabled()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.locator('.overview-body').evaluate((el) => el.scrollTo(0, 0));
    await pictureReady();
    await page.screenshot({ path: resolve(SCREENSHOTS, 'prepare-submission.png') });
    expect(statSync(resolve(SCREENSHOTS, 'prepare-submission.png')).size).toBeGreaterThan(10_000);

    // A detail's link goes to its field.
    await dialog.getByRole('button', { name: 'Visa: Uppgift saknas: Regeringsbeslutets datum' }).click();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('date');

    // A placeholder's link opens the chapter with the words selected.
    await dialog.getByRole('button', { name: 'Visa: Platshållare kvar i Uppdraget och dess bakgrund: [ange datum för regeringsbeslutet]' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    const editor = chapterEditor(page, 'Uppdraget och dess bakgrund');
    await expect
      .poll(() =>
        editor.evaluate((root) => {
          const view = (root as HTMLElement & { pmView?: { state: { selection: { from: number; to: number }; doc: { textBetween(a: number, b: number): string } } } }).pmView!;
          return view.state.doc.textBetween(view.state.selection.from, view.state.selection.to);
        }),
      )
      .toBe('ange datum för regeringsbeslutet');
  });
});

/**
 * Takes the README's screenshots from the running app: the editor with the
 * sample plan's table of measures, plan-wide search, and the list of plans. Each is taken only
 * once the screen shows what the picture is meant to show.
 *
 * A normal test run writes them to a temporary folder, so `npm test` leaves
 * the tree clean (the plan list shows today's date). To refresh the README's
 * pictures: `SAMSKRIV_UPDATE_SCREENSHOTS=1 npx vitest run --project e2e tests/e2e/screenshot.test.ts`.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chapterEditor, createPlan, goToPlanList, waitUntilSaved } from './support/app.ts';
import { readyForPicture, SCREENSHOTS, useScreenshotApp } from './support/screenshots.ts';
import { cardOffsetFromAnchor, commentOn, fillProfile, SARA } from './support/comments.ts';

let page: Page;

useScreenshotApp((started) => (page = started.page));

describe('screenshots for the README', () => {
  it('editor.png: the sample plan at the chapter with the table of measures', async () => {
    await chapterEditor(page, 'Uppdraget och dess bakgrund').waitFor();
    await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: /^4\. Åtgärder per myndighet/ }).click();
    const editor = chapterEditor(page, 'Åtgärder per myndighet');
    const table = editor.getByRole('table');
    await table.getByRole('columnheader', { name: 'Ansvarig myndighet' }).waitFor();
    await waitUntilSaved(page);
    await readyForPicture(page);
    // The picture is only worth having if the table starts on the first screen.
    const box = await table.boundingBox();
    expect(box!.y).toBeLessThan(900);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'editor.png') });
    expect(statSync(resolve(SCREENSHOTS, 'editor.png')).size).toBeGreaterThan(10_000);
  });

  it('comments.png: a chapter with compact threads beside their text, one of them overlapping another, and the active one open', async () => {
    const title = 'Likabehandling och likvärdig fördelning av stöd';
    await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: /^6\. Likabehandling/ }).click();
    const editor = chapterEditor(page, title);
    await editor.waitFor();
    await page.getByRole('banner').getByRole('button', { name: 'Ange vem du är' }).click();
    await fillProfile(page, SARA);
    await commentOn(page, editor, 'ekonomisk jämställdhet', 'Vilket delmål avses – finns en källa vi kan hänvisa till?', 'JÄMY – Jämställdhetsmyndigheten');
    const active = await commentOn(page, editor, 'samma förväntningar på kvinnor som på män', 'Bra formulering. Kan vi ge ett exempel från Arbetsförmedlingen?');
    await commentOn(page, editor, 'förväntningar på kvinnor', 'Gäller det även Försäkringskassans handläggning?', 'FK – Försäkringskassan');
    // A click makes the second thread the active one: its card opens beside
    // its text (reply field, actions, history) and the others stay compact
    // around it; the pointer on it highlights its anchor.
    await active.click();
    await active.getByRole('textbox', { name: 'Svar' }).waitFor();
    await active.hover();
    // The open card sits beside its text, not somewhere below it.
    expect(Math.abs(await cardOffsetFromAnchor(active))).toBeLessThan(12);
    await waitUntilSaved(page);
    await readyForPicture(page);
    await page.locator('.chapter-scroller').evaluate((el) => el.scrollTo(0, 0));
    await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
    await page.screenshot({ path: resolve(SCREENSHOTS, 'comments.png') });
    expect(statSync(resolve(SCREENSHOTS, 'comments.png')).size).toBeGreaterThan(10_000);
  });

  it('search.png: "Sök i planen" with the sample plan\'s matches for an inflected form', async () => {
    await page.keyboard.press('Control+Shift+F');
    const dialog = page.getByRole('dialog', { name: 'Sök i planen' });
    await dialog.getByRole('searchbox', { name: 'Sök efter' }).fill('anhöriginvandrare');
    await dialog.getByRole('status').filter({ hasText: /träffar i \d+ kapitel/ }).waitFor();
    await readyForPicture(page);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'search.png') });
    expect(statSync(resolve(SCREENSHOTS, 'search.png')).size).toBeGreaterThan(10_000);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('plan-list.png: the sample plan and a plan of one\'s own', async () => {
    await goToPlanList(page);
    await createPlan(page, 'Arbetsmaterial: uppföljning 2026');
    await waitUntilSaved(page);
    await goToPlanList(page);
    await page.getByRole('button', { name: /^Arbetsmaterial: uppföljning 2026/ }).waitFor();
    await page.getByRole('button', { name: /^Exempelplan Myndighetsgemensam plan för att öka/ }).waitFor();
    await readyForPicture(page);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'plan-list.png') });
  });
});

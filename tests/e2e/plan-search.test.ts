/**
 * "Sök i planen" (Ctrl+Shift+F, issue 16): a drafter writes two chapters and
 * a comment, searches the whole plan with one inflected form, finds both
 * chapters' forms and the comment's, and opens the second chapter's match
 * from the keyboard: the chapter opens with the match selected and
 * highlighted. The search dialog passes axe; coming back to it returns to
 * the result that was opened, and the comment's result opens its card.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chapterEditor, createPlan, goToPlanList, useApp, waitUntilSaved } from './support/app.ts';
import { accessibilityViolations } from './support/axe.ts';
import { actAs, card, commentOn, SARA } from './support/comments.ts';

let page: Page;
useApp((started) => (page = started.page));

const dialog = () => page.getByRole('dialog', { name: 'Sök i planen' });
const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');

describe('searching the whole plan', () => {
  it('finds inflected forms in two chapters and opens the match in its chapter, selected', async () => {
    await goToPlanList(page);
    const first = await createPlan(page, 'Plan att söka i');
    await first.click();
    await page.keyboard.type('Många anhöriginvandrare saknar kontakt med civilsamhället.');
    await actAs(page, SARA);
    await commentOn(page, first, 'civilsamhället', 'Gäller det även anhöriginvandrarnas barn?');

    await page.getByRole('button', { name: /Nytt kapitel/ }).click();
    // The new chapter's title is selected: typing replaces it.
    await page.keyboard.type('Etablering');
    const second = chapterEditor(page, 'Etablering');
    await second.click();
    await page.keyboard.type('Stöd till barn. Anhöriginvandrarnas språk räknas.');
    await waitUntilSaved(page);

    // Back to the first chapter: the result must take us to the other one.
    await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: /Kapitel 1/ }).click();
    await first.waitFor();

    await page.keyboard.press('Control+Shift+F');
    await dialog().waitFor();
    const field = dialog().getByRole('searchbox', { name: 'Sök efter' });
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('anhöriginvandrare');
    await dialog().getByRole('status').filter({ hasText: '3 träffar i 2 kapitel' }).waitFor();
    expect(await dialog().getByRole('heading', { level: 3 }).allTextContents()).toEqual(['Kapitel 1', 'Etablering']);
    expect(await accessibilityViolations(page)).toEqual([]);

    // ↓ to the first result, ↓ to the comment, End to the last (in "Etablering"), Enter opens it.
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedText).toContain('Många anhöriginvandrare saknar');
    await page.keyboard.press('ArrowDown');
    expect(await focusedText()).toContain('Kommentar av Sara Lind');
    await page.keyboard.press('End');
    expect(await focusedText()).toContain('Anhöriginvandrarnas språk');
    await page.keyboard.press('Enter');

    await dialog().waitFor({ state: 'detached' });
    await second.waitFor();
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe('Anhöriginvandrarnas');
    await expect.poll(() => second.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    expect(await second.locator('.ProseMirror-active-search-match').textContent()).toBe('Anhöriginvandrarnas');

    // Coming back returns to the same query and the result that was opened.
    await page.keyboard.press('Control+Shift+F');
    await dialog().waitFor();
    await expect.poll(focusedText).toContain('Anhöriginvandrarnas språk');
    expect(await field.inputValue()).toBe('anhöriginvandrare');

    // The comment's result opens its chapter with the thread's card focused.
    await page.keyboard.press('ArrowUp');
    expect(await focusedText()).toContain('Kommentar av Sara Lind');
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'detached' });
    await first.waitFor();
    await expect.poll(() => card(page, 'civilsamhället').evaluate((el) => el === document.activeElement)).toBe(true);
  });
});

/**
 * Find in the open chapter with Ctrl+F (issue 10: the desktop app has no
 * find bar of its own): the matches are highlighted and counted, Enter and
 * Shift+Enter move between them while typing stays in the field, and Escape
 * closes the bar and returns to the text.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chapterEditor, moveCursor, useApp } from './support/app.ts';
import { accessibilityViolations } from './support/axe.ts';

let page: Page;
useApp((started) => (page = started.page));

const WORD = 'myndighet';

describe('finding in the chapter', () => {
  it('highlights and counts every match, moves between them, and returns to the text', async () => {
    const editor = chapterEditor(page, 'Uppdraget och dess bakgrund');
    await editor.waitFor();
    const expected = ((await editor.textContent()) ?? '').toLowerCase().split(WORD).length - 1;
    expect(expected, 'the sample chapter uses the word more than once').toBeGreaterThan(1);

    await editor.click();
    // From the start of the chapter, the first match is match 1.
    await moveCursor(editor, 'Control+Home');
    await page.keyboard.press('Control+F');
    const field = page.getByRole('searchbox', { name: 'Sök i kapitlet' });
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(WORD);
    const bar = page.getByRole('search');
    await bar.getByText(`${expected} träffar`).waitFor();
    expect(await editor.locator('.ProseMirror-search-match').count()).toBe(expected);

    await page.keyboard.press('Enter');
    await bar.getByText(`Träff 1 av ${expected}`).waitFor();
    await page.keyboard.press('Enter');
    await bar.getByText(`Träff 2 av ${expected}`).waitFor();
    await page.keyboard.press('Shift+Enter');
    await bar.getByText(`Träff 1 av ${expected}`).waitFor();
    expect((await editor.locator('.ProseMirror-active-search-match').textContent())?.toLowerCase()).toBe(WORD);
    // Typing stayed in the field, not in the chapter.
    expect(await field.inputValue()).toBe(WORD);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.keyboard.press('Escape');
    await bar.waitFor({ state: 'detached' });
    expect(await editor.locator('.ProseMirror-search-match, .ProseMirror-active-search-match').count()).toBe(0);
    await expect.poll(() => editor.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  });

  it('says so when nothing matches', async () => {
    await page.keyboard.press('Control+F');
    await page.keyboard.type('finnsintenågonstans');
    await page.getByRole('search').getByText('Inga träffar').waitFor();
    await page.keyboard.press('Escape');
  });

  it('replaces one match and moves on, replaces all at once, and one undo takes "Ersätt alla" back', async () => {
    const editor = chapterEditor(page, 'Uppdraget och dess bakgrund');
    const count = async (word: string) => ((await editor.textContent()) ?? '').toLowerCase().split(word).length - 1;
    const before = await count(WORD);
    await editor.click();
    await moveCursor(editor, 'Control+Home');
    await page.keyboard.press('Control+F');
    await page.keyboard.type(WORD);
    const bar = page.getByRole('search');
    await bar.getByText(`${before} träffar`).waitFor();

    await bar.getByRole('textbox', { name: 'Ersätt med' }).fill('förvaltning');
    // Enter in the replace field: the first match is selected, then replaced and the next selected.
    await bar.getByRole('textbox', { name: 'Ersätt med' }).press('Enter');
    await bar.getByRole('textbox', { name: 'Ersätt med' }).press('Enter');
    await bar.getByText(`Träff 1 av ${before - 1}`).waitFor();
    expect(await count('förvaltning')).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);

    await bar.getByRole('button', { name: 'Ersätt alla' }).click();
    await bar.getByText('Inga träffar').waitFor();
    expect(await count(WORD)).toBe(0);
    expect(await count('förvaltning')).toBe(before);

    await page.keyboard.press('Escape');
    await bar.waitFor({ state: 'detached' });
    await page.keyboard.press('Control+Z');
    await expect.poll(() => count('förvaltning')).toBe(1);
    expect(await count(WORD)).toBe(before - 1);
  });
});

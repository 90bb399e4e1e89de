/**
 * A reload comes back to where the reader was (issue 10): the chapter on
 * screen and how far it was scrolled, not chapter 1 at the top.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chapterEditor, useApp } from './support/app.ts';

let page: Page;
useApp((started) => (page = started.page));

const scrollTop = (): Promise<number> => page.locator('.chapter-scroller').evaluate((el) => el.scrollTop);

describe('reloading the window', () => {
  it('shows the same chapter, scrolled to the same place', async () => {
    await chapterEditor(page, 'Uppdraget och dess bakgrund').waitFor();
    await page.getByRole('navigation', { name: 'Kapitel' }).getByText('Åtgärder per myndighet').click();
    await chapterEditor(page, 'Åtgärder per myndighet').waitFor();
    // Make the page short enough that the chapter scrolls, then scroll it.
    await page.setViewportSize({ width: 1280, height: 500 });
    await page.locator('.chapter-scroller').evaluate((el) => el.scrollTo(0, 300));
    await expect.poll(scrollTop).toBeGreaterThanOrEqual(300);
    // Let the sidebar's card layout settle before taking the position.
    await page.waitForTimeout(300);
    const before = await scrollTop();

    await page.reload();
    await chapterEditor(page, 'Åtgärder per myndighet').waitFor();
    await expect.poll(scrollTop).toBe(before);
    // And it stays there once everything has settled.
    await page.waitForTimeout(300);
    expect(await scrollTop()).toBe(before);
  });
});

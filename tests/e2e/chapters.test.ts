/**
 * Reordering and deleting chapters (issue 10), the way a drafter does it:
 * Alt+↑ on a chapter in the outline (focus stays on it, a screen reader
 * hears where it went), drag and drop, the chapter header's buttons, and
 * "Ta bort kapitlet", after which the chapter waits under "Borttagna
 * kapitel" with its text until it is restored at its old place. Only the
 * coordinator and the chapter's owner agency may delete.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe.ts';
import { chapterEditor, useApp } from './support/app.ts';
import { ANDERS, SARA, actAs } from './support/comments.ts';
import { chapterText } from './support/sync-agencies.ts';

let page: Page;
useApp(
  async (started) => {
    page = started.page;
    await chapterEditor(page, 'Uppdraget och dess bakgrund').waitFor();
    await actAs(page, ANDERS);
  },
  // Tall enough for the whole outline (each chapter shows its owner and
  // status), so a drag from the last chapter to the first needs no scrolling.
  { options: { viewport: { width: 1280, height: 1300 } } },
);

function outline(): Locator {
  return page.getByRole('navigation', { name: 'Kapitel' });
}

function outlineItem(title: string): Locator {
  return outline().getByRole('listitem').filter({ hasText: title }).getByRole('button').first();
}

async function outlineTitles(): Promise<string[]> {
  return (await outline().locator('.outline-title').allTextContents()).map((text) => text.replace(/^\d+\.\s*/, ''));
}

function announced(text: string): Locator {
  return page.locator('[data-announcer]').filter({ hasText: text });
}

describe('chapters', () => {
  it('moves a chapter with Alt+↑ in the outline, keeps focus on it and says where it went', async () => {
    const before = await outlineTitles();
    await outlineItem('Nulägesbeskrivning').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await announced('”Nulägesbeskrivning” är nu kapitel 2 av 7.').waitFor();
    expect(await outlineTitles()).toEqual([before[0], 'Nulägesbeskrivning', before[1], ...before.slice(3)]);
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Nulägesbeskrivning');
    await page.keyboard.press('Alt+ArrowDown');
    await announced('”Nulägesbeskrivning” är nu kapitel 3 av 7.').waitFor();
    expect(await outlineTitles()).toEqual(before);
  });

  it('moves a chapter by drag and drop', async () => {
    const before = await outlineTitles();
    await outline().getByRole('listitem').filter({ hasText: 'Uppföljning' }).dragTo(outline().getByRole('listitem').first(), { targetPosition: { x: 20, y: 4 } });
    await announced('”Uppföljning” är nu kapitel 1 av 7.').waitFor();
    expect(await outlineTitles()).toEqual(['Uppföljning', ...before.filter((t) => t !== 'Uppföljning')]);
    await outlineItem('Uppföljning').click();
    await page.getByRole('button', { name: '↓ Flytta ned' }).click();
    expect((await outlineTitles())[1]).toBe('Uppföljning');
  });

  it('deletes a chapter into "Borttagna kapitel" with who and when, and restores it with its text at its old place', async () => {
    const title = 'Likabehandling och likvärdig fördelning av stöd';
    const before = await outlineTitles();
    await outlineItem(title).click();
    const editor = chapterEditor(page, title);
    await editor.waitFor();
    const text = await chapterText(editor);

    await page.getByRole('button', { name: 'Ta bort kapitlet' }).click();
    await announced(`Kapitlet ”${title}” är borttaget.`).waitFor();
    expect(await outlineTitles()).not.toContain(title);
    // The chapter before it (it was the last) is shown, without the notice meant for others.
    await chapterEditor(page, 'Samverkan med kommuner, regioner och civilsamhället').waitFor();
    expect(await page.getByText('som du hade öppet').count()).toBe(0);
    const summary = outline().getByText('Borttagna kapitel (1)');
    await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    const deleted = outline().locator('.deleted-chapters');
    expect(await deleted.textContent()).toMatch(/Borttaget .+ av Anders Berg, Arbetsförmedlingen/);
    expect(await accessibilityViolations(page)).toEqual([]);

    await deleted.getByRole('button', { name: `Återställ ”${title}”` }).focus();
    await page.keyboard.press('Enter');
    await announced(`Kapitlet ”${title}” är återställt.`).waitFor();
    expect(await outlineTitles()).toEqual(before);
    expect(await outline().getByText(/Borttagna kapitel/).count()).toBe(0);
    await expect.poll(() => chapterText(chapterEditor(page, title))).toBe(text);
  });

  it('lets only the coordinator and the chapter’s owner agency delete it', async () => {
    await actAs(page, SARA);
    await outlineItem('Uppföljning').click();
    await chapterEditor(page, 'Uppföljning').waitFor();
    expect(await page.getByRole('button', { name: 'Ta bort kapitlet' }).count()).toBe(0);
    // Reordering is for every writer.
    expect(await page.getByRole('button', { name: '↑ Flytta upp' }).count()).toBe(1);
    await actAs(page, { name: 'Lena Holm', agency: 'Försäkringskassan' });
    expect(await page.getByRole('button', { name: 'Ta bort kapitlet' }).count()).toBe(1);
  });
});

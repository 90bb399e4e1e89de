/**
 * The plan's outline ("Kapitel") in end-to-end tests: finding it, opening a
 * chapter from it, and reading its chapter titles.
 */
import type { Locator, Page } from 'playwright-core';
import { chapterEditor } from './app.ts';

export function outline(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Kapitel' });
}

/** Opens the chapter with this title and waits for its editor. */
export async function openChapter(page: Page, title: string): Promise<void> {
  await outline(page).getByRole('button', { name: new RegExp(`^\\d+\\. ${title}`) }).click();
  await chapterEditor(page, title).waitFor({ timeout: 30_000 });
}

/** The chapters' titles, in the outline's order. */
export async function chapterTitles(page: Page): Promise<string[]> {
  return (await outline(page).locator('.outline-title').allTextContents()).map((t) => t.replace(/^\d+\.\s*/, '').trim());
}

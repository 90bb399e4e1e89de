/**
 * Pasting a Word document into a chapter in the browser (issue 10): the
 * list, the headings and the footnote arrive as the chapter's own
 * structure, and the picture that a chapter cannot hold is said on screen
 * instead of vanishing. The clipboard carries Word 365's HTML (fixture).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chapterStructure, createPlan, goToPlanList, useApp } from './support/app.ts';
import { accessibilityViolations } from './support/axe.ts';

const WORD_HTML = readFileSync(join(import.meta.dirname, '../fixtures/word-paste/lists-headings-footnote.html'), 'utf8');

let page: Page;
useApp((started) => (page = started.page));

describe('pasting from Word', () => {
  it('gives lists, headings and text, and says that the picture was left out', async () => {
    await goToPlanList(page);
    const editor = await createPlan(page, 'Inklistrat från Word');
    await editor.click();
    await editor.evaluate((root, html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'Insatser');
      root.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, WORD_HTML);

    const notice = page.getByRole('status').filter({ hasText: 'En bild klistrades inte in' });
    await notice.waitFor();
    const structure = await chapterStructure(editor);
    expect(structure).toContain('ul > li > p: Språkstöd på arbetsplatsen');
    expect(structure).toContain('ol > li > p: Kartlägg');
    expect(structure).toContain('h3: Uppföljning');
    expect(structure).not.toContain('#_ftn');
    expect(await accessibilityViolations(page)).toEqual([]);

    await notice.getByRole('button', { name: 'Stäng meddelandet' }).click();
    await notice.waitFor({ state: 'detached' });
  });
});

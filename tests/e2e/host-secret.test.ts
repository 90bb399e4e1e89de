/**
 * The browser host's per-start secret as a browser meets it (issue 11,
 * finding 3): the printed link opens the app and leaves no secret behind in
 * the address bar or in what a script can read; a browser that only knows
 * the address, as another user on the machine does, sees a page that says,
 * in Swedish and English, to open the link, and never the app.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chapterEditor, useApp, type RunningApp } from './support/app.ts';

let app: RunningApp;
let page: Page;

useApp((started) => ([app, page] = [started, started.page]));

describe('the link the host printed', () => {
  it('opens the app at a clean address, with the secret only in an HttpOnly, SameSite=Strict cookie', async () => {
    await chapterEditor(page, 'Uppdraget och dess bakgrund').waitFor();
    const address = new URL(app.host.url);
    expect(page.url()).toBe(`${address.origin}/`);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const cookies = await page.context().cookies(address.origin);
    expect(cookies).toEqual([
      expect.objectContaining({ name: `samskriv-host-${address.port}`, value: address.searchParams.get('k'), httpOnly: true, sameSite: 'Strict', path: '/' }),
    ]);
  });
});

describe('a browser that knows only the address', () => {
  it('is told in Swedish, then English, to open the link the host printed, and gets no app', async () => {
    const stranger = await app.browser.newContext();
    try {
      const strangerPage = await stranger.newPage();
      const response = await strangerPage.goto(new URL(app.host.url).origin);
      expect(response?.status()).toBe(403);
      const headings = await strangerPage.getByRole('heading').allTextContents();
      expect(headings).toEqual(['Öppna länken som Samskriv skrev ut', 'Open the link Samskriv printed']);
      expect(await strangerPage.evaluate(() => document.documentElement.lang)).toBe('sv');
      expect(await strangerPage.locator('script').count()).toBe(0);
    } finally {
      await stranger.close();
    }
  });
});

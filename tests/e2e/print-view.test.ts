/**
 * The PDF export in the browser (issue 15): "Exportera" → "PDF" opens the
 * plan's print view in a new tab and asks for that tab's print dialog, where
 * the user saves it as PDF; the app says so and offers a link to open the
 * view again, which is the way in when the browser refuses the new tab. The view shows the plan, passes axe, runs no script of its
 * own and is served only to this browser.
 *
 * Chromium's print dialog cannot be driven from a test, so the tabs'
 * `print` is replaced (before any page loads) by one that counts its calls.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SAMPLE_PLAN } from '../../shared/sample/sample-plan.ts';
import { accessibilityViolations } from './support/axe.ts';
import { useApp, type RunningApp } from './support/app.ts';

let app: RunningApp;
let page: Page;

useApp((started) => ([app, page] = [started, started.page]));

async function openPdfExport(): Promise<Page> {
  await page.context().addInitScript(() => {
    const counted = window as unknown as { printCalls: number };
    counted.printCalls = 0;
    window.print = () => void counted.printCalls++;
  });
  await page.getByRole('button', { name: 'Exportera', exact: true }).click();
  const [view] = await Promise.all([
    page.context().waitForEvent('page', { timeout: 60_000 }),
    page.getByRole('group', { name: 'Exportera planen som' }).getByRole('button', { name: 'PDF', exact: true }).click(),
  ]);
  await view.waitForLoadState('load');
  return view;
}

describe('the PDF export in the browser', () => {
  let view: Page;

  it('opens the plan’s print view in a new tab and asks for its print dialog', async () => {
    view = await openPdfExport();
    expect(new URL(view.url()).pathname).toMatch(/^\/print-view\/[0-9a-f-]{36}$/);
    await expect.poll(() => view.evaluate(() => (window as unknown as { printCalls: number }).printCalls)).toBe(1);
    await page.getByRole('status').filter({ hasText: 'Utskriftsvyn är öppnad i en ny flik.' }).waitFor();
    await page.getByRole('link', { name: 'Öppna utskriftsvyn' }).waitFor();
  });

  it('shows the plan: its title, contents and every chapter as a heading', async () => {
    expect(await view.title()).toBe(SAMPLE_PLAN.title);
    expect(await view.locator('html').getAttribute('lang')).toBe('sv');
    const chapters = await view.getByRole('heading', { level: 1 }).allTextContents();
    expect(chapters).toEqual(SAMPLE_PLAN.chapters.map((chapter) => chapter.title));
    const contents = view.getByRole('navigation', { name: 'Innehåll' });
    for (const chapter of SAMPLE_PLAN.chapters) await contents.getByRole('link', { name: chapter.title, exact: true }).waitFor();
    await view.getByRole('columnheader', { name: 'Ansvarig myndighet' }).waitFor();
  });

  it('passes axe (WCAG 2.1 AA)', async () => {
    expect((await accessibilityViolations(view)).join('\n\n')).toBe('');
  });

  it('is served with a policy that allows no script, and not to a browser without the app’s cookie', async () => {
    const response = await view.request.get(view.url());
    expect(response.headers()['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/);
    expect(response.headers()['cache-control']).toBe('no-store');
    const stranger = await app.browser.newContext();
    try {
      const refused = await stranger.request.get(view.url());
      expect(await refused.text()).not.toContain(SAMPLE_PLAN.chapters[0]!.title);
    } finally {
      await stranger.close();
    }
  });

  it('offers a link to the view when the browser refuses the new tab, which opens it and asks for the print dialog', async () => {
    await view.close();
    // A popup blocker: the next window.open of the app's page answers nothing.
    await page.evaluate(() => {
      const open = window.open.bind(window);
      let refuse = true;
      window.open = (...args: Parameters<typeof window.open>) => (refuse ? ((refuse = false), null) : open(...args));
    });
    await page.getByRole('button', { name: 'Exportera', exact: true }).click();
    await page.getByRole('group', { name: 'Exportera planen som' }).getByRole('button', { name: 'PDF', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Webbläsaren öppnade inte den nya fliken.' }).waitFor();
    const [again] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: 'Öppna utskriftsvyn' }).click()]);
    await again.waitForLoadState('load');
    expect(new URL(again.url()).pathname).toMatch(/^\/print-view\//);
    await expect.poll(() => again.evaluate(() => (window as unknown as { printCalls: number }).printCalls)).toBe(1);
    await again.close();
  });

  it('logged no errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});

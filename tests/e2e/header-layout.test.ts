/**
 * The header of a shared plan with a full house: the coordinator's screen
 * with six other members in the plan (one from every agency, and a colleague
 * from her own), the plan's real, long title and every sharing button.
 *
 * The title must stay readable at 1280 px (the common laptop width), and the
 * header must reflow at 320 px — which is also what a 1280 px window shows at
 * 400 % zoom (WCAG 1.4.10 defines reflow by that CSS width) — with nothing
 * cut off or pushed out of view. Checked by the boxes the browser lays out,
 * and by screenshots for a person to look at.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from '../support/sync-client.ts';
import { postJson, runAdmin, startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process.ts';
import { createPlan, describeScreenOnFailure, goToPlanList, startApp, waitUntilSaved, type RunningApp } from './support/app.ts';
import { accessibilityViolations } from './support/axe.ts';
import { publishOpenPlan } from './support/sync-agencies.ts';

const TITLE = 'Myndighetsgemensam plan för att öka utrikes födda kvinnors inträde på arbetsmarknaden';
const OTHERS = [
  { name: 'Omar Said', agency: 'migr' },
  { name: 'Lena Holm', agency: 'fk' },
  { name: 'Sara Lind', agency: 'sos' },
  { name: 'Maja Ek', agency: 'jamy' },
  { name: 'Karin Nordström', agency: 'lst' },
  { name: 'Johan Åberg', agency: 'af' },
] as const;
const SCREENSHOTS = process.env['SAMSKRIV_SCREENSHOT_DIR'] ?? mkdtempSync(join(tmpdir(), 'samskriv-header-'));

let serverDir: string;
let server: SyncServerProcess;
let app: RunningApp;
let page: Page;
const others: TestClient[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  serverDir = mkdtempSync(join(tmpdir(), 'samskriv-e2e-header-server-'));
  [server, app] = await Promise.all([startSyncServerProcess({ dataDir: serverDir }), startApp({ viewport: { width: 1280, height: 800 } })]);
  page = app.page;
});

afterAll(async () => {
  for (const client of others) client.destroy();
  await app?.close();
  await server?.stop();
  if (serverDir) rmSync(serverDir, { recursive: true, force: true });
});

describeScreenOnFailure(() => app);

/** Everything in the banner that a person reads or operates. */
async function headerControls(): Promise<{ name: string; left: number; right: number; top: number; bottom: number }[]> {
  return page.getByRole('banner').evaluate((header) =>
    Array.from(header.querySelectorAll<HTMLElement>('button, input, textarea, select, label:not(.visually-hidden), .app-name, .presence-member'))
      .filter((el) => el.getClientRects().length > 0 && !el.closest('.visually-hidden'))
      .map((el) => {
        const box = el.getBoundingClientRect();
        return { name: (el.textContent || (el as HTMLInputElement).value || el.tagName).trim().slice(0, 40), left: box.left, right: box.right, top: box.top, bottom: box.bottom };
      }),
  );
}

async function titleField(): Promise<{ width: number; fullyShown: boolean }> {
  return page.getByRole('textbox', { name: 'Planens titel' }).evaluate((field) => ({
    width: field.getBoundingClientRect().width,
    // Nothing of the title is scrolled out of the field, sideways or down.
    fullyShown: field.scrollWidth <= field.clientWidth + 1 && field.scrollHeight <= field.clientHeight + 1,
  }));
}

function overlaps(a: { left: number; right: number; top: number; bottom: number }, b: typeof a): boolean {
  return a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
}

describe('the header of a plan shared by six agencies', () => {
  it('lists six other members present on the coordinator screen', async () => {
    await goToPlanList(page);
    await createPlan(page, TITLE);
    await waitUntilSaved(page);
    const planId = await publishOpenPlan(page, server.url, serverDir);

    for (const { name, agency } of OTHERS) {
      const code = String(runAdmin(serverDir, ['invite', '--plan-id', planId, '--name', name, '--agency', agency, '--role', 'drafter'])['code']);
      const joined = await postJson(`${server.url}/api/join`, { code });
      const client = connectClient(server.wsUrl, `plan/${planId}`, String(joined.body['token']));
      client.provider.awareness!.setLocalState({ chapterId: null });
      others.push(client);
    }
    const presence = page.getByRole('region', { name: 'I planen just nu' });
    await expect.poll(() => presence.getByRole('listitem').count(), { timeout: 30_000 }).toBe(OTHERS.length);
  });

  it('at 1280 px the whole plan title is readable and nothing in the header overlaps', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'header-1280.png'), clip: { x: 0, y: 0, width: 1280, height: 260 } });
    const title = await titleField();
    expect(title.fullyShown).toBe(true);
    expect(title.width).toBeGreaterThanOrEqual(400);
    const controls = await headerControls();
    for (const [i, a] of controls.entries()) {
      for (const b of controls.slice(i + 1)) expect(overlaps(a, b), `"${a.name}" overlaps "${b.name}"`).toBe(false);
    }
    // Every button keeps its words on one line.
    const buttons = await page.getByRole('banner').getByRole('button').evaluateAll((all) => all.map((b) => ({ name: b.textContent, height: b.getBoundingClientRect().height })));
    for (const button of buttons) expect(button.height, `"${button.name}" wraps`).toBeLessThan(44);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  for (const [label, viewport] of [
    ['320 px wide', { width: 320, height: 640 }],
    ['400 % zoom of a 1280 px window (320 CSS px)', { width: 320, height: 200 }],
  ] as const) {
    it(`reflows at ${label}: every control in view, none overlapping, no sideways scrolling`, async () => {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: resolve(SCREENSHOTS, `header-${viewport.width}x${viewport.height}.png`), fullPage: true });
      const header = await page.getByRole('banner').evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
      expect(header.scrollWidth).toBeLessThanOrEqual(header.clientWidth);
      const controls = await headerControls();
      for (const control of controls) {
        expect(control.left, `"${control.name}" starts left of the screen`).toBeGreaterThanOrEqual(0);
        expect(control.right, `"${control.name}" ends right of the screen`).toBeLessThanOrEqual(viewport.width);
      }
      for (const [i, a] of controls.entries()) {
        for (const b of controls.slice(i + 1)) expect(overlaps(a, b), `"${a.name}" overlaps "${b.name}"`).toBe(false);
      }
      expect((await titleField()).fullyShown).toBe(true);
      expect(await accessibilityViolations(page)).toEqual([]);
    });

    it(`at ${label} the chapter stays reachable below the header, by scrolling down only`, async () => {
      await page.setViewportSize(viewport);
      const editor = page.getByRole('textbox', { name: 'Text i kapitlet Kapitel 1', exact: true });
      await editor.scrollIntoViewIfNeeded();
      await page.screenshot({ path: resolve(SCREENSHOTS, `chapter-${viewport.width}x${viewport.height}.png`), fullPage: true });
      // A person sees it: the middle of its part on screen is the editor, not something covering or clipping it.
      const shown = await editor.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const x = box.left + box.width / 2;
        const y = (Math.max(box.top, 0) + Math.min(box.bottom, window.innerHeight)) / 2;
        return { left: box.left, right: box.right, height: box.height, hit: el.contains(document.elementFromPoint(x, y)) };
      });
      expect(shown.hit).toBe(true);
      expect(shown.height).toBeGreaterThanOrEqual(100);
      expect(shown.left).toBeGreaterThanOrEqual(0);
      expect(shown.right).toBeLessThanOrEqual(viewport.width);
      const scrolling = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
      expect(scrolling.scrollWidth).toBeLessThanOrEqual(scrolling.clientWidth);
    });
  }
});

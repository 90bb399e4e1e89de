/**
 * The README's pictures: where a screenshot test writes them, the app it
 * runs (the sample plan at 1360 × 900), and the moment a picture is ready.
 *
 * A normal test run writes them to a temporary folder, so `npm test` leaves
 * the tree clean; `SAMSKRIV_UPDATE_SCREENSHOTS=1` writes docs/screenshots/.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { useApp, type RunningApp } from './app.ts';

export const SCREENSHOTS =
  process.env['SAMSKRIV_UPDATE_SCREENSHOTS'] === '1'
    ? resolve(import.meta.dirname, '../../../docs/screenshots')
    : mkdtempSync(join(tmpdir(), 'samskriv-screenshots-'));

/** Starts the app for a file of screenshot tests. */
export function useScreenshotApp(started: (app: RunningApp) => unknown): void {
  useApp(started, {
    prepare: () => void mkdirSync(SCREENSHOTS, { recursive: true }),
    options: { viewport: { width: 1360, height: 900 } },
  });
}

/** Web fonts and layout are settled, and no caret blinks into the picture. */
export async function readyForPicture(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    (document.activeElement as HTMLElement | null)?.blur();
  });
}

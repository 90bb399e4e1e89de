/**
 * A local database emptied to 0 bytes (issue 11: the probe's "zero length")
 * is not silently replaced by a new, empty one, which would hide that the
 * user's plans are gone: the app says so in plain Swedish and starts anew
 * only when asked, keeping the emptied file.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { accessibilityViolations } from './support/axe.ts';
import { chapterEditor, makeDataDir, useApp, type RunningApp } from './support/app.ts';

const dataDir = makeDataDir('store-lost');
const databasePath = join(dataDir, 'samskriv.sqlite');
let app: RunningApp;
let page: Page;

useApp((started) => ([app, page] = [started, started.page]), { prepare: () => writeFileSync(databasePath, ''), options: { dataDir } });

describe('a local database emptied to 0 bytes', () => {
  it('is explained on screen, and the file is left as it was', async () => {
    await page.getByRole('heading', { level: 1, name: 'Den lokala databasen kan inte öppnas' }).waitFor();
    await page.getByText(/^Filen med dina planer är tom \(0 byte\)/).waitFor();
    expect(statSync(databasePath).size).toBe(0);
    expect((await accessibilityViolations(page)).join('\n\n')).toBe('');
  });

  it('is moved aside on request, and a new database takes its place', async () => {
    await page.getByRole('button', { name: 'Flytta undan filen och börja om' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Den gamla filen finns nu här:' });
    await notice.waitFor();
    const movedTo = (await notice.textContent())!.replace('Den gamla filen finns nu här:', '').trim();
    expect(dirname(movedTo)).toBe(dataDir);
    expect(statSync(movedTo).size).toBe(0);
    await page.getByRole('button', { name: 'Planer', exact: true }).click();
    // A new store: a first start, with its welcome; the sample opens from there.
    await page.getByRole('button', { name: 'Öppna exempelplanen' }).click();
    await chapterEditor(page, 'Uppdraget och dess bakgrund').waitFor();
    expect(readFileSync(databasePath).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(app.pageErrors).toEqual([]);
  });
});

/**
 * When the local database file is not a database Samskriv can open, the app
 * says so in plain Swedish, does not touch the file, and offers one way out:
 * move the file aside (kept, for rescue) and start over.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { accessibilityViolations } from './support/axe.ts';
import { chapterEditor, makeDataDir, useApp, waitUntilSaved, type RunningApp } from './support/app.ts';

const dataDir = makeDataDir('store-problem');
const databasePath = join(dataDir, 'samskriv.sqlite');
const garbage = randomBytes(64 * 1024);
let app: RunningApp;
let page: Page;
let movedTo: string;

useApp((started) => ([app, page] = [started, started.page]), { prepare: () => writeFileSync(databasePath, garbage), options: { dataDir } });

describe('a local database that cannot be opened', () => {
  it('is explained on screen, and the file is left exactly as it was', async () => {
    await page.getByRole('heading', { level: 1, name: 'Den lokala databasen kan inte öppnas' }).waitFor();
    await page.getByText(`Fil: ${databasePath}`, { exact: true }).waitFor();
    await page.getByText(/^Filen har inte ändrats\./).waitFor();
    expect(readFileSync(databasePath).equals(garbage)).toBe(true);
    // Not even SQLite's side files appear beside it.
    expect(['-wal', '-shm', '-journal'].filter((suffix) => existsSync(databasePath + suffix))).toEqual([]);
    expect((await accessibilityViolations(page)).join('\n\n')).toBe('');
  });

  it('is moved aside on request, and the screen says where the old file now is', async () => {
    await page.getByRole('button', { name: 'Flytta undan filen och börja om' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Den gamla filen finns nu här:' });
    await notice.waitFor();
    movedTo = (await notice.textContent())!.replace('Den gamla filen finns nu här:', '').trim();
    expect(dirname(movedTo)).toBe(dataDir);
    expect(movedTo).not.toBe(databasePath);
    expect(readFileSync(movedTo).equals(garbage)).toBe(true);
  });

  it('then works again: the sample plan opens and what is typed is saved', async () => {
    await page.getByRole('button', { name: 'Planer', exact: true }).click();
    // A new store is a first start, with its welcome.
    await page.getByRole('button', { name: 'Öppna exempelplanen' }).click();
    const editor = chapterEditor(page, 'Uppdraget och dess bakgrund');
    await editor.waitFor();
    await editor.getByRole('paragraph').first().click();
    await page.keyboard.type('Ny början. ');
    await waitUntilSaved(page);
    expect(readFileSync(databasePath).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(readFileSync(movedTo).equals(garbage)).toBe(true);
    expect(app.pageErrors).toEqual([]);
  });
});

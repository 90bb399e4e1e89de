/**
 * A source (Underlag) on a shared plan reaches every member (issue 16): Anna
 * (the coordinator) adds the consultation's notes as a text file; Omar
 * (Migrationsverket), on another computer, opens "Underlag" and reads the
 * same text, through a real sync server that checks who may write a source
 * (shared/rules/source-rules.ts, src-server/guard/rule-guard.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../support/sync-server-process.ts';
import { chapterEditor, createPlan, goToPlanList, waitUntilSaved } from './support/app.ts';
import { chapterText, joinFromWelcome, publishOpenPlan, SyncLab, waitForSyncState, type AgencyComputer } from './support/sync-agencies.ts';

const NOTES = ['Samråd med civilsamhället 7 december 2022', 'Deltagarna betonade vikten av att tidigt nå ut med information.'];

const lab = new SyncLab();
let af: AgencyComputer;
let migr: AgencyComputer;
let work = '';

const panel = (page: Page) => page.getByRole('complementary', { name: 'Underlag' });
const sourceText = (page: Page) => panel(page).getByRole('textbox', { name: /Underlagets text/ });

describe('a source on a shared plan', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'samskriv-e2e-sources-sync-'));
    writeFileSync(join(work, 'samrad.txt'), NOTES.join('\n\n') + '\n');
    [af, migr] = (await lab.start(['af', 'migr'])) as [AgencyComputer, AgencyComputer];
  });

  afterAll(async () => {
    await lab.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('added by the coordinator, reaches another agency’s computer with its text', async () => {
    await goToPlanList(af.page);
    const editor = await createPlan(af.page, 'Plan med underlag');
    await editor.click();
    await af.page.keyboard.type('Kapitlets text.');
    await waitUntilSaved(af.page);
    const planId = await publishOpenPlan(af.page, lab.server.url, lab.serverDir);

    await af.page.getByRole('banner').getByRole('button', { name: 'Underlag' }).click();
    await panel(af.page).getByRole('button', { name: 'Lägg till underlag' }).click();
    const dialog = af.page.getByRole('dialog', { name: 'Lägg till underlag' });
    await dialog.locator('input[type=file]').setInputFiles(join(work, 'samrad.txt'));
    await dialog.getByRole('textbox', { name: 'Titel' }).fill('Samråd 7 december 2022');
    await dialog.getByRole('textbox', { name: 'Utfärdat av' }).fill('Migrationsverket och NOD');
    await dialog.getByRole('button', { name: 'Lägg till' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => sourceText(af.page).inputValue()).toBe(NOTES.join('\n'));
    await waitForSyncState(af.page, 'synced');

    const code = String(runAdmin(lab.serverDir, ['invite', '--plan-id', planId, '--name', 'Omar Said', '--agency', 'migr', '--role', 'drafter'])['code']);
    await joinFromWelcome(migr.page, lab.server.url, code);
    await expect.poll(() => chapterText(chapterEditor(migr.page, 'Kapitel 1')), { timeout: 30_000 }).toContain('Kapitlets text.');
    await migr.page.getByRole('banner').getByRole('button', { name: 'Underlag' }).click();
    await panel(migr.page).getByRole('button', { name: /Samråd 7 december 2022/ }).click();
    await expect.poll(() => sourceText(migr.page).inputValue(), { timeout: 30_000 }).toBe(NOTES.join('\n'));
    expect(migr.pageErrors).toEqual([]);
    expect(af.pageErrors).toEqual([]);
  });
});

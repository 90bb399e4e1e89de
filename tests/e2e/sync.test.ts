/**
 * Co-writing across agencies through a real sync server process: four
 * computers (each its own browser host, data directory and browser context)
 * — the coordinator at Arbetsförmedlingen, drafters at Migrationsverket and
 * Försäkringskassan, and a reader at Socialstyrelsen.
 *
 * The coordinator publishes a local plan with a publish code, the others
 * join with invitation codes from the admin CLI. Then: real-time
 * propagation, presence, the reader's read-only view, and an offline merge:
 * the server is stopped, everyone edits the same paragraph (typing,
 * deleting, splitting), the status bars say how many changes wait, the
 * server comes back, and every page ends with identical text holding every
 * edit, and "Synkat".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { runAdmin, startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process.ts';
import { chapterEditor, createPlan, goToPlanList, moveCursor, waitUntilSaved } from './support/app.ts';
import { chapterJson, chapterText, joinFromWelcome, placeCursorAfter, publishOpenPlan, startAgencyComputer, syncState, waitForSyncState, type AgencyComputer } from './support/sync-agencies.ts';

const PLAN_TITLE = 'Samverkansplan';
const FIRST = 'Myndigheterna samverkar om etablering.';

let serverDir: string;
let server: SyncServerProcess;
let browser: Browser;
let af: AgencyComputer;
let migr: AgencyComputer;
let fk: AgencyComputer;
let sos: AgencyComputer;
let planId: string;

async function joinPlan(computer: AgencyComputer, code: string): Promise<void> {
  const page = computer.page;
  // A first start shows the welcome; the joiner joins from there.
  await joinFromWelcome(page, server.url, code);
  await chapterEditor(page, 'Kapitel 1').waitFor({ timeout: 60_000 });
}

function invite(name: string, agency: string, role: string): string {
  return String(runAdmin(serverDir, ['invite', '--plan-id', planId, '--name', name, '--agency', agency, '--role', role])['code']);
}

async function textOf(page: Page): Promise<string> {
  return chapterText(chapterEditor(page, 'Kapitel 1'));
}

async function waitForText(page: Page, needle: string): Promise<void> {
  await expect.poll(() => textOf(page), { timeout: 30_000 }).toContain(needle);
}

describe('co-writing through the sync server', () => {
  beforeAll(async () => {
    serverDir = mkdtempSync(join(tmpdir(), 'samskriv-e2e-sync-server-'));
    [server, browser] = await Promise.all([startSyncServerProcess({ dataDir: serverDir }), launchChromium()]);
    const computers = await Promise.all(['af', 'migr', 'fk', 'sos'].map((label) => startAgencyComputer(browser, label)));
    [af, migr, fk, sos] = computers as [AgencyComputer, AgencyComputer, AgencyComputer, AgencyComputer];
  });

  afterAll(async () => {
    for (const c of [af, migr, fk, sos]) {
      if (c && c.pageErrors.length > 0) console.log(`${c.label} page errors:`, c.pageErrors);
    }
    await Promise.all([af, migr, fk, sos].map((c) => c?.close()));
    await browser?.close();
    await server?.stop();
    if (serverDir) rmSync(serverDir, { recursive: true, force: true });
  });

  it('the coordinator publishes a local plan and the drafters and the reader join with invitation codes', async () => {
    const page = af.page;
    await goToPlanList(page);
    const editor = await createPlan(page, PLAN_TITLE);
    await editor.click();
    await page.keyboard.type(FIRST);
    await waitUntilSaved(page);

    planId = await publishOpenPlan(page, server.url, serverDir);
    await expect(syncState(page).textContent()).resolves.toContain('Synkat');

    await joinPlan(migr, invite('Omar Said', 'migr', 'drafter'));
    await joinPlan(fk, invite('Lena Holm', 'fk', 'drafter'));
    await joinPlan(sos, invite('Sara Lind', 'sos', 'reader'));
    for (const c of [migr, fk, sos]) {
      await waitForText(c.page, FIRST);
      await expect(c.page.getByRole('textbox', { name: 'Planens titel' }).inputValue()).resolves.toBe(PLAN_TITLE);
      await waitForSyncState(c.page, 'synced');
    }
  });

  it('an edit on one computer appears on the others as it is typed', async () => {
    await placeCursorAfter(chapterEditor(migr.page, 'Kapitel 1'), FIRST);
    await migr.page.keyboard.type(' Migrationsverket bidrar.');
    for (const c of [af, fk, sos]) await waitForText(c.page, 'Migrationsverket bidrar.');
    await waitForSyncState(migr.page, 'synced');
    // Omar's cursor shows on the others' screens, labelled with his name and agency.
    for (const c of [af, fk]) {
      await expect.poll(() => c.page.locator('.remote-cursor[data-label="Omar Said · MIGR"]').count(), { timeout: 30_000 }).toBe(1);
    }
  });

  it('everyone sees who else is in the plan and in which chapter', async () => {
    const presence = af.page.getByRole('region', { name: 'I planen just nu' });
    await expect.poll(() => presence.textContent(), { timeout: 30_000 }).toContain('Omar Said');
    await expect.poll(() => presence.textContent(), { timeout: 30_000 }).toContain('Lena Holm');
    await expect.poll(() => presence.textContent(), { timeout: 30_000 }).toContain('Sara Lind');
    expect(await presence.getByText('Omar Said, Migrationsverket, i 1. Kapitel 1').count()).toBe(1);
    // The coordinator is not listed to herself, but to the others.
    expect(await presence.textContent()).not.toContain('Anna Berg');
    await expect.poll(() => migr.page.getByRole('region', { name: 'I planen just nu' }).textContent(), { timeout: 30_000 }).toContain('Anna Berg');
  });

  it('the reader sees the plan live but read-only and cannot change it', async () => {
    const page = sos.page;
    expect(await page.getByText('Du har läsbehörighet i den här planen', { exact: false }).isVisible()).toBe(true);
    const editor = chapterEditor(page, 'Kapitel 1');
    await expect(editor.getAttribute('contenteditable')).resolves.toBe('false');
    const before = await chapterJson(editor);
    await editor.click();
    await page.keyboard.type('Läsaren skriver');
    await page.keyboard.press('Enter');
    expect(await chapterJson(editor)).toBe(before);
    expect(await page.getByRole('toolbar', { name: 'Formatering' }).count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Planens titel' }).getAttribute('readonly')).toBe('');
    // Nothing of the reader's reached the others.
    expect(await textOf(af.page)).not.toContain('Läsaren');
    await waitForSyncState(page, 'synced');
  });

  // The field case of issue 8: a split, deletions and insertions in one
  // paragraph, made offline on three computers. Under y-prosemirror 1 the
  // split re-created the tail of the paragraph, so a deletion in the tail
  // came back and an insertion moved to the other paragraph.
  it('offline edits of the same paragraph on every computer merge when the server is back, each where it was made', async () => {
    const port = server.port;
    await server.kill();
    for (const c of [af, migr, fk]) await waitForSyncState(c.page, 'offline');

    // The coordinator types at the start of the paragraph and after a word
    // in what will be the second paragraph.
    const afEditor = chapterEditor(af.page, 'Kapitel 1');
    await afEditor.click();
    await moveCursor(afEditor, 'Control+Home');
    await af.page.keyboard.type('AF först. ');
    await placeCursorAfter(afEditor, 'bidrar');
    await af.page.keyboard.type(' NYTT-AF');
    // Migrationsverket deletes a word in each half and types at the end.
    const migrEditor = chapterEditor(migr.page, 'Kapitel 1');
    await placeCursorAfter(migrEditor, 'om etablering');
    for (let i = 0; i < ' etablering'.length; i++) await migr.page.keyboard.press('Backspace');
    await placeCursorAfter(migrEditor, 'Migrationsverket ');
    for (let i = 0; i < 'Migrationsverket '.length; i++) await migr.page.keyboard.press('Backspace');
    await placeCursorAfter(migrEditor, 'bidrar.');
    await migr.page.keyboard.type(' MIGR sist.');
    // Försäkringskassan splits the paragraph before "Migrationsverket" and
    // types at the start of the new one.
    const fkEditor = chapterEditor(fk.page, 'Kapitel 1');
    await placeCursorAfter(fkEditor, 'etablering. ');
    await fk.page.keyboard.press('Enter');
    await fk.page.keyboard.type('FK delar. ');

    for (const c of [af, migr, fk]) {
      await waitUntilSaved(c.page);
      // In chapters, not in Yjs items: one chapter has changes waiting.
      expect(await syncState(c.page).textContent()).toBe('Offline – ändringar i 1 kapitel väntar');
      expect(Number(await syncState(c.page).getAttribute('data-pending'))).toBeGreaterThan(0);
    }
    // The outline says which chapter they are in.
    const outline = af.page.getByRole('navigation', { name: 'Kapitel' });
    expect(await outline.locator('[data-unsynced]').getAttribute('data-unsynced')).toBe('18'); // "AF först. " and " NYTT-AF": 10 + 8 characters
    expect(await outline.getByText('Ändringar i kapitlet är inte skickade till servern ännu').count()).toBe(1);

    server = await startSyncServerProcess({ dataDir: serverDir, port });
    for (const c of [af, migr, fk, sos]) await waitForSyncState(c.page, 'synced', 90_000);

    const texts = await Promise.all([af, migr, fk, sos].map((c) => textOf(c.page)));
    const docs = await Promise.all([af, migr, fk, sos].map((c) => chapterJson(chapterEditor(c.page, 'Kapitel 1'))));
    expect(new Set(docs).size).toBe(1);
    // Every edit where its writer made it: both deletions stay deleted, AF's
    // words after "bidrar" stay in the second paragraph, FK's at its start.
    for (const text of texts) {
      expect(text.split('\n')).toEqual(['AF först. Myndigheterna samverkar om. ', 'FK delar. bidrar NYTT-AF. MIGR sist.']);
    }
  });

  it('offline edits in one table, two of them in the same cell, merge too', async () => {
    // The coordinator adds a table at the end, online, and everyone gets it.
    const afEditor = chapterEditor(af.page, 'Kapitel 1');
    await afEditor.click();
    await moveCursor(afEditor, 'Control+End');
    await af.page.getByRole('button', { name: 'Infoga tabell' }).click();
    for (const c of [af, migr, fk]) {
      await expect.poll(() => chapterEditor(c.page, 'Kapitel 1').locator('table').count(), { timeout: 30_000 }).toBe(1);
      await waitForSyncState(c.page, 'synced');
    }

    const port = server.port;
    await server.kill();
    for (const c of [af, migr, fk]) await waitForSyncState(c.page, 'offline');
    const typeInCell = async (computer: AgencyComputer, cell: number, text: string): Promise<void> => {
      await chapterEditor(computer.page, 'Kapitel 1').locator('table th, table td').nth(cell).click();
      await computer.page.keyboard.press('End');
      await computer.page.keyboard.type(text);
    };
    await typeInCell(af, 3, 'AF i cellen');
    await typeInCell(fk, 3, 'FK i samma cell');
    await typeInCell(migr, 4, 'MIGR i grannen');
    for (const c of [af, migr, fk]) await waitUntilSaved(c.page);

    server = await startSyncServerProcess({ dataDir: serverDir, port });
    for (const c of [af, migr, fk, sos]) await waitForSyncState(c.page, 'synced', 90_000);

    const docs = await Promise.all([af, migr, fk, sos].map((c) => chapterJson(chapterEditor(c.page, 'Kapitel 1'))));
    expect(new Set(docs).size).toBe(1);
    const cells = await chapterEditor(sos.page, 'Kapitel 1').locator('table th, table td').allTextContents();
    expect(cells[3]).toContain('AF i cellen');
    expect(cells[3]).toContain('FK i samma cell');
    expect(cells[4]).toContain('MIGR i grannen');
  });
});

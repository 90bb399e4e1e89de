/**
 * Issue 10, item 9: "Cannot read properties of null (reading 'matchesNode')"
 * on drafters' pages, "for example when another member switches chapter
 * while this one types". ProseMirror throws it when a destroyed EditorView
 * is dispatched to: a remote cursor (awareness) change or a remote update
 * that reaches the editor of a chapter that was just switched away from.
 *
 * Two agencies through a real sync server: each types while the other
 * switches between chapters as fast as a person clicks, and both also
 * switch while typing themselves. No page may log an error, and every word
 * typed arrives.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { runAdmin, startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process.ts';
import { chapterEditor, createPlan, goToPlanList, waitUntilSaved } from './support/app.ts';
import { chapterText, joinFromWelcome, publishOpenPlan, startAgencyComputer, waitForSyncState, type AgencyComputer } from './support/sync-agencies.ts';

let serverDir: string;
let server: SyncServerProcess;
let browser: Browser;
let af: AgencyComputer;
let migr: AgencyComputer;

function chapterButton(page: Page, title: string) {
  return page.getByRole('navigation', { name: 'Kapitel' }).getByRole('listitem').filter({ hasText: title }).getByRole('button').first();
}

async function switchChapters(page: Page, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await chapterButton(page, i % 2 === 0 ? 'Andra kapitlet' : 'Kapitel 1').click();
    await page.waitForTimeout(40);
  }
}

function errorsOf(computer: AgencyComputer): string[] {
  return computer.pageErrors.filter((e) => e.startsWith('pageerror') || e.includes('matchesNode'));
}

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'samskriv-e2e-switch-'));
  [server, browser] = await Promise.all([startSyncServerProcess({ dataDir: serverDir }), launchChromium()]);
  af = await startAgencyComputer(browser, 'af');
  migr = await startAgencyComputer(browser, 'migr');

  await goToPlanList(af.page);
  const editor = await createPlan(af.page, 'Växlingsplan');
  await editor.click();
  await af.page.keyboard.type('Första kapitlets text.');
  await af.page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: /Nytt kapitel/ }).click();
  await af.page.keyboard.type('Andra kapitlet');
  await chapterEditor(af.page, 'Andra kapitlet').click();
  await af.page.keyboard.type('Andra kapitlets text.');
  await waitUntilSaved(af.page);
  const planId = await publishOpenPlan(af.page, server.url, serverDir);

  const code = String(runAdmin(serverDir, ['invite', '--plan-id', planId, '--name', 'Omar Said', '--agency', 'migr', '--role', 'drafter'])['code']);
  await joinFromWelcome(migr.page, server.url, code);
  await chapterEditor(migr.page, 'Kapitel 1').filter({ hasText: 'Första kapitlets text.' }).waitFor({ timeout: 60_000 });
  await chapterButton(af.page, 'Kapitel 1').click();
});

afterAll(async () => {
  await Promise.all([af, migr].map((c) => c?.close()));
  await browser?.close();
  await server?.stop();
  if (serverDir) rmSync(serverDir, { recursive: true, force: true });
});

describe('switching chapters while another member types (issue 10, item 9)', () => {
  it('no page error when one types and the other switches chapters, both ways, and every word arrives', async () => {
    const migrEditor = chapterEditor(migr.page, 'Kapitel 1');
    await migrEditor.click();
    await migr.page.keyboard.press('Control+End');
    const sentence = ' Migrationsverket skriver medan samordnaren byter kapitel.';
    await Promise.all([migr.page.keyboard.type(sentence, { delay: 15 }), switchChapters(af.page, 16)]);

    // Now the other way round, each also switching away in the middle of typing.
    await chapterButton(af.page, 'Kapitel 1').click();
    const afEditor = chapterEditor(af.page, 'Kapitel 1');
    await afEditor.click();
    await af.page.keyboard.press('Control+End');
    await Promise.all([
      (async () => {
        await af.page.keyboard.type(' Samordnaren skriver.', { delay: 15 });
        await chapterButton(af.page, 'Andra kapitlet').click();
        await chapterEditor(af.page, 'Andra kapitlet').click();
        await af.page.keyboard.type(' Och fortsätter här.', { delay: 15 });
      })(),
      switchChapters(migr.page, 16),
    ]);

    await waitForSyncState(af.page, 'synced');
    await waitForSyncState(migr.page, 'synced');
    await chapterButton(af.page, 'Kapitel 1').click();
    await chapterButton(migr.page, 'Kapitel 1').click();
    for (const page of [af.page, migr.page]) {
      await expect.poll(() => chapterText(chapterEditor(page, 'Kapitel 1')), { timeout: 30_000 }).toBe(`Första kapitlets text.${sentence} Samordnaren skriver.`);
    }
    expect([...errorsOf(af), ...errorsOf(migr)]).toEqual([]);
  });

  it('no page error when the coordinator deletes the chapter another member is typing in, and the text typed is there when it is restored', async () => {
    await chapterButton(migr.page, 'Andra kapitlet').click();
    const migrEditor = chapterEditor(migr.page, 'Andra kapitlet');
    await migrEditor.click();
    await migr.page.keyboard.press('Control+End');
    const before = await chapterText(migrEditor);
    await chapterButton(af.page, 'Andra kapitlet').click();
    const typed = ' Omar skriver medan kapitlet tas bort.';
    await Promise.all([
      migr.page.keyboard.type(typed, { delay: 25 }),
      (async () => {
        // Deleted once the first words have arrived here, while the rest is still being typed.
        await expect.poll(() => chapterText(chapterEditor(af.page, 'Andra kapitlet')), { timeout: 30_000 }).toContain(' Omar s');
        await af.page.getByRole('button', { name: 'Ta bort kapitlet' }).click();
      })(),
    ]);
    // Omar's screen leaves the deleted chapter, and says why.
    await migr.page.getByRole('navigation', { name: 'Kapitel' }).getByText('Borttagna kapitel (1)').waitFor({ timeout: 30_000 });
    await migr.page.getByText('Kapitlet ”Andra kapitlet”, som du hade öppet, togs bort av Anna Berg.').waitFor();
    await waitForSyncState(migr.page, 'synced');
    await waitForSyncState(af.page, 'synced');
    const outline = af.page.getByRole('navigation', { name: 'Kapitel' });
    await outline.getByText('Borttagna kapitel (1)').click();
    await outline.getByRole('button', { name: 'Återställ ”Andra kapitlet”' }).click();
    const restored = await chapterText(chapterEditor(af.page, 'Andra kapitlet'));
    expect(restored.startsWith(`${before} Omar s`)).toBe(true);
    expect(typed.startsWith(restored.slice(before.length))).toBe(true);
    expect([...errorsOf(af), ...errorsOf(migr)]).toEqual([]);
  });
});

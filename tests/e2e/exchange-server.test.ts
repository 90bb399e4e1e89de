/**
 * Exchange by file on a plan shared through a real sync server, in Chromium
 * (issue 17): Anna (the coordinator, AF) and Björn (FK, the chapter's owner)
 * are online, each in their own browser host; Cecilia (Jämställdhetsmyndigheten)
 * is a member whose network reaches no WebSocket, so her computer (a host
 * service in this process) only exchanges files. Anna sends her the plan as
 * a file; Cecilia comments offline and sends her file back; Anna imports it
 * in "Utbyte via fil". The app sends the file to the server, which applies it
 * in Cecilia's name: Björn sees her comment as hers, and Anna's sync carries
 * on. The preview says the file goes to the server, and passes axe.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostService } from '../../src-main/host/host-service.ts';
import { runAdmin } from '../support/sync-server-process.ts';
import * as Y from 'yjs';
import { chapterText } from '../../shared/chapter-text/chapter-text.ts';
import { runOf } from '../unit/host/chapter-doc.ts';
import { changesFile, chapterDoc, comment, importFile, type Peer } from '../unit/exchange/exchange-peers.ts';
import { accessibilityViolations } from './support/axe.ts';
import { chapterEditor, createPlan, goToPlanList, waitUntilSaved } from './support/app.ts';
import { sidebar } from './support/comments.ts';
import { joinFromWelcome, publishOpenPlan, SyncLab, waitForSyncState, type AgencyComputer } from './support/sync-agencies.ts';

const lab = new SyncLab();
let af: AgencyComputer;
let fk: AgencyComputer;
let ceciliaDir: string;
let cecilia: Peer;
let planId: string;

function exchangeDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Utbyte via fil' });
}

beforeAll(async () => {
  [af, fk] = (await lab.start(['af', 'fk'])) as [AgencyComputer, AgencyComputer];
  ceciliaDir = mkdtempSync(join(tmpdir(), 'samskriv-e2e-cecilia-'));
});

afterAll(async () => {
  cecilia?.host.close();
  await lab.stop();
  rmSync(ceciliaDir, { recursive: true, force: true });
});

/**
 * The coordinator imports `file` in "Utbyte via fil": the preview shows
 * `preview` and passes axe, and after "Importera" the status says `done`;
 * the dialog is closed again.
 */
async function importThroughDialog(page: Page, file: string, preview: string, done: string): Promise<void> {
  await page.getByRole('button', { name: 'Utbyte via fil' }).click();
  const dialog = exchangeDialog(page);
  await dialog.getByRole('button', { name: 'Importera ändringar' }).click();
  await dialog.getByLabel('Välj filen (.samskriv)').setInputFiles(file);
  await dialog.getByText(preview).waitFor();
  expect((await accessibilityViolations(page)).join('\n\n')).toBe('');
  await dialog.getByRole('button', { name: 'Importera', exact: true }).click();
  await dialog.getByRole('status').filter({ hasText: done }).waitFor({ timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Stäng' }).click();
}

describe('a file-only member’s file, imported by the coordinator on a shared plan', () => {
  it('Anna shares a plan whose chapter Försäkringskassan writes; Björn joins online, Cecilia by file only', async () => {
    const page = af.page;
    await goToPlanList(page);
    const editor = await createPlan(page, 'Blandad plan');
    await editor.click();
    await page.keyboard.type('Försäkringskassan skriver här.');
    await page.getByRole('combobox', { name: 'Ansvarig myndighet' }).selectOption({ label: 'Försäkringskassan' });
    await waitUntilSaved(page);
    planId = await publishOpenPlan(page, lab.server.url, lab.serverDir);
    const invite = (name: string, agency: string): string => String(runAdmin(lab.serverDir, ['invite', '--plan-id', planId, '--name', name, '--agency', agency, '--role', 'drafter'])['code']);
    await joinFromWelcome(fk.page, lab.server.url, invite('Björn Berg', 'fk'));
    await chapterEditor(fk.page, 'Kapitel 1').waitFor({ timeout: 60_000 });

    const host = new HostService(ceciliaDir);
    const link = await host.joinPlan({ serverUrl: lab.server.url, code: invite('Cecilia Dahl', 'jamy') });
    cecilia = { host, member: { memberId: link.member.id, name: 'Cecilia Dahl', agency: 'jamy', role: 'drafter' } };

    // Anna sends Cecilia the plan as a file ("Till": everything she has).
    await page.getByRole('button', { name: 'Utbyte via fil' }).click();
    const dialog = exchangeDialog(page);
    await dialog.getByRole('combobox', { name: 'Till' }).selectOption({ label: 'Vem som helst (allt jag har)' });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), dialog.getByRole('button', { name: 'Exportera mina ändringar' }).click()]);
    await importFile(cecilia, planId, new Uint8Array(readFileSync(await download.path())));
    await dialog.getByRole('button', { name: 'Stäng' }).click();
  });

  it('Anna imports Cecilia’s file: the server takes it in her name, and Björn sees her comment as hers', async () => {
    await comment(cecilia, planId, 'Cecilias fråga om statistiken');
    const file = join(ceciliaDir, 'cecilia.samskriv');
    writeFileSync(file, (await changesFile(cecilia, planId, null))!);

    const page = af.page;
    await importThroughDialog(
      page,
      file,
      'När du importerar skickas filen till servern, som kontrollerar signaturen och tar emot dem som skrivna av Cecilia Dahl (Jämställdhetsmyndigheten).',
      'Servern har tagit emot filen och skickat ändringarna vidare till de andra, i avsändarens namn.',
    );

    // Björn, online at Försäkringskassan, has her comment, signed with her name and agency.
    const hers = sidebar(fk.page).locator('[data-thread-card]').filter({ hasText: 'Cecilias fråga om statistiken' });
    await hers.waitFor({ timeout: 30_000 });
    expect(await hers.textContent()).toContain('Cecilia Dahl');
    // Anna's own sync carries on: the server refused nothing from her.
    await waitForSyncState(page, 'synced');
    await sidebar(page).locator('[data-thread-card]').filter({ hasText: 'Cecilias fråga om statistiken' }).waitFor();
  });

  it('a file that bolds Björn’s words directly: the preview says the formatting is restored, and nobody’s editor shows the bold', async () => {
    // Cecilia's modified app bolds the owner agency's words directly (her editor only suggests formatting there).
    const { doc, name } = await chapterDoc(cecilia.host, planId);
    const before = Y.encodeStateVector(doc);
    chapterText(doc).format(runOf(doc, 'Försäkringskassan skriver här.').index, 'Försäkringskassan'.length, { bold: {} });
    await cecilia.host.saveUpdate({ docName: name, update: Y.encodeStateAsUpdate(doc, before) });
    const file = join(ceciliaDir, 'cecilia-fetstil.samskriv');
    writeFileSync(file, (await changesFile(cecilia, planId, null))!);

    const page = af.page;
    await importThroughDialog(page, file, 'formatering som ändrats direkt i andras text återställs på 1 ställe (den får bara föreslås)', 'Servern har tagit emot filen');

    // Anna's own sync carries the app's correction to the server, which refuses nothing of hers; nobody's editor has the bold.
    await waitForSyncState(page, 'synced');
    await waitForSyncState(fk.page, 'synced');
    for (const editor of [chapterEditor(page, 'Kapitel 1'), chapterEditor(fk.page, 'Kapitel 1')]) {
      await editor.getByText('Försäkringskassan skriver här.').waitFor();
      expect(await editor.locator('strong').count()).toBe(0);
    }
  });
});

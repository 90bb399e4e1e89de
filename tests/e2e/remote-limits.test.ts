/**
 * Issue 11, finding 1, from the victim's side: another member's update
 * builds a paragraph inside 10,000 nested containers, and a server without
 * the structural guard (the lab option `--lab-no-structural-limits`; an
 * older server would do the same) passes it on. The probe saw every app
 * with the chapter open overflow its stack (under the y-prosemirror
 * binding); with today's chapter-text binding, and without the app's own
 * check, the nested paragraph is applied, its text shows up flattened in
 * every editor and nobody is told. Now each app checks the update against
 * the limits before applying it: it stays out of the doc and the editor,
 * the page goes on editing and syncing with a well-behaved colleague, and
 * the status bar says, in Swedish, that a change was not taken in.
 *
 * Two computers (browser hosts): Anna at Arbetsförmedlingen publishes the
 * plan, Omar at Migrationsverket joins; the hostile member is a Node client
 * with a drafter's token on the same server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMarker, type ContainerRef } from '../../shared/chapter-text/block-marker.ts';
import { chapterText as chapterYText } from '../../shared/chapter-text/chapter-text.ts';
import { chapterDocName, manifestDocName } from '../../shared/plan/doc-names.ts';
import { readManifest } from '../../shared/plan/manifest.ts';
import { launchChromium } from '../support/chromium.ts';
import { connectClient, isSettled, waitUntil, type TestClient } from '../support/sync-client.ts';
import { postJson, runAdmin, startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process.ts';
import { chapterEditor, createPlan, goToPlanList, waitUntilSaved } from './support/app.ts';
import { chapterText, joinFromWelcome, placeCursorAfter, publishOpenPlan, startAgencyComputer, syncState, waitForSyncState, type AgencyComputer } from './support/sync-agencies.ts';

const FIRST = 'Myndigheterna samverkar om etablering.';
const NESTING = 10_000;

let serverDir: string;
let server: SyncServerProcess;
let browser: Browser;
let af: AgencyComputer;
let migr: AgencyComputer;
let planId: string;
const hostileClients: TestClient[] = [];

async function textOf(page: Page): Promise<string> {
  return chapterText(chapterEditor(page, 'Kapitel 1'));
}

/** A drafter's token, through an invitation from the admin CLI redeemed over the API. */
async function drafterToken(name: string): Promise<string> {
  const code = String(runAdmin(serverDir, ['invite', '--plan-id', planId, '--name', name, '--agency', 'fk', '--role', 'drafter'])['code']);
  const joined = await postJson(`${server.url}/api/join`, { code });
  if (joined.status !== 200) throw new Error(`join failed: ${JSON.stringify(joined.body)}`);
  return String(joined.body['token']);
}

async function connected(docName: string, token: string): Promise<TestClient> {
  const client = connectClient(server.wsUrl, docName, token);
  hostileClients.push(client);
  await waitUntil(() => isSettled(client), `the client is synced on ${docName}`, 30_000);
  return client;
}

/** As the hostile member: a paragraph at the end of chapter 1 inside `NESTING` containers (list, item, list, item …). */
async function sendNestedParagraph(): Promise<void> {
  const token = await drafterToken('Mallory');
  const manifest = await connected(manifestDocName(planId), token);
  const chapterId = readManifest(manifest.doc).chapters[0]!.id;
  const chapter = await connected(chapterDocName(planId, chapterId), token);
  await waitUntil(() => chapterYText(chapter.doc).toString().includes(FIRST), 'the hostile client has the chapter', 30_000);
  const path: ContainerRef[] = Array.from({ length: NESTING }, (_, i) => ({ type: i % 2 === 0 ? 'bullet_list' : 'list_item', id: `n${i}`, attrs: {} }));
  const text = chapterYText(chapter.doc);
  chapter.doc.transact(() => {
    text.insertEmbed(text.length, createMarker({ type: 'paragraph', attrs: {}, path }));
    text.insert(text.length, 'Djupt nästlad.');
  });
  // The server stored it (acknowledged), so it has gone out to the others.
  await waitUntil(() => isSettled(chapter), 'the server acknowledged the nested paragraph', 30_000);
}

describe('an update over the structural limits from another member, through a server without the guard', () => {
  beforeAll(async () => {
    serverDir = mkdtempSync(join(tmpdir(), 'samskriv-e2e-limits-server-'));
    [server, browser] = await Promise.all([startSyncServerProcess({ dataDir: serverDir, args: ['--lab-no-structural-limits'] }), launchChromium()]);
    [af, migr] = await Promise.all(['af', 'migr'].map((label) => startAgencyComputer(browser, label))) as [AgencyComputer, AgencyComputer];

    await goToPlanList(af.page);
    const editor = await createPlan(af.page, 'Gränsplan');
    await editor.click();
    await af.page.keyboard.type(FIRST);
    await waitUntilSaved(af.page);
    planId = await publishOpenPlan(af.page, server.url, serverDir);

    const code = String(runAdmin(serverDir, ['invite', '--plan-id', planId, '--name', 'Omar Said', '--agency', 'migr', '--role', 'drafter'])['code']);
    await joinFromWelcome(migr.page, server.url, code);
    await chapterEditor(migr.page, 'Kapitel 1').filter({ hasText: FIRST }).waitFor({ timeout: 60_000 });
    await waitForSyncState(migr.page, 'synced');

    if (!server.logs().some((record) => record['event'] === 'structural-limits-off')) throw new Error('the server still has its structural guard');
    await sendNestedParagraph();
  });

  afterAll(async () => {
    for (const c of [af, migr]) {
      if (c && c.pageErrors.length > 0) console.log(`${c.label} page errors:`, c.pageErrors);
    }
    for (const client of hostileClients) client.destroy();
    await Promise.all([af, migr].map((c) => c?.close()));
    await browser?.close();
    await server?.stop();
    if (serverDir) rmSync(serverDir, { recursive: true, force: true });
  });

  it('the page goes on editing and syncing with a colleague', async () => {
    await placeCursorAfter(chapterEditor(af.page, 'Kapitel 1'), FIRST);
    await af.page.keyboard.type(' AF skriver vidare.');
    await expect.poll(() => textOf(migr.page), { timeout: 30_000 }).toContain('AF skriver vidare.');
    await placeCursorAfter(chapterEditor(migr.page, 'Kapitel 1'), 'vidare.');
    await migr.page.keyboard.type(' MIGR svarar.');
    await expect.poll(() => textOf(af.page), { timeout: 30_000 }).toContain('MIGR svarar.');
    for (const c of [af, migr]) {
      await waitForSyncState(c.page, 'synced');
      expect(c.pageErrors.filter((error) => error.includes('Maximum call stack'))).toEqual([]);
    }
  });

  it('the nested paragraph never reaches the doc or the editor', async () => {
    for (const c of [af, migr]) {
      expect(await textOf(c.page)).not.toContain('Djupt nästlad.');
    }
  });

  it('the status bar says in Swedish that a change from another member was not taken in, and syncing goes on', async () => {
    for (const c of [af, migr]) {
      const state = syncState(c.page);
      await expect.poll(() => state.textContent(), { timeout: 30_000 }).toContain(
        'En ändring från en annan medlem i ett kapitel togs inte emot: den var nästlad djupare än någon plan kan vara. Allt annat synkas som vanligt.',
      );
      expect(await state.getAttribute('data-sync-state')).toBe('synced');
      expect(await state.locator('[data-remote-refused]').getAttribute('data-remote-refused')).toBe('block-too-deep');
    }
  });

  it('a page that opens the plan again is sent the change again, refuses it again and still syncs', async () => {
    await migr.page.reload();
    await expect.poll(() => textOf(migr.page), { timeout: 60_000 }).toContain('MIGR svarar.');
    await waitForSyncState(migr.page, 'synced');
    await placeCursorAfter(chapterEditor(migr.page, 'Kapitel 1'), 'MIGR svarar.');
    await migr.page.keyboard.type(' Efter omstart.');
    await expect.poll(() => textOf(af.page), { timeout: 30_000 }).toContain('Efter omstart.');
    expect(await textOf(migr.page)).not.toContain('Djupt nästlad.');
    await expect.poll(() => syncState(migr.page).locator('[data-remote-refused]').count(), { timeout: 30_000 }).toBe(1);
  });
});

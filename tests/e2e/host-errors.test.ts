/**
 * What a drafter reads when something goes wrong between the page and its
 * host, or in the sharing dialog: Swedish sentences that say what happened
 * and what to do — never "publishPlan: invalid argument — 0.serverUrl" or a
 * WebSocket close code. And the server address as IT writes it in an e-mail,
 * without "https://", just works.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process.ts';
import { startWebHostProcess, type WebHostProcess } from '../support/web-host-process.ts';
import { chapterEditor, createPlan, describeScreenOnFailure, goToPlanList, startApp, waitUntilSaved, type RunningApp } from './support/app.ts';
import { publishOpenPlan } from './support/sync-agencies.ts';

let app: RunningApp;
let page: Page;
let replacementHost: WebHostProcess | undefined;
let serverDir: string | undefined;
let server: SyncServerProcess | undefined;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  await replacementHost?.stop();
  await server?.stop();
  if (serverDir) rmSync(serverDir, { recursive: true, force: true });
});

describeScreenOnFailure(() => app);

const statusText = () => page.getByRole('contentinfo').getByRole('status').first().textContent();

describe('errors in words', () => {
  it('"Dela via server" with an address that cannot be one explains how to write it', async () => {
    await goToPlanList(page);
    await createPlan(page, 'Plan med fel');
    await page.getByRole('button', { name: 'Dela via server' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dela planen via en server' });
    await dialog.getByRole('textbox', { name: 'Serverns adress' }).fill('server myndighet se');
    await dialog.getByRole('textbox', { name: 'Publiceringskod' }).fill('ABCD-EFGH');
    await dialog.getByRole('button', { name: 'Dela', exact: true }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('Skriv adressen som server.myndighet.se:4470');
    expect(text).not.toMatch(/publishPlan|invalid argument|serverUrl/);
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
  });

  it('a browser host that stops while the drafter types is explained, and the text is saved when it is back', async () => {
    const editor = chapterEditor(page, 'Kapitel 1');
    await editor.click();
    await page.keyboard.type('Före. ');
    await waitUntilSaved(page);
    const port = Number(new URL(app.host.url).port);
    await app.host.kill();
    await page.keyboard.type('Skrivet medan tjänsten var borta.');
    await expect.poll(statusText, { timeout: 30_000 }).toContain('Kunde inte spara. Kontakten med Samskriv på den här datorn bröts');
    const shown = (await statusText()) ?? '';
    expect(shown).toContain('stäng inte det här fönstret');
    expect(shown).not.toMatch(/1006|Lost the connection/);

    replacementHost = await startWebHostProcess(app.dataDir, port);
    // The new start has a new secret: the drafter opens the link it printed
    // in a new tab, which gives the browser the new cookie, and the tab that
    // held the text reconnects with it and saves.
    const newTab = await page.context().newPage();
    await newTab.goto(replacementHost.url);
    await waitUntilSaved(page);
    await newTab.close();
    await page.reload();
    await expect.poll(() => chapterEditor(page, 'Kapitel 1').textContent(), { timeout: 30_000 }).toBe('Före. Skrivet medan tjänsten var borta.');
  });
});

describe('a server address without https://', () => {
  it('"Dela via server" with "127.0.0.1:<port>" shares the plan', async () => {
    serverDir = mkdtempSync(join(tmpdir(), 'samskriv-e2e-host-errors-server-'));
    server = await startSyncServerProcess({ dataDir: serverDir });
    await publishOpenPlan(page, `127.0.0.1:${server.port}`, serverDir);
  });
});

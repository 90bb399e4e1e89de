/**
 * A first start (issue 10): most people start Samskriv for the first time
 * because a coordinator invited them. The first start therefore opens no
 * plan by itself: it welcomes with "Gå med i en plan" and "Öppna
 * exempelplanen". Someone who joins ends with exactly one plan, the joined
 * one, not a local sample of the same title beside it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin, startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process.ts';
import { accessibilityViolations } from './support/axe.ts';
import { chapterEditor, startApp, type RunningApp } from './support/app.ts';
import { joinFromWelcome } from './support/sync-agencies.ts';

let serverDir: string;
let server: SyncServerProcess;
let app: RunningApp;
let page: Page;

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'samskriv-e2e-first-start-'));
  [server, app] = await Promise.all([startSyncServerProcess({ dataDir: serverDir }), startApp({ firstStart: 'welcome' })]);
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  await server?.stop();
  if (serverDir) rmSync(serverDir, { recursive: true, force: true });
});

describe('the first start', () => {
  it('opens no plan, and welcomes with "Gå med i en plan" and "Öppna exempelplanen"', async () => {
    const welcome = page.getByRole('region', { name: 'Välkommen till Samskriv' });
    await welcome.waitFor();
    expect(await welcome.getByRole('button').allTextContents()).toEqual(['Gå med i en plan', 'Öppna exempelplanen']);
    expect(await page.getByRole('list').getByRole('button').count()).toBe(0);
    expect(await page.locator('.ProseMirror').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('lets an invited person join, and the joined plan is the only plan on the computer', async () => {
    const created = runAdmin(serverDir, ['create-plan', '--coordinator-name', 'Anna Berg', '--agency', 'af']);
    const code = String(runAdmin(serverDir, ['invite', '--plan-id', String(created['planId']), '--name', 'Omar Said', '--agency', 'migr', '--role', 'drafter'])['code']);
    await joinFromWelcome(page, server.url, code);
    await page.getByRole('button', { name: /Alla planer/ }).click();
    await page.getByRole('heading', { name: 'Planer', level: 1 }).waitFor();
    const cards = page.getByRole('list').getByRole('button', { name: /^Ta bort / });
    await expect.poll(() => cards.count()).toBe(1);
    expect(await page.getByText('Exempelplan', { exact: true }).count()).toBe(0);
  });

  it('opens the sample only when asked', async () => {
    await app.restartHost('stop');
    // The list comes back (the joined plan was left), still without a sample.
    await page.getByRole('heading', { name: 'Planer', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Öppna exempelplanen' }).click();
    await chapterEditor(page, 'Uppdraget och dess bakgrund').waitFor();
  });
});

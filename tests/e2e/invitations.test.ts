/**
 * Pending invitations in "Medlemmar" (issue 10): a code shown once in "Bjud
 * in" is not lost when that dialog closes; the coordinator finds it, with its
 * expiry, under "Medlemmar", copies it again and withdraws it, by keyboard,
 * and the withdrawn code no longer works. Against a real sync server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { postJson, runAdmin, startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process.ts';
import { accessibilityViolations } from './support/axe.ts';
import { createPlan, goToPlanList } from './support/app.ts';
import { publishOpenPlan, startAgencyComputer, type AgencyComputer } from './support/sync-agencies.ts';

let serverDir: string;
let server: SyncServerProcess;
let browser: Browser;
let af: AgencyComputer;

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'samskriv-e2e-invitations-'));
  [server, browser] = await Promise.all([startSyncServerProcess({ dataDir: serverDir }), launchChromium()]);
  af = await startAgencyComputer(browser, 'af');
});

afterAll(async () => {
  if (af && af.pageErrors.length > 0) console.log('page errors:', af.pageErrors);
  await af?.close();
  await browser?.close();
  await server?.stop();
  if (serverDir) rmSync(serverDir, { recursive: true, force: true });
});

describe('pending invitations under "Medlemmar"', () => {
  it('a code made in "Bjud in" can be found, copied and withdrawn under "Medlemmar" after its dialog closed', async () => {
    const page = af.page;
    await af.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await goToPlanList(page);
    await createPlan(page, 'Inbjudningsplan');
    const planId = await publishOpenPlan(page, server.url, serverDir);

    await page.getByRole('button', { name: 'Bjud in' }).click();
    const invite = page.getByRole('dialog', { name: 'Bjud in till planen' });
    await invite.getByRole('textbox', { name: 'Namn' }).fill('Omar Said');
    await invite.getByRole('combobox', { name: 'Myndighet' }).selectOption('migr');
    await invite.getByRole('button', { name: 'Skapa inbjudan' }).click();
    const code = await invite.getByRole('textbox', { name: 'Inbjudningskod för Omar Said' }).inputValue();
    expect(await invite.textContent()).toContain('Koden finns kvar under ”Medlemmar”');
    await invite.getByRole('button', { name: 'Stäng' }).first().click();

    await page.getByRole('button', { name: 'Medlemmar' }).click();
    const members = page.getByRole('dialog', { name: 'Planens medlemmar' });
    const pending = members.getByRole('region', { name: 'Väntande inbjudningar' });
    await expect(pending.getByRole('textbox', { name: 'Inbjudningskod för Omar Said' }).inputValue()).resolves.toBe(code);
    expect(await pending.textContent()).toMatch(/Gäller till \d/);
    expect(await accessibilityViolations(page)).toEqual([]);

    const copy = pending.getByRole('button', { name: 'Kopiera koden till Omar Said' });
    await copy.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(code);

    await pending.getByRole('button', { name: 'Dra tillbaka inbjudan till Omar Said' }).focus();
    await page.keyboard.press('Enter');
    await members.getByRole('button', { name: 'Dra tillbaka', exact: true }).focus();
    await page.keyboard.press('Enter');
    await pending.getByText('Inga väntande inbjudningar.').waitFor();

    const attempt = await postJson(`${server.url}/api/join`, { code });
    expect((attempt.body['error'] as Record<string, unknown>)['code']).toBe('code-revoked');
    expect(runAdmin(serverDir, ['invitations', '--plan-id', planId])['invitations']).toEqual([]);
  });
});

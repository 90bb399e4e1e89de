/**
 * The coordinator changes a member's role while the member has the plan open
 * (issue 13): the server closes the member's connection (4409 role-changed),
 * and the app reconnects at once with a renewed token that carries the new
 * role. Omar, a drafter, becomes a reader: his chapter turns read-only and
 * says why, a screen reader hears it, and the plan keeps syncing for him
 * (he still sees Anna's words arrive). Through a real sync server and the
 * admin CLI's `set-role`, as an administrator would do it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../support/sync-server-process.ts';
import { chapterEditor, createPlan, goToPlanList, waitUntilSaved } from './support/app.ts';
import { chapterText, joinFromWelcome, publishOpenPlan, SyncLab, waitForSyncState, type AgencyComputer } from './support/sync-agencies.ts';

const lab = new SyncLab();
let af: AgencyComputer;
let migr: AgencyComputer;
let planId = '';

describe('a role changed while the member has the plan open', () => {
  beforeAll(async () => {
    [af, migr] = (await lab.start(['af', 'migr'])) as [AgencyComputer, AgencyComputer];
  });

  afterAll(() => lab.stop());

  it('Omar joins as a drafter and may write', async () => {
    await goToPlanList(af.page);
    const editor = await createPlan(af.page, 'Rollplan');
    await editor.click();
    await af.page.keyboard.type('Första meningen.');
    await af.page.getByRole('combobox', { name: 'Ansvarig myndighet' }).selectOption({ label: 'Migrationsverket' });
    await waitUntilSaved(af.page);
    planId = await publishOpenPlan(af.page, lab.server.url, lab.serverDir);
    const code = String(runAdmin(lab.serverDir, ['invite', '--plan-id', planId, '--name', 'Omar Said', '--agency', 'migr', '--role', 'drafter'])['code']);
    await joinFromWelcome(migr.page, lab.server.url, code);
    const his = chapterEditor(migr.page, 'Kapitel 1');
    await expect.poll(() => chapterText(his), { timeout: 30_000 }).toContain('Första meningen.');
    expect(await his.getAttribute('contenteditable')).toBe('true');
  });

  it('made a reader, his chapter turns read-only with the reason, and the plan keeps syncing', async () => {
    const members = runAdmin(lab.serverDir, ['members', '--plan-id', planId])['members'] as { id: string; name: string }[];
    const omar = members.find((m) => m.name === 'Omar Said')!;
    runAdmin(lab.serverDir, ['set-role', '--plan-id', planId, '--member-id', omar.id, '--role', 'reader']);
    // Without Redis the running server learns of it at its re-check (within 10 s).
    await migr.page.getByText('Du har läsbehörighet i den här planen').waitFor({ timeout: 30_000 });
    const his = chapterEditor(migr.page, 'Kapitel 1');
    await expect.poll(() => his.getAttribute('contenteditable')).toBe('false');
    expect(await migr.page.locator('[data-announcer]').allTextContents()).toContainEqual(expect.stringContaining('Din roll är nu: Läsare.'));
    await waitForSyncState(migr.page, 'synced');

    // Still live: what Anna writes reaches him.
    await chapterEditor(af.page, 'Kapitel 1').click();
    await af.page.keyboard.press('Control+End');
    await af.page.keyboard.type(' Andra meningen.');
    await expect.poll(() => chapterText(his), { timeout: 30_000 }).toContain('Andra meningen.');
    expect(migr.pageErrors).toEqual([]);
  });
});

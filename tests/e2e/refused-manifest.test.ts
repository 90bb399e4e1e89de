/**
 * Issue 13, "a refused update" of the plan's own doc (the manifest), through
 * the app in Chromium and a real sync server: Bo Lind (Arbetsförmedlingen)
 * helps Anna coordinate. Offline (his cable to the server unplugged), he
 * renames a chapter; meanwhile the administrator makes him a drafter. Back
 * online, the server refuses his change of the plan's doc (only the
 * coordinator renames chapters).
 *
 * What he can count on: his plan keeps syncing (his comment afterwards
 * reaches Anna), at the chapter he was reading; the plan's details are the
 * server's again (Anna's title stays); the status bar says what was
 * refused; the record survives a reload, the dialog says what differs and
 * what he can do (ask the coordinator), exports his title, and discards it
 * after he confirms.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../support/sync-server-process.ts';
import { accessibilityViolations } from './support/axe.ts';
import { chapterEditor, waitUntilSaved } from './support/app.ts';
import { Cable, withoutCableErrors } from './support/cable.ts';
import { shareWithOfflineMember } from './support/offline-member.ts';
import { chapterTitles, openChapter } from './support/outline.ts';
import { card, commentOn, sidebar } from './support/comments.ts';
import { chapterText, SyncLab, waitForSyncState, type AgencyComputer } from './support/sync-agencies.ts';

const FIRST = 'Första kapitlets text.';
const SECOND = 'Andra kapitlets text.';
const HIS_TITLE = 'Bos rubrik';
const NOTICE = 'Ändringar i planens uppgifter godtogs inte av servern.';

const lab = new SyncLab();
let anna: AgencyComputer;
let bo: AgencyComputer;
let cable: Cable;
let planId: string;


describe("a change of the plan's own doc that the server refused", () => {
  beforeAll(async () => {
    [anna, bo] = (await lab.start(['af', 'af-bo'])) as [AgencyComputer, AgencyComputer];
    cable = await Cable.to(lab.server.port);
  });

  afterAll(async () => {
    await cable?.close();
    await lab.stop();
  });

  it('Bo joins as a second coordinator, through a cable that can be unplugged', async () => {
    planId = await shareWithOfflineMember(lab, anna, bo, cable, {
      title: 'Planuppgifter',
      first: FIRST,
      second: SECOND,
      member: { name: 'Bo Lind', agency: 'af', role: 'coordinator' },
    });
  });

  it('offline, Bo renames a chapter while he is made a drafter; back online, his plan keeps syncing at the chapter he was reading, with the server’s title', async () => {
    cable.unplug();
    await waitForSyncState(bo.page, 'offline');
    const members = runAdmin(lab.serverDir, ['members', '--plan-id', planId])['members'] as { id: string; name: string }[];
    runAdmin(lab.serverDir, ['set-role', '--plan-id', planId, '--member-id', members.find((m) => m.name === 'Bo Lind')!.id, '--role', 'drafter']);

    // His app still has him as a coordinator: he renames the chapter.
    const title = bo.page.getByRole('textbox', { name: 'Kapitlets rubrik' });
    await title.fill(HIS_TITLE);
    await title.press('Tab');
    await expect.poll(() => chapterTitles(bo.page)).toEqual([HIS_TITLE, 'Nytt kapitel']);
    await waitUntilSaved(bo.page);
    // He goes on reading the second chapter.
    await openChapter(bo.page, 'Nytt kapitel');

    cable.plug();
    const status = bo.page.getByRole('contentinfo');
    await status.getByText(NOTICE).waitFor({ timeout: 60_000 });
    await waitForSyncState(bo.page, 'synced');
    // The plan's doc is the server's again: Anna's title, and he is still at the second chapter.
    await expect.poll(() => chapterTitles(bo.page), { timeout: 30_000 }).toEqual(['Kapitel 1', 'Nytt kapitel']);
    await expect.poll(() => chapterText(chapterEditor(bo.page, 'Nytt kapitel')), { timeout: 30_000 }).toBe(SECOND);
    // Anna never had his title.
    expect(await chapterTitles(anna.page)).toEqual(['Kapitel 1', 'Nytt kapitel']);
    const refused = lab.server.logs().filter((r) => r['event'] === 'message-refused');
    expect(refused.map((r) => [r['rule'], r['scope'], r['document']])).toEqual([['plan-not-permitted', 'document', `plan/${planId}`]]);
  });

  it('the plan keeps syncing: his comment afterwards reaches Anna', async () => {
    await commentOn(bo.page, chapterEditor(bo.page, 'Nytt kapitel'), 'Andra kapitlets', 'Kommer fram efter stoppet');
    await openChapter(anna.page, 'Nytt kapitel');
    await card(anna.page, 'Andra kapitlets').waitFor({ timeout: 30_000 });
    expect(await sidebar(anna.page).textContent()).toContain('Kommer fram efter stoppet');
  });

  it('after a reload the record is still there: the dialog says what differs and what he can do, and exports his title', async () => {
    await bo.page.reload();
    await bo.page.getByRole('contentinfo').getByText(NOTICE).waitFor({ timeout: 30_000 });
    await waitForSyncState(bo.page, 'synced');
    await bo.page.getByRole('contentinfo').getByRole('button', { name: 'Visa ändringarna' }).click();
    const dialog = bo.page.getByRole('dialog', { name: 'Ändringar som servern inte godtog' });
    await dialog.waitFor();
    await dialog.getByRole('heading', { name: 'Planens uppgifter' }).waitFor();
    await dialog.getByText(`Kapitelrubrik: din „${HIS_TITLE}“, serverns „Kapitel 1“`).waitFor({ timeout: 30_000 });
    await dialog.getByText(/Be samordnaren göra de ändringar du behöver/).waitFor();
    // Planens uppgifter cannot become a suggestion.
    expect(await dialog.getByRole('button', { name: 'Gör om till förslag' }).count()).toBe(0);
    expect(await accessibilityViolations(bo.page)).toEqual([]);

    const download = bo.page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Exportera' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('planuppgifter-ej-godtaget.txt');
    const text = readFileSync((await file.path())!, 'utf8');
    expect(text).toContain('Planens uppgifter: Planuppgifter');
    expect(text).toContain('Skrivet av: Bo Lind (af)');
    expect(text).toMatch(new RegExp(`^1\\. ${HIS_TITLE} \\(`, 'm'));
    expect(text).toMatch(/^2\. Nytt kapitel \(/m);
  });

  it('"Kasta" asks first, then the record is gone and the notice with it', async () => {
    const dialog = bo.page.getByRole('dialog', { name: 'Ändringar som servern inte godtog' });
    await dialog.getByRole('button', { name: 'Kasta' }).click();
    const question = dialog.getByRole('group', { name: 'Kasta ändringarna i planens uppgifter? De går inte att få tillbaka.' });
    await question.waitFor();
    await question.getByRole('button', { name: 'Kasta ändringarna' }).click();
    await expect.poll(() => dialog.locator('[data-refused-kind]').count()).toBe(0);
    await bo.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => bo.page.getByRole('contentinfo').getByText(/godtogs inte av servern/).count()).toBe(0);
    // Still the server's title, and still syncing.
    expect(await chapterTitles(bo.page)).toEqual(['Kapitel 1', 'Nytt kapitel']);
    await waitForSyncState(bo.page, 'synced');
    // Chromium logs a reconnect attempt through the unplugged cable as a console error; that is the network, not the app.
    for (const c of [anna, bo]) expect(withoutCableErrors(c.pageErrors)).toEqual([]);
  });
});

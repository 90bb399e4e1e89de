/**
 * Issue 13, "a refused update" of a source (Underlag, issue 16), through the
 * app in Chromium and a real sync server. The app writes a source's doc
 * twice only: whole when the source is added, emptied when it is removed
 * (shared/sources/source-doc.ts); the server takes a source doc from the
 * member who added it, and nothing new into it once the source is removed
 * (shared/rules/source-rules.ts). Both while Omar's (Migrationsverket, a
 * drafter) computer is cut off from the server (a cable we unplug):
 *
 * 1. He adds the wrong file as a source and removes it again. Back online,
 *    the add and the emptying reach the server as one update, which adds
 *    nothing to the removed source: nothing is refused (this refused until
 *    the rule judged what is left, not what was written on the way).
 * 2. He adds his consultation notes as a source and marks his chapter
 *    ready for review, while Anna (the coordinator) gives the chapter to
 *    Socialstyrelsen. The server refuses his plan's doc (he may no longer
 *    set that chapter's status), so it never lists his source. His app
 *    keeps the source's doc as a record and does not send it.
 *
 * What he can count on in (2): his plan keeps syncing (his comment
 * afterwards reaches Anna); the status bar says what was refused; the
 * record survives a reload; the dialog says what it was, shows and exports
 * the source's text and discards it after he confirms; and his notes are
 * not silently lost with the plan's doc.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe.ts';
import { chapterEditor, waitUntilSaved } from './support/app.ts';
import { Cable, withoutCableErrors } from './support/cable.ts';
import { card, commentOn, sidebar } from './support/comments.ts';
import { shareWithOfflineMember } from './support/offline-member.ts';
import { openChapter } from './support/outline.ts';
import { chapterText, SyncLab, waitForSyncState, type AgencyComputer } from './support/sync-agencies.ts';

const FIRST = 'Migrationsverket skriver kapitlet.';
const SECOND = 'Andra kapitlets text.';
const WRONG_TITLE = 'Fel fil';
const WRONG = ['Inköpslista', 'Mjölk och bröd.'];
const NOTES_TITLE = 'Samråd i Sundsvall';
const NOTES = ['Samråd med civilsamhället i Sundsvall', 'Deltagarna bad om information på fler språk.'];

const lab = new SyncLab();
let anna: AgencyComputer;
let omar: AgencyComputer;
let cable: Cable;
let planId: string;
let work = '';

const panel = (page: Page) => page.getByRole('complementary', { name: 'Underlag' });
const status = (page: Page) => page.getByRole('contentinfo');
const refusedDialog = (page: Page) => page.getByRole('dialog', { name: 'Ändringar som servern inte godtog' });

async function addSource(page: Page, file: string, title: string): Promise<void> {
  if ((await panel(page).count()) === 0) await page.getByRole('banner').getByRole('button', { name: 'Underlag' }).click();
  await panel(page).getByRole('button', { name: 'Lägg till underlag' }).click();
  const dialog = page.getByRole('dialog', { name: 'Lägg till underlag' });
  await dialog.locator('input[type=file]').setInputFiles(file);
  await dialog.getByRole('textbox', { name: 'Titel' }).fill(title);
  await dialog.getByRole('textbox', { name: 'Utfärdat av' }).fill('Migrationsverket');
  await dialog.getByRole('button', { name: 'Lägg till' }).click();
  await dialog.waitFor({ state: 'detached' });
}

function refusedLog(): unknown[][] {
  return lab.server.logs().filter((r) => r['event'] === 'message-refused').map((r) => [r['rule'], r['scope'], r['document']]);
}

describe('a source the server refused', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'samskriv-e2e-refused-source-'));
    writeFileSync(join(work, 'inkop.txt'), WRONG.join('\n\n') + '\n');
    writeFileSync(join(work, 'samrad.txt'), NOTES.join('\n\n') + '\n');
    [anna, omar] = (await lab.start(['af', 'migr'])) as [AgencyComputer, AgencyComputer];
    cable = await Cable.to(lab.server.port);
  });

  afterAll(async () => {
    await cable?.close();
    await lab.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('Omar joins a plan whose first chapter is his agency’s, through a cable that can be unplugged', async () => {
    planId = await shareWithOfflineMember(lab, anna, omar, cable, {
      title: 'Underlag offline',
      first: FIRST,
      second: SECOND,
      firstOwner: 'Migrationsverket',
      member: { name: 'Omar Said', agency: 'migr', role: 'drafter' },
    });
  });

  it('offline, Omar adds the wrong file as a source and removes it; back online nothing is refused, and it is not among Anna’s sources', async () => {
    cable.unplug();
    await waitForSyncState(omar.page, 'offline');
    await addSource(omar.page, join(work, 'inkop.txt'), WRONG_TITLE);
    omar.page.once('dialog', (confirm) => void confirm.accept());
    await panel(omar.page).getByRole('button', { name: 'Ta bort underlaget' }).click();
    await panel(omar.page).getByText('Underlaget har tagits bort av Omar Said.').waitFor();
    await waitUntilSaved(omar.page);

    cable.plug();
    await waitForSyncState(omar.page, 'synced');
    // Synced: the server acknowledged the plan's doc and the source's, so a refusal would have come by now.
    expect(refusedLog()).toEqual([]);
    await anna.page.getByRole('banner').getByRole('button', { name: 'Underlag' }).click();
    await panel(anna.page).waitFor();
    expect(await panel(anna.page).getByText(WRONG_TITLE).count()).toBe(0);
    await anna.page.getByRole('banner').getByRole('button', { name: 'Underlag' }).click();
    expect(await status(omar.page).getByText(/godtogs inte av servern/).count()).toBe(0);
    // None of the wrong file's words reached Anna.
    expect(await anna.page.getByText(WRONG[1]!).count()).toBe(0);
    await panel(omar.page).getByRole('button', { name: /Alla underlag/ }).click();
    await omar.page.getByRole('banner').getByRole('button', { name: 'Underlag' }).click();
    await panel(omar.page).waitFor({ state: 'detached' });
    await expect.poll(() => chapterText(chapterEditor(omar.page, 'Kapitel 1')), { timeout: 30_000 }).toBe(FIRST);
  });

  it('the plan keeps syncing: his comment afterwards reaches Anna', async () => {
    await openChapter(omar.page, 'Nytt kapitel');
    await commentOn(omar.page, chapterEditor(omar.page, 'Nytt kapitel'), 'Andra kapitlets', 'Kommer fram efter underlaget');
    await openChapter(anna.page, 'Nytt kapitel');
    await card(anna.page, 'Andra kapitlets').waitFor({ timeout: 30_000 });
    expect(await sidebar(anna.page).textContent()).toContain('Kommer fram efter underlaget');
  });

  it('offline, Omar marks his chapter ready and adds his notes while Anna gives the chapter to Socialstyrelsen; back online, his notes are kept, not lost with the plan’s doc', async () => {
    await openChapter(omar.page, 'Kapitel 1');
    cable.unplug();
    await waitForSyncState(omar.page, 'offline');

    await openChapter(anna.page, 'Kapitel 1');
    await anna.page.getByRole('combobox', { name: 'Ansvarig myndighet' }).selectOption({ label: 'Socialstyrelsen' });
    await waitForSyncState(anna.page, 'synced');

    // His app still has the chapter as his agency's. The status change goes first, so the
    // server's refusal of it takes his notes' entry in the plan's doc along.
    await omar.page.locator('.chapter-header').getByRole('button', { name: 'Klar för granskning' }).click();
    await omar.page.locator('.chapter-header .status-badge', { hasText: 'Klar för granskning' }).waitFor();
    await addSource(omar.page, join(work, 'samrad.txt'), NOTES_TITLE);
    await waitUntilSaved(omar.page);

    cable.plug();
    await status(omar.page).getByText('Ändringar i 2 delar av planen godtogs inte av servern.').waitFor({ timeout: 60_000 });
    await waitForSyncState(omar.page, 'synced');
    // The plan's doc is the server's: the chapter is Socialstyrelsen's draft, and his notes are not among the plan's sources.
    await omar.page.locator('.chapter-header .status-badge', { hasText: 'Utkast' }).waitFor({ timeout: 30_000 });
    expect(await refusedLog().filter(([, , doc]) => doc === `plan/${planId}`).length).toBe(1);

    await status(omar.page).getByRole('button', { name: 'Visa ändringarna' }).click();
    const dialog = refusedDialog(omar.page);
    await dialog.waitFor();
    await dialog.getByRole('heading', { name: 'Planens uppgifter' }).waitFor();
    await dialog.getByText('Kapitel 1, status: din Klar för granskning, serverns Utkast').waitFor();
    // His notes: the dialog names the source, shows its words and says what happened.
    const notes = dialog.getByRole('listitem').filter({ has: omar.page.getByRole('heading', { name: `Underlag: ${NOTES_TITLE}` }) });
    await notes.waitFor({ timeout: 30_000 });
    expect(await notes.getByRole('region', { name: 'Texten som inte godtogs' }).innerText()).toBe(NOTES.join('\n'));
    await notes.getByText(/^Servern har aldrig fått underlaget i planens lista över underlag/).waitFor();
    expect(await accessibilityViolations(omar.page)).toEqual([]);

    const download = omar.page.waitForEvent('download');
    await notes.getByRole('button', { name: 'Exportera' }).click();
    const text = readFileSync((await (await download).path())!, 'utf8');
    expect(text).toContain(`Underlag: ${NOTES_TITLE}`);
    expect(text).toContain(NOTES[1]);
  });

  it('after a reload his notes are still in the record, and the plan keeps syncing', async () => {
    await omar.page.reload();
    await status(omar.page).getByText('Ändringar i 2 delar av planen godtogs inte av servern.').waitFor({ timeout: 30_000 });
    await waitForSyncState(omar.page, 'synced');
    await status(omar.page).getByRole('button', { name: 'Visa ändringarna' }).click();
    const dialog = refusedDialog(omar.page);
    await dialog.getByRole('heading', { name: `Underlag: ${NOTES_TITLE}` }).waitFor();
    await dialog.getByText(NOTES[1]!).waitFor();
    await omar.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await openChapter(omar.page, 'Nytt kapitel');
    await commentOn(omar.page, chapterEditor(omar.page, 'Nytt kapitel'), 'text', 'Efter anteckningarna');
    await openChapter(anna.page, 'Nytt kapitel');
    await expect.poll(() => sidebar(anna.page).textContent(), { timeout: 30_000 }).toContain('Efter anteckningarna');
    // Nothing of his notes reached Anna: the server never listed them.
    await anna.page.getByRole('banner').getByRole('button', { name: 'Underlag' }).click();
    expect(await panel(anna.page).getByText(NOTES_TITLE).count()).toBe(0);
    // Chromium logs a reconnect attempt through the unplugged cable as a console error; that is the network, not the app.
    for (const c of [anna, omar]) expect(withoutCableErrors(c.pageErrors)).toEqual([]);
  });

  it('"Kasta" on his notes asks first, then that record is gone and only the plan’s details are left', async () => {
    await status(omar.page).getByRole('button', { name: 'Visa ändringarna' }).click();
    const dialog = refusedDialog(omar.page);
    await dialog.waitFor();
    const notes = dialog.getByRole('listitem').filter({ has: omar.page.getByRole('heading', { name: `Underlag: ${NOTES_TITLE}` }) });
    await notes.getByRole('button', { name: 'Kasta' }).click();
    const question = dialog.getByRole('group', { name: `Kasta ändringarna i ${NOTES_TITLE}? De går inte att få tillbaka.` });
    await question.waitFor();
    await question.getByRole('button', { name: 'Kasta ändringarna' }).click();
    await expect.poll(() => notes.count()).toBe(0);
    await dialog.getByRole('heading', { name: 'Planens uppgifter' }).waitFor();
    await omar.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await status(omar.page).getByText('Ändringar i planens uppgifter godtogs inte av servern.').waitFor();
  });
});

/**
 * Issue 13, "a refused update", through the app in Chromium and a real sync
 * server: Omar (Migrationsverket) writes in his agency's chapter while his
 * computer is cut off from the server (a cable we unplug: a TCP relay
 * between his computer and the server). Meanwhile Anna, the coordinator,
 * gives the chapter to Arbetsförmedlingen. When Omar is back, the server
 * refuses his change (he deleted words in a chapter no longer his agency's).
 *
 * What he can count on: his status bar says which chapter; the chapter is
 * rebuilt from the server's copy and everything keeps syncing (his comment
 * in another chapter reaches Anna); his words are kept in a record he can
 * see, export, and turn into a suggestion, which reaches the chapter's new
 * owner signed with his name. The texts each side intended are asserted.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations } from './support/axe.ts';
import { Cable, withoutCableErrors } from './support/cable.ts';
import { openChapter, outline } from './support/outline.ts';
import { chapterEditor, waitUntilSaved } from './support/app.ts';
import { card, commentOn, selectText, sidebar } from './support/comments.ts';
import { shareWithOfflineMember } from './support/offline-member.ts';
import { chapterText, SyncLab, waitForSyncState, type AgencyComputer } from './support/sync-agencies.ts';

const KEPT = 'Migrationsverket skriver kapitlet.';
const STRUCK = 'Meningen som Omar stryker.';
const ADDED = 'Omars nya mening.';
const OTHER = 'Andra kapitlets text.';

const lab = new SyncLab();
let af: AgencyComputer;
let migr: AgencyComputer;
let cable: Cable;

/** The chapter with suggestions written out: [+inserted] and [-deleted]. */
function markupOf(page: Page, title: string): Promise<string> {
  return chapterEditor(page, title).evaluate((root) => {
    let text = '';
    const walk = (node: Node): void => {
      for (const child of node.childNodes) {
        if (child instanceof HTMLElement && child.tagName === 'INS') text += `[+${child.textContent ?? ''}]`;
        else if (child instanceof HTMLElement && child.tagName === 'DEL') text += `[-${child.textContent ?? ''}]`;
        else if (child instanceof HTMLElement) walk(child);
        else text += child.textContent ?? '';
      }
    };
    walk(root);
    return text;
  });
}

describe('a change the server refused', () => {
  beforeAll(async () => {
    [af, migr] = (await lab.start(['af', 'migr'])) as [AgencyComputer, AgencyComputer];
    cable = await Cable.to(lab.server.port);
  });

  afterAll(async () => {
    await cable?.close();
    await lab.stop();
  });

  it('Omar joins a plan whose first chapter is his agency’s, through a cable that can be unplugged', async () => {
    await shareWithOfflineMember(lab, af, migr, cable, {
      title: 'Ägarbyte',
      first: `${KEPT} ${STRUCK}`,
      second: OTHER,
      firstOwner: 'Migrationsverket',
      member: { name: 'Omar Said', agency: 'migr', role: 'drafter' },
    });
  });

  it('offline, Omar replaces a sentence while Anna gives the chapter to Arbetsförmedlingen; back online, only that chapter is set aside', async () => {
    cable.unplug();
    await waitForSyncState(migr.page, 'offline');

    await openChapter(af.page, 'Kapitel 1');
    await af.page.getByRole('combobox', { name: 'Ansvarig myndighet' }).selectOption({ label: 'Arbetsförmedlingen' });
    await waitForSyncState(af.page, 'synced');

    // His app still has the chapter as his agency's: he edits it directly.
    const his = chapterEditor(migr.page, 'Kapitel 1');
    await selectText(his, STRUCK);
    await migr.page.keyboard.type(ADDED);
    await expect.poll(() => chapterText(his)).toBe(`${KEPT} ${ADDED}`);
    await waitUntilSaved(migr.page);

    cable.plug();
    const status = migr.page.getByRole('contentinfo');
    await status.getByText('Ändringar i kapitlet Kapitel 1 godtogs inte av servern.').waitFor({ timeout: 60_000 });
    // The rest of the plan syncs, and the chapter again holds the server's text.
    await waitForSyncState(migr.page, 'synced');
    await expect.poll(() => chapterText(chapterEditor(migr.page, 'Kapitel 1')), { timeout: 30_000 }).toBe(`${KEPT} ${STRUCK}`);
    expect(await outline(migr.page).locator('[data-refused]').count()).toBe(1);
    // Anna never saw his change.
    expect(await chapterText(chapterEditor(af.page, 'Kapitel 1'))).toBe(`${KEPT} ${STRUCK}`);
  });

  it('the rest of the plan keeps syncing: his comment in the other chapter reaches Anna', async () => {
    await openChapter(migr.page, 'Nytt kapitel');
    await commentOn(migr.page, chapterEditor(migr.page, 'Nytt kapitel'), 'Andra kapitlets', 'Kommer fram trots stoppet');
    await openChapter(af.page, 'Nytt kapitel');
    await card(af.page, 'Andra kapitlets').waitFor({ timeout: 30_000 });
    expect(await sidebar(af.page).textContent()).toContain('Kommer fram trots stoppet');
  });

  it('his words are kept: after a restart of the page the dialog shows them, and they can be exported', async () => {
    // The record is the host's, not the page's: it is there after a reload.
    await migr.page.reload();
    await migr.page.getByRole('contentinfo').getByText('Ändringar i kapitlet Kapitel 1 godtogs inte av servern.').waitFor({ timeout: 30_000 });
    await waitForSyncState(migr.page, 'synced');
    await migr.page.getByRole('contentinfo').getByRole('button', { name: 'Visa ändringarna' }).click();
    const dialog = migr.page.getByRole('dialog', { name: 'Ändringar som servern inte godtog' });
    await dialog.waitFor();
    const record = dialog.getByRole('region', { name: 'Texten som inte godtogs' });
    expect(await record.textContent()).toBe(`${KEPT} ${ADDED}`);
    await dialog.getByText('Kapitel: Kapitel 1').waitFor();
    await dialog.getByText(/Skäl: bara kapitlets ansvariga myndighet/).waitFor();
    expect(await accessibilityViolations(migr.page)).toEqual([]);

    // "Kasta" asks first; Avbryt keeps them.
    await dialog.getByRole('button', { name: 'Kasta' }).click();
    const question = dialog.getByRole('group', { name: 'Kasta ändringarna i Kapitel 1? De går inte att få tillbaka.' });
    await question.waitFor();
    await question.getByRole('button', { name: 'Avbryt' }).click();
    await question.waitFor({ state: 'detached' });
    expect(await dialog.locator('[data-refused-chapter]').count()).toBe(1);

    const download = migr.page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Exportera' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('kapitel-1-ej-godtaget.txt');
    const text = readFileSync((await file.path())!, 'utf8');
    expect(text).toContain('Kapitel: Kapitel 1');
    expect(text).toContain('Skrivet av: Omar Said (migr)');
    expect(text).toContain(`${KEPT} ${ADDED}`);
  });

  it('"Gör om till förslag" turns them into his suggestion, which reaches the chapter’s new owner signed by him', async () => {
    const dialog = migr.page.getByRole('dialog', { name: 'Ändringar som servern inte godtog' });
    // Keyboard: the button is reached and pressed like any other.
    await dialog.getByRole('button', { name: 'Gör om till förslag' }).focus();
    await migr.page.keyboard.press('Enter');
    await dialog.getByText('Ändringarna i Kapitel 1 är nu förslag från dig.').waitFor({ timeout: 30_000 });
    await expect.poll(() => dialog.locator('[data-refused-chapter]').count()).toBe(0);
    await migr.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => migr.page.getByRole('contentinfo').getByText(/godtogs inte av servern/).count()).toBe(0);
    await waitForSyncState(migr.page, 'synced');

    await openChapter(af.page, 'Kapitel 1');
    const expected = `${KEPT} [-Meningen som Omar stryker][+Omars nya mening].`;
    await expect.poll(() => markupOf(af.page, 'Kapitel 1'), { timeout: 30_000 }).toBe(expected);
    await openChapter(migr.page, 'Kapitel 1');
    await expect.poll(() => markupOf(migr.page, 'Kapitel 1'), { timeout: 30_000 }).toBe(expected);
    const panel = af.page.getByRole('region', { name: 'Förslag' });
    await expect.poll(() => panel.locator('[data-suggestion-card]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await panel.locator('[data-suggestion-card]').first().textContent()).toContain('Omar Said');
    // A mark in the outline no longer: nothing is left undecided.
    expect(await outline(migr.page).locator('[data-refused]').count()).toBe(0);
    // The server refused his change once, and accepted the suggestion.
    const refused = lab.server.logs().filter((r) => r['event'] === 'message-refused');
    expect(refused.map((r) => [r['rule'], r['scope'], r['agency']])).toEqual([['text-not-permitted', 'document', 'migr']]);
    for (const c of [af, migr]) expect(withoutCableErrors(c.pageErrors)).toEqual([]);
  });
});

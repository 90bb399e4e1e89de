/**
 * Suggestions between two agencies through a real sync server, in Chromium:
 * Anna (the coordinator, AF) shares a plan whose chapter Migrationsverket
 * owns; Omar (MIGR, the owner) and Sara (SOS, a drafter) join. Sara can only
 * suggest: she inserts words, deletes a word, splits a paragraph and turns
 * a paragraph into a list item, partly while the server is down and Omar
 * keeps writing. When they meet, Omar accepts some and rejects others in the
 * sidebar, and both pages end with the same, intended text.
 *
 * With `SAMSKRIV_UPDATE_SCREENSHOTS=1` it also writes the README's picture
 * of a chapter with suggestions from two agencies (docs/screenshots/).
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin, startSyncServerProcess } from '../support/sync-server-process.ts';
import { accessibilityViolations } from './support/axe.ts';
import { chapterEditor, createPlan, goToPlanList, waitUntilSaved } from './support/app.ts';
import { chapterText, joinFromWelcome, placeCursorAfter, publishOpenPlan, SyncLab, waitForSyncState, type AgencyComputer } from './support/sync-agencies.ts';

const FIRST = 'Målgruppen är kvinnor som har kommit till Sverige.';
const SECOND = 'Insatserna ska samordnas. Uppföljning sker varje år.';
const THIRD = 'Språkstöd';

const lab = new SyncLab();
let af: AgencyComputer;
let migr: AgencyComputer;
let sos: AgencyComputer;

async function joinPlan(computer: AgencyComputer, code: string): Promise<void> {
  await joinFromWelcome(computer.page, lab.server.url, code);
  await chapterEditor(computer.page, 'Kapitel 1').waitFor({ timeout: 60_000 });
}

function textOf(page: Page): Promise<string> {
  return chapterText(chapterEditor(page, 'Kapitel 1'));
}

/** The chapter with suggestions written out: [+inserted], [-deleted], and ¶+ / ¶~ before a block that is a new or changed one. */
function markupOf(page: Page): Promise<string> {
  return chapterEditor(page, 'Kapitel 1').evaluate((root) => {
    const blocks: string[] = [];
    for (const block of root.querySelectorAll('p, h1, h2, h3')) {
      const kind = block.getAttribute('data-suggestion-id') === null ? '' : block.classList.contains('block-suggestion--insert') ? '¶+' : block.classList.contains('block-suggestion--change') ? '¶~' : '¶-';
      let text = '';
      for (const child of block.childNodes) {
        const content = child.textContent ?? '';
        if (child instanceof HTMLElement && child.tagName === 'INS') text += `[+${content}]`;
        else if (child instanceof HTMLElement && child.tagName === 'DEL') text += `[-${content}]`;
        else text += content;
      }
      blocks.push(kind + (block.closest('li') ? '•' : '') + text);
    }
    return blocks.join(' | ');
  });
}

describe('suggestions between two agencies through the sync server', () => {
  beforeAll(async () => {
    [af, migr, sos] = (await lab.start(['af', 'migr', 'sos'])) as [AgencyComputer, AgencyComputer, AgencyComputer];
  });

  afterAll(() => lab.stop());

  it('the coordinator shares a chapter owned by Migrationsverket; Socialstyrelsen can only suggest in it', async () => {
    const page = af.page;
    await goToPlanList(page);
    const editor = await createPlan(page, 'Samverkansplan');
    await editor.click();
    await page.keyboard.type(`${FIRST}\n${SECOND}\n${THIRD}`);
    await page.getByRole('combobox', { name: 'Ansvarig myndighet' }).selectOption({ label: 'Migrationsverket' });
    await waitUntilSaved(page);
    const planId = await publishOpenPlan(page, lab.server.url, lab.serverDir);
    const invite = (name: string, agency: string): string => String(runAdmin(lab.serverDir, ['invite', '--plan-id', planId, '--name', name, '--agency', agency, '--role', 'drafter'])['code']);
    await joinPlan(migr, invite('Omar Said', 'migr'));
    await joinPlan(sos, invite('Sara Lind', 'sos'));
    for (const c of [migr, sos]) await expect.poll(() => textOf(c.page), { timeout: 30_000 }).toContain(THIRD);
    // Suggestions are signed with the member the invitation made: no profile needed first.

    // She is told who writes the chapter, and how her agency could write it directly (issue 13, co-writers).
    await sos.page.getByText('Du föreslår ändringar: kapitlet skrivs av Migrationsverket. Ska Socialstyrelsen skriva direkt i det kan Migrationsverket eller samordnaren lägga till er som medskribent.').first().waitFor();
    expect(await migr.page.getByRole('radiogroup', { name: 'Ändringsläge' }).getByRole('radio', { name: 'Redigera' }).isChecked()).toBe(true);
  });

  it('Sara suggests an insertion, a deletion, a split and a list, partly offline while Omar writes', async () => {
    const editor = chapterEditor(sos.page, 'Kapitel 1');
    await placeCursorAfter(editor, 'Målgruppen är');
    await sos.page.keyboard.type(' utrikes födda');
    // (placeCursorAfter looks inside one text node: the suggested words are a node of their own.)
    await placeCursorAfter(editor, ' kvinnor som har');
    for (let i = 0; i < ' har'.length; i++) await sos.page.keyboard.press('Backspace');
    await expect.poll(() => markupOf(migr.page), { timeout: 30_000 }).toContain('Målgruppen är[+ utrikes födda] kvinnor som[- har] kommit');

    // The server goes away; both keep working.
    const port = lab.server.port;
    await lab.server.kill();
    for (const c of [migr, sos]) await waitForSyncState(c.page, 'offline');
    await placeCursorAfter(editor, 'Insatserna ska samordnas.');
    await sos.page.keyboard.press('Enter');
    await placeCursorAfter(editor, THIRD);
    await sos.page.keyboard.press('Control+Shift+8');
    const omar = chapterEditor(migr.page, 'Kapitel 1');
    await placeCursorAfter(omar, 'varje år.');
    await migr.page.keyboard.type(' Länsstyrelsen samordnar.');
    for (const c of [migr, sos]) await waitUntilSaved(c.page);

    lab.server = await startSyncServerProcess({ dataDir: lab.serverDir, port });
    for (const c of [af, migr, sos]) await waitForSyncState(c.page, 'synced', 90_000);
    const expected =
      'Målgruppen är[+ utrikes födda] kvinnor som[- har] kommit till Sverige. | Insatserna ska samordnas. | ¶+ Uppföljning sker varje år. Länsstyrelsen samordnar. | ¶~•Språkstöd';
    await expect.poll(() => markupOf(migr.page), { timeout: 30_000 }).toBe(expected);
    await expect.poll(() => markupOf(sos.page), { timeout: 30_000 }).toBe(expected);
    // Four cards in the owner's sidebar, each with its author and agency.
    const panel = migr.page.getByRole('region', { name: 'Förslag' });
    await panel.getByText('4 att hantera').first().waitFor();
    await expect.poll(() => panel.locator('[data-suggestion-card]').count(), { timeout: 30_000 }).toBe(4);
    expect(await panel.locator('[data-suggestion-card]').first().textContent()).toContain('Sara Lind');
  });

  it('shows suggestions from two agencies, accessibly', async () => {
    // The coordinator suggests too (she may edit directly, and chooses Föreslå).
    await af.page.getByRole('radio', { name: 'Föreslå' }).check();
    await placeCursorAfter(chapterEditor(af.page, 'Kapitel 1'), 'Länsstyrelsen samordnar.');
    await af.page.keyboard.type(' Arbetsförmedlingen följer upp.');
    await expect.poll(() => markupOf(migr.page), { timeout: 30_000 }).toContain('[+ Arbetsförmedlingen följer upp.]');
    expect(await accessibilityViolations(migr.page)).toEqual([]);
    // The coordinator's one list of everything to handle lists the suggestions too, by the agency that made them.
    await af.page.getByRole('button', { name: 'Kommentarer i planen' }).click();
    const overview = af.page.getByRole('dialog', { name: 'Kommentarer i planen' });
    await overview.getByText('Infogar ” utrikes födda”').first().waitFor();
    expect(await overview.locator('.overview-item--suggestion').count()).toBe(5);
    expect(await accessibilityViolations(af.page)).toEqual([]);
    await af.page.keyboard.press('Escape');
    if (process.env.SAMSKRIV_UPDATE_SCREENSHOTS === '1') {
      await migr.page.screenshot({ path: resolve(import.meta.dirname, '../../docs/screenshots/suggestions.png') });
    }
  });

  it('Omar accepts some and rejects others; both pages end with the same text', async () => {
    const panel = migr.page.getByRole('region', { name: 'Förslag' });
    const card = (text: string) => panel.locator('[data-suggestion-card]').filter({ hasText: text });
    await card('Infogar ” utrikes födda”').getByRole('button', { name: 'Godta' }).click();
    await card('Tar bort ” har”').getByRole('button', { name: 'Avvisa' }).click();
    await card('Nytt stycke').getByRole('button', { name: 'Godta' }).click();
    await card('Ändrar ett styckes typ eller lista').getByRole('button', { name: 'Avvisa' }).click();
    await card('Arbetsförmedlingen följer upp').getByRole('button', { name: 'Godta' }).click();
    const expected = 'Målgruppen är utrikes födda kvinnor som har kommit till Sverige. | Insatserna ska samordnas. |  Uppföljning sker varje år. Länsstyrelsen samordnar. Arbetsförmedlingen följer upp. | Språkstöd';
    for (const c of [migr, sos, af]) await expect.poll(() => markupOf(c.page), { timeout: 30_000 }).toBe(expected);
    await panel.getByText('Inga förslag att hantera.').first().waitFor();
    // The decisions stay listed, with who made them.
    await panel.getByRole('radio', { name: 'Avgjorda' }).check();
    await expect.poll(() => panel.locator('[data-suggestion-card]').count(), { timeout: 30_000 }).toBe(5);
    await panel.getByText(/Avvisat av Omar Said/).first().waitFor();
  });
});

/**
 * Comments among several members: a thread by Sara (Socialstyrelsen) written
 * in the page, and threads by Maria (Jämställdhetsmyndigheten) written the
 * way her own machine would have written them, stored in the host's store
 * from the test process and seen by the page when it reloads the plan
 * (support/comments.ts, changeChapterElsewhere). With a thread that is not
 * the page's own, "Skrivna av mig", "no edit on another's message" and "a
 * drafter cannot resolve another's thread" mean something.
 *
 * Covered here: the sidebar's filters and count; editing and deleting one's
 * own message; the coordinator overview (by chapter, by agency, "Visa",
 * "Lös"); axe with compact and open cards, the composer, the overview and
 * the profile dialog.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createThread, replyToThread, resolveThread } from '../../shared/comments/threads.ts';
import { accessibilityViolations } from './support/axe.ts';
import { chapterEditor, useApp, waitUntilSaved, type RunningApp } from './support/app.ts';
import {
  actAs,
  ANDERS,
  announcement,
  card,
  cardOffsetFromAnchor,
  cardQuotes,
  changeChapterElsewhere,
  commentOn,
  expand,
  fillProfile,
  SARA,
  selectText,
  sidebar,
  threadCount,
  type OtherMember,
} from './support/comments.ts';

const CHAPTER = 'Uppdraget och dess bakgrund';
const FOLLOW_UP = 'Uppföljning';
const MARIA: OtherMember = { memberId: 'e2e-maria-jamy', name: 'Maria Ek', agency: 'jamy', role: 'drafter' };
const OWN = 'Arbetsförmedlingen samordnar uppdraget';
const MARIA_OPEN = 'Skillnaden är störst under de första åren';
const MARIA_RESOLVED = 'Länsstyrelserna har tidigare samlat in';
const MARIA_FOLLOW_UP = 'Planen följs upp årligen';

let app: RunningApp;
let page: Page;

useApp(async (started) => {
  [app, page] = [started, started.page];
  const editor = chapterEditor(page, CHAPTER);
  await editor.waitFor();
  await page.getByRole('banner').getByRole('button', { name: 'Ange vem du är' }).click();
  await fillProfile(page, SARA);
  await commentOn(page, editor, OWN, 'Ska samordningen beskrivas närmare?', 'SOS – Socialstyrelsen');
  await waitUntilSaved(page);

  // Maria's machine: two threads in this chapter (one she has resolved
  // herself) and one in "Uppföljning".
  await changeChapterElsewhere(app.dataDir, CHAPTER, (chapter) => {
    const open = crypto.randomUUID();
    createThread(chapter.doc, MARIA, { id: open, messageId: crypto.randomUUID(), text: 'Finns det siffror för 2022?', quote: MARIA_OPEN, assignedAgency: 'af' });
    chapter.anchor(MARIA_OPEN, open);
    const resolved = crypto.randomUUID();
    createThread(chapter.doc, MARIA, { id: resolved, messageId: crypto.randomUUID(), text: 'Vilka länsstyrelser?', quote: MARIA_RESOLVED, assignedAgency: 'lst' });
    replyToThread(chapter.doc, MARIA, resolved, { id: crypto.randomUUID(), text: 'Jag har hittat svaret själv.' });
    resolveThread(chapter.doc, MARIA, resolved);
    chapter.anchor(MARIA_RESOLVED, resolved);
  });
  await changeChapterElsewhere(app.dataDir, FOLLOW_UP, (chapter) => {
    const id = crypto.randomUUID();
    createThread(chapter.doc, MARIA, { id, messageId: crypto.randomUUID(), text: 'Hur ofta lämnar FK underlag?', quote: MARIA_FOLLOW_UP, assignedAgency: 'fk' });
    chapter.anchor(MARIA_FOLLOW_UP, id);
  });
  await page.reload();
  await chapterEditor(page, CHAPTER).waitFor();
  await actAs(page, SARA);
  await card(page, MARIA_OPEN).waitFor();
});

async function expectNoViolations(): Promise<void> {
  const violations = await accessibilityViolations(page);
  expect(violations.join('\n\n')).toBe('');
}

describe('the sidebar with threads by two members', () => {
  it('filters by state, by "mine" and by agency, and says how many of the threads it shows', async () => {
    const bar = sidebar(page);
    expect(await threadCount(page)).toBe('2 av 3 trådar');
    expect(await cardQuotes(page)).toEqual([OWN, MARIA_OPEN]);

    await bar.getByRole('radio', { name: 'Lösta' }).check();
    expect(await threadCount(page)).toBe('1 av 3 trådar');
    expect(await cardQuotes(page)).toEqual([MARIA_RESOLVED]);
    await card(page, MARIA_RESOLVED).getByText(/^Löst av Maria Ek \(Jämställdhetsmyndigheten\)/).waitFor();

    await bar.getByRole('radio', { name: 'Alla' }).check();
    expect(await threadCount(page)).toBe('3 av 3 trådar');
    await bar.getByRole('radio', { name: 'Öppna' }).check();

    // Sara is at Socialstyrelsen: only her own thread is assigned to it.
    await bar.getByRole('checkbox', { name: 'Tilldelade min myndighet' }).check();
    expect(await cardQuotes(page)).toEqual([OWN]);
    await bar.getByRole('checkbox', { name: 'Tilldelade min myndighet' }).uncheck();

    await bar.getByRole('checkbox', { name: 'Skrivna av mig' }).check();
    expect(await cardQuotes(page)).toEqual([OWN]);
    expect(await threadCount(page)).toBe('1 av 3 trådar');
    await bar.getByRole('checkbox', { name: 'Skrivna av mig' }).uncheck();

    const agency = bar.getByRole('combobox', { name: 'Tilldelad myndighet' });
    await agency.selectOption({ label: 'Arbetsförmedlingen' });
    expect(await cardQuotes(page)).toEqual([MARIA_OPEN]);
    await agency.selectOption({ label: 'Ingen tilldelad' });
    await bar.getByText('Inga trådar att visa.').waitFor();
    expect(await threadCount(page)).toBe('0 av 3 trådar');
    await agency.selectOption({ label: 'Alla myndigheter' });
    expect(await threadCount(page)).toBe('2 av 3 trådar');
  });

  it('says who a thread is assigned to as a state: "Tilldelad: Arbetsförmedlingen"', async () => {
    expect(await card(page, MARIA_OPEN).getByText('Tilldelad: Arbetsförmedlingen', { exact: true }).count()).toBe(1);
  });

  it('edits and deletes her own messages (a deleted one stays as a tombstone), and offers neither on Maria\'s', async () => {
    const own = await expand(card(page, OWN));
    await own.getByRole('button', { name: 'Redigera' }).click();
    const field = own.getByRole('textbox', { name: 'Redigera kommentar' });
    await field.fill('Ska samordningen beskrivas närmare i kapitel 5?');
    await own.getByRole('button', { name: 'Spara' }).click();
    await own.getByText('Ska samordningen beskrivas närmare i kapitel 5?').waitFor();
    await own.getByText('(redigerad)').waitFor();
    await expect.poll(() => announcement(page)).toBe('Kommentaren ändrades');

    const reply = own.getByRole('textbox', { name: 'Svar' });
    await reply.fill('Ett svar som ska bort.');
    await reply.press('Control+Enter');
    const replyItem = own.locator('li.thread-message', { hasText: 'Ett svar som ska bort.' });
    await replyItem.getByRole('button', { name: 'Ta bort' }).click();
    await own.getByRole('group', { name: /^Ta bort kommentaren\?/ }).getByRole('button', { name: 'Ja, ta bort' }).click();
    await own.getByText('Kommentaren togs bort', { exact: true }).waitFor();
    expect(await own.getByText('Ett svar som ska bort.').count()).toBe(0);
    await expect.poll(() => announcement(page)).toBe('Kommentaren togs bort');
    // The tombstone has no actions; the first message can still be edited.
    expect(await own.getByRole('button', { name: 'Ta bort' }).count()).toBe(1);

    const marias = await expand(card(page, MARIA_OPEN));
    await marias.getByText('Finns det siffror för 2022?').waitFor();
    expect(await marias.getByRole('button', { name: 'Redigera' }).count()).toBe(0);
    expect(await marias.getByRole('button', { name: 'Ta bort' }).count()).toBe(0);
    // A drafter resolves only her own threads; she may still reply.
    expect(await marias.getByRole('button', { name: 'Lös', exact: true }).count()).toBe(0);
    expect(await marias.getByRole('textbox', { name: 'Svar' }).count()).toBe(1);
    // Opening Maria's card closed Sara's: one open card at a time.
    expect(await card(page, OWN).getAttribute('data-expanded')).toBe('false');
    await waitUntilSaved(page);
  });
});

describe('"Kommentarer i planen", the overview before submission', () => {
  const overview = (): ReturnType<Page['getByRole']> => page.getByRole('dialog', { name: 'Kommentarer i planen' });
  const item = (quote: string): ReturnType<Page['locator']> => overview().locator('li', { has: page.locator('blockquote', { hasText: quote }) });

  it('lists every open thread by chapter and by agency; a drafter may resolve only her own', async () => {
    await page.getByRole('banner').getByRole('button', { name: 'Kommentarer i planen' }).click();
    await overview().waitFor();
    const groups = overview().getByRole('heading', { level: 3 });
    expect(await groups.allInnerTexts()).toEqual([`${CHAPTER} (2)`, `${FOLLOW_UP} (1)`]);
    expect(await overview().getByText('3 trådar').count()).toBe(1);
    expect(await item(OWN).getByRole('button', { name: 'Lös' }).count()).toBe(1);
    expect(await item(MARIA_OPEN).getByRole('button', { name: 'Lös' }).count()).toBe(0);
    expect(await item(MARIA_FOLLOW_UP).getByRole('button', { name: 'Lös' }).count()).toBe(0);
    await expectNoViolations();

    await overview().getByRole('radio', { name: 'Per myndighet' }).check();
    expect(await groups.allInnerTexts()).toEqual(['Arbetsförmedlingen (1)', 'Försäkringskassan (1)', 'Socialstyrelsen (1)']);
    await item(MARIA_FOLLOW_UP).getByText(`Kapitel: ${FOLLOW_UP}`).waitFor();
    await item(MARIA_FOLLOW_UP).getByText('· Tilldelad: Försäkringskassan').waitFor();
    await overview().getByRole('button', { name: 'Stäng' }).click();
    await overview().waitFor({ state: 'detached' });
  });

  it('the coordinator jumps to a thread in another chapter with "Visa" and resolves another agency\'s thread', async () => {
    await actAs(page, ANDERS);
    await page.getByRole('banner').getByRole('button', { name: 'Kommentarer i planen' }).click();
    await item(MARIA_FOLLOW_UP).getByRole('button', { name: `Visa kommentaren i ${FOLLOW_UP}` }).click();
    await overview().waitFor({ state: 'detached' });
    await chapterEditor(page, FOLLOW_UP).waitFor();
    // The card has focus, is open, and sits beside its text.
    const shown = card(page, MARIA_FOLLOW_UP);
    await expect.poll(() => shown.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await shown.getAttribute('data-expanded')).toBe('true');
    expect(Math.abs(await cardOffsetFromAnchor(shown))).toBeLessThan(12);

    await page.getByRole('banner').getByRole('button', { name: 'Kommentarer i planen' }).click();
    await item(MARIA_OPEN).getByRole('button', { name: 'Lös' }).click();
    await expect.poll(() => announcement(page)).toBe('Tråden markerades som löst');
    await item(MARIA_OPEN).waitFor({ state: 'detached' });
    expect(await overview().getByText('2 trådar').count()).toBe(1);
    await overview().getByRole('combobox', { name: 'Visa trådar' }).selectOption({ label: 'Lösta' });
    await item(MARIA_OPEN).getByText(/Löst av Anders Berg \(Arbetsförmedlingen\)/).waitFor();
    await overview().getByRole('button', { name: 'Stäng' }).click();
    await waitUntilSaved(page);
  });

  it('after "Visa", one action goes back to the overview where it was: grouping, filter, scroll position and focus on the thread\'s row', async () => {
    await actAs(page, ANDERS);
    // Low enough that the list scrolls, so "where it was" includes a scroll position.
    await page.setViewportSize({ width: 1280, height: 420 });
    try {
      const banner = page.getByRole('banner');
      await banner.getByRole('button', { name: 'Kommentarer i planen', exact: true }).click();
      await overview().getByRole('radio', { name: 'Per myndighet' }).check();
      await overview().getByRole('combobox', { name: 'Visa trådar' }).selectOption({ label: 'Alla' });
      const body = overview().locator('.overview-body');
      await body.evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      const show = item(MARIA_FOLLOW_UP).getByRole('button', { name: `Visa kommentaren i ${FOLLOW_UP}` });
      await show.focus();
      // Where the list is when "Visa" is pressed (focus may have scrolled it).
      const scrolled = await body.evaluate((el) => el.scrollTop);
      expect(scrolled).toBeGreaterThan(0);
      await page.keyboard.press('Enter');
      await overview().waitFor({ state: 'detached' });
      await expect.poll(() => card(page, MARIA_FOLLOW_UP).evaluate((el) => el === document.activeElement)).toBe(true);

      await banner.getByRole('button', { name: 'Tillbaka till Kommentarer i planen' }).click();
      await overview().waitFor();
      expect(await overview().getByRole('radio', { name: 'Per myndighet' }).isChecked()).toBe(true);
      expect(await overview().getByRole('combobox', { name: 'Visa trådar' }).inputValue()).toBe('all');
      await expect.poll(() => show.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await body.evaluate((el) => el.scrollTop)).toBe(scrolled);
      await expectNoViolations();

      // Closing it means the coordinator is done: the next opening starts afresh.
      await page.keyboard.press('Escape');
      await overview().waitFor({ state: 'detached' });
      await banner.getByRole('button', { name: 'Kommentarer i planen', exact: true }).click();
      expect(await overview().getByRole('radio', { name: 'Per kapitel' }).isChecked()).toBe(true);
      await overview().getByRole('button', { name: 'Stäng' }).click();
      await overview().waitFor({ state: 'detached' });
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});

describe('axe-core finds no WCAG 2.1 A/AA violations', () => {
  it('with compact and open cards, the composer and the profile dialog', async () => {
    await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: /^1\. Uppdraget/ }).click();
    const editor = chapterEditor(page, CHAPTER);
    await editor.waitFor();
    await card(page, OWN).waitFor();
    await expectNoViolations();
    await expand(card(page, OWN));
    await expectNoViolations();

    await selectText(editor, 'Regeringsbeslutet finns i sin helhet');
    await page.keyboard.press('Control+Alt+m');
    const composer = sidebar(page).getByRole('region', { name: 'Ny kommentar' });
    await composer.getByRole('textbox', { name: 'Kommentar' }).waitFor();
    await expectNoViolations();
    await composer.getByRole('textbox', { name: 'Kommentar' }).press('Escape');
    await composer.waitFor({ state: 'detached' });

    await page.getByRole('banner').getByRole('button', { name: /^Anders Berg/ }).click();
    const profile = page.getByRole('dialog', { name: 'Vem är du?' });
    await profile.waitFor();
    await expectNoViolations();
    await profile.getByRole('button', { name: 'Avbryt' }).click();
    await profile.waitFor({ state: 'detached' });
  });

  it('logged no errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});

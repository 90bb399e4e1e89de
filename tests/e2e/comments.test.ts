/**
 * Comment threads between two agencies (issue 4): a Socialstyrelsen drafter
 * and the coordinator at Arbetsförmedlingen, each in their own browser page
 * on one browser host.
 *
 * There is no sync server yet (issue 3). Both pages save every change to the
 * same host store, which merges the updates; a page sees the other's changes
 * when it (re)loads the plan. That is how these tests pass changes between
 * the pages: by reloading, never by reaching into the other page. It also
 * makes a page "offline" from the other's point of view until it reloads,
 * which is what the merge test uses.
 *
 * Preferences belong to the host's store, so both pages share one member id;
 * the pages say who they are (name and agency) after each reload. The
 * "written by me" filter is therefore checked in comments-members.test.ts
 * against a thread by another member.
 *
 * Cards are compact until they are opened (a click, focus, next/previous or
 * the caret in their text); `expand` opens one as a click does.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chapterEditor, openAnotherPage, useApp, waitUntilSaved, type RunningApp } from './support/app.ts';
import { actAs, ANDERS, announcement, card, expand, fillProfile, SARA, selectText, sidebar, threadCount } from './support/comments.ts';

const CHAPTER = 'Uppdraget och dess bakgrund';
const QUOTE = 'senast den 31 mars 2023';
let app: RunningApp;
let sara: Page;
let anders: Page;
const andersErrors: string[] = [];

useApp(async (started) => {
  [app, sara] = [started, started.page];
  await chapterEditor(sara, CHAPTER).waitFor();
  const other = await openAnotherPage(app);
  anders = other.page;
  andersErrors.push(...other.pageErrors);
  other.page.on('pageerror', (error) => andersErrors.push(error.message));
});

async function reloadAs(page: Page, person: typeof SARA): Promise<void> {
  await page.reload();
  await chapterEditor(page, CHAPTER).waitFor();
  await actAs(page, person);
}

describe('a thread between a drafter and the coordinator', () => {
  it('the drafter comments with Ctrl+Alt+M, says who she is first, and posts with Ctrl+Enter', async () => {
    const editor = chapterEditor(sara, CHAPTER);
    await sara.getByRole('banner').getByRole('button', { name: 'Ange vem du är' }).waitFor();
    // Without a profile the comment starts by asking who is writing.
    await selectText(editor, QUOTE);
    await sara.keyboard.press('Control+Alt+m');
    await fillProfile(sara, SARA);
    const composer = sidebar(sara).getByRole('region', { name: 'Ny kommentar' });
    const field = composer.getByRole('textbox', { name: 'Kommentar' });
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    // The chapter's owning agency is the default assignee.
    expect(await composer.getByRole('combobox', { name: 'Tilldela' }).inputValue()).toBe('af');
    await field.fill('Stämmer datumet? Källa?');
    await field.press('Control+Enter');

    const thread = card(sara, QUOTE);
    await thread.waitFor();
    expect(await thread.getByText('Stämmer datumet? Källa?').count()).toBe(1);
    expect(await thread.getByText('Sara Lind', { exact: true }).count()).toBe(1);
    await expect.poll(() => announcement(sara)).toBe('Kommentaren skickades');
    // The commented text carries the thread's anchor, and focus is back in the text.
    expect(await editor.locator('span.comment-anchor').innerText()).toBe(QUOTE);
    await expect.poll(() => editor.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await threadCount(sara)).toBe('1 av 1 trådar');
    await waitUntilSaved(sara);
  });

  it('the coordinator sees it after loading the plan and replies', async () => {
    await reloadAs(anders, ANDERS);
    const thread = card(anders, QUOTE);
    await thread.waitFor();
    // After loading, every card is compact: no reply field until it is opened.
    expect(await thread.getAttribute('data-expanded')).toBe('false');
    expect(await thread.getByRole('textbox', { name: 'Svar' }).count()).toBe(0);
    await expand(thread);
    const reply = thread.getByRole('textbox', { name: 'Svar' });
    await reply.fill('Datumet står i regeringsbeslutet.');
    await reply.press('Control+Enter');
    await thread.getByText('Datumet står i regeringsbeslutet.').waitFor();
    await expect.poll(() => announcement(anders)).toBe('Svaret skickades');
    await waitUntilSaved(anders);
  });

  it('the coordinator resolves it: it leaves the open list and the text, and is listed under "Lösta" with who and when', async () => {
    const thread = await expand(card(anders, QUOTE));
    await thread.getByRole('button', { name: 'Lös', exact: true }).click();
    await expect.poll(() => announcement(anders)).toBe('Tråden markerades som löst');
    await thread.waitFor({ state: 'detached' });
    expect(await threadCount(anders)).toBe('0 av 1 trådar');
    // The mark stays in the text, but it is no longer highlighted.
    const anchor = chapterEditor(anders, CHAPTER).locator('span.comment-anchor');
    expect(await anchor.innerText()).toBe(QUOTE);
    expect(await anchor.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgba(0, 0, 0, 0)');

    await sidebar(anders).getByRole('radio', { name: 'Lösta' }).check();
    await card(anders, QUOTE).getByText(/^Löst av Anders Berg \(Arbetsförmedlingen\)/).waitFor();
    await waitUntilSaved(anders);
  });

  it('the drafter, author of the thread, reopens it', async () => {
    await reloadAs(sara, SARA);
    expect(await threadCount(sara)).toBe('0 av 1 trådar');
    await sidebar(sara).getByRole('radio', { name: 'Alla' }).check();
    const thread = card(sara, QUOTE);
    await thread.getByText('Datumet står i regeringsbeslutet.').waitFor();
    await expand(thread);
    await thread.getByRole('button', { name: 'Återöppna' }).click();
    await expect.poll(() => announcement(sara)).toBe('Tråden öppnades igen');
    await sidebar(sara).getByRole('radio', { name: 'Öppna' }).check();
    await card(sara, QUOTE).waitFor();
    await expand(thread);
    await thread.locator('summary', { hasText: 'Historik' }).click();
    const history = await thread.locator('.thread-history li').allInnerTexts();
    expect(history.map((line) => line.replace(/ \d.*$/, ''))).toEqual([
      'Sara Lind (SOS) startade tråden',
      'Sara Lind (SOS) tilldelade tråden till Arbetsförmedlingen',
      'Anders Berg (AF) svarade',
      'Anders Berg (AF) löste tråden',
      'Sara Lind (SOS) öppnade tråden igen',
    ]);
    await waitUntilSaved(sara);
  });

  it('a reply written "offline" and a resolve that did not see it merge into an open thread with both in the history (rule 1)', async () => {
    await reloadAs(anders, ANDERS);
    // Anders has loaded the open thread. Sara now replies; Anders does not
    // see it (he does not reload) and resolves the thread as he saw it.
    const saraThread = await expand(card(sara, QUOTE));
    const reply = saraThread.getByRole('textbox', { name: 'Svar' });
    await reply.fill('Jag har lagt till källan i texten.');
    await reply.press('Control+Enter');
    await saraThread.getByText('Jag har lagt till källan i texten.').waitFor();
    await waitUntilSaved(sara);

    const andersThread = await expand(card(anders, QUOTE));
    expect(await andersThread.getByText('Jag har lagt till källan i texten.').count()).toBe(0);
    await andersThread.getByRole('button', { name: 'Lös', exact: true }).click();
    await andersThread.waitFor({ state: 'detached' });
    await waitUntilSaved(anders);

    for (const [page, person] of [[sara, SARA], [anders, ANDERS]] as const) {
      await reloadAs(page, person);
      const merged = card(page, QUOTE);
      await merged.waitFor();
      expect(await merged.getAttribute('data-state')).toBe('open');
      await merged.getByText('Jag har lagt till källan i texten.').waitFor();
      await merged.getByText(/öppnades igen av ett svar/).waitFor();
      await expand(merged);
      await merged.locator('summary', { hasText: 'Historik' }).click();
      const history = await merged.locator('.thread-history li').allInnerTexts();
      // Both concurrent events are kept: the reply, and the second resolve.
      expect(history.filter((line) => line.startsWith('Sara Lind (SOS) svarade'))).toHaveLength(1);
      expect(history.filter((line) => line.startsWith('Anders Berg (AF) löste tråden'))).toHaveLength(2);
    }
  });

  it('logged no errors on either page', () => {
    expect(app.pageErrors).toEqual([]);
    expect(andersErrors).toEqual([]);
  });
});

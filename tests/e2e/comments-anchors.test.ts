/**
 * Threads follow their text (issue 4): a card stays beside its anchor while
 * text is typed before it and its paragraph is split, the highlight keeps
 * covering the same words, and a thread whose text is deleted is kept as a
 * detached card with its quote, listed last. And all of it by keyboard:
 * comment, move between threads, reply, resolve and go back to the text
 * without the mouse, with focus visible at every step and the live region
 * saying what happened.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { chapterEditor, moveCursor, useApp, waitUntilSaved, type RunningApp } from './support/app.ts';
import {
  actAs,
  ANDERS,
  anchorOf,
  announcement,
  card,
  cardOffsetFromAnchor,
  cardQuotes,
  commentOn,
  focusIsVisible,
  SARA,
  selectText,
  sidebar,
  tabTo,
  threadCount,
} from './support/comments.ts';

const CHAPTER = 'Uppdraget och dess bakgrund';
const FIRST_WORDS = 'Regeringen gav';
const GAP = 'Skillnaden är störst under de första åren';
const LATER = 'Varje myndighet ansvarar för';

let app: RunningApp;
let page: Page;
let editor: Locator;

useApp(async (started) => {
  [app, page] = [started, started.page];
  editor = chapterEditor(page, CHAPTER);
  await editor.waitFor();
});

const focused = (target: Locator): Promise<boolean> => target.evaluate((el) => el === document.activeElement);

/** The text under the thread's highlight, all of its pieces joined. */
async function highlightedText(threadCard: Locator): Promise<string> {
  const id = await threadCard.getAttribute('data-thread-card');
  const pieces = await editor.locator(`span.comment-anchor[data-thread-id="${id}"]`).allInnerTexts();
  return pieces.join('');
}

describe('by keyboard only', () => {
  it('comments (saying who she is first), moves between threads, replies, resolves and goes back to the text', async () => {
    // The caret to the start of the chapter, two words selected with Ctrl+Shift+→.
    await editor.focus();
    await moveCursor(editor, 'Control+Home', 'Control+Shift+ArrowRight', 'Control+Shift+ArrowRight');
    await page.keyboard.press('Control+Alt+m');
    const profile = page.getByRole('dialog', { name: 'Vem är du?' });
    await profile.waitFor();
    await page.keyboard.type(SARA.name);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Soc'); // a closed <select> picks the option by typing
    expect(await profile.getByRole('combobox', { name: 'Myndighet' }).inputValue()).toBe('sos');
    await tabTo(page, profile.getByRole('button', { name: 'Spara' }));
    await page.keyboard.press('Enter');
    await profile.waitFor({ state: 'detached' });

    const field = sidebar(page).getByRole('region', { name: 'Ny kommentar' }).getByRole('textbox', { name: 'Kommentar' });
    await expect.poll(() => focused(field)).toBe(true);
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.type('Vilket datum?');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => announcement(page)).toBe('Kommentaren skickades');
    await expect.poll(() => focused(editor)).toBe(true);
    const first = card(page, FIRST_WORDS);
    await first.waitFor();

    // A second thread further down, to move between.
    await commentOn(page, editor, GAP, 'Källa?');
    const second = card(page, GAP);

    // From the start of the text: Alt+PageDown goes to the first thread,
    // then the second, Alt+PageUp back; the card reached is open and focused.
    await editor.focus();
    await moveCursor(editor, 'Control+Home');
    await page.keyboard.press('Alt+PageDown');
    await expect.poll(() => focused(first)).toBe(true);
    expect(await focusIsVisible(page)).toBe(true);
    expect(await first.getAttribute('data-expanded')).toBe('true');
    await page.keyboard.press('Alt+PageDown');
    await expect.poll(() => focused(second)).toBe(true);
    expect(await second.getAttribute('data-expanded')).toBe('true');
    expect(await first.getAttribute('data-expanded')).toBe('false');
    await page.keyboard.press('Alt+PageUp');
    await expect.poll(() => focused(first)).toBe(true);

    // Tab into the reply field, write, Ctrl+Enter.
    const reply = first.getByRole('textbox', { name: 'Svar' });
    await tabTo(page, reply);
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.type('Datumet står i beslutet.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => announcement(page)).toBe('Svaret skickades');
    await first.getByText('Datumet står i beslutet.').waitFor();

    // Tab to "Lös", Enter: the thread leaves the open list and focus goes to the next card.
    const resolve = first.getByRole('button', { name: 'Lös', exact: true });
    await tabTo(page, resolve);
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => announcement(page)).toBe('Tråden markerades som löst');
    await first.waitFor({ state: 'detached' });
    await expect.poll(() => focused(second)).toBe(true);
    expect(await focusIsVisible(page)).toBe(true);

    // Escape: back to the text, the caret at the start of that thread's words.
    await page.keyboard.press('Escape');
    await expect.poll(() => focused(editor)).toBe(true);
    const caretAtAnchor = await editor.evaluate((root, quote) => {
      type View = { state: { selection: { from: number }; doc: { textBetween(a: number, b: number): string } } };
      const view = (root as HTMLElement & { pmView?: View }).pmView!;
      const from = view.state.selection.from;
      return view.state.doc.textBetween(from, from + quote.length) === quote;
    }, GAP);
    expect(caretAtAnchor).toBe(true);

    // A compact card is one button: Tab reaches it without opening it, Enter opens it.
    await sidebar(page).getByRole('radio', { name: 'Alla' }).focus();
    await page.keyboard.press('Space');
    const resolvedCard = card(page, FIRST_WORDS);
    const toggle = resolvedCard.getByRole('heading').getByRole('button');
    await tabTo(page, toggle, 20);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await resolvedCard.getByRole('button', { name: 'Återöppna' }).waitFor();
    await sidebar(page).getByRole('radio', { name: 'Öppna' }).check();
    await waitUntilSaved(page);
  });
});

describe('a thread follows its text', () => {
  it('stays beside its anchor, on the same words, when text is typed before it and its paragraph is split', async () => {
    const thread = card(page, GAP);
    expect(Math.abs(await cardOffsetFromAnchor(thread))).toBeLessThan(12);
    // Boxes are in the viewport, and typing may scroll: measure from the top of the text.
    const anchorTop = async (): Promise<number> => (await (await anchorOf(thread)).boundingBox())!.y - (await editor.boundingBox())!.y;
    const anchorBefore = await anchorTop();

    // The caret to the start of the paragraph; a sentence long enough to wrap.
    await selectText(editor, 'Utrikes födda kvinnor har lägre');
    await moveCursor(editor, 'ArrowLeft');
    await page.keyboard.type('En ny inledning som är så lång att den skjuter den kommenterade texten en rad längre ned i stycket. ');
    // Split the paragraph right before the anchor: it starts a paragraph of its own.
    await selectText(editor, GAP);
    await moveCursor(editor, 'ArrowLeft');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');

    expect(await anchorTop()).toBeGreaterThan(anchorBefore + 40);
    expect(await highlightedText(thread)).toBe(GAP);
    // The anchored words now start a paragraph of their own.
    const id = await thread.getAttribute('data-thread-card');
    expect(await editor.locator('p', { has: page.locator(`span[data-thread-id="${id}"]`) }).innerText()).toMatch(new RegExp(`^${GAP}`));
    // The card has moved down with its text.
    expect(Math.abs(await cardOffsetFromAnchor(thread))).toBeLessThan(12);
    await waitUntilSaved(page);
  });

  it('when its text is deleted, it is kept as an open, detached card with its quote, listed last and counted', async () => {
    await commentOn(page, editor, LATER, 'Vem följer upp?');
    expect(await cardQuotes(page)).toEqual([GAP, LATER]);
    expect(await threadCount(page)).toBe('2 av 3 trådar');

    // The coordinator deletes the words (a drafter of another agency could
    // only suggest their deletion: docs/decisions/suggestions.md).
    await actAs(page, ANDERS);
    await selectText(editor, GAP);
    await page.keyboard.press('Backspace');
    await expect.poll(() => editor.innerText()).not.toContain(GAP);

    const detached = card(page, GAP);
    await detached.getByText('Fristående — den kommenterade texten är borttagen').waitFor();
    expect(await detached.getAttribute('data-state')).toBe('open');
    expect(await detached.getByText('Källa?').count()).toBe(1);
    expect(await cardQuotes(page)).toEqual([LATER, GAP]);
    expect(await threadCount(page)).toBe('2 av 3 trådar');
    const [laterBox, detachedBox] = await Promise.all([card(page, LATER).boundingBox(), detached.boundingBox()]);
    expect(detachedBox!.y).toBeGreaterThan(laterBox!.y);
    await waitUntilSaved(page);
  });

  it('logged no errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});

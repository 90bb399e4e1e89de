/**
 * Helpers for the comment end-to-end tests. Like the rest of the support
 * code they find things by role and accessible name, act as a person does
 * (select text, press Ctrl+Alt+M, type, press Ctrl+Enter) and wait for what
 * the screen shows, never for time.
 */
import { Transform } from 'prosemirror-transform';
import * as Y from 'yjs';
import type { Locator, Page } from 'playwright-core';
import { ChapterBinding } from '../../../shared/chapter-text/chapter-binding.ts';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { chapterDocName, manifestDocName } from '../../../shared/plan/doc-names.ts';
import { schema } from '../../../shared/schema/schema.ts';
import { HostService } from '../../../src-main/host/host-service.ts';

export interface Person {
  readonly name: string;
  /** The agency's Swedish name, as listed under "Myndighet". */
  readonly agency: string;
}

export const SARA: Person = { name: 'Sara Lind', agency: 'Socialstyrelsen' };
export const ANDERS: Person = { name: 'Anders Berg', agency: 'Arbetsförmedlingen' };

export function sidebar(page: Page): Locator {
  return page.getByRole('complementary', { name: 'Kommentarer' });
}

/** The card of the thread whose quote is `quote`. */
export function card(page: Page, quote: string): Locator {
  const exact = new RegExp(`^${quote.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return sidebar(page).locator('[data-thread-card]').filter({ has: page.locator('blockquote', { hasText: exact }) });
}

/** Fills "Vem är du?" (opened by whoever needs it) and saves it. */
export async function fillProfile(page: Page, person: Person): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Vem är du?' });
  await dialog.waitFor();
  await dialog.getByRole('textbox', { name: 'Namn' }).fill(person.name);
  await dialog.getByRole('combobox', { name: 'Myndighet' }).selectOption({ label: person.agency });
  await dialog.getByRole('button', { name: 'Spara' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/**
 * Says who is at this page, through the header's profile control. Both pages
 * of a test share one browser host, and preferences (name, agency, member
 * id) belong to the host's store, so after a reload a page shows whoever
 * saved a profile last; the tests then say again who they are.
 */
export async function actAs(page: Page, person: Person): Promise<void> {
  const header = page.getByRole('banner');
  const current = header.getByRole('button', { name: new RegExp(`^${person.name} ${person.agency}$`) });
  if (await current.isVisible()) return;
  await header.getByRole('button', { name: /^(Ange vem du är|.+ (Länsstyrelsen Västernorrland|Arbetsförmedlingen|Försäkringskassan|Jämställdhetsmyndigheten|Migrationsverket|Socialstyrelsen))$/ }).click();
  await fillProfile(page, person);
  await current.waitFor();
}

/**
 * Selects `text` inside the editor the way a mouse drag would (a DOM
 * selection) and waits until the editor has taken it in.
 */
export async function selectText(editor: Locator, text: string): Promise<void> {
  await editor.evaluate(async (root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let startNode: Text | null = null;
    let startOffset = 0;
    // The text may run across several text nodes (marks split it).
    const nodes: Text[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    const whole = nodes.map((n) => n.data).join('');
    const at = whole.indexOf(wanted);
    if (at < 0) throw new Error(`"${wanted}" is not in the chapter.`);
    let offset = 0;
    let endNode: Text | null = null;
    let endOffset = 0;
    for (const node of nodes) {
      if (startNode === null && at < offset + node.data.length) {
        startNode = node;
        startOffset = at - offset;
      }
      if (at + wanted.length <= offset + node.data.length) {
        endNode = node;
        endOffset = at + wanted.length - offset;
        break;
      }
      offset += node.data.length;
    }
    (root as HTMLElement).focus();
    getSelection()!.setBaseAndExtent(startNode!, startOffset, endNode!, endOffset);
    type View = { state: { selection: { from: number; to: number }; doc: { textBetween(a: number, b: number): string } } };
    const view = (root as HTMLElement & { pmView?: View }).pmView!;
    const caughtUp = (): boolean => view.state.doc.textBetween(view.state.selection.from, view.state.selection.to) === wanted;
    for (let frame = 0; frame < 120 && !caughtUp(); frame++) await new Promise((done) => requestAnimationFrame(done));
    if (!caughtUp()) throw new Error('The editor did not take in the selection.');
  }, text);
}

/** Select, Ctrl+Alt+M, write, (assign), Ctrl+Enter: the card appears in the sidebar. */
export async function commentOn(page: Page, editor: Locator, quote: string, message: string, assignTo?: string): Promise<Locator> {
  await selectText(editor, quote);
  await page.keyboard.press('Control+Alt+m');
  const composer = sidebar(page).getByRole('region', { name: 'Ny kommentar' });
  const field = composer.getByRole('textbox', { name: 'Kommentar' });
  await field.waitFor();
  await field.fill(message);
  if (assignTo !== undefined) await composer.getByRole('combobox', { name: 'Tilldela' }).selectOption({ label: assignTo });
  await field.press('Control+Enter');
  await composer.waitFor({ state: 'detached' });
  const posted = card(page, quote);
  await posted.waitFor();
  return posted;
}

/** What the live region last said. */
export function announcement(page: Page): Promise<string> {
  return page.locator('[data-announcer]').innerText();
}

/** The threads' count line in the sidebar header, e.g. "1 av 2 trådar". */
export function threadCount(page: Page): Promise<string> {
  return sidebar(page).getByText(/^\d+ av \d+ trådar$/).innerText();
}

/** The first piece of text that carries the anchor of the thread shown in `threadCard`. */
export async function anchorOf(threadCard: Locator): Promise<Locator> {
  const id = await threadCard.getAttribute('data-thread-card');
  if (id === null) throw new Error('Not a thread card.');
  return threadCard.page().locator(`.ProseMirror span.comment-anchor[data-thread-id="${id}"]`).first();
}

/**
 * How far (in CSS pixels) the card's top is below the top of its anchor's
 * first line, once the layout has settled (two frames: the layout runs in the
 * frame after a change).
 */
export async function cardOffsetFromAnchor(threadCard: Locator): Promise<number> {
  const page = threadCard.page();
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
  const anchor = await anchorOf(threadCard);
  const [cardBox, anchorBox] = await Promise.all([threadCard.boundingBox(), anchor.boundingBox()]);
  if (cardBox === null || anchorBox === null) throw new Error('The card or its anchor is not on screen.');
  return cardBox.y - anchorBox.y;
}

/**
 * Opens the card (the active thread) with its button, as a click on a
 * compact card does, and waits until the reply field and actions are there.
 */
export async function expand(threadCard: Locator): Promise<Locator> {
  if ((await threadCard.getAttribute('data-expanded')) !== 'true') {
    await threadCard.getByRole('heading').getByRole('button').click();
  }
  await threadCard.and(threadCard.page().locator('[data-expanded="true"]')).waitFor();
  return threadCard;
}

/** Presses Tab until `target` has focus; fails after `max` presses (it is not reachable, or not in a sensible place). */
export async function tabTo(page: Page, target: Locator, max = 12, key = 'Tab'): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  if (!(await target.evaluate((el) => el === document.activeElement))) throw new Error(`${String(target)} was not reached with ${max} presses of ${key}.`);
}

/**
 * Whether the focused element shows where focus is: an outline or box
 * shadow on it, or on its ::after (a compact card's button draws its ring
 * around the whole card that way), and it is on screen.
 */
export function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || el === document.body) return false;
    const ring = (style: CSSStyleDeclaration): boolean =>
      (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || (style.boxShadow !== 'none' && style.boxShadow !== '');
    const rect = el.getBoundingClientRect();
    const onScreen = rect.bottom > 0 && rect.top < innerHeight && rect.right > 0 && rect.left < innerWidth;
    return onScreen && (ring(getComputedStyle(el)) || ring(getComputedStyle(el, '::after')));
  });
}

/** The cards in the sidebar, in the order a screen reader (and next/previous) meets them, by quote. */
export function cardQuotes(page: Page): Promise<string[]> {
  return sidebar(page).locator('[data-thread-card] blockquote').allInnerTexts();
}

/** Another agency's member, as their own machine would sign their comments. */
export interface OtherMember {
  readonly memberId: string;
  readonly name: string;
  readonly agency: 'af' | 'fk' | 'jamy' | 'lst' | 'migr' | 'sos';
  readonly role: 'coordinator' | 'drafter' | 'reader';
}

export interface ChapterWriter {
  readonly doc: Y.Doc;
  /** Puts the comment mark of `threadId` on the first occurrence of `quote` in the chapter, as that member's editor would. */
  anchor(quote: string, threadId: string): void;
}

/**
 * Changes a chapter the way another member's machine would have, and stores
 * the change: opens the host's store from this (the test) process while the
 * web host runs (SQLite allows several processes), reads the chapter as
 * loadPlan gives it, lets `change` write to it, and saves the difference
 * with saveUpdate. A page sees it after it reloads the plan.
 */
export async function changeChapterElsewhere(dataDir: string, chapterTitle: string, change: (chapter: ChapterWriter) => void): Promise<void> {
  const host = new HostService(dataDir);
  try {
    for (const plan of await host.listPlans()) {
      const loaded = await host.loadPlan({ planId: plan.id });
      const manifest = new Y.Doc();
      Y.applyUpdate(manifest, loaded.manifest.update);
      const entry = [...manifest.getMap<Y.Map<unknown>>('chapters').entries()].find(([, chapter]) => chapter.get('title') === chapterTitle);
      if (!entry) continue;
      const name = chapterDocName(plan.id, entry[0]);
      const stored = loaded.chapters.find((chapter) => chapter.name === name);
      if (!stored) throw new Error(`The chapter "${chapterTitle}" has no stored doc (manifest ${manifestDocName(plan.id)}).`);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, stored.update);
      const before = Y.encodeStateVector(doc);
      change({
        doc,
        anchor(quote, threadId) {
          const binding = new ChapterBinding(chapterText(doc), schema);
          const current = binding.doc;
          let from = -1;
          current.descendants((node, pos) => {
            if (from >= 0 || !node.isTextblock) return from < 0;
            const at = node.textContent.indexOf(quote);
            if (at >= 0) from = pos + 1 + at;
            return false;
          });
          if (from < 0) throw new Error(`"${quote}" is not in the chapter "${chapterTitle}".`);
          const marked = new Transform(current).addMark(from, from + quote.length, schema.marks.comment.create({ threadId }));
          if (!binding.writeTransaction(marked)) throw new Error('the chapter binding refused the comment mark');
        },
      });
      await host.saveUpdate({ docName: name, update: Y.encodeStateAsUpdate(doc, before) });
      return;
    }
    throw new Error(`No plan has a chapter "${chapterTitle}".`);
  } finally {
    host.close();
  }
}

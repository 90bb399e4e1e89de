/**
 * Helpers for the comment end-to-end tests. Like the rest of the support
 * code they find things by role and accessible name, act as a person does
 * (select text, press Ctrl+Alt+M, type, press Ctrl+Enter) and wait for what
 * the screen shows, never for time.
 */
import type { Locator, Page } from 'playwright-core';

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

/**
 * From drafts to submission through a real sync server, in Chromium (issue
 * 14): Anna (AF, the coordinator) shares a plan whose chapter
 * Försäkringskassan owns; Fatima (FK) and Omar (MIGR) join as drafters.
 * Fatima marks the chapter ready; Anna sends it back with a reason, which
 * Fatima finds in "Att göra för Försäkringskassan"; Fatima fixes it and Anna
 * approves it; Omar can no longer edit it. Anna opens "Förbered inlämning",
 * follows each blocker to its place, clears them all and submits. axe runs
 * on every new view.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../support/sync-server-process.ts';
import { accessibilityViolations } from './support/axe.ts';
import { chapterEditor, createPlan, goToPlanList, waitUntilSaved } from './support/app.ts';
import { card, expand } from './support/comments.ts';
import { chapterText, joinFromWelcome, placeCursorAfter, publishOpenPlan, SyncLab, waitForSyncState, type AgencyComputer } from './support/sync-agencies.ts';

const TEXT = 'Försäkringskassan erbjuder samordnade insatser. Tidplan: [ange tidplan].';
const REASON = 'Skriv vem som ansvarar för tidplanen.';
const FIX = ' Försäkringskassan ansvarar för tidplanen.';
const SUGGESTED = ' Migrationsverket bidrar.';

const lab = new SyncLab();
let af: AgencyComputer;
let fk: AgencyComputer;
let migr: AgencyComputer;

const header = (page: Page) => page.locator('.chapter-header');
const badge = (page: Page, status: string) => header(page).locator('.status-badge', { hasText: status });
const editorOf = (page: Page) => chapterEditor(page, 'Kapitel 1');

async function joinPlan(computer: AgencyComputer, code: string): Promise<void> {
  await joinFromWelcome(computer.page, lab.server.url, code);
  await editorOf(computer.page).waitFor({ timeout: 60_000 });
}

/** Opens "Förbered inlämning" on Anna's page. */
async function prepare(): Promise<ReturnType<Page['getByRole']>> {
  await af.page.getByRole('button', { name: 'Förbered inlämning' }).click();
  const dialog = af.page.getByRole('dialog', { name: 'Förbered inlämning' });
  await dialog.waitFor();
  return dialog;
}

describe('from drafts to submission with three agencies', () => {
  beforeAll(async () => {
    [af, fk, migr] = (await lab.start(['af', 'fk', 'migr'])) as [AgencyComputer, AgencyComputer, AgencyComputer];
  });

  afterAll(() => lab.stop());

  it('the coordinator shares a plan whose chapter Försäkringskassan owns', async () => {
    await goToPlanList(af.page);
    const editor = await createPlan(af.page, 'Samverkansplan');
    await editor.click();
    await af.page.keyboard.type(TEXT);
    await af.page.getByRole('combobox', { name: 'Ansvarig myndighet' }).selectOption({ label: 'Försäkringskassan' });
    await waitUntilSaved(af.page);
    const planId = await publishOpenPlan(af.page, lab.server.url, lab.serverDir);
    const invite = (name: string, agency: string): string => String(runAdmin(lab.serverDir, ['invite', '--plan-id', planId, '--name', name, '--agency', agency, '--role', 'drafter'])['code']);
    await joinPlan(fk, invite('Fatima Ali', 'fk'));
    await joinPlan(migr, invite('Omar Said', 'migr'));
    for (const c of [fk, migr]) await expect.poll(() => chapterText(editorOf(c.page)), { timeout: 30_000 }).toBe(TEXT);
    await badge(af.page, 'Utkast').waitFor();
  });

  it('FK marks its chapter ready for review; MIGR may not', async () => {
    expect(await header(migr.page).getByRole('button', { name: 'Klar för granskning' }).count()).toBe(0);
    await header(fk.page).getByRole('button', { name: 'Klar för granskning' }).click();
    await badge(fk.page, 'Klar för granskning').waitFor();
    await badge(af.page, 'Klar för granskning').waitFor({ timeout: 30_000 });
    // The coordinator's list has the chapter to review.
    await af.page.getByRole('button', { name: 'Att göra (1)' }).waitFor({ timeout: 30_000 });
    expect(await accessibilityViolations(af.page)).toEqual([]);
  });

  it('AF sends it back with a reason, and FK finds it in its list', async () => {
    await header(af.page).getByRole('button', { name: 'Skicka tillbaka' }).click();
    const reason = header(af.page).getByRole('textbox', { name: /Varför skickas kapitlet tillbaka/ });
    // A reason is required.
    await header(af.page).getByRole('button', { name: 'Skicka tillbaka' }).click();
    await header(af.page).getByRole('alert').filter({ hasText: 'Skriv varför kapitlet skickas tillbaka.' }).waitFor();
    await reason.fill(REASON);
    await header(af.page).getByRole('button', { name: 'Skicka tillbaka' }).click();
    await badge(af.page, 'Utkast').waitFor();

    await badge(fk.page, 'Utkast').waitFor({ timeout: 30_000 });
    const todoButton = fk.page.getByRole('button', { name: 'Att göra (2)' });
    await todoButton.waitFor({ timeout: 30_000 });
    await todoButton.click();
    const todo = fk.page.getByRole('dialog', { name: 'Att göra för Försäkringskassan' });
    await todo.getByText(`Skickat tillbaka: Kapitel 1. Skäl: ${REASON}`).waitFor();
    await todo.getByText(`Tråd tilldelad er i Kapitel 1: ”${TEXT}”`).waitFor();
    expect(await accessibilityViolations(fk.page)).toEqual([]);
    await todo.getByRole('button', { name: `Visa: Skickat tillbaka: Kapitel 1. Skäl: ${REASON}` }).click();
    // The reason is a thread beside the chapter's text, assigned to Försäkringskassan.
    const thread = card(fk.page, TEXT);
    await thread.waitFor();
    expect(await thread.textContent()).toContain(REASON);
    // The status history tells who sent it back and why.
    await header(fk.page).getByText(/Statushistorik/).click();
    await header(fk.page).getByText(`skäl: ${REASON}`, { exact: false }).waitFor();
  });

  it('FK fixes it and AF approves it; MIGR can no longer edit it', async () => {
    await placeCursorAfter(editorOf(fk.page), 'Tidplan: [ange tidplan].');
    await fk.page.keyboard.type(FIX);
    // Meanwhile Migrationsverket suggests a sentence (another agency's chapter: Föreslå).
    await placeCursorAfter(editorOf(migr.page), 'samordnade insatser.');
    await migr.page.keyboard.type(SUGGESTED);
    await expect.poll(() => chapterText(editorOf(fk.page)), { timeout: 30_000 }).toContain(SUGGESTED);
    await header(fk.page).getByRole('button', { name: 'Klar för granskning' }).click();
    const withSuggestion = TEXT.replace('insatser.', `insatser.${SUGGESTED}`) + FIX;
    await expect.poll(() => chapterText(editorOf(af.page)), { timeout: 30_000 }).toBe(withSuggestion);
    await badge(af.page, 'Klar för granskning').waitFor({ timeout: 30_000 });
    await header(af.page).getByRole('button', { name: 'Godkänn' }).click();
    await badge(af.page, 'Godkänd').waitFor();

    await badge(migr.page, 'Godkänd').waitFor({ timeout: 30_000 });
    await migr.page.getByRole('note').filter({ hasText: 'Kapitlet är godkänt och låst' }).waitFor();
    await expect.poll(() => editorOf(migr.page).getAttribute('contenteditable')).toBe('false');
    await editorOf(migr.page).click();
    await migr.page.keyboard.type('Omars tillägg');
    expect(await chapterText(editorOf(migr.page))).toBe(withSuggestion);
    // No new threads or suggestions; the comment sidebar still takes replies.
    expect(await migr.page.getByRole('radiogroup', { name: 'Ändringsläge' }).count()).toBe(0);
    await expand(card(migr.page, TEXT));
    await card(migr.page, TEXT).getByRole('textbox', { name: 'Svar' }).waitFor();
    expect(await accessibilityViolations(migr.page)).toEqual([]);
    // FK's own editor is locked too.
    await expect.poll(() => editorOf(fk.page).getAttribute('contenteditable'), { timeout: 30_000 }).toBe('false');
  });

  it('Översikt shows the approved chapter and the open thread', async () => {
    await af.page.getByRole('button', { name: 'Översikt', exact: true }).click();
    const overview = af.page.getByRole('dialog', { name: 'Översikt' });
    const row = overview.getByRole('row', { name: /Kapitel 1/ });
    await expect.poll(() => row.getByRole('cell').allTextContents()).toEqual(['Försäkringskassan', 'Godkänd', '1', '1', expect.stringContaining('Anna Berg (AF)'), 'Låg']);
    expect(await accessibilityViolations(af.page)).toEqual([]);
    await af.page.keyboard.press('Escape');
  });

  it('AF follows each blocker to its place, clears them all and submits', async () => {
    let dialog = await prepare();
    for (const text of [
      'Uppgift saknas: Mottagare',
      'Uppgift saknas: Regeringsbeslutets diarienummer',
      'Uppgift saknas: Regeringsbeslutets datum',
      'Uppgift saknas: Sista dag för redovisning',
      `Öppen tråd i Kapitel 1: ”${TEXT}”`,
      'Platshållare kvar i Kapitel 1: [ange tidplan]',
      'Förslag som inte är avgjort i Kapitel 1',
    ]) {
      await dialog.getByText(text, { exact: true }).waitFor();
    }
    expect(await dialog.getByRole('button', { name: 'Lämna in' }).isDisabled()).toBe(true);
    expect(await accessibilityViolations(af.page)).toEqual([]);

    // The thread: its card opens; the coordinator resolves it in the approved chapter.
    await dialog.getByRole('button', { name: `Visa: Öppen tråd i Kapitel 1: ”${TEXT}”` }).click();
    const thread = await expand(card(af.page, TEXT));
    await thread.getByRole('button', { name: 'Lös' }).click();
    // Resolved: the sidebar (showing open threads) lets it go, or marks it resolved.
    await expect.poll(async () => (await thread.count()) === 0 || ((await thread.textContent()) ?? '').includes('Löst'), { timeout: 30_000 }).toBe(true);

    // The placeholder: its words are selected in the chapter; the chapter is reopened to change them.
    dialog = await prepare();
    await dialog.getByRole('button', { name: 'Visa: Platshållare kvar i Kapitel 1: [ange tidplan]' }).click();
    await expect
      .poll(() =>
        editorOf(af.page).evaluate((root) => {
          const view = (root as HTMLElement & { pmView?: { state: { selection: { from: number; to: number }; doc: { textBetween(a: number, b: number): string } } } }).pmView!;
          return view.state.doc.textBetween(view.state.selection.from, view.state.selection.to);
        }),
      )
      .toBe('ange tidplan');
    await header(af.page).getByRole('button', { name: 'Öppna igen' }).click();
    await header(af.page).getByRole('textbox', { name: /Varför öppnas kapitlet igen/ }).fill('Platshållaren ska fyllas i.');
    await header(af.page).getByRole('button', { name: 'Öppna igen' }).click();
    await badge(af.page, 'Klar för granskning').waitFor();
    await expect.poll(() => editorOf(af.page).getAttribute('contenteditable')).toBe('true');
    await placeCursorAfter(editorOf(af.page), '[ange tidplan]');
    for (let i = 0; i < '[ange tidplan]'.length; i++) await af.page.keyboard.press('Backspace');
    await af.page.keyboard.type('hösten 2023');

    // The suggestion: its card gets focus; the coordinator rejects it while the chapter is open.
    dialog = await prepare();
    await dialog.getByRole('button', { name: 'Visa: Förslag som inte är avgjort i Kapitel 1' }).click();
    const suggestionCard = af.page.locator('[data-suggestion-card]').first();
    await expect.poll(() => suggestionCard.evaluate((el) => el === document.activeElement), { timeout: 30_000 }).toBe(true);
    await suggestionCard.getByRole('button', { name: 'Avvisa' }).click();
    await expect.poll(() => chapterText(editorOf(af.page)), { timeout: 30_000 }).not.toContain(SUGGESTED);
    await header(af.page).getByRole('button', { name: 'Godkänn' }).click();
    await badge(af.page, 'Godkänd').waitFor();

    // The details: each link goes to its field.
    dialog = await prepare();
    await dialog.getByRole('button', { name: 'Visa: Uppgift saknas: Mottagare' }).click();
    await af.page.keyboard.type('Regeringskansliet, Arbetsmarknadsdepartementet');
    await dialog.getByRole('button', { name: 'Visa: Uppgift saknas: Regeringsbeslutets diarienummer' }).click();
    await af.page.keyboard.type('A2022/01234');
    await dialog.getByLabel('Regeringsbeslutets datum', { exact: true }).fill('2022-06-30');
    await dialog.getByLabel('Sista dag för redovisning', { exact: true }).fill('2023-03-31');
    await dialog.getByRole('textbox', { name: 'Kontaktperson, Försäkringskassan' }).fill('Fatima Ali');
    await dialog.getByRole('button', { name: 'Spara uppgifterna' }).click();

    await expect.poll(() => dialog.locator('.blocker-list li').allTextContents(), { timeout: 30_000 }).toEqual([]);
    await dialog.getByText('Inget står i vägen. Planen kan lämnas in.').waitFor();
    await dialog.getByRole('button', { name: 'Lämna in' }).click();
    await dialog.getByRole('note').filter({ hasText: /Planen lämnades in .* av Anna Berg\./ }).waitFor({ timeout: 30_000 });
    await dialog.getByText(/Inlämnad .* av Anna Berg: 2 dokument, kontrollsumma [0-9a-f]{12}/).waitFor();
    expect(await accessibilityViolations(af.page)).toEqual([]);
    await af.page.keyboard.press('Escape');

    // Every member sees that the plan was submitted; Fatima may not submit it.
    await waitForSyncState(af.page, 'synced');
    await fk.page.getByRole('button', { name: 'Förbered inlämning' }).click();
    const theirs = fk.page.getByRole('dialog', { name: 'Förbered inlämning' });
    await theirs.getByRole('note').filter({ hasText: /Planen lämnades in .* av Anna Berg\./ }).waitFor({ timeout: 30_000 });
    await theirs.getByText('Bara samordnaren på Arbetsförmedlingen kan lämna in planen.').waitFor();
    expect(await theirs.getByRole('button', { name: 'Lämna in' }).count()).toBe(0);
  });
});

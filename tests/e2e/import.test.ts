/**
 * Importing a Word draft in the browser (issue 15): "Importera från Word"
 * opens an accessible dialog; the browser host has no open dialog, so the
 * file is uploaded; the preview counts what the file holds; "Importera"
 * makes a new chapter with the draft's text, its Word comment as a thread
 * (Word author and date in the text) and its tracked changes as
 * suggestions. A file that is not a Word document is refused in Swedish and
 * the plan keeps its chapters.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { SAMPLE_PLAN } from '../../shared/sample/sample-plan.ts';
import { richWordFile } from '../unit/import/word-fixture.ts';
import { accessibilityViolations } from './support/axe.ts';
import { chapterEditor, useApp, waitUntilSaved, type RunningApp } from './support/app.ts';
import { ANDERS, fillProfile, sidebar } from './support/comments.ts';

let app: RunningApp;
let page: Page;

useApp((started) => ([app, page] = [started, started.page]));

const outline = (): Locator => page.getByRole('navigation', { name: 'Kapitel' });
const importDialog = (): Locator => page.getByRole('dialog', { name: 'Importera från Word' });

async function openImport(): Promise<Locator> {
  await page.getByRole('button', { name: 'Importera från Word' }).click();
  if (await page.getByRole('dialog', { name: 'Vem är du?' }).isVisible()) await fillProfile(page, ANDERS);
  await importDialog().waitFor();
  return importDialog();
}

async function upload(dialog: Locator, name: string, data: Uint8Array): Promise<void> {
  await dialog.getByRole('button', { name: 'Välj Word-fil …' }).click();
  const field = dialog.getByLabel('Word-fil (.docx)');
  await field.waitFor();
  await field.setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from(data) });
}

describe('importing a Word draft from the browser', () => {
  it('refuses a file that is not a Word document, in Swedish, and the plan keeps its chapters', async () => {
    await chapterEditor(page, SAMPLE_PLAN.chapters[0]!.title).waitFor();
    const dialog = await openImport();
    await upload(dialog, 'anteckningar.docx', new TextEncoder().encode('Bara text, inget Word-dokument.'));
    await dialog.getByRole('alert').filter({ hasText: 'Filen är inget Word-dokument. Välj en fil av typen .docx. Ingenting i planen har ändrats.' }).waitFor();
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await outline().getByRole('listitem').count()).toBe(SAMPLE_PLAN.chapters.length);
  });

  it('shows where the text can go and the file field in an accessible dialog', async () => {
    const dialog = await openImport();
    expect(await dialog.getByRole('radio', { name: 'Som ett nytt kapitel' }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Välj Word-fil …' }).click();
    await dialog.getByLabel('Word-fil (.docx)').waitFor();
    expect((await accessibilityViolations(page)).join('\n\n')).toBe('');
  });

  it('previews the counts and the Word authors before anything changes', async () => {
    const dialog = importDialog();
    await dialog.getByLabel('Word-fil (.docx)').setInputFiles({ name: 'Migrationsverket.docx', mimeType: 'application/octet-stream', buffer: Buffer.from(await richWordFile()) });
    const summary = dialog.getByRole('region', { name: 'Innehåll i Migrationsverket.docx' });
    await summary.waitFor();
    const facts = await summary.locator('dt, dd').allInnerTexts();
    expect(facts).toEqual(['Stycken', '12', 'Rubriker', '2', 'Tabeller', '1', 'Kommentarer', '1 (och 1 svar)', 'Spårade ändringar', '2', 'Författare i Word', 'Anna Svensson, Omar Said']);
    expect((await accessibilityViolations(page)).join('\n\n')).toBe('');
    expect(await outline().getByRole('listitem').count()).toBe(SAMPLE_PLAN.chapters.length);
  });

  it('imports the draft as a new chapter with its text, its comment as a thread and its tracked changes as suggestions', async () => {
    await importDialog().getByRole('button', { name: 'Importera', exact: true }).click();
    await importDialog().waitFor({ state: 'detached' });
    const title = 'Migrationsverkets åtgärder';
    await outline().getByRole('listitem').filter({ hasText: title }).waitFor();
    const editor = chapterEditor(page, title);
    await editor.waitFor();
    await expect.poll(() => editor.locator('h2').allInnerTexts()).toEqual(['Mål']);
    expect(await editor.locator('strong').innerText()).toBe('korta');
    expect(await editor.locator('a[href="https://www.migrationsverket.se"]').innerText()).toBe('informationen');
    expect(await editor.locator('td').allInnerTexts()).toEqual(['Åtgärd', 'Ansvar', 'Praktik', 'AF']);
    expect(await editor.locator('span.comment-anchor').innerText()).toBe('42 procent');
    expect(await editor.locator('ins.suggestion').innerText()).toBe('redan ');
    expect(await editor.locator('del.suggestion').innerText()).toBe('juni');
    const thread = sidebar(page).locator('[data-thread-card]').filter({ hasText: '42 procent' });
    await thread.getByText('Anna Svensson (från Word, 2026-03-03): Stämmer siffran?').waitFor();
    await waitUntilSaved(page);
  });

  it('imports into the end of the chapter on screen, after its own text, which the open editor shows at once', async () => {
    const first = SAMPLE_PLAN.chapters[0]!.title;
    await outline().getByRole('listitem').filter({ hasText: first }).first().click();
    const editor = chapterEditor(page, first);
    await editor.waitFor();
    const before = await editor.locator('p, h1, h2, h3, li, td').count();
    const dialog = await openImport();
    await dialog.getByRole('radio', { name: `Sist i kapitlet ”${first}”` }).check();
    await upload(dialog, 'Tillägg.docx', await richWordFile());
    await dialog.getByRole('region', { name: 'Innehåll i Tillägg.docx' }).waitFor();
    await dialog.getByRole('button', { name: 'Importera', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => editor.locator('h1, h2, h3').last().innerText()).toBe('Mål');
    expect(await editor.locator('p, h1, h2, h3, li, td').count()).toBeGreaterThan(before);
    expect(await editor.locator('ins.suggestion').last().innerText()).toBe('redan ');
    expect(await outline().getByRole('listitem').count()).toBe(SAMPLE_PLAN.chapters.length + 1);
    await waitUntilSaved(page);
    // Saved like any edit: a reload finds it.
    await page.reload();
    await expect.poll(() => chapterEditor(page, first).locator('h1, h2, h3').last().innerText()).toBe('Mål');
  });

  it('logged no errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});

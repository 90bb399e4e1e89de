/**
 * Progress of an export and a Word import in the browser (issue 15): while
 * the host works, a progress bar named for what runs ("Förlopp för
 * exporten", "Förlopp för importen") says the phase and the percentage in
 * its value text; it goes away when the call ends, and the outcome is said
 * in the view's live region. A recorder in the page notes every progress
 * bar that appears and every value text it shows, so a fast export is
 * checked as surely as a slow one. It also keeps a copy of the bar as it
 * first appeared, which is put back beside where it was to run axe on it,
 * since a real one is gone before axe could finish.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SAMPLE_PLAN } from '../../shared/sample/sample-plan.ts';
import { richWordFile } from '../unit/import/word-fixture.ts';
import { accessibilityViolations } from './support/axe.ts';
import { useApp } from './support/app.ts';
import { ANDERS, fillProfile } from './support/comments.ts';

let page: Page;

useApp((started) => (page = started.page));

interface Seen {
  readonly label: string | null;
  readonly valueText: string | null;
}

/** Starts noting each progress bar's name and value text as they appear and change. */
async function recordProgress(): Promise<void> {
  await page.evaluate(() => {
    const seen: { label: string | null; valueText: string | null }[] = [];
    (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
    const note = (bar: Element): void => {
      const shown = bar.closest('.task-progress');
      const kept = window as unknown as { progressCopy?: { copy: Node; parent: Element } };
      if (kept.progressCopy === undefined && shown?.parentElement) kept.progressCopy = { copy: shown.cloneNode(true), parent: shown.parentElement };
      const entry = { label: bar.getAttribute('aria-label'), valueText: bar.getAttribute('aria-valuetext') };
      const last = seen.at(-1);
      if (last?.label !== entry.label || last.valueText !== entry.valueText) seen.push(entry);
    };
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'attributes' && record.target instanceof Element && record.target.matches('progress')) note(record.target);
        for (const node of record.addedNodes) if (node instanceof Element) node.querySelectorAll('progress').forEach(note);
        if (record.target instanceof Element && record.target.matches('progress')) note(record.target);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuetext'] });
  });
}

/** axe's findings on the page with the bar put back as it first appeared (then taken out again). */
async function violationsWithTheBar(): Promise<string> {
  await page.evaluate(() => {
    const { copy, parent } = (window as unknown as { progressCopy: { copy: Node; parent: Element } }).progressCopy;
    parent.appendChild(copy);
  });
  expect(await page.getByRole('progressbar').count()).toBe(1);
  const found = (await accessibilityViolations(page)).join('\n\n');
  await page.evaluate(() => {
    const { copy, parent } = (window as unknown as { progressCopy: { copy: Node; parent: Element } }).progressCopy;
    parent.removeChild(copy);
    delete (window as unknown as { progressCopy?: unknown }).progressCopy;
  });
  return found;
}

async function progressSeen(): Promise<Seen[]> {
  return page.evaluate(() => (window as unknown as { progressSeen: Seen[] }).progressSeen);
}

const PHASES = /^(Startar|Läser planen|Bygger dokumentet|Skriver ut till PDF|Räknar ut sidnumren till innehållsförteckningen|Skriver filen|Öppnar filen|Läser dokumentet|Kontrollerar innehållet|Klart), (\d+) procent$/;

function expectForward(seen: readonly Seen[], label: string): void {
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.map((s) => s.label)).toEqual(seen.map(() => label));
  expect(seen[0]!.valueText).toBe('Startar, 0 procent');
  const percents = seen.map((s) => {
    const match = PHASES.exec(s.valueText ?? '');
    expect(match, s.valueText ?? 'no value text').not.toBeNull();
    return Number(match![2]);
  });
  expect(percents).toEqual([...percents].sort((a, b) => a - b));
}

describe('progress of an export and an import', () => {
  it('shows the export’s progress while it runs, then says it is done', async () => {
    await recordProgress();
    await page.getByRole('button', { name: 'Exportera', exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByRole('group', { name: 'Exportera planen som' }).getByRole('button', { name: 'Granskningsversion (Word, med kommentarer)' }).click(),
    ]);
    await page.getByRole('status').filter({ hasText: `Exporten ${download.suggestedFilename()} har laddats ned.` }).waitFor();
    expect(await page.getByRole('progressbar').count()).toBe(0);
    expectForward(await progressSeen(), 'Förlopp för exporten');
    expect(await violationsWithTheBar()).toBe('');
  });

  it('shows the import’s progress while the file is read, then says it is read', async () => {
    await recordProgress();
    await page.getByRole('button', { name: 'Importera från Word' }).click();
    if (await page.getByRole('dialog', { name: 'Vem är du?' }).isVisible()) await fillProfile(page, ANDERS);
    const dialog = page.getByRole('dialog', { name: 'Importera från Word' });
    await dialog.getByRole('button', { name: 'Välj Word-fil …' }).click();
    await dialog.getByLabel('Word-fil (.docx)').setInputFiles({ name: 'Migrationsverket.docx', mimeType: 'application/octet-stream', buffer: Buffer.from(await richWordFile()) });
    await dialog.getByRole('status').filter({ hasText: 'Filen Migrationsverket.docx är läst. Se vad den innehåller nedan.' }).waitFor();
    expect(await dialog.getByRole('progressbar').count()).toBe(0);
    expectForward(await progressSeen(), 'Förlopp för importen');
    expect(await violationsWithTheBar()).toBe('');
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    expect(await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('listitem').count()).toBe(SAMPLE_PLAN.chapters.length);
  });
});

/**
 * A plan can be deleted from this computer, from the plan list, and only
 * deliberately (issue 10, "Chapters and plans"): "Ta bort" opens a modal
 * confirmation that names the plan, focus starts on "Avbryt", so Enter
 * pressed by habit keeps the plan; only "Ta bort planen" deletes it. The
 * plan stays gone after a reload, and the other plans stay.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { SAMPLE_PLAN } from '../../shared/sample/sample-plan.ts';
import { accessibilityViolations } from './support/axe.ts';
import { createPlan, goToPlanList, useApp, type RunningApp } from './support/app.ts';

let app: RunningApp;
let page: Page;

useApp((started) => ([app, page] = [started, started.page]));

const DOOMED = 'Plan att ta bort';
const KEPT = 'Plan som blir kvar';

function card(title: string): Locator {
  return page.getByRole('list').getByRole('button', { name: new RegExp(`^${title}`) });
}

/** WCAG contrast of an element's text colour against its own (opaque) background. */
function textContrast(element: Locator): Promise<number> {
  return element.evaluate((el) => {
    const style = getComputedStyle(el);
    const luminance = (colour: string): number => {
      const [r = 0, g = 0, b = 0] = (/rgba?\(([^)]+)\)/.exec(colour)?.[1] ?? '').split(/[\s,/]+/).map(Number);
      const channel = (v: number): number => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort((p, q) => q - p) as [number, number];
    return (light + 0.05) / (dark + 0.05);
  });
}

async function listedTitles(): Promise<string[]> {
  await page.getByRole('heading', { name: 'Planer', level: 1 }).waitFor();
  await card(KEPT).waitFor();
  return page.locator('.plan-card-title').allTextContents();
}

describe('deleting a plan from the plan list', () => {
  it('asks first: the dialog names the plan, says it cannot be undone, and "Avbryt" has focus', async () => {
    await goToPlanList(page);
    await createPlan(page, DOOMED);
    await goToPlanList(page);
    await createPlan(page, KEPT);
    await goToPlanList(page);
    await card(DOOMED).waitFor();

    await page.getByRole('button', { name: `Ta bort ${DOOMED}`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Ta bort planen?' });
    await dialog.waitFor();
    await dialog.getByText(`Planen ”${DOOMED}” tas bort från den här datorn`).waitFor();
    await dialog.getByText('Det går inte att ångra.', { exact: false }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Avbryt' }).evaluate((button) => button === document.activeElement)).toBe(true);
    // axe leaves the text of a button in the top layer unchecked, so the label's contrast is measured here.
    expect(await textContrast(dialog.getByRole('button', { name: 'Ta bort planen' }))).toBeGreaterThanOrEqual(4.5);
    expect((await accessibilityViolations(page)).join('\n\n')).toBe('');
  });

  it('keeps the plan when Enter is pressed on the focused "Avbryt", and focus returns to its "Ta bort"', async () => {
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await card(DOOMED).waitFor();
    const deleteButton = page.getByRole('button', { name: `Ta bort ${DOOMED}`, exact: true });
    await expect.poll(() => deleteButton.evaluate((button) => button === document.activeElement)).toBe(true);
  });

  it('keeps the plan when Escape closes the dialog', async () => {
    await page.getByRole('button', { name: `Ta bort ${DOOMED}`, exact: true }).click();
    await page.getByRole('dialog', { name: 'Ta bort planen?' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.reload();
    expect(await listedTitles()).toContain(DOOMED);
  });

  it('deletes it with "Ta bort planen", and the other plans remain', async () => {
    await page.getByRole('button', { name: `Ta bort ${DOOMED}`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Ta bort planen?' });
    await dialog.getByRole('button', { name: 'Ta bort planen' }).click();
    await dialog.waitFor({ state: 'detached' });
    await card(DOOMED).waitFor({ state: 'detached' });
    const titles = await listedTitles();
    expect(titles).not.toContain(DOOMED);
    expect(titles).toContain(KEPT);
    expect(titles).toContain(`Exempelplan ${SAMPLE_PLAN.title}`);
    // Its card is gone, so focus goes to the list's heading rather than the page.
    expect(await page.getByRole('heading', { name: 'Planer', level: 1 }).evaluate((h) => h === document.activeElement)).toBe(true);
  });

  it('is still gone after a reload, and the other plans are still there', async () => {
    await page.reload();
    const titles = await listedTitles();
    expect(titles).not.toContain(DOOMED);
    expect(titles.filter((t) => t === KEPT || t === `Exempelplan ${SAMPLE_PLAN.title}`)).toHaveLength(2);
    expect(titles).toHaveLength(2);
  });

  it('for the sample, says that a fresh copy can be opened again', async () => {
    await page.getByRole('button', { name: `Ta bort Exempelplan ${SAMPLE_PLAN.title}`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Ta bort planen?' });
    await dialog.getByText('Det här är exempelplanen. Du kan när som helst öppna en ny kopia av den').waitFor();
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await listedTitles()).toContain(`Exempelplan ${SAMPLE_PLAN.title}`);
  });

  it('logged no errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});

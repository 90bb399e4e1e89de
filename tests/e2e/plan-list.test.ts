/**
 * The plan list marks the bundled sample as an example (issue 10, "Joining"):
 * it has the real joint plan's title, so a member who has joined that plan
 * sees two cards of the same name, and must tell at once which one is shared.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SAMPLE_PLAN } from '../../shared/sample/sample-plan.ts';
import { accessibilityViolations } from './support/axe.ts';
import { goToPlanList, useApp, type RunningApp } from './support/app.ts';

let app: RunningApp;
let page: Page;

useApp((started) => ([app, page] = [started, started.page]));

const escaped = SAMPLE_PLAN.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the sample plan in the plan list', () => {
  it('is named "Exempelplan" before its title, with a line saying it is not a shared plan', async () => {
    await goToPlanList(page);
    const card = page.getByRole('list').getByRole('button', { name: new RegExp(`^Exempelplan ${escaped}`) });
    // The list is filled after the heading shows (the plans load from the host).
    await card.first().waitFor();
    expect(await card.count()).toBe(1);
    await card.getByText('Ett exempel att prova Samskriv med. Det är inte en delad plan').waitFor();
    expect((await accessibilityViolations(page)).join('\n\n')).toBe('');
  });

  it('is named "Sample plan" in English', async () => {
    await page.getByRole('combobox', { name: 'Språk' }).selectOption({ label: 'English' });
    const card = page.getByRole('list').getByRole('button', { name: new RegExp(`^Sample plan ${escaped}`) });
    await card.waitFor();
    await card.getByText('An example to try Samskriv with. It is not a shared plan').waitFor();
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Svenska' });
  });

  it('logged no errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});

/**
 * Samskriv must meet WCAG 2.1 AA (EN 301 549; DOS-lagen for Swedish public
 * bodies, DESIGN §8). axe-core checks every main screen in both languages,
 * and a keyboard-only user can reach everything in a sensible order with the
 * focus always visible, drawn with at least 3:1 contrast (WCAG 1.4.11).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { accessibilityViolations } from './support/axe.ts';
import { focusIndicator, type FocusIndicator } from './support/focus-contrast.ts';
import { chapterEditor, goToPlanList, moveCursor, useApp } from './support/app.ts';

let page: Page;

useApp((app) => {
  page = app.page;
});

async function expectNoViolations(): Promise<void> {
  const violations = await accessibilityViolations(page);
  // Joined into one text so a failure prints each violation readably.
  expect(violations.join('\n\n')).toBe('');
}

interface FocusStop {
  /** Role-ish kind and accessible name, e.g. "button: Ångra". */
  readonly label: string;
  readonly inToolbar: boolean;
  readonly inOutline: boolean;
  readonly inMain: boolean;
  readonly isEditor: boolean;
  /** A focus ring (outline or box-shadow) is drawn, and the element is on screen. */
  readonly focusVisible: boolean;
}

function focusStop(): Promise<FocusStop> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (el === null || el === document.body) {
      return { label: '(nothing)', inToolbar: false, inOutline: false, inMain: false, isEditor: false, focusVisible: false };
    }
    const kind = el.getAttribute('role') ?? el.tagName.toLowerCase();
    const labelledBy = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent : null;
    const name = el.getAttribute('aria-label') ?? labelledBy ?? el.textContent ?? '';
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    const rect = el.getBoundingClientRect();
    const onScreen = rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth;
    return {
      label: `${kind}: ${name.trim().slice(0, 60)}`,
      inToolbar: el.closest('[role="toolbar"]') !== null,
      inOutline: el.closest('nav') !== null,
      inMain: el.closest('main') !== null,
      isEditor: el.classList.contains('ProseMirror'),
      focusVisible: ring && onScreen,
    };
  });
}

describe('keyboard only', () => {
  it('reaches the skip link, the outline, the toolbar as one stop, and the text, with visible focus at every stop', async () => {
    await chapterEditor(page, 'Uppdraget och dess bakgrund').waitFor();
    const stops: FocusStop[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const stop = await focusStop();
      stops.push(stop);
      if (stop.isEditor) break;
    }
    const labels = stops.map((s) => s.label);

    expect(labels[0]).toBe('a: Hoppa till texten');
    const outline = stops.filter((s) => s.inOutline).map((s) => s.label);
    expect(outline.slice(0, 7).map((label) => /^button: (\d)\./.exec(label)?.[1])).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    const editorIndex = stops.findIndex((s) => s.isEditor);
    expect(editorIndex, `the editor is never reached; focus went ${labels.join(' → ')}`).toBeGreaterThan(0);
    expect(stops.filter((s) => s.inToolbar).map((s) => s.label)).toEqual(['button: Ångra']);
    expect(stops[editorIndex - 1]!.inToolbar).toBe(true);
    // Reading order: the outline comes before everything in the main area.
    const lastInOutline = stops.findLastIndex((s) => s.inOutline);
    const firstInMain = stops.findIndex((s) => s.inMain);
    expect(lastInOutline).toBeLessThan(firstInMain);
    expect(stops.filter((s) => !s.focusVisible).map((s) => s.label)).toEqual([]);
  });

  it('moves between toolbar buttons with the arrow keys, and the toolbar remembers the last one', async () => {
    await page.keyboard.press('Shift+Tab');
    expect((await focusStop()).label).toBe('button: Ångra');
    await page.keyboard.press('ArrowRight');
    expect(await focusStop()).toMatchObject({ label: 'button: Gör om', focusVisible: true });
    await page.keyboard.press('ArrowRight');
    expect(await focusStop()).toMatchObject({ label: 'button: Brödtext', focusVisible: true });
    await page.keyboard.press('ArrowLeft');
    expect(await focusStop()).toMatchObject({ label: 'button: Gör om', focusVisible: true });

    await page.keyboard.press('Tab');
    expect((await focusStop()).isEditor).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect((await focusStop()).label).toBe('button: Gör om');
  });

  it('draws every focus ring with at least 3:1 contrast against its surroundings (WCAG 1.4.11), on every stop of the page', async () => {
    await page.reload();
    await chapterEditor(page, 'Uppdraget och dess bakgrund').waitFor();
    const seen: FocusIndicator[] = [];
    // Once round the whole page: header, outline, toolbar, text, comments.
    for (let i = 0; i < 150; i++) {
      await page.keyboard.press('Tab');
      const stop = await focusIndicator(page);
      // Past the last stop focus goes to the browser's own controls, then round again.
      if (stop.label === '(nothing)' || (seen.length > 0 && stop.label === seen[0]!.label)) break;
      seen.push(stop);
    }
    // The round reached the text and went on into the comments sidebar.
    expect(seen.some((stop) => stop.label.startsWith('textbox: Text i kapitlet'))).toBe(true);
    expect(seen.map((stop) => stop.label)).toContain('select: Tilldelad myndighet');
    // A checked option of a segmented filter (the ring on a coloured background).
    await page.getByRole('radio', { name: 'Öppna' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    seen.push(await focusIndicator(page));
    const weak = seen.filter((stop) => stop.contrast < 3 || stop.width < 2).map((stop) => `${stop.label}: ${stop.contrast.toFixed(2)}:1, ${stop.width}px, ${stop.colours}`);
    expect(weak).toEqual([]);
  });

  it('skips the header and the outline with the skip link', async () => {
    await page.reload();
    await chapterEditor(page, 'Uppdraget och dess bakgrund').waitFor();
    await page.keyboard.press('Tab');
    expect((await focusStop()).label).toBe('a: Hoppa till texten');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const next = await focusStop();
    expect(next.inMain, `after the skip link focus went to ${next.label}`).toBe(true);
  });
});

describe('axe-core finds no WCAG 2.1 A/AA violations', () => {
  it('in the editor with the sample plan open', async () => {
    await chapterEditor(page, 'Uppdraget och dess bakgrund').waitFor();
    await expectNoViolations();
  });

  it('in the chapter with the table of measures', async () => {
    await page.getByRole('navigation', { name: 'Kapitel' }).getByRole('button', { name: /^4\. Åtgärder per myndighet/ }).click();
    await chapterEditor(page, 'Åtgärder per myndighet').getByRole('table').waitFor();
    await expectNoViolations();
  });

  it('with the link dialog open, which Escape closes with focus back in the text', async () => {
    const editor = chapterEditor(page, 'Åtgärder per myndighet');
    await editor.getByRole('paragraph').first().click();
    await moveCursor(editor, 'Home', 'Shift+End');
    await page.keyboard.press('Control+K');
    const dialog = page.getByRole('dialog', { name: 'Infoga länk' });
    await dialog.getByRole('textbox', { name: 'Webbadress' }).waitFor();
    expect((await focusStop()).label).toBe('input: Webbadress');
    await expectNoViolations();

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await focusStop()).isEditor).toBe(true);
  });

  it('on the list of plans', async () => {
    await goToPlanList(page);
    await page.getByRole('button', { name: /^Exempelplan Myndighetsgemensam plan för att öka/ }).waitFor();
    await expectNoViolations();
  });

  it('in English, on the list of plans and in the editor', async () => {
    await page.getByRole('combobox', { name: 'Språk' }).selectOption({ label: 'English' });
    await page.getByRole('button', { name: 'New plan', exact: true }).waitFor();
    await expectNoViolations();

    await page.getByRole('button', { name: /^Sample plan Myndighetsgemensam plan för att öka/ }).click();
    // The plan opens where this window left it (reading-place.ts); go to chapter 1.
    await page.getByRole('navigation', { name: 'Chapters' }).getByText('Uppdraget och dess bakgrund').click();
    await chapterEditor(page, 'Uppdraget och dess bakgrund', 'en').waitFor();
    await expectNoViolations();
  });
});

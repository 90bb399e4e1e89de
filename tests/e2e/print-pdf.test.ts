/**
 * The PDF export as Chromium prints it (issue 15): the sample plan's print
 * view rendered by real Chromium with `page.pdf()` — the DevTools
 * `Page.printToPDF` call Electron's `webContents.printToPDF` makes — with
 * the very options the desktop passes (src-main/electron/print-to-pdf.ts),
 * in a page with JavaScript off, as the desktop's print window has it.
 * Read back as a reader would: `pdftotext` (poppler-utils) finds every
 * chapter, heading and table cell, the title page without header and
 * footer, and the plan's title above and "Sida X av Y" below every other
 * page (the view's page margin boxes); pdfjs-dist finds a tagged PDF (structure tree, marked
 * content) whose bookmarks are the chapters with their headings nested, and
 * a table of contents whose entries are links into the document.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestDocName } from '../../shared/plan/doc-names.ts';
import { SAMPLE_PLAN, type PmJsonNode } from '../../shared/sample/sample-plan.ts';
import { readExportPlan } from '../../src-main/export/export-plan.ts';
import { printView } from '../../src-main/export/print-view.ts';
import { buildPlan } from '../../src-main/plans/plan-factory.ts';
import { launchChromium } from '../support/chromium.ts';
import { printLikeElectron } from '../support/print-like-electron.ts';
import { SCREENSHOTS } from './support/screenshots.ts';

const NOW = new Date('2026-12-07T09:00:00Z');

/** The sample plan as the export reads it from the store. */
function sampleExportPlan(): ReturnType<typeof readExportPlan> {
  const built = buildPlan(SAMPLE_PLAN, NOW);
  const manifestName = manifestDocName(built.planId);
  return readExportPlan({
    planId: built.planId,
    manifest: built.docs.find((d) => d.name === manifestName)!,
    chapters: built.docs.filter((d) => d.name !== manifestName),
    server: null,
  });
}

function pdfToText(pdf: Uint8Array, firstPage?: number, lastPage?: number): string {
  const pages = firstPage === undefined ? [] : ['-f', String(firstPage), '-l', String(lastPage ?? firstPage)];
  const result = spawnSync('pdftotext', [...pages, '-', '-'], { input: pdf, encoding: 'utf8' });
  if (result.error !== undefined) throw new Error(`pdftotext (Debian poppler-utils) is needed: ${result.error.message}`);
  return result.stdout;
}

/** Every text of a node, in order. */
function textOf(node: PmJsonNode): string {
  return node.type === 'text' ? (node.text ?? '') : (node.content ?? []).map(textOf).join(node.type === 'paragraph' ? '' : ' ');
}

function collect(node: PmJsonNode, type: string): PmJsonNode[] {
  return [...(node.type === type ? [node] : []), ...(node.content ?? []).flatMap((child) => collect(child, type))];
}

interface OutlineItem {
  readonly title: string;
  readonly items: readonly OutlineItem[];
}

/** A chapter's headings nested by level, as a reader's bookmarks are. */
function headingTree(content: PmJsonNode): OutlineItem[] {
  const root: { title: string; items: OutlineItem[]; level: number }[] = [];
  const stack: { title: string; items: OutlineItem[]; level: number }[] = [];
  for (const heading of collect(content, 'heading')) {
    const level = Number(heading.attrs?.['level'] ?? 1);
    const item = { title: textOf(heading), items: [] as OutlineItem[], level };
    while (stack.length > 0 && stack.at(-1)!.level >= level) stack.pop();
    (stack.length === 0 ? root : stack.at(-1)!.items).push(item);
    stack.push(item);
  }
  const strip = (items: readonly OutlineItem[]): OutlineItem[] => items.map(({ title, items: nested }) => ({ title, items: strip(nested) }));
  return strip(root);
}

/**
 * Without any whitespace: Chromium joins the lines of a heading that wraps
 * into one bookmark title without a space ("långt frånarbetsmarknaden"), and
 * pdftotext breaks lines where the page does.
 */
const squeeze = (text: string) => text.replace(/\s+/g, '');

const normalise = (items: readonly OutlineItem[]): OutlineItem[] => items.map(({ title, items: nested }) => ({ title: squeeze(title), items: normalise(nested) }));

describe('the PDF export, printed by Chromium from the print view', () => {
  const plan = sampleExportPlan();
  let browser: Browser;
  let pdf: Uint8Array;
  let work = '';

  beforeAll(async () => {
    browser = await launchChromium();
    pdf = await printLikeElectron(browser, printView(plan, { date: NOW }));
    work = mkdtempSync(join(tmpdir(), 'samskriv-print-pdf-'));
    writeFileSync(join(work, 'plan.pdf'), pdf);
  });

  afterAll(async () => {
    await browser?.close();
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('has every chapter, every heading and every table cell of the sample plan', () => {
    const text = squeeze(pdfToText(pdf));
    for (const chapter of SAMPLE_PLAN.chapters) {
      expect(text).toContain(squeeze(chapter.title));
      for (const heading of collect(chapter.content, 'heading')) expect(text).toContain(squeeze(textOf(heading)));
      for (const cell of [...collect(chapter.content, 'table_cell'), ...collect(chapter.content, 'table_header')]) expect(text).toContain(squeeze(textOf(cell)));
    }
    expect(collect(SAMPLE_PLAN.chapters.find((c) => c.key === 'atgarder')?.content ?? { type: 'doc' }, 'table_cell').length).toBeGreaterThan(0);
  });

  it('starts with the title page (the title, the agencies, the recipient, the reference number and the date), then heads and numbers every page', () => {
    const pages = spawnSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' }).stdout;
    const count = Number(/Pages:\s+(\d+)/.exec(pages)?.[1]);
    expect(count).toBeGreaterThan(SAMPLE_PLAN.chapters.length);
    const first = pdfToText(pdf, 1);
    const lines = first.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    // No header above the title page's title, no footer below its date.
    expect(squeeze(first).startsWith(squeeze(plan.title))).toBe(true);
    expect(squeeze(first)).toContain(squeeze(`${plan.title} Länsstyrelsen Västernorrland Arbetsförmedlingen Försäkringskassan Jämställdhetsmyndigheten Migrationsverket Socialstyrelsen`));
    expect(first).toContain(`Till: ${plan.recipient}`);
    expect(first).toContain(`Diarienummer: ${plan.reference}`);
    expect(first).toContain('7 december 2026');
    expect(lines.at(-1)).toBe('7 december 2026');
    for (const page of [2, 3, count]) {
      const text = pdfToText(pdf, page).trim().split('\n').map((line) => line.trim());
      expect(text[0], `page ${page}`).toBe(plan.title);
      expect(text.at(-1), `page ${page}`).toBe(`Sida ${page} av ${count}`);
    }
  });

  it('is a tagged PDF: marked content, and a structure of headings, paragraphs, lists, the table and links', async () => {
    const raw = Buffer.from(pdf).toString('latin1');
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toMatch(/\/MarkInfo\s*<<(?:\s*\/Type\s*\/MarkInfo)?\s*\/Marked\s+true\s*>>/);
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const document = await pdfjs.getDocument({ data: pdf.slice(), verbosity: 0 }).promise;
    try {
      expect((await document.getMarkInfo())?.Marked).toBe(true);
      // Every page's structure: headings, paragraphs, lists, the table with its header cells, links.
      const roles = new Set<string>();
      const walk = (node: { role?: string; children?: unknown[] }) => {
        if (node.role !== undefined) roles.add(node.role);
        for (const child of node.children ?? []) walk(child as { role?: string; children?: unknown[] });
      };
      for (let page = 1; page <= document.numPages; page++) walk(((await (await document.getPage(page)).getStructTree()) ?? {}) as { children?: unknown[] });
      for (const role of ['H1', 'H3', 'P', 'L', 'LI', 'Table', 'TH', 'TD', 'Link']) expect([...roles], role).toContain(role);
    } finally {
      await document.destroy();
    }
  });

  it('has the chapters as bookmarks, each with its headings nested under it, and a table of contents of links', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const document = await pdfjs.getDocument({ data: pdf.slice(), verbosity: 0 }).promise;
    try {
      const outline = ((await document.getOutline()) ?? []) as OutlineItem[];
      const expected = SAMPLE_PLAN.chapters.map((chapter) => ({ title: chapter.title, items: headingTree(chapter.content) }));
      expect(normalise(outline)).toEqual(normalise(expected));
      // Page 2 is the contents: one link per entry, each to a place in this document (not a web address).
      expect(pdfToText(pdf, 2)).toContain('Innehåll');
      const links = (await (await document.getPage(2)).getAnnotations()).filter((annotation: { subtype: string }) => annotation.subtype === 'Link');
      expect(links.length).toBeGreaterThanOrEqual(SAMPLE_PLAN.chapters.length);
      expect(links.every((link: { dest?: unknown; url?: string }) => link.dest !== undefined && link.url === undefined)).toBe(true);
    } finally {
      await document.destroy();
    }
  });

  it('draws page 1 and the contents for the README (pdftoppm, 60 dpi; docs/screenshots with SAMSKRIV_UPDATE_SCREENSHOTS=1)', () => {
    const result = spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', join(work, 'plan.pdf'), join(work, 'page')], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    copyFileSync(join(work, 'page-01.png'), join(SCREENSHOTS, 'pdf-title-page.png'));
    copyFileSync(join(work, 'page-02.png'), join(SCREENSHOTS, 'pdf-contents.png'));
    for (const name of ['pdf-title-page.png', 'pdf-contents.png']) expect(readFileSync(join(SCREENSHOTS, name)).subarray(1, 4).toString()).toBe('PNG');
  });
});

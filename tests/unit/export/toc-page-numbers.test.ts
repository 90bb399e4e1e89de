/**
 * The table of contents' page numbers are worked out by docx's page layout
 * (`docx/layout`), which patches/docx+9.15.2.patch makes faster, and which the
 * export calls without its `listNumbers` (plan-docx.ts, `tocPageNumbers`).
 * Neither may change the file: this test lays the same plans out with the
 * layout as docx ships it (the patch taken back off a copy of the installed
 * file with `git apply -R`) and docx's own `estimatePageNumbers`, and expects
 * word/document.xml and the footers byte for byte the same, with the page
 * numbers filled in.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PageNumberEstimator } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b, doc, em, h, li, ol, p, table, ul, type PmJsonNode } from '../../../shared/sample/content-builders.ts';
import { readExportPlan, type ExportPlan } from '../../../src-main/export/export-plan.ts';
import { planDocx } from '../../../src-main/export/plan-docx.ts';
import { docxParts, part } from './export-fixture.ts';
import { CITED_PLAN, PLAN } from './fixture-plan.ts';

const DATE = new Date('2026-12-07T09:00:00Z');
const PATCH = resolve(import.meta.dirname, '../../../patches/docx+9.15.2.patch');

let unpatched: PageNumberEstimator;
let scratch: string;

beforeAll(async () => {
  const installed = createRequire(import.meta.url).resolve('docx/layout').replace(/layout\.c?js$/, 'layout.mjs');
  scratch = mkdtempSync(join(tmpdir(), 'samskriv-docx-unpatched-'));
  const copy = join(scratch, 'node_modules/docx/dist/layout.mjs');
  mkdirSync(dirname(copy), { recursive: true });
  copyFileSync(installed, copy);
  // Only the layout's part of the patch; git apply works outside a repository too.
  execFileSync('git', ['apply', '-R', '--include=node_modules/docx/dist/layout.mjs', PATCH], { cwd: scratch });
  const module = (await import(pathToFileURL(copy).href)) as { estimatePageNumbers: PageNumberEstimator };
  unpatched = module.estimatePageNumbers;
});

afterAll(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

/** Twenty-odd pages: long and short paragraphs, a heading long enough to wrap in the contents, lists (a heading in a numbered one), a table, combining accents. */
function longPlan(): ExportPlan {
  const base = readExportPlan(PLAN);
  const sentence = 'Myndigheterna följer upp etableringen av utrikes födda kvinnor varje kvartal och redovisar resultatet. ';
  const chapter = (n: number): PmJsonNode => {
    const blocks: PmJsonNode[] = [h(1, `Avsnitt ${n}.1 om samverkan`)];
    for (let i = 0; i < 40; i++) {
      if (i === 12) blocks.push(h(2, `Ett delavsnitt med en mycket lång rubrik som inte får plats på en rad i innehållsförteckningen, kapitel ${n}`));
      if (i === 20) blocks.push(ol('steg ett', li([b('steg två')], ol('understeg')), 'steg tre'), ul('punkt', 'annan punkt'));
      if (i === 25) blocks.push(table(['Åtgärd', 'Ansvar', 'När'], ['Språkstöd', 'AF', '2027'], ['Mentorer', 'Migrationsverket', '2028']));
      if (i === 30) blocks.push(h(3, 'Fördjupning'), { type: 'ordered_list', attrs: { order: 1 }, content: [li([], h(2, 'Rubrik i en lista'))] });
      blocks.push(p(`${i + 1}. `, em('Cafe\u0301 '), sentence.repeat(1 + (i % 5))));
    }
    return doc(...blocks);
  };
  return {
    ...base,
    chapters: [1, 2, 3].map((n) => ({ ...base.chapters[0]!, id: `c${n}`, title: `Kapitel ${n}: åtgärder`, content: chapter(n), threads: [], suggestions: [] })),
  };
}

/**
 * The parts the page numbers are written into. docx numbers the headings'
 * bookmarks (`_Toc27`, `w:id="27"`) from a counter that runs on across
 * documents, so they are renumbered from 1 in the order they appear, and
 * links' relationships have random ids (`rIdgpmk63h6…`), so they are too.
 */
async function numberedParts(plan: ExportPlan, variant: 'clean' | 'review', pageNumbers?: PageNumberEstimator): Promise<Map<string, string>> {
  const parts = docxParts(await planDocx(plan, { variant, date: DATE, ...(pageNumbers !== undefined ? { pageNumbers } : {}) }));
  const renumbered = new Map<string, number>();
  const number = (n: string): number => renumbered.get(n) ?? (renumbered.set(n, renumbered.size + 1), renumbered.size);
  const links = new Map<string, number>();
  const link = (id: string): number => links.get(id) ?? (links.set(id, links.size + 1), links.size);
  const normalise = (xml: string): string =>
    xml
      .replace(/r:id="rId(?!\d+")([^"]+)"/g, (_, id: string) => `r:id="link${link(id)}"`)
      .replace(/_Toc(\d+)/g, (_, n: string) => `_Toc${number(n)}`).replace(/(<w:bookmark(?:Start|End)[^>]*? w:id=")(\d+)"/g, (_, head: string, n: string) => `${head}${number(n)}"`);
  return new Map([...parts].filter(([path]) => path === 'word/document.xml' || path.startsWith('word/footer')).map(([path, xml]) => [path, normalise(xml)]));
}

/** The numbers written after each PAGEREF in the table of contents. */
function tocNumbers(documentXml: string): string[] {
  return [...documentXml.matchAll(/PAGEREF _Toc\d+ \\h<\/w:instrText><w:fldChar w:fldCharType="separate"\/><w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]!);
}

describe('the table of contents page numbers with the patched layout', () => {
  const plans: [string, () => ExportPlan, 'clean' | 'review'][] = [
    ['a 20-page plan with lists, a table, wrapped headings and combining accents', longPlan, 'clean'],
    ['the sample plan as a review copy (comments)', () => readExportPlan(PLAN), 'review'],
    ['a plan with citations as footnotes, as a review copy', () => readExportPlan(CITED_PLAN), 'review'],
  ];
  for (const [name, plan, variant] of plans) {
    it(`are those of docx as shipped, and the file is the same: ${name}`, async () => {
      const ours = await numberedParts(plan(), variant);
      const shipped = await numberedParts(plan(), variant, unpatched);
      expect([...ours.keys()]).toEqual([...shipped.keys()]);
      const numbers = tocNumbers(part(ours, 'word/document.xml'));
      // Every entry has a number: a layout that gave up would leave them all blank in both files.
      expect(numbers.length).toBeGreaterThan(1);
      for (const n of numbers) expect(n).toMatch(/^\d+$/);
      expect(numbers).toEqual(tocNumbers(part(shipped, 'word/document.xml')));
      for (const [path, xml] of ours) expect(xml, path).toBe(shipped.get(path));
    });
  }

  it('reach past the first pages of the long plan', async () => {
    const numbers = tocNumbers(part(await numberedParts(longPlan(), 'clean'), 'word/document.xml')).map(Number);
    expect(Math.max(...numbers)).toBeGreaterThan(10);
  });
});

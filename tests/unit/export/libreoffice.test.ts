/**
 * The exported files as LibreOffice reads them: the real `soffice`, never a
 * mock (issue 15). The sample plan's Word export converted to text must hold
 * every chapter, its contents with page numbers and the table's cells; the
 * review copy converted to flat ODT must hold each open thread as an
 * annotation with its author, around its text, and each suggestion as a
 * tracked change by its author; the PDF export must be a tagged PDF. A
 * citation must be a footnote right after its words, with the source named
 * and the quote, in the flat ODT and on the PDF's page, and the sources
 * listed under "Underlag".
 *
 * Skipped, saying so, only where LibreOffice is not installed (`.ci/run`
 * installs it); the message names the command that was looked for.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { manifestDocName } from '../../../shared/plan/doc-names.ts';
import { SAMPLE_PLAN } from '../../../shared/sample/sample-plan.ts';
import { ConversionError, convertWithLibreOffice, sofficeCommand } from '../../../src-main/export/libreoffice.ts';
import { exportPlanFile } from '../../../src-main/export/plan-export.ts';
import { buildPlan } from '../../../src-main/plans/plan-factory.ts';
import type { LoadedPlan } from '../../../shared/host-api/host-api.ts';
import { readExportPlan } from '../../../src-main/export/export-plan.ts';
import { planDocx } from '../../../src-main/export/plan-docx.ts';
import { CITED_PLAN, PLAN, planWithChapter, REMOVED_REFERENCE, SAMRAD_REFERENCE, SUGGESTED_TEXT, SUGGESTIONS, UNCITED_REFERENCE } from './fixture-plan.ts';

const SOFFICE = sofficeCommand();
const installed = spawnSync(SOFFICE, ['--version'], { timeout: 60_000 }).error === undefined;
const NOW = new Date('2026-12-07T09:00:00Z');
const CONVERSION_TIMEOUT = 180_000;

function samplePlan(): LoadedPlan {
  const built = buildPlan(SAMPLE_PLAN, NOW);
  const manifestName = manifestDocName(built.planId);
  return {
    planId: built.planId,
    manifest: built.docs.find((d) => d.name === manifestName)!,
    chapters: built.docs.filter((d) => d.name !== manifestName),
    server: null,
  };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe.skipIf(!installed)(`exports read by LibreOffice${installed ? '' : ` (skipped: LibreOffice "${SOFFICE}" is not installed)`}`, () => {
  it(
    'reads every chapter of the sample plan, its contents with page numbers and the measures table',
    async () => {
      const docx = await exportPlanFile(samplePlan(), 'word', { now: NOW });
      const plain = text(await convertWithLibreOffice(docx.data, 'plan.docx', 'txt:Text'));
      for (const chapter of SAMPLE_PLAN.chapters) {
        expect(plain).toContain(chapter.title);
        // The contents: the title (perhaps wrapped by the tab stop), a tab, its page number.
        expect(plain.replace(/\s+/g, ' ')).toMatch(new RegExp(`${escape(chapter.title.slice(-20))}\\s*\\d+`));
      }
      expect(plain).toContain('Innehåll');
      for (const cell of ['Åtgärd', 'Ansvarig myndighet', 'Tidplan', 'Socialstyrelsen']) expect(plain).toContain(cell);
    },
    CONVERSION_TIMEOUT,
  );

  it(
    'reads the review copy’s open threads as annotations by their authors, around their text, with the reply',
    async () => {
      const review = await exportPlanFile(PLAN, 'review', { now: NOW });
      const flat = text(await convertWithLibreOffice(review.data, 'plan.docx', 'fodt'));
      const annotations = [...flat.matchAll(/<office:annotation\b[\s\S]*?<\/office:annotation>/g)].map(([xml]) => xml);
      const creators = annotations.map((xml) => /<dc:creator>([^<]*)<\/dc:creator>/.exec(xml)?.[1]);
      expect(creators.sort()).toEqual(['Anna Berg (AF)', 'Anna Berg (AF)', 'Omar Said (MIGR)']);
      expect(annotations.some((xml) => xml.includes('Ska vi ange källa?'))).toBe(true);
      expect(annotations.some((xml) => xml.includes('Ja, SCB.'))).toBe(true);
      expect(annotations.some((xml) => xml.includes('Klart redan'))).toBe(false);
      const name = /<office:annotation\b[^>]*office:name="([^"]+)"[^>]*>(?:(?!<\/office:annotation>)[\s\S])*Ska vi ange källa\?/.exec(flat)?.[1];
      const anchored = new RegExp(`Ska vi ange källa\\?[\\s\\S]*?</office:annotation>([\\s\\S]*?)<office:annotation-end office:name="${name}"`).exec(flat)?.[1];
      expect(anchored?.replace(/<[^>]+>/g, '')).toBe('kommenterad text');
    },
    CONVERSION_TIMEOUT,
  );

  it(
    'reads the review copy’s suggestions as tracked changes by their authors',
    async () => {
      const docx = await planDocx(planWithChapter([{ type: 'paragraph', content: SUGGESTED_TEXT }], SUGGESTIONS), { variant: 'review', date: NOW });
      const flat = text(await convertWithLibreOffice(docx, 'plan.docx', 'fodt'));
      const regions = [...flat.matchAll(/<text:changed-region\b[\s\S]*?<\/text:changed-region>/g)].map(([xml]) => ({
        kind: /<text:(insertion|deletion)>/.exec(xml)?.[1],
        author: /<dc:creator>([^<]*)<\/dc:creator>/.exec(xml)?.[1],
        // LibreOffice keeps the changed text in place, between change marks that name the region.
        text: new RegExp(`<text:change-start text:change-id="${/text:id="([^"]+)"/.exec(xml)?.[1]}"/>([^<]*)<text:change-end`).exec(flat)?.[1],
      }));
      expect(regions.map((r) => [r.kind, r.author, r.text]).sort()).toEqual([
        ['deletion', 'Anna Berg (AF)', 'föreslagen strykning'],
        ['insertion', 'Omar Said (MIGR)', 'föreslaget tillägg '],
      ]);
    },
    CONVERSION_TIMEOUT,
  );

  it(
    'reads the review copy’s suggested formatting as a tracked formatting change by its author',
    async () => {
      const format = { type: 'suggestion_format', attrs: { id: 's1', add: [{ type: 'bold' }], remove: [] } };
      const content = [{ type: 'paragraph', content: [{ type: 'text', text: 'Före ' }, { type: 'text', text: 'nyss fetad', marks: [{ type: 'bold' }, format] }] }];
      const docx = await planDocx(planWithChapter(content, SUGGESTIONS), { variant: 'review', date: NOW });
      const flat = text(await convertWithLibreOffice(docx, 'plan.docx', 'fodt'));
      const regions = [...flat.matchAll(/<text:changed-region\b[\s\S]*?<\/text:changed-region>/g)].map(([xml]) => xml);
      expect(regions.map((xml) => [/<text:(format-change|insertion|deletion)>/.exec(xml)?.[1], /<dc:creator>([^<]*)<\/dc:creator>/.exec(xml)?.[1]])).toEqual([
        ['format-change', 'Omar Said (MIGR)'],
      ]);
    },
    CONVERSION_TIMEOUT,
  );

  it(
    'reads each citation as a footnote right after the cited words, naming the source and quoting it',
    async () => {
      const docx = await planDocx(readExportPlan(CITED_PLAN), { variant: 'clean', date: NOW });
      const flat = text(await convertWithLibreOffice(docx, 'plan.docx', 'fodt'));
      const notes = [...flat.matchAll(/([^<>]*)(?:<\/text:span>)?<text:note\b[^>]*text:note-class="footnote"[^>]*>[\s\S]*?<text:note-body>([\s\S]*?)<\/text:note-body>/g)].map(
        ([, before, body]) => [before!.trim(), body!.replace(/<[^>]+>/g, '').trim()],
      );
      expect(notes).toEqual([
        ['med information”', `${SAMRAD_REFERENCE} ”tidigt nå ut med information”`],
        ['och ”svar på remissen”', `${REMOVED_REFERENCE} ”svar på remissen”`],
        ['samt ”okänd källa”', 'Underlaget finns inte i planen. ”okänd källa”'],
        // A suggested deletion stays in the submission's text, so its citation keeps its note.
        ['Kvar ”struket citat”', `${SAMRAD_REFERENCE} ”struket citat”`],
        ['Se ”tidigt nå ut med information”', `${SAMRAD_REFERENCE} ”tidigt nå ut med information”`],
      ]);
    },
    CONVERSION_TIMEOUT,
  );

  it(
    'reads the review copy’s footnote of a citation in a suggested insertion as part of that tracked change',
    async () => {
      const docx = await planDocx(readExportPlan(CITED_PLAN), { variant: 'review', date: NOW });
      const flat = text(await convertWithLibreOffice(docx, 'plan.docx', 'fodt'));
      const change = /<text:change-start text:change-id="([^"]+)"\/>”föreslaget citat”<text:note\b[^>]*>[\s\S]*?<text:note-body>([\s\S]*?)<\/text:note-body><\/text:note><text:change-end text:change-id="([^"]+)"\/>/.exec(flat);
      expect(change?.[2]?.replace(/<[^>]+>/g, '').trim()).toBe(`${SAMRAD_REFERENCE} ”föreslaget citat”`);
      expect(change?.[3]).toBe(change?.[1]);
      const region = new RegExp(`<text:changed-region\\b[^>]*text:id="${change?.[1]}"[\\s\\S]*?</text:changed-region>`).exec(flat)?.[0];
      expect(region).toContain('<text:insertion>');
    },
    CONVERSION_TIMEOUT,
  );

  it(
    'prints the footnotes and the list of sources in the PDF',
    async () => {
      const docx = await planDocx(readExportPlan(CITED_PLAN), { variant: 'clean', date: NOW });
      const pdf = await convertWithLibreOffice(docx, 'plan.docx', 'pdf');
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const document = await pdfjs.getDocument({ data: pdf.slice(), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
      const pages: string[] = [];
      for (let n = 1; n <= document.numPages; n++) {
        const content = await (await document.getPage(n)).getTextContent();
        pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : '')).join('').replace(/\s+/g, ' '));
      }
      await document.destroy();
      // The first chapter's page holds its text and, below it, its footnotes.
      const chapter = pages.find((page) => page.includes('Myndigheterna ska'))!;
      expect(chapter).toContain(`${SAMRAD_REFERENCE} ”tidigt nå ut med information”`);
      expect(chapter).toContain(`${REMOVED_REFERENCE} ”svar på remissen”`);
      expect(chapter).toContain('Underlaget finns inte i planen. ”okänd källa”');
      const list = pages.at(-1)!;
      expect(list).toMatch(new RegExp(`Underlag ${escape(REMOVED_REFERENCE)} ${escape(SAMRAD_REFERENCE)} ${escape(UNCITED_REFERENCE)}`));
    },
    CONVERSION_TIMEOUT,
  );

  it(
    'makes the PDF’s bookmarks from the headings: each chapter, with its own headings nested under it',
    async () => {
      const pdf = await exportPlanFile(PLAN, 'pdf-libreoffice', { now: NOW });
      // A real PDF reader's view of /Outlines (pdfjs-dist, as Firefox reads it).
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const document = await pdfjs.getDocument({ data: pdf.data.slice(), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
      type Entry = { readonly title: string; readonly items: readonly Entry[] };
      const tree = (entries: readonly Entry[] | null): unknown[] => (entries ?? []).map((entry) => (entry.items.length === 0 ? entry.title : [entry.title, tree(entry.items)]));
      expect(tree(await document.getOutline())).toEqual([['Inledning', [['Syfte', ['Delmål']]]], 'Åtgärder']);
      await document.destroy();
    },
    CONVERSION_TIMEOUT,
  );

  it(
    'makes the LibreOffice PDF export a tagged PDF',
    async () => {
      const pdf = await exportPlanFile(PLAN, 'pdf-libreoffice', { now: NOW });
      expect(pdf.fileName.endsWith('.pdf')).toBe(true);
      expect(text(pdf.data.subarray(0, 5))).toBe('%PDF-');
      // A tagged PDF has a structure tree and says it is marked.
      expect(text(pdf.data)).toContain('/StructTreeRoot');
    },
    CONVERSION_TIMEOUT,
  );
});

describe('a PDF export by LibreOffice without LibreOffice', () => {
  it('fails saying LibreOffice is missing', async () => {
    const missing = exportPlanFile(PLAN, 'pdf-libreoffice', { now: NOW, libreOffice: { soffice: '/nonexistent/libreoffice/soffice' } });
    await expect(missing).rejects.toBeInstanceOf(ConversionError);
    await expect(missing).rejects.toMatchObject({ reason: 'libreoffice-missing' });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Citations in the Word export (issue 16): each citation is a footnote whose
 * reference stands where the cited words end, naming the source and quoting
 * the passage, and the plan's sources are listed under "Underlag" after the
 * last chapter — in the submission and in the review copy alike.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readExportPlan, type ExportPlan } from '../../../src-main/export/export-plan.ts';
import { planDocx, type ExportVariant } from '../../../src-main/export/plan-docx.ts';
import { docxParts, part, unescapeXml, wordParagraphs, type WordParagraph } from './export-fixture.ts';
import { CITED_PLAN, PLAN, REMOVED_REFERENCE, SAMRAD_REFERENCE, SUGGESTIONS, UNCITED_REFERENCE } from './fixture-plan.ts';

const DATE = new Date('2026-12-07T09:00:00Z');

interface Exported {
  readonly body: WordParagraph[];
  /** Footnote id → its text; the separator notes (-1, 0) left out. */
  readonly notes: Map<string, string>;
}

async function exported(variant: ExportVariant, plan: ExportPlan = readExportPlan(CITED_PLAN)): Promise<Exported> {
  const parts = docxParts(await planDocx(plan, { variant, date: DATE }));
  const notes = new Map(
    [...part(parts, 'word/footnotes.xml').matchAll(/<w:footnote ([^>]*)>([\s\S]*?)<\/w:footnote>/g)]
      .filter(([, attrs]) => !attrs!.includes('w:type='))
      .map(([, attrs, xml]) => [/w:id="(-?\d+)"/.exec(attrs!)![1]!, wordParagraphs(xml!).map((q) => q.text.trim()).join('\n')]),
  );
  return { body: wordParagraphs(part(parts, 'word/document.xml')), notes };
}

/** The paragraph's text with each footnote reference written as [id], where it stands among the runs. */
function withReferences(paragraph: WordParagraph): string {
  return [...paragraph.xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:footnoteReference w:id="(\d+)"\/>/g)]
    .map(([, text, id]) => (id !== undefined ? `[${id}]` : unescapeXml(text!)))
    .join('');
}

describe.each(['clean', 'review'] as const)('citations in the %s export', (variant) => {
  let doc: Exported;

  beforeAll(async () => {
    doc = await exported(variant);
  });

  const paragraph = (start: string) => doc.body.find((q) => q.text.startsWith(start))!;
  const note = (id: string | undefined) => doc.notes.get(id ?? 'missing');
  const references = (q: WordParagraph) => [...withReferences(q).matchAll(/\[(\d+)\]/g)].map((m) => m[1]!);

  it('puts one footnote reference after the last word of each citation, even when its words are split by formatting', () => {
    const first = withReferences(paragraph('Myndigheterna ska'));
    expect(first).toMatch(/^Myndigheterna ska ”tidigt nå ut med information”\[\d+\] och ”svar på remissen”\[\d+\] samt ”okänd källa”\[\d+\]\.$/);
    expect(withReferences(paragraph('Se '))).toMatch(/^Se ”tidigt nå ut med information”\[\d+\]\.$/);
  });

  it('gives each footnote the source named and the quote', () => {
    const [c1] = references(paragraph('Myndigheterna ska'));
    expect(note(c1)).toBe(`${SAMRAD_REFERENCE} ”tidigt nå ut med information”`);
  });

  it('still footnotes a citation whose source was removed, with the quote it kept', () => {
    const [, c2] = references(paragraph('Myndigheterna ska'));
    expect(note(c2)).toBe(`${REMOVED_REFERENCE} ”svar på remissen”`);
  });

  it('footnotes a citation whose source the plan does not list with its quote, saying so', () => {
    const [, , c3] = references(paragraph('Myndigheterna ska'));
    expect(note(c3)).toBe('Underlaget finns inte i planen. ”okänd källa”');
  });

  it('gives every citation its own footnote across the plan, even one copied into another chapter with the same id', () => {
    const ids = doc.body.flatMap(references);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...doc.notes.keys()].sort()).toEqual([...ids].sort());
    const [inSecondChapter] = references(paragraph('Se '));
    expect(note(inSecondChapter)).toBe(`${SAMRAD_REFERENCE} ”tidigt nå ut med information”`);
  });

  it('lists the sources under “Underlag” after the last chapter: the kept ones and a removed one that is cited', () => {
    const heading = doc.body.findIndex((q) => q.style === 'Heading1' && q.text === 'Underlag');
    const lastChapter = doc.body.findIndex((q) => q.style === 'Heading1' && q.text === 'Åtgärder');
    expect(heading).toBeGreaterThan(lastChapter);
    expect(doc.body[heading]!.xml).toContain('<w:pageBreakBefore/>');
    expect(doc.body.slice(heading + 1).map((q) => q.text)).toEqual([REMOVED_REFERENCE, SAMRAD_REFERENCE, UNCITED_REFERENCE]);
    expect(doc.body.some((q) => q.text.includes('Gammalt utkast'))).toBe(false);
  });
});

describe('a citation in a suggestion', () => {
  it('in the submission: a suggested insertion’s citation has no footnote (its words are left out), a suggested deletion’s has', async () => {
    const doc = await exported('clean');
    expect(withReferences(doc.body.find((q) => q.text.startsWith('Kvar'))!)).toMatch(/^Kvar ”struket citat”\[\d+\]$/);
    expect([...doc.notes.values()].some((text) => text.includes('föreslaget citat'))).toBe(false);
  });

  it('in the review copy: the footnote reference is part of the tracked insertion or deletion, by its author', async () => {
    // s1 is Omar's insertion, s2 Anna's deletion.
    const plan = readExportPlan(CITED_PLAN);
    const doc = await exported('review', { ...plan, chapters: [{ ...plan.chapters[0]!, suggestions: SUGGESTIONS }, ...plan.chapters.slice(1)] });
    const kvar = doc.body.find((q) => q.text.startsWith('Kvar'))!;
    const changes = [...kvar.xml.matchAll(/<w:(ins|del) ([^>]*)>([\s\S]*?)<\/w:\1>/g)].map(([, kind, attrs, xml]) => ({
      kind,
      change: /w:id="(\d+)"/.exec(attrs!)?.[1],
      author: /w:author="([^"]*)"/.exec(attrs!)?.[1],
      id: /<w:footnoteReference w:id="(\d+)"\/>/.exec(xml!)?.[1],
    }));
    const inserted = changes.find((c) => c.kind === 'ins' && c.id !== undefined)!;
    const deleted = changes.find((c) => c.kind === 'del' && c.id !== undefined)!;
    expect(doc.notes.get(inserted.id!)).toBe(`${SAMRAD_REFERENCE} ”föreslaget citat”`);
    expect(doc.notes.get(deleted.id!)).toBe(`${SAMRAD_REFERENCE} ”struket citat”`);
    expect([inserted.author, deleted.author]).toEqual(['Omar Said (MIGR)', 'Anna Berg (AF)']);
    expect(new Set(changes.map((c) => c.change)).size).toBe(changes.length);
    expect(kvar.xml).not.toMatch(/<\/w:(?:ins|del)>\s*<w:r>(?:(?!<\/w:r>)[\s\S])*<w:footnoteReference/);
  });
});

describe('a plan without sources', () => {
  it('has no “Underlag” heading and no footnotes', async () => {
    const parts = docxParts(await planDocx(readExportPlan(PLAN), { variant: 'clean', date: DATE }));
    expect(wordParagraphs(part(parts, 'word/document.xml')).some((q) => q.text === 'Underlag')).toBe(false);
    expect(part(parts, 'word/document.xml')).not.toContain('w:footnoteReference');
  });
});

/**
 * The Word export, read back from the .docx it writes: what a reviewer at the
 * Government Offices sees in Word — title page, contents with page numbers,
 * chapters with their headings, lists, tables and links, header and page
 * numbers, Swedish — and, in the review copy, the open comment threads as
 * Word comments on their text.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writePlanDetails } from '../../../shared/workflow/plan-details.ts';
import type { PmJsonNode } from '../../../shared/sample/content-builders.ts';
import { readExportPlan } from '../../../src-main/export/export-plan.ts';
import { planDocx } from '../../../src-main/export/plan-docx.ts';
import { docxParts, part, wordParagraphs, type WordParagraph } from './export-fixture.ts';
import { PLAN, planWithChapter, suggested, SUGGESTED_TEXT, SUGGESTIONS, TITLE } from './fixture-plan.ts';

const DATE = new Date('2026-12-07T09:00:00Z');

describe('the Word export of the submission', () => {
  let parts: Map<string, string>;
  let body: WordParagraph[];

  beforeAll(async () => {
    parts = docxParts(await planDocx(readExportPlan(PLAN), { variant: 'clean', date: DATE }));
    body = wordParagraphs(part(parts, 'word/document.xml'));
  });

  const texts = (style: string) => body.filter((q) => q.style === style).map((q) => q.text);

  it('opens with a title page: the plan’s title, the six agencies and the date in Swedish', () => {
    expect(texts('Title')).toEqual([TITLE]);
    const page = body.slice(0, body.findIndex((q) => q.xml.includes('w:pageBreakBefore')));
    expect(page.map((q) => q.text)).toEqual([
      TITLE,
      'Länsstyrelsen Västernorrland',
      'Arbetsförmedlingen',
      'Försäkringskassan',
      'Jämställdhetsmyndigheten',
      'Migrationsverket',
      'Socialstyrelsen',
      '7 december 2026',
    ]);
  });

  it('names the recipient and the reference number from the plan’s details on the title page, before the date', async () => {
    const manifest = new Y.Doc();
    Y.applyUpdate(manifest, PLAN.manifest.update);
    expect(writePlanDetails(manifest, { recipient: 'Regeringskansliet, Arbetsmarknadsdepartementet', referenceNumber: 'A2026/01234' })).toEqual([]);
    const withDetails = { ...PLAN, manifest: { ...PLAN.manifest, update: Y.encodeStateAsUpdate(manifest) } };
    const paragraphs = wordParagraphs(part(docxParts(await planDocx(readExportPlan(withDetails), { variant: 'clean', date: DATE })), 'word/document.xml'));
    const page = paragraphs.slice(0, paragraphs.findIndex((q) => q.xml.includes('w:pageBreakBefore'))).map((q) => q.text);
    expect(page.slice(-3)).toEqual(['Till: Regeringskansliet, Arbetsmarknadsdepartementet', 'Diarienummer: A2026/01234', '7 december 2026']);
  });

  it('is written in Swedish', () => {
    expect(part(parts, 'word/styles.xml')).toMatch(/<w:docDefaults>[\s\S]*<w:lang w:val="sv-SE"/);
  });

  it('has a table of contents of the chapters and their headings, with page numbers written in', () => {
    const xml = part(parts, 'word/document.xml');
    expect(xml).toMatch(/<w:instrText[^>]*>TOC [^<]*\\o &quot;1-3&quot;/);
    const entries = body.filter((q) => q.style?.startsWith('TOC'));
    expect(entries.map((q) => q.text.replace(/\d+$/, ''))).toEqual(['Inledning', 'Syfte', 'Delmål', 'Åtgärder']);
    for (const entry of entries) expect(entry.text).toMatch(/\D[1-9]\d*$/);
  });

  it('gives every chapter a Heading 1 in the manifest’s order, on a new page, and its headings the levels below', () => {
    expect(texts('Heading1')).toEqual(['Inledning', 'Åtgärder']);
    expect(body.filter((q) => q.style === 'Heading1').every((q) => q.xml.includes('<w:pageBreakBefore/>'))).toBe(true);
    expect(texts('Heading2')).toEqual(['Syfte']);
    expect(texts('Heading3')).toEqual(['Delmål']);
  });

  it('keeps bold, italic and web links, and leaves other text to its style', () => {
    const paragraph = body.find((q) => q.text.startsWith('Planen är'))!;
    expect(paragraph.text).toBe('Planen är fet och kursiv, se regeringen.se.');
    expect(paragraph.xml).toMatch(/<w:r>(?:(?!<\/w:r>)[\s\S])*<w:b\/>(?:(?!<\/w:r>)[\s\S])*<w:t[^>]*>fet<\/w:t>/);
    expect(paragraph.xml).toMatch(/<w:r>(?:(?!<\/w:r>)[\s\S])*<w:i\/>(?:(?!<\/w:r>)[\s\S])*<w:t[^>]*>kursiv<\/w:t>/);
    expect(paragraph.xml).not.toContain('w:val="false"');
    const rid = /<w:hyperlink[^>]*r:id="([^"]+)"/.exec(paragraph.xml)?.[1];
    expect(part(parts, 'word/_rels/document.xml.rels')).toMatch(new RegExp(`Id="${rid}"[^>]*Target="https://www.regeringen.se/"[^>]*TargetMode="External"|Target="https://www.regeringen.se/"[^>]*Id="${rid}"`));
  });

  it('writes a link to anything but the web, mail or phone as plain text', () => {
    expect(body.some((q) => q.text === 'farlig länk')).toBe(true);
    expect([...parts.values()].join('')).not.toContain('javascript:');
  });

  it('makes bullet lists bulleted, with a nested list one level in', () => {
    const numbering = part(parts, 'word/numbering.xml');
    const items = ['första punkten', 'andra punkten', 'underpunkt'].map((t) => body.find((q) => q.text === t)!);
    expect(items.map((q) => q.list?.level)).toEqual([0, 0, 1]);
    expect(formatOf(numbering, items[0]!.list!.numId, 0)).toBe('bullet');
  });

  it('numbers each ordered list from 1, as its own list', () => {
    const numbering = part(parts, 'word/numbering.xml');
    const first = body.filter((q) => q.text.startsWith('steg')).map((q) => q.list!);
    const second = body.filter((q) => q.text.startsWith('åtgärd ')).map((q) => q.list!);
    expect(new Set(first.map((l) => l.numId)).size).toBe(1);
    expect(second[0]!.numId).not.toBe(first[0]!.numId);
    expect(formatOf(numbering, first[0]!.numId, 0)).toBe('decimal');
    expect(formatOf(numbering, second[0]!.numId, 0)).toBe('decimal');
  });

  it('keeps a table with its cells, the first row repeated as a header row', () => {
    const xml = part(parts, 'word/document.xml');
    const tbl = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(xml)?.[0] ?? '';
    const rows = [...tbl.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map(([row]) => row);
    expect(rows.map((row) => wordParagraphs(row).map((q) => q.text))).toEqual([
      ['Åtgärd', 'Ansvarig myndighet'],
      ['Språkkurs', 'Migrationsverket'],
    ]);
    expect(rows[0]).toContain('<w:tblHeader/>');
  });

  it('has the plan’s title in the header and “Sida X av Y” in the footer, not on the title page', () => {
    const headers = [...parts.entries()].filter(([path]) => /^word\/header\d+\.xml$/.test(path)).map(([, xml]) => xml);
    const footers = [...parts.entries()].filter(([path]) => /^word\/footer\d+\.xml$/.test(path)).map(([, xml]) => xml);
    expect(headers.some((xml) => xml.includes(TITLE))).toBe(true);
    const pageFooter = footers.find((xml) => xml.includes('Sida'));
    expect(pageFooter).toMatch(/PAGE[\s\S]*NUMPAGES/);
    expect(part(parts, 'word/document.xml')).toContain('<w:titlePg/>');
  });

  it('carries no comments', () => {
    expect(part(parts, 'word/document.xml')).not.toContain('commentRangeStart');
    expect(parts.get('word/comments.xml') ?? '').not.toContain('<w:comment ');
  });
});

describe('the review copy (granskningsversion)', () => {
  let parts: Map<string, string>;
  let comments: { id: string; author: string; text: string; xml: string }[];
  let documentXml: string;

  beforeAll(async () => {
    parts = docxParts(await planDocx(readExportPlan(PLAN), { variant: 'review', date: DATE }));
    documentXml = part(parts, 'word/document.xml');
    comments = [...part(parts, 'word/comments.xml').matchAll(/<w:comment [\s\S]*?<\/w:comment>/g)].map(([xml]) => ({
      id: /w:id="(\d+)"/.exec(xml)![1]!,
      author: /w:author="([^"]*)"/.exec(xml)![1]!,
      text: wordParagraphs(xml).map((q) => q.text).join('\n'),
      xml,
    }));
  });

  it('says on its title page that it is the review copy', () => {
    expect(wordParagraphs(documentXml).some((q) => q.text === 'Granskningsversion')).toBe(true);
  });

  it('has an open thread as a Word comment by its author, with its reply, and without a deleted message', () => {
    const root = comments.find((c) => c.text === 'Ska vi ange källa?')!;
    const reply = comments.find((c) => c.text === 'Ja, SCB.')!;
    expect(root.author).toBe('Omar Said (MIGR)');
    expect(reply.author).toBe('Anna Berg (AF)');
    expect(comments.some((c) => c.text.includes('Fel tråd'))).toBe(false);
    // Word links a reply to its comment by paragraph ids in commentsExtended.xml.
    const paraId = (xml: string) => /w14:paraId="([0-9A-F]+)"/.exec(xml)![1]!;
    expect(part(parts, 'word/commentsExtended.xml')).toContain(`w15:paraId="${paraId(reply.xml)}" w15:paraIdParent="${paraId(root.xml)}"`);
  });

  it('puts the comment and its reply around the text the thread is anchored to', () => {
    const root = comments.find((c) => c.text === 'Ska vi ange källa?')!;
    const reply = comments.find((c) => c.text === 'Ja, SCB.')!;
    for (const id of [root.id, reply.id]) {
      const range = new RegExp(`<w:commentRangeStart w:id="${id}"/>([\\s\\S]*?)<w:commentRangeEnd w:id="${id}"/>`).exec(documentXml)?.[1] ?? '';
      expect(wordParagraphs(`<w:p>${range}</w:p>`)[0]!.text).toBe('kommenterad text');
      expect(documentXml).toContain(`<w:commentReference w:id="${id}"/>`);
    }
  });

  it('leaves resolved threads out', () => {
    expect(comments.some((c) => c.text === 'Klart redan')).toBe(false);
  });

  it('puts an open thread whose text is gone on its chapter’s title, quoting the text', () => {
    const detached = comments.find((c) => c.text.includes('Varför togs detta bort?'))!;
    expect(detached.text).toContain('”borttagen mening”');
    const heading = wordParagraphs(documentXml).find((q) => q.style === 'Heading1' && q.text === 'Inledning')!;
    expect(heading.xml).toContain(`<w:commentRangeStart w:id="${detached.id}"/>`);
  });
});

describe('open suggestions in an export', () => {
  it('show the accepted text: a suggested insertion is left out, a suggested deletion stays', async () => {
    const docx = await planDocx(planWithChapter([{ type: 'paragraph', content: SUGGESTED_TEXT }]), { variant: 'clean', date: DATE });
    const texts = wordParagraphs(part(docxParts(docx), 'word/document.xml')).map((q) => q.text);
    expect(texts).toContain('Kvar föreslagen strykning');
    expect(texts.join('\n')).not.toContain('föreslaget tillägg');
  });
});

describe('a suggested formatting change in an export', () => {
  const format = (add: unknown[], remove: unknown[]) => ({ type: 'suggestion_format', attrs: { id: 's1', add, remove } });
  const content: PmJsonNode[] = [
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'nyss fetad', marks: [{ type: 'bold' }, format([{ type: 'bold' }], [])] },
        { type: 'text', text: 'nyss okursiverad', marks: [format([], [{ type: 'italic' }])] },
      ],
    },
  ];
  const runsOf = async (variant: 'clean' | 'review'): Promise<string[]> => {
    const docx = await planDocx(planWithChapter(content, SUGGESTIONS), { variant, date: DATE });
    const paragraph = wordParagraphs(part(docxParts(docx), 'word/document.xml')).find((q) => q.text === 'nyss fetadnyss okursiverad')!;
    return [...paragraph.xml.matchAll(/<w:r>[\s\S]*?<\/w:r>/g)].map(([run]) => run);
  };

  it('shows the formatting from before the suggestion in the submission', async () => {
    const runs = await runsOf('clean');
    expect(runs.map((run) => [run.includes('<w:b/>'), run.includes('<w:i/>'), run.includes('w:rPrChange')])).toEqual([
      [false, false, false],
      [false, true, false],
    ]);
  });

  it('is tracked formatting in the review copy: the suggested formatting, the earlier one kept by its author and time', async () => {
    const runs = await runsOf('review');
    const change = (run: string): RegExpExecArray | null => /<w:rPrChange w:id="\d+" w:author="([^"]+)" w:date="([^"]+)">(<w:rPr>[\s\S]*?<\/w:rPr>|<w:rPr\/>)?<\/w:rPrChange>/.exec(run);
    const now = runs.map((run) => run.replace(/<w:rPrChange[\s\S]*?<\/w:rPrChange>/, ''));
    expect(now.map((run) => [run.includes('<w:b/>'), run.includes('<w:i/>')])).toEqual([
      [true, false],
      [false, false],
    ]);
    const [bolded, unitalicised] = runs.map(change);
    expect([bolded?.[1], bolded?.[2], bolded?.[3]?.includes('<w:b w:val="false"/>')]).toEqual(['Omar Said (MIGR)', '2026-12-04T08:00:00.000Z', true]);
    expect([unitalicised?.[1], unitalicised?.[3]?.includes('<w:i/>')]).toEqual(['Omar Said (MIGR)', true]);
  });
});

/** The number format of `level` in the list `numId`, through its abstract numbering. */
function formatOf(numbering: string, numId: string, level: number): string | undefined {
  const abstractId = new RegExp(`<w:num w:numId="${numId}"[^>]*>\\s*<w:abstractNumId w:val="(\\d+)"`).exec(numbering)?.[1];
  const abstract = new RegExp(`<w:abstractNum [^>]*w:abstractNumId="${abstractId}"[\\s\\S]*?</w:abstractNum>`).exec(numbering)?.[0] ?? '';
  const lvl = new RegExp(`<w:lvl [^>]*w:ilvl="${level}"[\\s\\S]*?</w:lvl>`).exec(abstract)?.[0] ?? '';
  return /<w:numFmt w:val="([^"]+)"/.exec(lvl)?.[1];
}

describe('content this version does not know', () => {
  it('is exported as paragraphs of its text, none of it dropped', async () => {
    const content: PmJsonNode[] = [
      { type: 'callout', content: [{ type: 'text', text: 'i en ruta' }, { type: 'paragraph', content: [{ type: 'text', text: 'och under' }] }] },
      { type: 'figure_caption', content: [{ type: 'text', text: 'bildtext', marks: [{ type: 'highlight' }] }] },
    ];
    const docx = await planDocx(planWithChapter(content), { variant: 'clean', date: DATE });
    const texts = wordParagraphs(part(docxParts(docx), 'word/document.xml')).map((q) => q.text);
    expect(texts).toEqual(expect.arrayContaining(['i en ruta', 'och under', 'bildtext']));
  });
});

describe('open suggestions in the review copy', () => {
  let xml: string;
  let settings: string;

  beforeAll(async () => {
    const content = [{ type: 'paragraph', content: [...SUGGESTED_TEXT, suggested(' okänd', 'insert', 'not-arrived')] }];
    const docx = await planDocx(planWithChapter(content, SUGGESTIONS), { variant: 'review', date: DATE });
    const parts = docxParts(docx);
    xml = part(parts, 'word/document.xml');
    settings = part(parts, 'word/settings.xml');
  });

  it('are tracked insertions and deletions by their authors, at their times', () => {
    expect(xml).toMatch(/<w:ins w:id="\d+" w:author="Omar Said \(MIGR\)" w:date="2026-12-04T08:00:00.000Z"><w:r>(?:(?!<\/w:r>)[\s\S])*<w:t[^>]*>föreslaget tillägg <\/w:t>/);
    expect(xml).toMatch(/<w:del w:id="\d+" w:author="Anna Berg \(AF\)" w:date="2026-12-05T08:00:00.000Z"><w:r>(?:(?!<\/w:r>)[\s\S])*<w:delText[^>]*>föreslagen strykning<\/w:delText>/);
  });

  it('still shows a suggestion whose author has not arrived yet as a change', () => {
    expect(xml).toMatch(/<w:ins w:id="\d+" w:author="Samskriv"[^>]*><w:r>(?:(?!<\/w:r>)[\s\S])*<w:t[^>]*> okänd<\/w:t>/);
  });

  it('gives every change its own id, and tracks the reviewers’ own edits in Word', () => {
    const ids = [...xml.matchAll(/<w:(?:ins|del) w:id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(3);
    expect(settings).toContain('<w:trackRevisions/>');
  });
});

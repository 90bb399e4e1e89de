/**
 * The print view (issue 15): the plan as the HTML document both hosts print
 * to PDF, read back with a DOM parser (jsdom, scripts off) as a browser
 * would: title page, contents linking to every chapter, headings at the
 * levels a tagged PDF's structure and bookmarks come from, the accepted
 * text with its formatting, lists and tables, citations as numbered notes
 * and "Underlag" as the Word export has them; every text escaped, and a
 * policy that lets nothing but its own stylesheet run.
 */
import { createHash } from 'node:crypto';
import { JSDOM } from 'jsdom';
import { AGENCIES } from '../../../shared/agencies/agencies.ts';
import { describe, expect, it } from 'vitest';
import { readExportPlan, type ExportPlan } from '../../../src-main/export/export-plan.ts';
import { printView, printViewPolicy } from '../../../src-main/export/print-view.ts';
import { b, p } from '../../../shared/sample/content-builders.ts';
import type { PmJsonNode } from '../../../shared/sample/sample-plan.ts';
import { CITED_PLAN, PLAN, planWithChapter, REMOVED_REFERENCE, SAMRAD_REFERENCE, SUGGESTED_TEXT, TITLE, UNCITED_REFERENCE } from './fixture-plan.ts';

const DATE = new Date('2026-12-07T09:00:00Z');

function view(plan: ExportPlan = readExportPlan(PLAN)): Document {
  return new JSDOM(printView(plan, { date: DATE })).window.document;
}

const texts = (nodes: Iterable<Element>): string[] => [...nodes].map((node) => node.textContent?.replace(/\s+/g, ' ').trim() ?? '');

describe('the print view of the plan', () => {
  it('is a Swedish document titled after the plan, with a title page of its agencies, recipient, reference number and date', () => {
    const plan: ExportPlan = { ...readExportPlan(PLAN), recipient: 'Regeringskansliet, Arbetsmarknadsdepartementet', reference: 'A2026/00123' };
    const document = view(plan);
    expect(document.documentElement.lang).toBe('sv');
    expect(document.title).toBe(TITLE);
    const titlePage = document.querySelector('.title-page')!;
    expect(texts(titlePage.querySelectorAll('p'))).toEqual([
      TITLE,
      'Till: Regeringskansliet, Arbetsmarknadsdepartementet',
      'Diarienummer: A2026/00123',
      '7 december 2026',
    ]);
    expect(texts(titlePage.querySelectorAll('li'))).toEqual(AGENCIES.map((agency) => agency.nameSv));
    expect(AGENCIES).toHaveLength(6);
  });

  it('leaves out the recipient and reference number when they are not filled in', () => {
    expect(texts(view().querySelectorAll('.title-page p'))).toEqual([TITLE, '7 december 2026']);
  });

  it('gives each chapter a first-level heading and its headings the levels below, in the manifest’s order', () => {
    const headings = [...view().querySelectorAll('main h1, main h2, main h3, main h4')].map((h) => `${h.tagName} ${h.textContent}`);
    expect(headings).toEqual(['H1 Inledning', 'H2 Syfte', 'H3 Delmål', 'H1 Åtgärder']);
  });

  it('has a table of contents that links to every chapter and its headings, each link reaching its heading', () => {
    const document = view();
    const contents = document.querySelector('nav.contents')!;
    expect(contents.getAttribute('aria-labelledby')).toBe(contents.querySelector('.contents-title')!.id);
    const links = [...contents.querySelectorAll('a')].map((a) => [a.textContent, document.getElementById(a.getAttribute('href')!.slice(1))?.textContent]);
    expect(links).toEqual([
      ['Inledning', 'Inledning'],
      ['Syfte', 'Syfte'],
      ['Delmål', 'Delmål'],
      ['Åtgärder', 'Åtgärder'],
    ]);
    // "Delmål" (level 2) is listed under "Syfte" (level 1), both under their chapter.
    expect(contents.querySelector('li li li a')?.textContent).toBe('Delmål');
  });

  it('writes formatting, safe links, nested lists and a table with a header row', () => {
    const document = view();
    const first = document.querySelector('main section')!;
    expect(first.querySelector('strong')?.textContent).toBe('fet');
    expect(first.querySelector('em')?.textContent).toBe('kursiv');
    expect(first.querySelector('a[href="https://www.regeringen.se/"]')?.textContent).toBe('regeringen.se');
    expect(texts(first.querySelectorAll(':scope > ul > li > p'))).toEqual(['första punkten', 'andra punkten']);
    expect(texts(first.querySelectorAll('ul ul li'))).toEqual(['underpunkt']);
    expect(texts(first.querySelectorAll('ol > li'))).toEqual(['steg ett', 'steg två']);
    const table = document.querySelectorAll('main section')[1]!.querySelector('table')!;
    expect([...table.querySelectorAll('thead th')].map((th) => [th.textContent?.trim(), th.getAttribute('scope')])).toEqual([
      ['Åtgärd', 'col'],
      ['Ansvarig myndighet', 'col'],
    ]);
    expect(texts(table.querySelectorAll('tbody td'))).toEqual(['Språkkurs', 'Migrationsverket']);
  });

  it('writes an unsafe link as its text only', () => {
    const document = view();
    expect(document.body.textContent).toContain('farlig länk');
    expect([...document.querySelectorAll('a')].some((a) => (a.getAttribute('href') ?? '').includes('javascript'))).toBe(false);
  });

  it('shows the accepted text: a suggested insertion left out, a suggested deletion kept', () => {
    const text = view(planWithChapter([p(...SUGGESTED_TEXT)])).querySelector('main section p')?.textContent;
    expect(text).toBe('Kvar föreslagen strykning');
  });

  it('keeps the words of a block or mark it does not know', () => {
    const unknown: PmJsonNode = { type: 'callout', content: [{ type: 'text', text: 'framtida block', marks: [{ type: 'glow' }] }] };
    expect(texts(view(planWithChapter([unknown, p(b('känd'))])).querySelectorAll('main section p'))).toEqual(['framtida block', 'känd']);
  });

  it('escapes every text, so words that look like markup stay words and nothing can run', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror="alert(2)"> & "citat"';
    const plan = planWithChapter([p(hostile), p({ type: 'text', text: 'länk', marks: [{ type: 'link', attrs: { href: 'https://example.se/"><script>alert(3)</script>' } }] })]);
    const hostilePlan: ExportPlan = { ...plan, title: `${hostile}</title>`, recipient: hostile, chapters: [{ ...plan.chapters[0]!, title: hostile }] };
    const html = printView(hostilePlan, { date: DATE });
    const document = new JSDOM(html).window.document;
    expect(document.querySelectorAll('script, img, [onerror]')).toHaveLength(0);
    expect(document.title).toBe(`${hostile}</title>`);
    expect(document.querySelector('main h1')?.textContent).toBe(hostile);
    expect(document.querySelector('main p')?.textContent).toBe(hostile);
    expect(document.querySelector('main a')?.getAttribute('href')).toBe('https://example.se/"><script>alert(3)</script>');
  });

  it('allows no script and only its own stylesheet, by hash', () => {
    const html = printView(readExportPlan(PLAN), { date: DATE });
    const document = new JSDOM(html).window.document;
    const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
    expect(printViewPolicy(html)).toBe(policy);
    expect(policy).toMatch(/^default-src 'none'; /);
    expect(policy).not.toMatch(/script-src|unsafe/);
    const styles = document.querySelectorAll('style');
    expect(styles).toHaveLength(1);
    const hash = createHash('sha256').update(styles[0]!.textContent!).digest('base64');
    expect(policy).toContain(`style-src 'sha256-${hash}'`);
    expect(document.querySelectorAll('[style]')).toHaveLength(0);
  });

  it('heads every page but the title page with the plan’s title, and numbers them “Sida X av Y”, in the page’s margin', () => {
    const style = view().querySelector('style')!.textContent!;
    const title = TITLE.replace(/[^\p{L}\p{N} ]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `);
    expect(style).toContain(`@top-right { content: "${title}";`);
    expect(style).toContain('@bottom-center { content: "Sida " counter(page) " av " counter(pages);');
    expect(style).toContain('@page :first { @top-right { content: none; } @bottom-center { content: none; } }');
  });

  it('keeps a title that looks like CSS or markup inside its header string', () => {
    const html = printView({ ...readExportPlan(PLAN), title: 'Plan"; } </style><script>alert(1)</script>\\' }, { date: DATE });
    const document = new JSDOM(html).window.document;
    expect(document.querySelectorAll('style')).toHaveLength(1);
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(document.querySelector('style')!.textContent).toContain('content: "Plan\\22 \\3b  \\7d  \\3c \\2f style\\3e \\3c script\\3e alert\\28 1\\29 \\3c \\2f script\\3e \\5c ";');
  });

  it('puts each citation’s note, numbered across the plan, after its words, and lists the sources under “Underlag”', () => {
    const document = view(readExportPlan(CITED_PLAN));
    const [first, second, sources] = [...document.querySelectorAll('main > section')];
    // c1's reference follows its last word (the bold half); c4 is in a suggested insertion, left out with its words.
    expect(first!.querySelector('p')!.textContent).toBe('Myndigheterna ska ”tidigt nå ut med information”1 och ”svar på remissen”2 samt ”okänd källa”3.');
    expect(first!.querySelectorAll('p')[1]!.textContent).toBe('Kvar ”struket citat”4');
    const notes = (section: Element) => [...section.querySelectorAll('.notes li')].map((li) => [li.getAttribute('value'), li.textContent?.replace(' ↩', '')]);
    expect(notes(first!)).toEqual([
      ['1', `${SAMRAD_REFERENCE} ”tidigt nå ut med information”`],
      ['2', `${REMOVED_REFERENCE} ”svar på remissen”`],
      ['3', 'Underlaget finns inte i planen. ”okänd källa”'],
      ['4', `${SAMRAD_REFERENCE} ”struket citat”`],
    ]);
    expect(notes(second!)).toEqual([['5', `${SAMRAD_REFERENCE} ”tidigt nå ut med information”`]]);
    // Each chapter's notes are named after it, so a screen reader's landmarks tell them apart.
    expect([...document.querySelectorAll('aside.notes')].map((aside) => aside.getAttribute('aria-label'))).toEqual(['Noter till Inledning', 'Noter till Åtgärder']);
    // Each reference links to its note and back.
    const reference = first!.querySelector('sup a')!;
    expect(document.getElementById(reference.getAttribute('href')!.slice(1))?.getAttribute('value')).toBe('1');
    expect(sources!.querySelector('h1')?.textContent).toBe('Underlag');
    expect(texts(sources!.querySelectorAll('li'))).toEqual([SAMRAD_REFERENCE, REMOVED_REFERENCE, UNCITED_REFERENCE].sort((a, b) => a.localeCompare(b, 'sv')));
  });
});

/**
 * The bundled sample plan is what a new user opens first and what demos and
 * end-to-end tests build on. These tests make sure it loads in the editor
 * unchanged, that every agency's drafter has the chapters the brief promises,
 * and that its text holds what the government assignment asks for.
 */
import { describe, expect, it } from 'vitest';
import type { Node as PmNode } from 'prosemirror-model';
import * as Y from 'yjs';
import { AGENCIES, AGENCY_CODES, isAgencyCode } from '../../../shared/agencies/agencies.ts';
import { readChapterDoc, writeChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { isSafeHref, schema } from '../../../shared/schema/schema.ts';
import { SAMPLE_PLAN, type SampleChapter } from '../../../shared/sample/sample-plan.ts';

function load(chapter: SampleChapter): PmNode {
  return schema.nodeFromJSON(chapter.content);
}

function chapterByKey(key: string): SampleChapter {
  const chapter = SAMPLE_PLAN.chapters.find((c) => c.key === key);
  if (!chapter) throw new Error(`no sample chapter ${key}`);
  return chapter;
}

function nodesOfType(root: PmNode, type: string): PmNode[] {
  const found: PmNode[] = [];
  root.descendants((node) => {
    if (node.type.name === type) found.push(node);
  });
  return found;
}

function rowTexts(row: PmNode): string[] {
  const cells: string[] = [];
  row.forEach((cell) => cells.push(cell.textContent.trim()));
  return cells;
}

describe('the sample plan', () => {
  it('is the joint plan for foreign-born women, due on an ISO date', () => {
    expect(SAMPLE_PLAN.title).toBe('Myndighetsgemensam plan för att öka utrikes födda kvinnors inträde på arbetsmarknaden');
    expect(SAMPLE_PLAN.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(new Date(`${SAMPLE_PLAN.deadline}T00:00:00Z`).toISOString().slice(0, 10)).toBe(SAMPLE_PLAN.deadline);
  });

  it.each(SAMPLE_PLAN.chapters.map((c) => [c.title, c] as const))('chapter "%s" is a valid chapter document', (_title, chapter) => {
    const node = load(chapter);
    expect(() => node.check()).not.toThrow();
    expect(node.type.name).toBe('doc');
  });

  it('loads into the editor and saves back to exactly the same JSON, so opening it is not an edit', () => {
    for (const chapter of SAMPLE_PLAN.chapters) {
      expect(load(chapter).toJSON(), chapter.title).toEqual(chapter.content);
    }
  });

  it('is stored in the chapter text and read back by another peer exactly as it ships', () => {
    for (const chapter of SAMPLE_PLAN.chapters) {
      const doc = new Y.Doc();
      writeChapterDoc(doc, load(chapter));
      const peer = new Y.Doc();
      Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
      expect(readChapterDoc(peer).toJSON(), chapter.title).toEqual(chapter.content);
    }
  });

  it('starts every chapter with prose and uses only section headings, since the outline shows the chapter title', () => {
    for (const chapter of SAMPLE_PLAN.chapters) {
      const node = load(chapter);
      expect(node.firstChild?.type.name, chapter.title).toBe('paragraph');
      const levels = nodesOfType(node, 'heading').map((heading) => heading.attrs.level as number);
      expect(levels.every((level) => level === 2 || level === 3), chapter.title).toBe(true);
    }
  });

  it('gives every chapter a real body: several paragraphs and a list', () => {
    for (const chapter of SAMPLE_PLAN.chapters) {
      const node = load(chapter);
      let paragraphs = 0;
      node.forEach((child) => {
        if (child.type.name === 'paragraph' && child.textContent.trim() !== '') paragraphs++;
      });
      expect(paragraphs, chapter.title).toBeGreaterThanOrEqual(3);
      expect(paragraphs, chapter.title).toBeLessThanOrEqual(8);
      const lists = nodesOfType(node, 'bullet_list').length + nodesOfType(node, 'ordered_list').length;
      expect(lists, chapter.title).toBeGreaterThan(0);
    }
  });

  it('has unique, non-empty chapter titles and keys', () => {
    const titles = SAMPLE_PLAN.chapters.map((c) => c.title.trim());
    const keys = SAMPLE_PLAN.chapters.map((c) => c.key);
    expect(titles.every((t) => t.length > 0)).toBe(true);
    expect(keys.every((k) => /^[a-z][a-z0-9-]*$/.test(k))).toBe(true);
    expect(new Set(titles).size).toBe(titles.length);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives every chapter an owning agency, and a chapter to all agencies but at most one', () => {
    expect(SAMPLE_PLAN.chapters.every((c) => isAgencyCode(c.owner))).toBe(true);
    const owners = new Set(SAMPLE_PLAN.chapters.map((c) => c.owner));
    const withoutChapter = AGENCY_CODES.filter((code) => !owners.has(code));
    expect(withoutChapter.length).toBeLessThanOrEqual(1);
  });

  it('lets a Försäkringskassan drafter write in a chapter of their own', () => {
    expect(SAMPLE_PLAN.chapters.some((c) => c.owner === 'fk')).toBe(true);
  });

  it('lists the measures in a table headed Åtgärd / Ansvarig myndighet / Tidplan that names all six agencies', () => {
    const tables = nodesOfType(load(chapterByKey('atgarder')), 'table');
    const measures = tables.find((t) => t.firstChild && rowTexts(t.firstChild).join('|') === 'Åtgärd|Ansvarig myndighet|Tidplan');
    expect(measures).toBeDefined();
    if (!measures) return;

    const responsible: string[] = [];
    measures.forEach((row, _offset, index) => {
      if (index === 0) return;
      const cells = rowTexts(row);
      expect(cells).toHaveLength(3);
      expect(cells.every((c) => c.length > 0)).toBe(true);
      responsible.push(cells[1] ?? '');
    });
    for (const agency of AGENCIES) {
      expect(responsible, agency.nameSv).toContain(agency.nameSv);
    }
  });

  it('reports the civil-society dialogue of 7 December 2022 in the collaboration chapter', () => {
    const text = load(chapterByKey('samverkan')).textContent;
    expect(text).toContain('7 december 2022');
  });

  it('links only to safe web addresses, and has at least one link', () => {
    const hrefs: string[] = [];
    for (const chapter of SAMPLE_PLAN.chapters) {
      load(chapter).descendants((node) => {
        for (const mark of node.marks) if (mark.type.name === 'link') hrefs.push(String(mark.attrs.href));
      });
    }
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.filter((href) => !isSafeHref(href) || !href.startsWith('https://'))).toEqual([]);
  });

  it('contains no placeholder filler text', () => {
    for (const chapter of SAMPLE_PLAN.chapters) {
      expect(`${chapter.title} ${load(chapter).textContent}`.toLowerCase(), chapter.title).not.toMatch(/lorem|ipsum/);
    }
  });
});

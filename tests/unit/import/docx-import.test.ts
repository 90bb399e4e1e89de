/**
 * A drafter's Word draft becomes a chapter: headings, nested lists, a table,
 * bold, italic and a link arrive as they were written; the Word comment and
 * its reply become a thread on the commented words, signed by the importing
 * member with the Word author's name visible; the tracked insertion and
 * deletion become open suggestions on the right words, attributed to their
 * Word authors. The file is a real .docx written by the `docx` package.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Node as PmNode } from 'prosemirror-model';
import { chapterText, readChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { readThreads } from '../../../shared/comments/threads.ts';
import { applyImport, ImportNotAllowed } from '../../../shared/import/apply-import.ts';
import { importedDocumentSchema, summarizeImport } from '../../../shared/import/imported-document.ts';
import type { Member } from '../../../shared/plan/member.ts';
import { schema } from '../../../shared/schema/schema.ts';
import { decideSuggestions } from '../../../shared/suggestions/decide.ts';
import { readSuggestions } from '../../../shared/suggestions/suggestions.ts';
import { importDocx } from '../../../src-main/import/docx-import.ts';
import { doc, li, ol, p, table, td, tr, ul, withCanonicalMarks } from '../../support/doc-builders.ts';
import { ANNA, formatChangeWordFile, OMAR, richWordFile } from './word-fixture.ts';

const drafter: Member = { memberId: 'm-migr', name: 'Lena Holm', agency: 'migr', role: 'drafter' };
const NOW = '2026-12-07T10:00:00.000Z';

async function importedChapter(): Promise<{ ydoc: Y.Doc; thread: string; inserted: string; deleted: string }> {
  const imported = importedDocumentSchema.parse(await importDocx(await richWordFile(), 'Migrationsverket.docx'));
  const ydoc = new Y.Doc();
  let n = 0;
  applyImport(ydoc, imported, drafter, () => `id-${n++}`, NOW);
  const [insertion, deletion] = readSuggestions(ydoc);
  const [thread] = readThreads(ydoc);
  return { ydoc, thread: thread?.id ?? '', inserted: insertion?.id ?? '', deleted: deletion?.id ?? '' };
}

const h = (level: number, text: string): PmNode => schema.nodes.heading.create({ level }, schema.text(text));
const marked = (text: string, ...marks: ReturnType<typeof schema.mark>[]): PmNode => schema.text(text, marks);

describe('importing a Word draft into an empty chapter', () => {
  it('gives the chapter the draft’s headings, lists, table, formatting, link, comment anchor and tracked changes, exactly', async () => {
    const { ydoc, thread, inserted, deleted } = await importedChapter();
    const expected = doc(
      h(1, 'Migrationsverkets åtgärder'),
      p(
        'Vi ska ',
        marked('korta', schema.marks.bold.create()),
        ' väntetiderna och ',
        marked('förbättra', schema.marks.italic.create()),
        ' ',
        marked('informationen', schema.marks.link.create({ href: 'https://www.migrationsverket.se' })),
        '.',
      ),
      h(2, 'Mål'),
      p('Andelen i arbete är ', marked('42 procent', schema.marks.comment.create({ threadId: thread })), ' i dag.'),
      ul(li(p('Språkstöd'), ul(li(p('Yrkessvenska')))), li(p('Mentorer'))),
      ol(li(p('Kartlägg')), li(p('Matcha'))),
      table(tr(td(p('Åtgärd')), td(p('Ansvar'))), tr(td(p('Praktik')), td(p('AF')))),
      p(
        'Insatsen börjar ',
        marked('redan ', schema.marks.suggestion_insert.create({ id: inserted })),
        'i ',
        marked('juni', schema.marks.suggestion_delete.create({ id: deleted })),
        'maj.',
      ),
    );
    expect(readChapterDoc(ydoc).toJSON()).toEqual(withCanonicalMarks(expected).toJSON());
  });

  it('makes the Word comment and its reply one open thread, signed by the importer, with the Word authors and dates in the text', async () => {
    const { ydoc } = await importedChapter();
    const threads = readThreads(ydoc);
    expect(threads).toHaveLength(1);
    const [thread] = threads;
    expect(thread?.state).toBe('open');
    expect(thread?.quote).toBe('42 procent');
    expect(thread?.messages.map((m) => [m.author.name, m.text])).toEqual([
      ['Lena Holm', `${ANNA} (från Word, 2026-03-03): Stämmer siffran?`],
      ['Lena Holm', `${OMAR} (från Word, 2026-03-04): Ja, enligt SCB.`],
    ]);
  });

  it('makes the tracked changes open suggestions, attributed to their Word authors', async () => {
    const { ydoc } = await importedChapter();
    const suggestions = readSuggestions(ydoc);
    expect(suggestions.map((s) => [s.kind, s.state, s.author.name, s.messages.map((m) => m.text)])).toEqual([
      ['insert', 'open', 'Lena Holm', [`${ANNA} (från Word, 2026-03-05)`]],
      ['delete', 'open', 'Lena Holm', [`${OMAR} (från Word, 2026-03-06)`]],
    ]);
  });

  it('lets the owner accept all: the inserted words stay, the deleted ones go', async () => {
    const { ydoc, inserted, deleted } = await importedChapter();
    const owner: Member = { memberId: 'm-af', name: 'Anna Berg', agency: 'af', role: 'coordinator' };
    decideSuggestions(ydoc, chapterText(ydoc), owner, { owner: 'migr' }, [inserted, deleted], 'accept');
    expect(readChapterDoc(ydoc).lastChild?.textContent).toBe('Insatsen börjar redan i maj.');
  });

  it('lets the owner reject all: the draft reads as before the tracked changes', async () => {
    const { ydoc, inserted, deleted } = await importedChapter();
    const owner: Member = { memberId: 'm-af', name: 'Anna Berg', agency: 'af', role: 'coordinator' };
    decideSuggestions(ydoc, chapterText(ydoc), owner, { owner: 'migr' }, [inserted, deleted], 'reject');
    expect(readChapterDoc(ydoc).lastChild?.textContent).toBe('Insatsen börjar i junimaj.');
  });
});

describe('the import preview', () => {
  it('counts paragraphs, headings, tables, comments, replies, changes and names the authors', async () => {
    const imported = await importDocx(await richWordFile(), 'Migrationsverket.docx');
    expect(summarizeImport(imported)).toEqual({ paragraphs: 12, headings: 2, tables: 1, comments: 1, replies: 1, changes: 2, authors: [ANNA, OMAR] });
  });
});

describe('importing into a chapter that has text', () => {
  it('appends the draft after the chapter’s own text, which stays as it was', async () => {
    const imported = importedDocumentSchema.parse(await importDocx(await richWordFile(), 'Migrationsverket.docx'));
    const ydoc = new Y.Doc();
    applyImport(ydoc, { ...imported, blocks: [{ kind: 'paragraph', runs: [{ text: 'Inledning som redan fanns.' }] }], comments: [], changes: [] }, drafter, () => 'x', NOW);
    applyImport(ydoc, imported, drafter, (() => {
      let n = 0;
      return () => `id-${n++}`;
    })(), NOW);
    const chapter = readChapterDoc(ydoc);
    expect(chapter.firstChild?.textContent).toBe('Inledning som redan fanns.');
    expect(chapter.child(1).textContent).toBe('Migrationsverkets åtgärder');
  });

  it('refuses a reader and writes nothing', async () => {
    const imported = importedDocumentSchema.parse(await importDocx(await richWordFile(), 'Migrationsverket.docx'));
    const ydoc = new Y.Doc();
    const before = Y.encodeStateAsUpdate(ydoc);
    expect(() => applyImport(ydoc, imported, { ...drafter, role: 'reader' }, () => 'x', NOW)).toThrow(ImportNotAllowed);
    expect(Y.encodeStateAsUpdate(ydoc)).toEqual(before);
  });
});

describe('importing tracked formatting changes', () => {
  async function formatted(): Promise<Y.Doc> {
    const imported = importedDocumentSchema.parse(await importDocx(await formatChangeWordFile(), 'Format.docx'));
    const ydoc = new Y.Doc();
    let n = 0;
    applyImport(ydoc, imported, drafter, () => `id-${n++}`, NOW);
    return ydoc;
  }
  const runs = (ydoc: Y.Doc): [string, string[]][] => {
    const out: [string, string[]][] = [];
    readChapterDoc(ydoc).descendants((node) => {
      if (node.isText) out.push([node.text ?? '', node.marks.map((m) => m.type.name)]);
    });
    return out;
  };

  it('makes each a formatting suggestion by its Word author: the new formatting shown, the old kept for a reject', async () => {
    const ydoc = await formatted();
    expect(runs(ydoc)).toEqual([
      ['Det här är ', []],
      ['nu fet', ['bold', 'suggestion_format']],
      [' och ', []],
      ['inte längre kursiv', ['suggestion_format']],
      ['.', []],
    ]);
    expect(readSuggestions(ydoc).map((s) => [s.kind, s.messages.map((m) => m.text)])).toEqual([
      ['format', [`${ANNA} (från Word, 2026-03-07)`]],
      ['format', [`${ANNA} (från Word, 2026-03-07)`]],
    ]);
  });

  it('gives the formatting from before when the owner rejects them', async () => {
    const ydoc = await formatted();
    const owner: Member = { memberId: 'm-af', name: 'Anna Berg', agency: 'af', role: 'coordinator' };
    decideSuggestions(ydoc, chapterText(ydoc), owner, { owner: 'migr' }, readSuggestions(ydoc).map((s) => s.id), 'reject');
    expect(runs(ydoc)).toEqual([
      ['Det här är nu fet och ', []],
      ['inte längre kursiv', ['italic']],
      ['.', []],
    ]);
  });
});

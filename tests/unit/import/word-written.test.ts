/**
 * Files written by Microsoft Word itself (issue 15), not by LibreOffice or
 * the `docx` package: mammoth.js's and Open-XML-PowerTools' test files
 * (tests/fixtures/word-written/, BSD-2 and MIT, notices and sources beside
 * them). Each goes through the import as a drafter's file does (importDocx,
 * then the host's schema check, then applyImport into a chapter), and the
 * result and the import report are asserted.
 *
 * What Word wrote that these cover: a comment on words and a comment at a
 * point (Word 2010, no commentsExtended.xml), comments with
 * commentsExtended.xml (Word 2013), a bulleted list, a table, strikethrough,
 * bold and underline, footnotes, endnotes, a picture, a text box, a document
 * saved as Strict Open XML, and 252 tracked changes (Word 2013). For those,
 * mammoth's own reading of the untouched file is the referee: mammoth keeps
 * inserted text and drops deleted text, which is the document with every
 * change accepted, so accepting every imported suggestion must give its text.
 * No Word file with a comment reply was found.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Node as PmNode } from 'prosemirror-model';
import { chapterText, readChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { readThreads } from '../../../shared/comments/threads.ts';
import { applyImport } from '../../../shared/import/apply-import.ts';
import { importedDocumentSchema, summarizeImport, type ImportedDocument } from '../../../shared/import/imported-document.ts';
import type { Member } from '../../../shared/plan/member.ts';
import { schema } from '../../../shared/schema/schema.ts';
import { decideSuggestions } from '../../../shared/suggestions/decide.ts';
import { readSuggestions } from '../../../shared/suggestions/suggestions.ts';
import { importDocx } from '../../../src-main/import/docx-import.ts';
import { doc, li, p, table, td, tr, ul, withCanonicalMarks } from '../../support/doc-builders.ts';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/word-written');
const drafter: Member = { memberId: 'm-migr', name: 'Lena Holm', agency: 'migr', role: 'drafter' };
const NOW = '2026-12-07T10:00:00.000Z';
const NO_LOSSES = { images: 0, footnotes: false, macros: false, formatChanges: 0, deepHeadings: 0 };

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(resolve(FIXTURES, name)));
}

async function imported(name: string, bytes = fixture(name)): Promise<ImportedDocument> {
  // The host checks what the worker hands back with this schema before the renderer sees it.
  return importedDocumentSchema.parse(await importDocx(bytes, name));
}

/** The chapter the import makes, with its ids counted from 0. */
function chapterOf(document: ImportedDocument): Y.Doc {
  const ydoc = new Y.Doc();
  let n = 0;
  applyImport(ydoc, document, drafter, () => `id-${n++}`, NOW);
  return ydoc;
}

function expectChapter(ydoc: Y.Doc, expected: PmNode): void {
  expect(readChapterDoc(ydoc).toJSON()).toEqual(withCanonicalMarks(expected).toJSON());
}

const marked = (text: string, ...marks: ReturnType<typeof schema.mark>[]): PmNode => schema.text(text, marks);

/** The chapter's paragraphs (in tables too) with text, as text, after its owner accepted every suggestion. */
function acceptedParagraphs(ydoc: Y.Doc): string[] {
  const owner: Member = { memberId: 'm-owner', name: 'Omar Said', agency: 'migr', role: 'drafter' };
  decideSuggestions(ydoc, chapterText(ydoc), owner, { owner: 'migr' }, readSuggestions(ydoc).map((s) => s.id), 'accept');
  expect(readSuggestions(ydoc).filter((s) => s.state === 'open')).toEqual([]);
  return nonEmpty(textblocks(readChapterDoc(ydoc)));
}

function textblocks(node: PmNode): string[] {
  const texts: string[] = [];
  node.descendants((child) => {
    if (!child.isTextblock) return true;
    texts.push(child.textContent);
    return false;
  });
  return texts;
}

const nonEmpty = (texts: readonly string[]): string[] => texts.map((t) => t.trim()).filter((t) => t !== '');

/** What mammoth reads from the file as it is: the text with every tracked change accepted. */
async function mammothAccepted(name: string): Promise<string[]> {
  return nonEmpty((await mammoth.extractRawText({ buffer: Buffer.from(fixture(name)) })).value.split('\n'));
}

describe('Word documents written by Microsoft Word', () => {
  it('every fixture is Word’s own, as its app.xml says (endnotes.docx has none and is kept for its endnotes)', () => {
    for (const name of ['comments', 'simple-list', 'tables', 'footnotes', 'tiny-picture', 'strikethrough', 'underline', 'text-box', 'strict-format', 'RA001-Tracked-Revisions-01', 'HC031-Complicated-Document', 'Comment']) {
      const app = strFromU8(unzipSync(fixture(`${name}.docx`))['docProps/app.xml']!);
      expect(app, name).toContain('<Application>Microsoft Office Word</Application>');
    }
  });

  it('comments (Word 2010): the comment on words is a thread anchored on them; the comment at a point is a thread with no words', async () => {
    const document = await imported('comments.docx');
    expect(document.comments).toEqual([
      { author: 'Michael Williamson', date: '2016-07-03T15:10:00Z', text: 'A tachyon walks into a bar.', replies: [], done: false },
      { author: 'Michael Williamson', date: '2016-07-03T15:12:00Z', text: 'Fin.', replies: [], done: false },
    ]);
    expect(summarizeImport(document)).toMatchObject({ paragraphs: 1, comments: 2, replies: 0, changes: 0, authors: ['Michael Williamson'] });
    expect(document.losses).toEqual(NO_LOSSES);

    const ydoc = chapterOf(document);
    const threads = readThreads(ydoc);
    expect(threads.map((t) => [t.quote, t.state, t.messages.map((m) => [m.author.name, m.text])])).toEqual([
      ['Ouch', 'open', [['Lena Holm', 'Michael Williamson (från Word, 2016-07-03): A tachyon walks into a bar.']]],
      ['', 'open', [['Lena Holm', 'Michael Williamson (från Word, 2016-07-03): Fin.']]],
    ]);
    expectChapter(ydoc, doc(p(marked('Ouch', schema.marks.comment.create({ threadId: threads[0]!.id })), '.')));
  });

  it('a bulleted list', async () => {
    const document = await imported('simple-list.docx');
    expect(document.losses).toEqual(NO_LOSSES);
    expectChapter(chapterOf(document), doc(ul(li(p('Apple')), li(p('Banana')))));
  });

  it('a table between two paragraphs', async () => {
    const document = await imported('tables.docx');
    expect(summarizeImport(document)).toMatchObject({ paragraphs: 6, tables: 1 });
    expectChapter(chapterOf(document), doc(p('Above'), table(tr(td(p('Top left')), td(p('Top right'))), tr(td(p('Bottom left')), td(p('Bottom right')))), p('Below')));
  });

  it('strikethrough, bold and underline', async () => {
    expectChapter(chapterOf(await imported('strikethrough.docx')), doc(p(marked("Today's Special: Salmon", schema.marks.strike.create()), ' Sold out')));
    const bold = schema.marks.bold.create();
    expectChapter(chapterOf(await imported('underline.docx')), doc(p(marked('The ', bold), marked('Sunset', bold, schema.marks.underline.create()), marked(' Tree', bold))));
  });

  it('footnotes are left out and reported; the text around their marks stays', async () => {
    const document = await imported('footnotes.docx');
    expect(document.losses).toEqual({ ...NO_LOSSES, footnotes: true });
    expectChapter(chapterOf(document), doc(p('Ouch.')));
  });

  it('endnotes are reported as left out too (they were not: only a footnotes part counted)', async () => {
    const document = await imported('endnotes.docx');
    expect(document.losses).toEqual({ ...NO_LOSSES, footnotes: true });
    expectChapter(chapterOf(document), doc(p('Ouch.')));
  });

  it('a notes part with no note in the text is no loss (Word keeps footnotes.xml with only its separators)', async () => {
    // footnotes.docx with the two references taken out of its text: footnotes.xml and endnotes.xml stay.
    const files = unzipSync(fixture('footnotes.docx'));
    const body = strFromU8(files['word/document.xml']!).replace(/<w:r>(?:(?!<w:r>).)*?<w:footnoteReference [^>]*\/><\/w:r>/g, '');
    expect(body).not.toContain('footnoteReference');
    const document = await imported('no-notes.docx', zipSync({ ...files, 'word/document.xml': strToU8(body) }));
    expect(Object.keys(files)).toContain('word/footnotes.xml');
    expect(document.losses).toEqual(NO_LOSSES);
    expectChapter(chapterOf(document), doc(p('Ouch.')));
  });

  it('a picture is counted as left out, and its paragraph stays', async () => {
    const document = await imported('tiny-picture.docx');
    expect(document.losses).toEqual({ ...NO_LOSSES, images: 1 });
    expect(summarizeImport(document)).toMatchObject({ paragraphs: 1 });
  });

  it('a text box’s text arrives as a paragraph after the one it was anchored in', async () => {
    const document = await imported('text-box.docx');
    expect(document.losses).toEqual(NO_LOSSES);
    expectChapter(chapterOf(document), doc(p(), p('Datum plane')));
  });

  it('a document Word saved as Strict Open XML', async () => {
    const document = await imported('strict-format.docx');
    expect(document.losses).toEqual(NO_LOSSES);
    expectChapter(chapterOf(document), doc(p('Test')));
  });

  it('a comment with commentsExtended.xml (Word 2013) is a thread on its words', async () => {
    const document = await imported('Comment.docx');
    expect(document.comments).toEqual([{ author: 'Eric White', date: '2014-10-28T20:22:00Z', text: 'This is a comment.', replies: [], done: false }]);
    const threads = readThreads(chapterOf(document));
    expect(threads.map((t) => [t.quote, t.messages.map((m) => m.text)])).toEqual([['you click Online Video', ['Eric White (från Word, 2014-10-28): This is a comment.']]]);
  });

  it('252 tracked changes by their Word author (Word 2013): accepting every suggestion gives the text Word shows with all changes accepted', async () => {
    const document = await imported('RA001-Tracked-Revisions-01.docx');
    expect(summarizeImport(document)).toMatchObject({ tables: 4, changes: 252, authors: ['Author'] });
    expect(new Set(document.changes.map((c) => `${c.kind} by ${c.author}`))).toEqual(new Set(['insert by Author', 'delete by Author']));
    // Formatting changes Word tracked on other properties are counted as taken as they stand.
    expect(document.losses).toEqual({ ...NO_LOSSES, formatChanges: 6 });
    const ydoc = chapterOf(document);
    expect(readSuggestions(ydoc).length).toBeGreaterThan(0);
    const accepted = acceptedParagraphs(ydoc);
    expect(accepted.length).toBe(58);
    expect(accepted).toEqual(await mammothAccepted('RA001-Tracked-Revisions-01.docx'));
  });

  it('a long Word 2013 document: headings, lists, tables, links, a comment, deletions and notes', async () => {
    const document = await imported('HC031-Complicated-Document.docx');
    expect(summarizeImport(document)).toMatchObject({ headings: 10, tables: 3, comments: 1, changes: 7, authors: ['Eric White'] });
    expect(document.losses).toEqual({ ...NO_LOSSES, footnotes: true });
    const kinds = new Set<string>();
    const walk = (blocks: ImportedDocument['blocks']): void => {
      for (const block of blocks) {
        kinds.add(block.kind);
        if (block.kind === 'list') block.items.forEach(walk);
        if (block.kind === 'table') block.rows.forEach((row) => row.cells.forEach((cell) => walk(cell.blocks)));
      }
    };
    walk(document.blocks);
    expect([...kinds].sort()).toEqual(['heading', 'list', 'paragraph', 'table']);
    const ydoc = chapterOf(document);
    const [thread] = readThreads(ydoc);
    expect(thread?.quote).toBe('you click Online Video');
    expect(thread?.messages[0]?.text).toMatch(/^Eric White \(från Word, 2014-10-28\): /);
    expect(acceptedParagraphs(ydoc)).toEqual(await mammothAccepted('HC031-Complicated-Document.docx'));
  });
});

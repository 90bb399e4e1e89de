/**
 * Files written by Microsoft Word itself (issue 15), not by LibreOffice or
 * the `docx` package: mammoth.js's own test files (tests/fixtures/word-written/,
 * BSD-2, notice beside them). Each goes through the import as a drafter's
 * file does (importDocx, then the host's schema check, then applyImport into
 * a chapter), and the result and the import report are asserted.
 *
 * What Word wrote that these cover: a comment on words and a comment at a
 * point (Word 2010, no commentsExtended.xml), a bulleted list, a table,
 * strikethrough, bold and underline, footnotes, a picture, a text box, and a
 * document saved as Strict Open XML. None of mammoth's Word files has tracked
 * changes, so Word-written tracked changes are still untested here.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Node as PmNode } from 'prosemirror-model';
import { readChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { readThreads } from '../../../shared/comments/threads.ts';
import { applyImport } from '../../../shared/import/apply-import.ts';
import { importedDocumentSchema, summarizeImport, type ImportedDocument } from '../../../shared/import/imported-document.ts';
import type { Member } from '../../../shared/plan/member.ts';
import { schema } from '../../../shared/schema/schema.ts';
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

describe('Word documents written by Microsoft Word', () => {
  it('every fixture is Word’s own, as its app.xml says (endnotes.docx has none and is kept for its endnotes)', () => {
    for (const name of ['comments', 'simple-list', 'tables', 'footnotes', 'tiny-picture', 'strikethrough', 'underline', 'text-box', 'strict-format']) {
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
});

/**
 * Reading a file as a source (src-main/sources/source-extraction.ts): the
 * text of a PDF and a Word file made here by LibreOffice from the same
 * text, and plain text; hostile and unusable files are refused with a
 * reason, never half read.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSourceFile } from '../../../src-main/sources/source-extraction.ts';
import { MAX_SOURCE_FILE_BYTES, type SourceReading } from '../../../shared/sources/source-format.ts';

const PARAGRAPHS = [
  'Samrådet 7 december 2022',
  'Deltagarna betonade vikten av att tidigt nå ut med information om möjligheten att kontakta civilsamhället.',
  'Idé och armé: anhöriginvandrarna och anhöriginvandrares barn.',
];
const EXPECTED = PARAGRAPHS.join('\n');

let work = '';
const made = new Map<string, Uint8Array>();

/** LibreOffice converts `samrad.txt` to `format` in a private profile (other tests may run soffice at the same time). */
function convert(format: string, extension: string): Uint8Array {
  const soffice = process.env['SAMSKRIV_SOFFICE'] ?? 'soffice';
  execFileSync(soffice, [`-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`, '--headless', '--convert-to', format, '--outdir', work, join(work, 'samrad.txt')], { timeout: 120_000, stdio: 'ignore' });
  return new Uint8Array(readFileSync(join(work, `samrad.${extension}`)));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'samskriv-sources-'));
  writeFileSync(join(work, 'samrad.txt'), PARAGRAPHS.join('\n\n') + '\n');
  made.set('pdf', convert('pdf', 'pdf'));
  made.set('docx', convert('docx:MS Word 2007 XML', 'docx'));
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function problem(reading: SourceReading): string | null {
  return reading.ok ? null : reading.problem;
}

describe('the text of a source file', () => {
  it('a PDF made by LibreOffice reads as its paragraphs', async () => {
    expect(await readSourceFile('samrad.pdf', made.get('pdf')!)).toEqual({ ok: true, format: 'pdf', text: EXPECTED });
  });

  it('a Word file reads as its paragraphs', async () => {
    expect(await readSourceFile('samrad.docx', made.get('docx')!)).toEqual({ ok: true, format: 'docx', text: EXPECTED });
  });

  it('plain text: blank lines part paragraphs, a BOM and Windows line ends are dropped', async () => {
    const data = new TextEncoder().encode('\ufeff' + PARAGRAPHS.join('\r\n\r\n'));
    expect(await readSourceFile('samrad.txt', data)).toEqual({ ok: true, format: 'text', text: EXPECTED });
  });

  it('the format comes from the bytes, not the name: a PDF named .txt is read as a PDF', async () => {
    expect(await readSourceFile('samrad.txt', made.get('pdf')!)).toMatchObject({ ok: true, format: 'pdf' });
  });
});

describe('files that are refused', () => {
  it('a truncated PDF is damaged', async () => {
    const pdf = made.get('pdf')!;
    expect(problem(await readSourceFile('samrad.pdf', pdf.slice(0, Math.floor(pdf.length / 3))))).toBe('damaged');
  });

  it('a truncated Word file is damaged', async () => {
    const docx = made.get('docx')!;
    expect(problem(await readSourceFile('samrad.docx', docx.slice(0, Math.floor(docx.length / 2))))).toBe('damaged');
  });

  it('a zip that is not a Word document is damaged, and one not named .docx is an unknown format', async () => {
    const zip = zipSync({ 'hello.txt': new TextEncoder().encode('hej') });
    expect(problem(await readSourceFile('samrad.docx', zip))).toBe('damaged');
    expect(problem(await readSourceFile('samrad.zip', zip))).toBe('unknown-format');
  });

  it('a Word file that unpacks to more than the limit is refused before it is unpacked', async () => {
    const zip = zipSync({ 'word/document.xml': new Uint8Array(70 * 1024 * 1024) }, { level: 9 });
    expect(zip.length).toBeLessThan(MAX_SOURCE_FILE_BYTES);
    expect(problem(await readSourceFile('bomb.docx', zip))).toBe('too-large');
  });

  it('a binary file, an old .doc or an image, is an unknown format', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(problem(await readSourceFile('bild.png', png))).toBe('unknown-format');
    const doc = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(problem(await readSourceFile('gammal.doc', doc))).toBe('unknown-format');
  });

  it('a file over the size limit is refused unread', async () => {
    expect(problem(await readSourceFile('stor.txt', new Uint8Array(MAX_SOURCE_FILE_BYTES + 1).fill(0x61)))).toBe('too-large');
  });

  it('an empty file, or one with only spaces, has no text', async () => {
    expect(problem(await readSourceFile('tom.txt', new Uint8Array(0)))).toBe('no-text');
    expect(problem(await readSourceFile('tom.txt', new TextEncoder().encode(' \n\n \t')))).toBe('no-text');
  });

  it('a PDF that needs a password is refused as encrypted', async () => {
    const soffice = process.env['SAMSKRIV_SOFFICE'] ?? 'soffice';
    const filter = 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"hemlig"}}';
    execFileSync(soffice, [`-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`, '--headless', '--convert-to', filter, '--outdir', join(work, 'locked'), join(work, 'samrad.txt')], { timeout: 120_000, stdio: 'ignore' });
    const locked = new Uint8Array(readFileSync(join(work, 'locked', 'samrad.pdf')));
    expect(problem(await readSourceFile('samrad.pdf', locked))).toBe('encrypted');
  }, 120_000);
});

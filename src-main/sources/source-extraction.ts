/**
 * The text of a file that a member adds as a source (issue 16): PDF with
 * pdfjs-dist (its legacy build runs in Node without a canvas), Word
 * (.docx) with mammoth's raw text, and plain UTF-8 text. The renderer
 * sends the file's bytes through HostApi (`readSourceFile`) and gets the
 * normalised text back, or the reason it was refused; it then writes the
 * source doc in one transaction, so a refused or failed file leaves
 * nothing behind.
 *
 * Hostile files: the format is taken from the first bytes, never from the
 * name; the file is at most MAX_SOURCE_FILE_BYTES; a .docx's zip may
 * declare at most MAX_UNZIPPED_BYTES unpacked (read from its directory
 * with fflate before mammoth unpacks anything: a zip bomb is refused
 * unopened); a PDF may have at most MAX_SOURCE_PAGES pages and takes at
 * most EXTRACTION_TIME_MS, checked between pages; the text is at most
 * MAX_SOURCE_TEXT_LENGTH characters. The host runs this in a worker with a
 * memory and a time limit (read-source.ts), never on main's event loop.
 */
import { unzipSync } from 'fflate';
import mammoth from 'mammoth';
import {
  MAX_SOURCE_FILE_BYTES,
  MAX_SOURCE_PAGES,
  MAX_SOURCE_TEXT_LENGTH,
  normaliseSourceText,
  type SourceFileProblem,
  type SourceFormat,
  type SourceReading,
} from '../../shared/sources/source-format.ts';

export const MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;
export const EXTRACTION_TIME_MS = 30_000;


class Refusal extends Error {
  readonly problem: SourceFileProblem;
  constructor(problem: SourceFileProblem, detail: string) {
    super(detail);
    this.problem = problem;
  }
}

export async function readSourceFile(fileName: string, data: Uint8Array): Promise<SourceReading> {
  try {
    if (data.byteLength > MAX_SOURCE_FILE_BYTES) throw new Refusal('too-large', `${data.byteLength} bytes (limit ${MAX_SOURCE_FILE_BYTES})`);
    const format = detectFormat(fileName, data);
    const paragraphs = format === 'pdf' ? await pdfParagraphs(data) : format === 'docx' ? await docxParagraphs(data) : textParagraphs(data);
    const text = normaliseSourceText(paragraphs);
    if (text.length === 0) throw new Refusal('no-text', 'the file holds no text');
    if (text.length > MAX_SOURCE_TEXT_LENGTH) throw new Refusal('too-much-text', `${text.length} characters (limit ${MAX_SOURCE_TEXT_LENGTH})`);
    return { ok: true, format, text };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.problem, detail: error.message };
    return { ok: false, problem: 'damaged', detail: error instanceof Error ? error.message : String(error) };
  }
}

/** By the first bytes: `%PDF-`, a zip named .docx, or text that decodes as UTF-8 without control characters. */
function detectFormat(fileName: string, data: Uint8Array): SourceFormat {
  if (startsWith(data, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) {
    if (/\.docx$/i.test(fileName)) return 'docx';
    throw new Refusal('unknown-format', 'a zip file that is not named .docx');
  }
  if (decodeText(data) === null) throw new Refusal('unknown-format', 'neither PDF, .docx nor UTF-8 text');
  return 'text';
}

function textParagraphs(data: Uint8Array): string[] {
  // Blank lines separate paragraphs; single line breaks inside one are wrapping.
  return (decodeText(data) ?? '').split(/\r?\n\s*\r?\n|\f/);
}

async function docxParagraphs(data: Uint8Array): Promise<string[]> {
  let unzipped = 0;
  try {
    unzipSync(data, {
      filter: (file) => {
        unzipped += file.originalSize;
        if (unzipped > MAX_UNZIPPED_BYTES) throw new Refusal('too-large', `the Word file unpacks to more than ${MAX_UNZIPPED_BYTES} bytes`);
        return false;
      },
    });
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal('damaged', `not a readable zip: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = await mammoth.extractRawText({ buffer: Buffer.from(data.buffer, data.byteOffset, data.byteLength) });
  // mammoth ends every paragraph with two line feeds.
  return result.value.split(/\n\n/);
}

async function pdfParagraphs(data: Uint8Array): Promise<string[]> {
  const started = Date.now();
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdfjs takes ownership of (detaches) the buffer it is given: pass a copy.
  const task = pdfjs.getDocument({ data: data.slice(), disableFontFace: true, useSystemFonts: false, stopAtErrors: true, verbosity: 0 });
  let document;
  try {
    document = await task.promise;
  } catch (error) {
    const name = (error as { name?: unknown }).name;
    if (name === 'PasswordException') throw new Refusal('encrypted', 'the PDF needs a password');
    throw new Refusal('damaged', `pdfjs could not open it: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    if (document.numPages > MAX_SOURCE_PAGES) throw new Refusal('too-much-text', `${document.numPages} pages (limit ${MAX_SOURCE_PAGES})`);
    const paragraphs: string[] = [];
    let length = 0;
    for (let number = 1; number <= document.numPages; number++) {
      if (Date.now() - started > EXTRACTION_TIME_MS) throw new Refusal('damaged', `reading took longer than ${EXTRACTION_TIME_MS} ms`);
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      // PDF has lines, not paragraphs: a gap between lines of more than half
      // a line's height starts a new paragraph, as a reader sees it.
      let paragraph = '';
      let lastY: number | null = null;
      let lastHeight = 0;
      for (const item of content.items) {
        if (!('str' in item) || item.str.length === 0) continue;
        const y = item.transform[5] as number;
        const height = Math.max(item.height, lastHeight, 1);
        if (lastY !== null && Math.abs(lastY - y) > height * 1.5) {
          paragraphs.push(paragraph);
          length += paragraph.length;
          paragraph = '';
        } else if (lastY !== null && Math.abs(lastY - y) > height * 0.5 && !paragraph.endsWith(' ')) {
          paragraph += ' ';
        }
        paragraph += item.str;
        lastY = y;
        lastHeight = item.height;
      }
      paragraphs.push(paragraph);
      length += paragraph.length;
      if (length > MAX_SOURCE_TEXT_LENGTH * 2) throw new Refusal('too-much-text', `more than ${MAX_SOURCE_TEXT_LENGTH} characters`);
      page.cleanup();
    }
    return paragraphs;
  } finally {
    await document.destroy();
  }
}

/** `data` as UTF-8 text (a BOM dropped), or null if it is not text. */
function decodeText(data: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return null;
  }
  // Control characters other than tab, line feed, form feed and carriage return: a binary file.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) return null;
  return text.startsWith('\ufeff') ? text.slice(1) : text;
}

function startsWith(data: Uint8Array, bytes: readonly number[]): boolean {
  return data.length >= bytes.length && bytes.every((b, i) => data[i] === b);
}

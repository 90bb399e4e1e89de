/**
 * What a source file may be, and the limits on it. A source (Underlag) is
 * the text of a PDF, a Word file or plain text, kept with the original file
 * in its own Y.Doc (source-doc.ts). The whole doc travels as one WebSocket
 * message when a member first syncs it, and the sync server accepts at most
 * 8 MiB per message (src-server/server-limits.ts), so the original and its
 * text together stay well under that: 5 MiB of file, 1,000,000 characters
 * of text (about 400 pages; a 50-page consultation report is some 150,000).
 */

export const SOURCE_FORMATS = ['pdf', 'docx', 'text'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export const MAX_SOURCE_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_SOURCE_TEXT_LENGTH = 1_000_000;
export const MAX_SOURCE_PAGES = 1_000;
export const MAX_SOURCE_TITLE_LENGTH = 300;
export const MAX_SOURCE_FILE_NAME_LENGTH = 255;

/**
 * Why a file cannot become a source; the renderer says each in Swedish
 * (i18n `sources.problem.*`). Nothing is stored when a file is refused.
 */
export const SOURCE_FILE_PROBLEMS = [
  /** Over MAX_SOURCE_FILE_BYTES. */
  'too-large',
  /** Not a PDF, a .docx or UTF-8 text (a .doc, an image, a zip of something else). */
  'unknown-format',
  /** Looks like its format but cannot be read (truncated, damaged). */
  'damaged',
  /** A PDF that needs a password. */
  'encrypted',
  /** Readable, but holds no text (a scanned PDF without OCR, an empty file). */
  'no-text',
  /** More than MAX_SOURCE_TEXT_LENGTH characters, or MAX_SOURCE_PAGES pages. */
  'too-much-text',
  /** Reading it needed more time or memory than a source may take (a hostile or pathological file). */
  'too-complex',
] as const;
export type SourceFileProblem = (typeof SOURCE_FILE_PROBLEMS)[number];

export const SOURCE_MEDIA_TYPES: Readonly<Record<SourceFormat, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  text: 'text/plain;charset=utf-8',
};

/**
 * Extracted text as the source doc stores it: paragraphs joined by one
 * line feed, each paragraph's inner whitespace collapsed, empty ones left
 * out. One form for every format, so a quote's offsets mean the same thing
 * on every peer and in the search.
 */
export function normaliseSourceText(paragraphs: Iterable<string>): string {
  const kept: string[] = [];
  for (const paragraph of paragraphs) {
    const clean = paragraph.replace(/\s+/gu, ' ').trim();
    if (clean.length > 0) kept.push(clean);
  }
  return kept.join('\n');
}

/** What the host makes of a file offered as a source (HostApi `readSourceFile`). */
export type SourceReading =
  | { readonly ok: true; readonly format: SourceFormat; readonly text: string }
  | { readonly ok: false; readonly problem: SourceFileProblem; readonly detail: string };

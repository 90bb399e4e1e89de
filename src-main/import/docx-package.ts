/**
 * Opening a .docx from outside: the zip container, within limits.
 *
 * Guarantees: a file that is not a zip, an encrypted Word file (an OLE
 * compound file, as Word writes a .docx with a password, and as the old .doc
 * format is), a file over `MAX_IMPORT_BYTES`, and a zip bomb are refused with
 * an `ImportRefusal` before anything is decompressed. Only the parts the
 * import reads are decompressed, and only up to the sizes the zip declares
 * (fflate allocates the declared size and stops there, so a lying size gives
 * a cut-off part, which the XML reader then refuses as damaged; measured in
 * tests/unit/import/hostile-docx.test.ts). Media, macros (vbaProject.bin),
 * embedded objects and everything else are never decompressed.
 */
import { unzipSync, zipSync, strFromU8, strToU8 } from 'fflate';
import { ImportRefusal, MAX_IMPORT_BYTES } from '../../shared/import/import-refusal.ts';

export { MAX_IMPORT_BYTES };
/** The unpacked size of one part the import reads. */
export const MAX_PART_BYTES = 64 * 1024 * 1024;
/** The unpacked size of all parts the import reads together. */
export const MAX_UNPACKED_BYTES = 160 * 1024 * 1024;
/** Word XML compresses 5–20:1, very repetitive XML up to a few hundred; deflate cannot exceed about 1 030:1, which a bomb of zeros reaches. */
export const MAX_COMPRESSION_RATIO = 500;
export const MAX_ZIP_ENTRIES = 5_000;

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

const OFFICE_DOCUMENT = /\/officeDocument$/;
const COMMENTS = /\/relationships\/comments$/;
const COMMENTS_EXTENDED = /\/relationships\/commentsExtended$/;
const STYLES = /\/relationships\/styles$/;
const NUMBERING = /\/relationships\/numbering$/;
const IMAGE = /\/relationships\/image$/;

/** The parts of a Word document the import reads, as text, with the relationship targets mammoth needs. */
export interface DocxParts {
  readonly documentPath: string;
  readonly document: string;
  readonly comments: string | null;
  readonly commentsExtended: string | null;
  /** Every part mammoth may read, by path (document rewritten later), as text. */
  readonly forMammoth: Readonly<Record<string, string>>;
  readonly hasMacros: boolean;
  readonly images: number;
}

export function openDocx(bytes: Uint8Array): DocxParts {
  if (bytes.byteLength > MAX_IMPORT_BYTES) throw new ImportRefusal('too-large', `The file is ${bytes.byteLength} bytes; at most ${MAX_IMPORT_BYTES} are imported.`);
  if (startsWith(bytes, OLE_SIGNATURE)) throw new ImportRefusal('encrypted', 'An OLE compound file: a password-protected .docx or an old .doc.');
  if (!startsWith(bytes, ZIP_SIGNATURE)) throw new ImportRefusal('not-docx', 'Not a zip file, so not a .docx.');

  const declared = new Map<string, { size: number; originalSize: number }>();
  const wanted = (name: string): boolean => name === '[Content_Types].xml' || name.endsWith('.rels') || name.endsWith('.xml');
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        if (declared.size >= MAX_ZIP_ENTRIES) throw new ImportRefusal('hostile', `More than ${MAX_ZIP_ENTRIES} entries.`);
        declared.set(file.name, { size: file.size, originalSize: file.originalSize });
        if (!wanted(file.name)) return false;
        checkDeclaredSize(file.name, file.size, file.originalSize);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ImportRefusal) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ImportRefusal(/encrypt/i.test(message) ? 'encrypted' : 'damaged', `The zip cannot be read: ${message}`);
  }
  let unpacked = 0;
  for (const [name, data] of Object.entries(files)) {
    unpacked += data.byteLength;
    if (unpacked > MAX_UNPACKED_BYTES) throw new ImportRefusal('hostile', `The parts unpack to more than ${MAX_UNPACKED_BYTES} bytes (at ${name}).`);
  }
  const text = (path: string): string | null => {
    const data = files[path];
    return data === undefined ? null : strFromU8(data);
  };

  const rootRels = relationships(text('_rels/.rels'));
  const documentPath = rootRels.find((r) => OFFICE_DOCUMENT.test(r.type))?.target.replace(/^\//, '') ?? 'word/document.xml';
  const document = text(documentPath);
  if (document === null) throw new ImportRefusal('not-docx', `A zip without a Word document (${documentPath}).`);
  const folder = documentPath.includes('/') ? documentPath.slice(0, documentPath.lastIndexOf('/') + 1) : '';
  const relsPath = `${folder}_rels/${documentPath.slice(folder.length)}.rels`;
  const documentRels = relationships(text(relsPath));
  const partOf = (type: RegExp): string | null => {
    const target = documentRels.find((r) => type.test(r.type) && r.external === false)?.target;
    return target === undefined ? null : resolvePath(folder, target);
  };

  const forMammoth: Record<string, string> = {};
  const keep = (path: string | null): void => {
    if (path === null) return;
    const value = text(path);
    if (value !== null) forMammoth[path] = value;
  };
  keep('[Content_Types].xml');
  keep('_rels/.rels');
  keep(documentPath);
  keep(relsPath);
  keep(partOf(STYLES));
  keep(partOf(NUMBERING));
  const commentsPath = partOf(COMMENTS);
  const commentsExtendedPath = partOf(COMMENTS_EXTENDED);
  return {
    documentPath,
    document,
    comments: commentsPath === null ? null : text(commentsPath),
    commentsExtended: commentsExtendedPath === null ? null : text(commentsExtendedPath),
    forMammoth,
    hasMacros: [...declared.keys()].some((name) => /vbaProject\.bin$/i.test(name)),
    images: documentRels.filter((r) => IMAGE.test(r.type)).length,
  };
}

/** A zip of exactly the parts given, for mammoth: it then reads only what was checked here. */
export function packForMammoth(parts: Readonly<Record<string, string>>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(parts).map(([path, value]) => [path, strToU8(value)])), { level: 1 });
}

function checkDeclaredSize(name: string, compressed: number, original: number): void {
  if (original > MAX_PART_BYTES) throw new ImportRefusal('hostile', `${name} unpacks to ${original} bytes; at most ${MAX_PART_BYTES} are read.`);
  if (original > 1024 * 1024 && original > compressed * MAX_COMPRESSION_RATIO) {
    throw new ImportRefusal('hostile', `${name} is compressed ${Math.round(original / Math.max(1, compressed))}:1, as a zip bomb is.`);
  }
}

interface Relationship {
  readonly type: string;
  readonly target: string;
  readonly external: boolean;
}

/**
 * The relationships of a .rels part. A regular expression is enough: the
 * attributes are all we read, and a .rels that does not match is treated as
 * having none (the import then says the document is missing).
 */
function relationships(xml: string | null): Relationship[] {
  if (xml === null) return [];
  const result: Relationship[] = [];
  for (const match of xml.matchAll(/<Relationship\b([^>]*)>/g)) {
    const attrs = match[1] ?? '';
    const type = /\bType="([^"]*)"/.exec(attrs)?.[1];
    const target = /\bTarget="([^"]*)"/.exec(attrs)?.[1];
    if (type === undefined || target === undefined) continue;
    result.push({ type, target, external: /\bTargetMode="External"/.test(attrs) });
  }
  return result;
}

function resolvePath(folder: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = (folder + target).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

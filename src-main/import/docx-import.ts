/**
 * A Word file to an `ImportedDocument`: the container checked and opened
 * (docx-package.ts), comments and tracked changes read and document.xml
 * marked with sentinels by our own pass (word-annotations.ts), the body read
 * by mammoth from a zip of only the checked parts (mammoth-body.ts).
 *
 * Runs in the import worker (import-worker.ts), never on main's event loop.
 * Throws `ImportRefusal` for anything it will not import; the result is
 * complete or there is none.
 */
import { ImportRefusal } from '../../shared/import/import-refusal.ts';
import type { ImportedDocument } from '../../shared/import/imported-document.ts';
import { openDocx, packForMammoth } from './docx-package.ts';
import { readBody } from './mammoth-body.ts';
import { parseXml, XmlRefusal } from './safe-xml.ts';
import { annotateDocument } from './word-annotations.ts';

/** `onPhase` hears when opening the file and reading the document start (the import's progress). */
export async function importDocx(bytes: Uint8Array, fileName: string, onPhase?: (phase: 'unpacking' | 'reading-document') => void): Promise<ImportedDocument> {
  onPhase?.('unpacking');
  const parts = openDocx(bytes);
  onPhase?.('reading-document');
  try {
    // Every other part mammoth reads (styles, numbering, relationships) passes the same checks as
    // document.xml before mammoth's own XML parser sees it: no DOCTYPE, bounded nesting.
    for (const [path, text] of Object.entries(parts.forMammoth)) if (path !== parts.documentPath) parseXml(text, path);
    const annotated = annotateDocument(parts.document, parts.comments, parts.commentsExtended);
    const body = await readBody(packForMammoth({ ...parts.forMammoth, [parts.documentPath]: annotated.documentXml }));
    return {
      fileName,
      blocks: body.blocks,
      comments: annotated.comments,
      changes: annotated.changes,
      losses: { images: parts.images, footnotes: annotated.notes > 0, macros: parts.hasMacros, formatChanges: annotated.formatChanges, deepHeadings: body.deepHeadings },
    };
  } catch (error) {
    if (error instanceof XmlRefusal) throw new ImportRefusal(error.reason, error.message);
    if (error instanceof ImportRefusal) throw error;
    // mammoth's own failures (a part it cannot read) mean the file is damaged, not that we have a bug.
    throw new ImportRefusal('damaged', `mammoth could not read the document: ${error instanceof Error ? error.message : String(error)}`);
  }
}

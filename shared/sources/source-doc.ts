/**
 * The Y.Doc of one source (Underlag): its extracted text and its original
 * file. docs/decisions/sources.md says why a source is a doc of its own and
 * not a blob in the manifest.
 *
 * Name on the wire and in storage: `plan/<planId>/source/<sourceId>`.
 *
 * Layout:
 *   meta  Y.Map  { kind: 'source', planId, sourceId, schemaVersion }
 *   text  Y.Text the extracted text, paragraphs joined by '\n'
 *                (source-format.ts, normaliseSourceText); citations anchor
 *                in it by Yjs relative positions (citation.ts)
 *   file  Y.Map  { name, format, mediaType, size, data: Uint8Array }
 *
 * The whole source is written in one transaction (`initSourceDoc`), so the
 * doc's first update is complete or absent: there is no partial source. The
 * text is never edited afterwards, only cleared when the source is removed
 * (`clearSourceDoc`), which keeps relative positions meaningful.
 */
import type * as Y from 'yjs';
import { UUID_PATTERN } from '../plan/doc-names.ts';
import { SCHEMA_VERSION } from '../schema/version.ts';
import { SOURCE_FORMATS, SOURCE_MEDIA_TYPES, type SourceFormat } from './source-format.ts';

const UUID = UUID_PATTERN.source.slice(1, -1);
const SOURCE_DOC_NAME_PATTERN = new RegExp(`^plan/(${UUID})/source/(${UUID})$`);

export function sourceDocName(planId: string, sourceId: string): string {
  return `plan/${planId}/source/${sourceId}`;
}

export function parseSourceDocName(name: string): { readonly planId: string; readonly sourceId: string } | null {
  const match = SOURCE_DOC_NAME_PATTERN.exec(name);
  return match === null ? null : { planId: match[1]!, sourceId: match[2]! };
}

export interface SourceFile {
  readonly name: string;
  readonly format: SourceFormat;
  readonly mediaType: string;
  readonly data: Uint8Array;
}

export function sourceText(doc: Y.Doc): Y.Text {
  return doc.getText('text');
}

export function initSourceDoc(doc: Y.Doc, init: { planId: string; sourceId: string; text: string; file: Omit<SourceFile, 'mediaType'> }, origin?: unknown): void {
  doc.transact(() => {
    const meta = doc.getMap('meta');
    meta.set('kind', 'source');
    meta.set('planId', init.planId);
    meta.set('sourceId', init.sourceId);
    meta.set('schemaVersion', SCHEMA_VERSION);
    sourceText(doc).insert(0, init.text);
    const file = doc.getMap('file');
    file.set('name', init.file.name);
    file.set('format', init.file.format);
    file.set('mediaType', SOURCE_MEDIA_TYPES[init.file.format]);
    file.set('size', init.file.data.byteLength);
    file.set('data', init.file.data);
  }, origin);
}

/** The original file, or null while the doc has not arrived, or after the source was removed. */
export function readSourceFile(doc: Y.Doc): SourceFile | null {
  const file = doc.getMap('file');
  const name = file.get('name');
  const format = file.get('format');
  const data = file.get('data');
  if (typeof name !== 'string' || !(data instanceof Uint8Array) || !(SOURCE_FORMATS as readonly unknown[]).includes(format)) return null;
  return { name, format: format as SourceFormat, mediaType: SOURCE_MEDIA_TYPES[format as SourceFormat], data };
}

/**
 * Removes the words and the file of a removed source from its doc, so they
 * leave every copy as the deletion syncs (Yjs drops deleted content). Its
 * manifest entry keeps title and issuer, and citations keep their quotes.
 */
export function clearSourceDoc(doc: Y.Doc, origin?: unknown): void {
  doc.transact(() => {
    const text = sourceText(doc);
    if (text.length > 0) text.delete(0, text.length);
    const file = doc.getMap('file');
    for (const key of [...file.keys()]) file.delete(key);
  }, origin);
}

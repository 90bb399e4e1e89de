/**
 * How a source is named where it is referred to: in a citation's footnote
 * and in the list of sources at the end of the exported plan (the export,
 * src-main/export/, is to use these; see docs/decisions/sources.md).
 *
 *   Samråd med civilsamhället 7 december 2022. Migrationsverket och NOD, 2022-12-07.
 *
 * A citation of a removed source still gets its footnote, from the entry the
 * manifest keeps, with the quote the citation carries.
 */
import type { CitationAttrs } from './citation.ts';
import type { SourceEntry } from './source-list.ts';

/** The source's title, then issuer and date when known: "Titel. Utfärdare, 2022-12-07." */
export function sourceReference(entry: Pick<SourceEntry, 'title' | 'issuer' | 'date'>): string {
  const title = entry.title.trim();
  const tail = [entry.issuer.trim(), entry.date ?? ''].filter((part) => part !== '').join(', ');
  return [title === '' ? null : withStop(title), tail === '' ? null : withStop(tail)].filter((part) => part !== null).join(' ');
}

/** A citation's footnote: the source named, then the quote. Null when the plan does not list the source at all. */
export function citationFootnote(citation: Pick<CitationAttrs, 'sourceId' | 'quote'>, sources: readonly SourceEntry[]): string | null {
  const entry = sources.find((s) => s.id === citation.sourceId);
  if (entry === undefined) return null;
  return `${sourceReference(entry)} ”${citation.quote}”`;
}

function withStop(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * Citations as Word footnotes, and the plan's list of sources (Underlag).
 *
 * Every citation the export writes gets a footnote of its own: the source
 * named, then the quote the citation keeps (shared/sources/source-reference.ts).
 * The ids are ours, counted from 1 across the whole plan (Word reserves -1 and
 * 0 for the separator notes), so two chapters' citations never share one,
 * even when a citation was copied from one chapter into another with its id.
 *
 * A citation of a removed source still gets its footnote from the entry the
 * manifest keeps; one whose source the plan does not list at all (its entry
 * never arrived) is footnoted with its quote, so no cited words lose their
 * note.
 */
import { HeadingLevel, Paragraph, TextRun } from 'docx';
import type { CitationAttrs } from '../../shared/sources/citation.ts';
import type { SourceEntry } from '../../shared/sources/source-list.ts';
import { citationFootnote, sourceReference } from '../../shared/sources/source-reference.ts';

/** Text the document carries about sources; Swedish, as the whole submission. */
export const SOURCE_TEXT = {
  heading: 'Underlag',
  unlisted: (quote: string) => `Underlaget finns inte i planen. ”${quote}”`,
} as const;

export class CitationFootnotes {
  readonly #sources: readonly SourceEntry[];
  readonly #notes: Record<number, { children: Paragraph[] }> = {};
  readonly #cited = new Set<string>();
  #next = 1;

  constructor(sources: readonly SourceEntry[]) {
    this.#sources = sources;
  }

  /** A new footnote for the citation; its id for the reference run. */
  add(citation: Pick<CitationAttrs, 'sourceId' | 'quote'>): number {
    const id = this.#next++;
    const text = citationFootnote(citation, this.#sources) ?? SOURCE_TEXT.unlisted(citation.quote);
    // A space after the note's number, as Word puts one when a footnote is inserted there.
    this.#notes[id] = { children: [new Paragraph({ style: 'FootnoteText', children: [new TextRun(` ${text}`)] })] };
    this.#cited.add(citation.sourceId);
    return id;
  }

  /** The footnotes for `new Document({ footnotes })`. */
  options(): Record<number, { children: Paragraph[] }> {
    return this.#notes;
  }

  /**
   * The list of sources after the last chapter: every source of the plan, and a
   * removed one only where the document cites it. Sorted by how each is named,
   * as a reference list is; nothing when there is nothing to list.
   */
  sourceList(): Paragraph[] {
    const listed = listedSources(this.#sources, this.#cited);
    if (listed.length === 0) return [];
    return [
      new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(SOURCE_TEXT.heading)] }),
      ...listed.map((text) => new Paragraph({ children: [new TextRun(text)] })),
    ];
  }
}

/**
 * The "Underlag" list's entries, as every export lists them: every source of
 * the plan, and a removed one only where the document cites it, sorted by
 * how each is named, as a reference list is.
 */
export function listedSources(sources: readonly SourceEntry[], cited: ReadonlySet<string>): string[] {
  return sources
    .filter((source) => source.removedAt === null || cited.has(source.id))
    .map(sourceReference)
    .sort((a, b) => a.localeCompare(b, 'sv'));
}

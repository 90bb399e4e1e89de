/**
 * The plan's list of sources, in the manifest's `sources` map (beside
 * `chapters`, shared/plan/manifest.ts):
 *
 *   sources  Y.Map  sourceId -> Y.Map { title, issuer, date, format, fileName,
 *                                        addedBy, addedAt, removedAt?, removedBy? }
 *
 * The entry is what every member sees before the source's own doc has
 * arrived (title, issuer, date); the doc (source-doc.ts) holds the text and
 * the file. Removing a source marks its entry (`removedAt`, `removedBy`) and
 * clears its doc; the entry stays, so a citation of it still names it and
 * shows it as removed, and a concurrent removal and citation never lose the
 * citation's quote.
 *
 * Who may do what is source-permissions.ts, asked again here before writing;
 * the sync server's rule is shared/rules/source-rules.ts.
 */
import * as Y from 'yjs';
import { authorOf, authorSchema, type Author, type Member } from '../plan/member.ts';
import { SOURCE_FORMATS, type SourceFormat } from './source-format.ts';
import { mayAddSource, mayRemoveSource } from './source-permissions.ts';

export const SOURCES_ROOT = 'sources';

export interface NewSource {
  readonly id: string;
  readonly title: string;
  /** The organisation that issued it ("Migrationsverket och NOD"). */
  readonly issuer: string;
  /** ISO date (YYYY-MM-DD) or null. */
  readonly date: string | null;
  readonly format: SourceFormat;
  readonly fileName: string;
}

export interface SourceEntry extends NewSource {
  /** Null if the peer that added it wrote no readable author. */
  readonly addedBy: Author | null;
  readonly addedAt: string;
  readonly removedAt: string | null;
  readonly removedBy: Author | null;
}

/** The fields a new entry is written with; the server's rule reads the same list. */
export const SOURCE_ENTRY_FIELDS = ['title', 'issuer', 'date', 'format', 'fileName', 'addedBy', 'addedAt'] as const;

export function addSourceEntry(doc: Y.Doc, source: NewSource, member: Member, at: string): boolean {
  if (!mayAddSource(member)) return false;
  const entry = new Y.Map<unknown>();
  entry.set('title', source.title);
  entry.set('issuer', source.issuer);
  entry.set('date', source.date);
  entry.set('format', source.format);
  entry.set('fileName', source.fileName);
  entry.set('addedBy', { ...authorOf(member) });
  entry.set('addedAt', at);
  doc.getMap(SOURCES_ROOT).set(source.id, entry);
  return true;
}

/** Marks a source removed by `member`. False if not allowed, unknown or removed already. */
export function markSourceRemoved(doc: Y.Doc, source: SourceEntry, member: Member, at: string): boolean {
  if (source.removedAt !== null || !mayRemoveSource(member, source)) return false;
  const entry = doc.getMap(SOURCES_ROOT).get(source.id);
  if (!(entry instanceof Y.Map)) return false;
  doc.transact(() => {
    entry.set('removedAt', at);
    entry.set('removedBy', { ...authorOf(member) });
  });
  return true;
}

/**
 * Every source of the plan, the newest first, removed ones included (the
 * caller filters). Values written by peers are not trusted: an unreadable
 * field falls back to a safe default, an entry that is not a map is skipped.
 */
export function readSources(doc: Y.Doc): SourceEntry[] {
  const sources: SourceEntry[] = [];
  doc.getMap(SOURCES_ROOT).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const text = (key: string): string => {
      const v = value.get(key);
      return typeof v === 'string' ? v : '';
    };
    const author = (key: string): Author | null => {
      const parsed = authorSchema.safeParse(value.get(key));
      return parsed.success ? parsed.data : null;
    };
    const format = value.get('format');
    const date = value.get('date');
    const removedAt = value.get('removedAt');
    sources.push({
      id,
      title: text('title'),
      issuer: text('issuer'),
      date: typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null,
      format: (SOURCE_FORMATS as readonly unknown[]).includes(format) ? (format as SourceFormat) : 'text',
      fileName: text('fileName'),
      addedBy: author('addedBy'),
      addedAt: text('addedAt'),
      removedAt: typeof removedAt === 'string' ? removedAt : null,
      removedBy: author('removedBy'),
    });
  });
  return sources.sort((a, b) => (a.addedAt < b.addedAt ? 1 : a.addedAt > b.addedAt ? -1 : a.id < b.id ? -1 : 1));
}

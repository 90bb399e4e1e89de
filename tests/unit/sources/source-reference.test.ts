/**
 * How a source is named in a footnote and in the export's list of sources
 * (shared/sources/source-reference.ts).
 */
import { describe, expect, it } from 'vitest';
import { citationFootnote, sourceReference } from '../../../shared/sources/source-reference.ts';
import type { SourceEntry } from '../../../shared/sources/source-list.ts';

const entry: SourceEntry = {
  id: 's1',
  title: 'Samråd med civilsamhället 7 december 2022',
  issuer: 'Migrationsverket och NOD',
  date: '2022-12-07',
  format: 'pdf',
  fileName: 'samrad.pdf',
  addedBy: null,
  addedAt: '2026-12-07T10:00:00Z',
  removedAt: '2026-12-08T10:00:00Z',
  removedBy: null,
};

describe('naming a source', () => {
  it('gives title, issuer and date', () => {
    expect(sourceReference(entry)).toBe('Samråd med civilsamhället 7 december 2022. Migrationsverket och NOD, 2022-12-07.');
  });

  it('leaves out what is not known, and adds no second full stop', () => {
    expect(sourceReference({ title: 'Rapport 2023:4.', issuer: '', date: null })).toBe('Rapport 2023:4.');
    expect(sourceReference({ title: '', issuer: 'NOD', date: null })).toBe('NOD.');
  });

  it('a footnote names the source and quotes the passage, also for a removed source', () => {
    expect(citationFootnote({ sourceId: 's1', quote: 'tidigt nå ut med information' }, [entry])).toBe(
      'Samråd med civilsamhället 7 december 2022. Migrationsverket och NOD, 2022-12-07. ”tidigt nå ut med information”',
    );
    expect(citationFootnote({ sourceId: 'other', quote: 'x' }, [entry])).toBeNull();
  });
});

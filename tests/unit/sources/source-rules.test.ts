/**
 * The sources' rules (shared/rules/source-rules.ts) through the one entry
 * point the server's guard calls (checkDocChanges), each update applied to
 * the server's copy of the document as the guard does.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Member } from '../../../shared/plan/member.ts';
import { defineRoots, recordChanges, type DocKind } from '../../../shared/rules/doc-changes.ts';
import { checkDocChanges, type RuleTarget } from '../../../shared/rules/doc-rules.ts';
import { addSourceEntry, markSourceRemoved, readSources, SOURCES_ROOT } from '../../../shared/sources/source-list.ts';
import { clearSourceDoc, initSourceDoc } from '../../../shared/sources/source-doc.ts';

const PLAN = '0b7c1c2e-4d7e-4f5a-9a51-6f7f3c1d2e3f';
const SOURCE = '5e0b3f7a-1c2d-4e8f-9a0b-1c2d3e4f5a6b';
const coordinator: Member = { memberId: 'm-anna', name: 'Anna', agency: 'af', role: 'coordinator' };
const omar: Member = { memberId: 'm-omar', name: 'Omar', agency: 'migr', role: 'drafter' };
const fia: Member = { memberId: 'm-fia', name: 'Fia', agency: 'fk', role: 'drafter' };
const reader: Member = { memberId: 'm-rut', name: 'Rut', agency: 'fk', role: 'reader' };

const NEW_SOURCE = { id: SOURCE, title: 'Samråd 7 december 2022', issuer: 'Migrationsverket och NOD', date: '2022-12-07', format: 'text' as const, fileName: 'samrad.txt' };

/** A client's change to a copy of `server`, judged for `member` as the guard judges it. */
function judge(server: Y.Doc, kind: DocKind, target: RuleTarget, member: Member, change: (doc: Y.Doc) => void): string | null {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(client);
  change(client);
  const update = Y.encodeStateAsUpdate(client, before);
  const changes = recordChanges(server, kind, () => Y.applyUpdate(server, update));
  return checkDocChanges(member, target, changes)?.rule ?? null;
}

function manifest(): Y.Doc {
  const doc = new Y.Doc();
  defineRoots(doc, 'manifest');
  return doc;
}

const manifestTarget: RuleTarget = { kind: 'manifest', planId: PLAN };

describe('the source list in the manifest', () => {
  it('a drafter adds a source signed by herself', () => {
    const server = manifest();
    expect(judge(server, 'manifest', manifestTarget, omar, (d) => addSourceEntry(d, NEW_SOURCE, omar, '2026-12-07T10:00:00Z'))).toBeNull();
    expect(readSources(server).map((s) => s.title)).toEqual(['Samråd 7 december 2022']);
  });

  it('refused: a source signed with another member', () => {
    expect(judge(manifest(), 'manifest', manifestTarget, fia, (d) => addSourceEntry(d, NEW_SOURCE, omar, '2026-12-07T10:00:00Z'))).toBe('plan-not-permitted');
  });

  it('refused: a reader adds a source', () => {
    const write = (d: Y.Doc): void => {
      const entry = new Y.Map<unknown>();
      d.getMap(SOURCES_ROOT).set(SOURCE, entry);
    };
    expect(judge(manifest(), 'manifest', manifestTarget, reader, write)).toBe('plan-not-permitted');
  });

  it('refused: an entry with a field the app never writes', () => {
    const server = manifest();
    const write = (d: Y.Doc): void => {
      d.transact(() => {
        addSourceEntry(d, NEW_SOURCE, omar, '2026-12-07T10:00:00Z');
        (d.getMap(SOURCES_ROOT).get(SOURCE) as Y.Map<unknown>).set('secret', 'x');
      });
    };
    expect(judge(server, 'manifest', manifestTarget, omar, write)).toBe('plan-not-permitted');
  });

  it('the member who added it removes it; another drafter may not; the coordinator may', () => {
    const server = manifest();
    judge(server, 'manifest', manifestTarget, omar, (d) => addSourceEntry(d, NEW_SOURCE, omar, '2026-12-07T10:00:00Z'));
    const entry = readSources(server)[0]!;
    const forced = (member: Member) => (d: Y.Doc) => {
      const map = d.getMap(SOURCES_ROOT).get(SOURCE) as Y.Map<unknown>;
      d.transact(() => {
        map.set('removedAt', '2026-12-08T10:00:00Z');
        map.set('removedBy', { memberId: member.memberId, name: member.name, agency: member.agency });
      });
    };
    expect(judge(server, 'manifest', manifestTarget, fia, forced(fia))).toBe('plan-not-permitted');
    expect(judge(server, 'manifest', manifestTarget, coordinator, (d) => markSourceRemoved(d, entry, coordinator, '2026-12-08T10:00:00Z'))).toBeNull();
    expect(readSources(server)[0]!.removedBy?.name).toBe('Anna');
  });

  it('refused: a removed source brought back, or an entry deleted', () => {
    const server = manifest();
    judge(server, 'manifest', manifestTarget, omar, (d) => addSourceEntry(d, NEW_SOURCE, omar, '2026-12-07T10:00:00Z'));
    judge(server, 'manifest', manifestTarget, omar, (d) => markSourceRemoved(d, readSources(d)[0]!, omar, '2026-12-08T10:00:00Z'));
    expect(judge(server, 'manifest', manifestTarget, omar, (d) => (d.getMap(SOURCES_ROOT).get(SOURCE) as Y.Map<unknown>).delete('removedAt'))).toBe('plan-not-permitted');
    expect(judge(server, 'manifest', manifestTarget, coordinator, (d) => d.getMap(SOURCES_ROOT).delete(SOURCE))).toBe('plan-not-permitted');
  });

  it('the chapter rules still apply beside the source list: a drafter may not rename the plan', () => {
    expect(judge(manifest(), 'manifest', manifestTarget, omar, (d) => d.getMap('plan').set('title', 'Ny'))).toBe('plan-not-permitted');
  });
});

describe('a source document', () => {
  const listed = (removed: boolean): RuleTarget => ({ kind: 'source', planId: PLAN, sourceId: SOURCE, source: { addedBy: { memberId: omar.memberId, name: omar.name, agency: omar.agency }, removed } });
  const file = { name: 'samrad.txt', format: 'text' as const, data: new Uint8Array([104, 101, 106]) };
  const sourceDoc = (): Y.Doc => {
    const doc = new Y.Doc();
    defineRoots(doc, 'source');
    return doc;
  };
  const init = (d: Y.Doc): void => initSourceDoc(d, { planId: PLAN, sourceId: SOURCE, text: 'Tidigt nå ut med information.', file });

  it('is written by the member who added it', () => {
    expect(judge(sourceDoc(), 'source', listed(false), omar, init)).toBeNull();
  });

  it('refused: another drafter writes it, or the manifest does not list it', () => {
    expect(judge(sourceDoc(), 'source', listed(false), fia, init)).toBe('plan-not-permitted');
    expect(judge(sourceDoc(), 'source', { kind: 'source', planId: PLAN, sourceId: SOURCE, source: null }, omar, init)).toBe('plan-not-permitted');
  });

  it('once removed, the coordinator empties it, and nobody writes into it', () => {
    const server = sourceDoc();
    judge(server, 'source', listed(false), omar, init);
    expect(judge(server, 'source', listed(true), omar, (d) => d.getText('text').insert(0, 'Mer. '))).toBe('plan-not-permitted');
    expect(judge(server, 'source', listed(true), coordinator, (d) => clearSourceDoc(d))).toBeNull();
    expect(server.getText('text').toString()).toBe('');
    expect(server.getMap('file').size).toBe(0);
  });

  it('the member who added it, and removed it again while offline, sends both in one update: accepted, and the doc stays empty', () => {
    const server = sourceDoc();
    expect(
      judge(server, 'source', listed(true), omar, (d) => {
        init(d);
        clearSourceDoc(d);
      }),
    ).toBeNull();
    expect(server.getText('text').toString()).toBe('');
    expect(server.getMap('file').size).toBe(0);
  });

  it('refused: an update that writes into a removed source and deletes only part of what it writes', () => {
    const server = sourceDoc();
    expect(
      judge(server, 'source', listed(true), omar, (d) => {
        init(d);
        d.getText('text').delete(0, 7);
      }),
    ).toBe('plan-not-permitted');
  });

  it('refused: a meta naming another document', () => {
    expect(judge(sourceDoc(), 'source', listed(false), omar, (d) => d.getMap('meta').set('sourceId', 'other'))).toBe('unknown-part');
  });
});

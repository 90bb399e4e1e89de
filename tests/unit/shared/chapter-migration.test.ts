/**
 * Schema version 1 → 2 (shared/chapter-text/migration.ts): a chapter stored
 * by the release before (y-prosemirror's tree in the `prosemirror` fragment,
 * `schemaVersion: 1`) becomes the flat chapter text.
 *
 * The fixtures (tests/fixtures/chapter-v1/, made by its generate.ts) are
 * chapters exactly as that release wrote them: the sample plan, a chapter
 * with overlapping comment anchors, lists, a table, bold, a link and a hard
 * break, and one with an edit history. For each, what a user saw before must
 * be what they see after: every word, every mark, every comment anchor with
 * its thread id, every thread.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Node as PmNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import * as Y from 'yjs';
import { ChapterBinding } from '../../../shared/chapter-text/chapter-binding.ts';
import { chapterText, readChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { LEGACY_SCHEMA_VERSION, migrateChapter, needsMigration } from '../../../shared/chapter-text/migration.ts';
import { anchoredText, buildAnchorIndex, rangesByThread } from '../../../shared/comments/anchors.ts';
import { readThreads } from '../../../shared/comments/threads.ts';
import { chapterSchemaVersion, legacyChapterContent, LEGACY_CONTENT_FIELD } from '../../../shared/plan/chapter.ts';
import { schema } from '../../../shared/schema/schema.ts';
import { withCanonicalMarks } from '../../support/doc-builders.ts';
import { accessForSchemaVersion, SCHEMA_VERSION } from '../../../shared/schema/version.ts';
import * as release from '../../fixtures/chapter-v1/release-version.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/chapter-v1');

interface Fixture {
  readonly name: string;
  readonly update: Uint8Array;
  /** What the release's editor showed. */
  readonly content: PmNode;
  readonly threads: readonly string[];
}

const fixtures: Fixture[] = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.ydoc'))
  .sort()
  .map((file) => {
    const name = file.slice(0, -'.ydoc'.length);
    const expected = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as { content: unknown; threads: string[] };
    return { name, update: new Uint8Array(readFileSync(join(FIXTURES, file))), content: schema.nodeFromJSON(expected.content), threads: expected.threads };
  });

function load(fixture: Fixture, clientID?: number): Y.Doc {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  Y.applyUpdate(doc, fixture.update);
  return doc;
}

function send(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

/** Every word, in order. */
function words(doc: PmNode): string[] {
  return doc.textBetween(0, doc.content.size, ' ', ' ').split(/\s+/).filter((w) => w !== '');
}

/** Every run of text with its marks (comment anchors with their thread ids), in order. */
function markedRuns(doc: PmNode): string[] {
  const runs: string[] = [];
  doc.descendants((node) => {
    if (node.isText) runs.push(`${node.text ?? ''} [${node.marks.map((m) => `${m.type.name}${JSON.stringify(m.attrs)}`).join(' ')}]`);
    return true;
  });
  return runs;
}

/** Each thread's anchored text, by thread id. */
function anchors(doc: PmNode): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [threadId, ranges] of rangesByThread(buildAnchorIndex(doc))) found[threadId] = anchoredText(doc, ranges);
  return found;
}

describe('the version-1 fixtures', () => {
  it('are the chapters of the sample plan and the chapters with comments, lists, tables and history', () => {
    expect(fixtures.map((f) => f.name)).toEqual(
      expect.arrayContaining(['comments-lists-table', 'edited-history', 'sample-atgarder', 'sample-uppdraget', 'sample-uppfoljning']),
    );
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s is a version-1 chapter that shows its text in the release', (_name, fixture) => {
    const doc = load(fixture);
    expect(chapterSchemaVersion(doc)).toBe(LEGACY_SCHEMA_VERSION);
    expect(chapterText(doc).length).toBe(0);
    expect(needsMigration(doc)).toBe(true);
    // As the release's editor (y-prosemirror) read it, on a copy: it prunes what it cannot build.
    const copy = load(fixture);
    expect(yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment(LEGACY_CONTENT_FIELD), schema).toJSON()).toEqual(fixture.content.toJSON());
  });
});

describe('migrating a version-1 chapter', () => {
  describe.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    it('keeps every word, mark, comment anchor and thread', () => {
      const doc = load(fixture);
      const threadsBefore = readThreads(doc);
      expect(threadsBefore.map((t) => t.id).sort()).toEqual(fixture.threads);

      expect(migrateChapter(doc)).toBe(true);

      const migrated = readChapterDoc(doc);
      expect(words(migrated)).toEqual(words(fixture.content));
      expect(markedRuns(migrated)).toEqual(markedRuns(withCanonicalMarks(fixture.content)));
      expect(anchors(migrated)).toEqual(anchors(fixture.content));
      expect(migrated.toJSON()).toEqual(withCanonicalMarks(fixture.content).toJSON());
      expect(readThreads(doc)).toEqual(threadsBefore);
      // Every thread that had an anchor still has it.
      for (const threadId of Object.keys(anchors(fixture.content))) expect(Object.keys(anchors(migrated))).toContain(threadId);
      expect(chapterSchemaVersion(doc)).toBe(SCHEMA_VERSION);
      // Nothing is removed: the old tree is still there.
      expect(yXmlFragmentToProseMirrorRootNode(load(fixture).getXmlFragment(LEGACY_CONTENT_FIELD), schema).toJSON()).toEqual(fixture.content.toJSON());
      expect(legacyChapterContent(doc).length).toBeGreaterThan(0);
    });

    it('a second migration changes nothing', () => {
      const doc = load(fixture);
      migrateChapter(doc);
      const state = Y.encodeStateAsUpdate(doc);
      const updates: Uint8Array[] = [];
      doc.on('update', (update: Uint8Array) => updates.push(update));

      expect(needsMigration(doc)).toBe(false);
      expect(migrateChapter(doc)).toBe(false);

      expect(updates).toEqual([]);
      expect(Y.encodeStateAsUpdate(doc)).toEqual(state);
      expect(readChapterDoc(doc).toJSON()).toEqual(withCanonicalMarks(fixture.content).toJSON());
    });

    it('two peers that migrate it offline and then sync show the text once', () => {
      const a = load(fixture, 11);
      const b = load(fixture, 22);
      expect(migrateChapter(a)).toBe(true);
      expect(migrateChapter(b)).toBe(true);
      send(a, b);
      send(b, a);

      for (const doc of [a, b]) {
        expect(readChapterDoc(doc).toJSON()).toEqual(withCanonicalMarks(fixture.content).toJSON());
        expect(words(readChapterDoc(doc))).toEqual(words(fixture.content));
        expect(readThreads(doc).map((t) => t.id).sort()).toEqual(fixture.threads);
      }
      expect(chapterText(a).length).toBe(chapterText(migratedCopy(fixture)).length);
      expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
    });

    it('a peer that receives someone else’s migration does not migrate again', () => {
      const a = load(fixture, 11);
      const b = load(fixture, 22);
      migrateChapter(a);
      send(a, b);
      expect(needsMigration(b)).toBe(false);
      expect(migrateChapter(b)).toBe(false);
      expect(readChapterDoc(b).toJSON()).toEqual(withCanonicalMarks(fixture.content).toJSON());
    });

    it('can be edited afterwards, and a peer sees the edit', () => {
      const a = load(fixture, 11);
      const b = load(fixture, 22);
      migrateChapter(a);
      migrateChapter(b);
      send(a, b);
      const binding = new ChapterBinding(chapterText(a), schema);
      expect(binding.doc.toJSON()).toEqual(withCanonicalMarks(fixture.content).toJSON());
      expect(binding.writeTransaction(new Transform(binding.doc).insert(1, schema.text('Nytt ord ')))).toBe(true);
      send(a, b);
      expect(words(readChapterDoc(b))).toEqual(['Nytt', 'ord', ...words(fixture.content)]);
      expect(anchors(readChapterDoc(b))).toEqual(anchors(fixture.content));
    });
  });
});

describe('a client of the release before (schema version 1)', () => {
  it('opens a migrated chapter read-only', () => {
    expect(release.SCHEMA_VERSION).toBe(1);
    const fixture = fixtures.find((f) => f.name === 'comments-lists-table') as Fixture;
    const doc = load(fixture);
    migrateChapter(doc);
    const old = load(fixture);
    send(doc, old);
    // Stamped with this build's version (a migrated chapter is a chapter of today's schema).
    expect(chapterSchemaVersion(old)).toBe(SCHEMA_VERSION);
    expect(release.accessForSchemaVersion(chapterSchemaVersion(old))).toEqual({ kind: 'read-only-newer-schema', docVersion: SCHEMA_VERSION, appVersion: 1 });
  });

  it('still edits an unmigrated version-1 chapter, and so does this build (it migrates it)', () => {
    expect(release.accessForSchemaVersion(1)).toEqual({ kind: 'editable' });
    expect(accessForSchemaVersion(1)).toEqual({ kind: 'editable' });
  });
});

/** The migrated chapter text of a fresh copy of `fixture`. */
function migratedCopy(fixture: Fixture): Y.Doc {
  const doc = load(fixture);
  migrateChapter(doc);
  return doc;
}

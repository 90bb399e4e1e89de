/**
 * The sync server's update guard (src-server/guard/update-inspection.ts, run
 * in the update checker's workers) on the chapter text of schema version 2:
 * every update a Samskriv editor writes passes — the root Y.Text `text` with
 * block markers (Y.Map embeds with type, attrs and container paths), strings,
 * formatting (marks as attribute objects, overlapping comment anchors),
 * hard-break embeds, and the migration from version 1 — while everything it
 * refused before is still refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Transform } from 'prosemirror-transform';
import * as Y from 'yjs';
import { ChapterBinding } from '../../../shared/chapter-text/chapter-binding.ts';
import { chapterText, readChapterDoc, writeChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { migrateChapter } from '../../../shared/chapter-text/migration.ts';
import { schema } from '../../../shared/schema/schema.ts';
import { inspectUpdate } from '../../../src-server/guard/update-inspection.ts';
import { decodableButBroken, deleteBomb, runLengthBomb } from '../../support/hostile-updates.ts';
import { seededRandom } from '../../support/seeded-random.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/chapter-v1');

function fixture(name: string): { update: Uint8Array; content: unknown } {
  return {
    update: new Uint8Array(readFileSync(join(FIXTURES, `${name}.ydoc`))),
    content: (JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as { content: unknown }).content,
  };
}

/** Every update `doc` emits while `act` runs. */
function updatesOf(doc: Y.Doc, act: () => void): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const listener = (update: Uint8Array) => updates.push(update);
  doc.on('update', listener);
  act();
  doc.off('update', listener);
  return updates;
}

/** A chapter with every kind of node and mark, as a new chapter's first update. */
function richChapter(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 7;
  writeChapterDoc(doc, schema.nodeFromJSON(fixture('comments-lists-table').content));
  return doc;
}

function edit(doc: Y.Doc, change: (tr: Transform) => void): Uint8Array[] {
  return updatesOf(doc, () => {
    const binding = new ChapterBinding(chapterText(doc), schema);
    const tr = new Transform(binding.doc);
    change(tr);
    if (!binding.writeTransaction(tr)) throw new Error('the binding refused the edit');
  });
}

describe('the update guard, on the chapter text', () => {
  it('passes a chapter written whole: markers with container paths, strings, marks, overlapping comments, hard breaks', () => {
    const doc = richChapter();
    const update = Y.encodeStateAsUpdate(doc);
    const kinds = new Set<string>();
    for (const struct of Y.decodeUpdate(update).structs) if (struct instanceof Y.Item) kinds.add(struct.content.constructor.name);
    expect([...kinds]).toEqual(expect.arrayContaining(['ContentType', 'ContentString', 'ContentFormat', 'ContentEmbed', 'ContentAny']));
    expect(inspectUpdate(update)).toBeNull();
  });

  it('passes every update an editor writes: typing, Enter, Backspace at a block start, bold, a list wrap, a deletion across blocks', () => {
    const doc = richChapter();
    const updates = [
      ...edit(doc, (tr) => tr.insert(3, schema.text('Ny text '))),
      ...edit(doc, (tr) => tr.split(5)),
      ...edit(doc, (tr) => tr.join(tr.doc.child(0).nodeSize)),
      ...edit(doc, (tr) => tr.addMark(2, 8, schema.marks.bold.create())),
      ...edit(doc, (tr) => tr.removeMark(2, 8, schema.marks.bold)),
      ...edit(doc, (tr) => tr.setBlockType(1, 2, schema.nodes.heading, { level: 3 })),
      ...edit(doc, (tr) => tr.insert(tr.doc.content.size - 2, schema.nodes.hard_break.create())),
      ...edit(doc, (tr) => tr.delete(4, tr.doc.child(0).nodeSize + 6)),
    ];
    expect(updates.length).toBeGreaterThanOrEqual(8);
    for (const update of updates) expect(inspectUpdate(update)).toBeNull();
    const peer = new Y.Doc();
    for (const update of [Y.encodeStateAsUpdate(richChapter()), ...updates]) Y.applyUpdate(peer, update);
    expect(readChapterDoc(peer).toJSON()).toEqual(readChapterDoc(doc).toJSON());
  });

  it('passes an undo of such edits', () => {
    const doc = richChapter();
    const text = chapterText(doc);
    const binding = new ChapterBinding(text, schema);
    const undo = new Y.UndoManager(text, { trackedOrigins: new Set([binding]) });
    binding.writeTransaction(new Transform(binding.doc).split(5).insert(3, schema.text('ångras')));
    const updates = updatesOf(doc, () => undo.undo());
    expect(updates.length).toBeGreaterThan(0);
    for (const update of updates) expect(inspectUpdate(update)).toBeNull();
  });

  it('passes the migration of a version-1 chapter, and the version-1 chapter itself', () => {
    const { update } = fixture('comments-lists-table');
    expect(inspectUpdate(update)).toBeNull();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    const migration = updatesOf(doc, () => migrateChapter(doc));
    expect(migration).toHaveLength(1);
    expect(inspectUpdate(migration[0] as Uint8Array)).toBeNull();
  });

  it('still refuses an empty update, a truncated one, random bytes and run-length bombs', () => {
    const real = Y.encodeStateAsUpdate(richChapter());
    expect(inspectUpdate(new Uint8Array(0))).toMatch(/^empty update/);
    expect(inspectUpdate(real.slice(0, Math.floor(real.length / 2)))).toMatch(/^update cannot be decoded/);
    const next = seededRandom(11);
    expect(inspectUpdate(Uint8Array.from({ length: 300 }, () => Math.floor(next() * 256)))).not.toBeNull();
    expect(inspectUpdate(runLengthBomb())).toMatch(/run-length bomb/);
    expect(inspectUpdate(deleteBomb())).toMatch(/run-length bomb/);
  });

  it('still refuses a chapter-text update that decodes but cannot be applied', () => {
    const real = Y.encodeStateAsUpdate(richChapter());
    const refused = decodableButBroken(real, null, 5).map((corrupt) => inspectUpdate(corrupt) ?? 'passed');
    expect(refused).toHaveLength(5);
    for (const problem of refused) expect(problem).toMatch(/^update cannot be applied/);
  });
});

/**
 * The renderer's sources of an open plan (src-renderer/sources/source-shelf.ts):
 * a source is written whole (its doc, then its entry) and saved like a
 * chapter; one that may not be added leaves nothing listed; removing it
 * empties its doc and keeps its entry; a stored source comes back on open;
 * a stored source the plan does not list is offered to be kept and let go.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Member } from '../../../shared/plan/member.ts';
import { readSourceFile, sourceDocName, sourceText } from '../../../shared/sources/source-doc.ts';
import { SourceShelf, type NewSourceInput } from '../../../src-renderer/sources/source-shelf.ts';

const PLAN = '0b7c1c2e-4d7e-4f5a-9a51-6f7f3c1d2e3f';
const omar: Member = { memberId: 'm-omar', name: 'Omar', agency: 'migr', role: 'drafter' };
const rut: Member = { memberId: 'm-rut', name: 'Rut', agency: 'fk', role: 'reader' };
const INPUT: NewSourceInput = { title: 'Samråd', issuer: 'NOD', date: '2022-12-07', fileName: 's.txt', format: 'text', text: 'Första stycket.\nAndra stycket.', data: new Uint8Array([1, 2, 3]) };

function open(manifestDoc: Y.Doc, stored: { name: string; update: Uint8Array }[] = []): { shelf: SourceShelf; saved: Map<string, Y.Doc> } {
  const saved = new Map<string, Y.Doc>();
  const shelf = new SourceShelf({ planId: PLAN, manifestDoc, stored, track: (doc, name) => saved.set(name, doc) });
  return { shelf, saved };
}

describe('the sources of an open plan', () => {
  it('adds a source whole: its doc with text and file, then its entry; the doc is saved with the plan', () => {
    const manifest = new Y.Doc();
    const { shelf, saved } = open(manifest);
    const id = shelf.add(INPUT, omar)!;
    expect(shelf.entries.map((e) => [e.title, e.addedBy?.name])).toEqual([['Samråd', 'Omar']]);
    const doc = saved.get(sourceDocName(PLAN, id))!;
    expect(sourceText(doc).toString()).toBe('Första stycket.\nAndra stycket.');
    expect(readSourceFile(doc)?.data).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('a reader adds nothing: no entry and no doc is written or saved', () => {
    const manifest = new Y.Doc();
    const { shelf, saved } = open(manifest);
    expect(shelf.add(INPUT, rut)).toBeNull();
    expect(shelf.entries).toEqual([]);
    expect(saved.size).toBe(0);
  });

  it('removing keeps the entry, marked, and empties the doc', () => {
    const manifest = new Y.Doc();
    const { shelf } = open(manifest);
    const id = shelf.add(INPUT, omar)!;
    expect(shelf.remove(shelf.entries[0]!, omar)).toBe(true);
    expect(shelf.entries[0]?.removedBy?.name).toBe('Omar');
    expect(sourceText(shelf.doc(id)!).length).toBe(0);
    expect(readSourceFile(shelf.doc(id)!)).toBeNull();
  });

  it('a stored source comes back when the plan is opened again', () => {
    const manifest = new Y.Doc();
    const first = open(manifest);
    const id = first.shelf.add(INPUT, omar)!;
    const stored = [{ name: sourceDocName(PLAN, id), update: Y.encodeStateAsUpdate(first.shelf.doc(id)!) }];
    const reopened = new Y.Doc();
    Y.applyUpdate(reopened, Y.encodeStateAsUpdate(manifest));
    const { shelf } = open(reopened, stored);
    expect(sourceText(shelf.doc(id)!).toString()).toBe('Första stycket.\nAndra stycket.');
  });

  it('a stored source whose entry the plan does not have (its plan doc was refused) is unlisted, with its words, until it is let go', () => {
    const first = open(new Y.Doc());
    const id = first.shelf.add(INPUT, omar)!;
    const stored = [{ name: sourceDocName(PLAN, id), update: Y.encodeStateAsUpdate(first.shelf.doc(id)!) }];
    // The plan's doc as the server has it: without her entry.
    const { shelf } = open(new Y.Doc(), stored);
    expect(shelf.entries).toEqual([]);
    expect(shelf.unlisted()).toEqual([id]);
    expect(sourceText(shelf.doc(id)!).toString()).toBe('Första stycket.\nAndra stycket.');
    expect(shelf.forgetUnlisted(id)).toBe(true);
    expect(shelf.doc(id)).toBeUndefined();
    expect(shelf.unlisted()).toEqual([]);
  });

  it('a listed source is never let go as unlisted', () => {
    const manifest = new Y.Doc();
    const { shelf } = open(manifest);
    const id = shelf.add(INPUT, omar)!;
    expect(shelf.unlisted()).toEqual([]);
    expect(shelf.forgetUnlisted(id)).toBe(false);
    expect(shelf.doc(id)).toBeDefined();
  });
});

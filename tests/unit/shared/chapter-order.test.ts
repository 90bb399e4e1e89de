/**
 * Moving chapters (shared/plan/chapter-order.ts): a move lands where it was
 * dropped, and moves made at once on two computers merge into one order on
 * both, keeping each move of a different chapter.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { moveChapter } from '../../../shared/plan/chapter-order.ts';
import { addChapter, initManifest, readManifest } from '../../../shared/plan/manifest.ts';

function plan(titles: readonly string[], clientID = 1): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  initManifest(doc, { planId: 'p', title: 'Plan', deadline: null, createdAt: '2026-01-01T00:00:00.000Z', chapters: titles.map((title) => ({ id: `id-${title}`, title, owner: null })) });
  return doc;
}

function titles(doc: Y.Doc): string[] {
  return readManifest(doc).chapters.map((c) => c.title);
}

function move(doc: Y.Doc, title: string, to: number): boolean {
  return moveChapter(doc, readManifest(doc).chapters, `id-${title}`, to);
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

/** The plan on two computers, in sync. */
function twoComputers(chapterTitles: readonly string[]): [Y.Doc, Y.Doc] {
  const af = plan(chapterTitles, 1);
  const fk = new Y.Doc();
  fk.clientID = 2;
  sync(af, fk);
  return [af, fk];
}

describe('moving a chapter', () => {
  it('moves a chapter up, down, to the top and to the end', () => {
    const doc = plan(['A', 'B', 'C', 'D']);
    expect(move(doc, 'C', 1)).toBe(true);
    expect(titles(doc)).toEqual(['A', 'C', 'B', 'D']);
    move(doc, 'A', 3);
    expect(titles(doc)).toEqual(['C', 'B', 'D', 'A']);
    move(doc, 'D', 0);
    expect(titles(doc)).toEqual(['D', 'C', 'B', 'A']);
  });

  it('does nothing for a move to where the chapter already is', () => {
    const doc = plan(['A', 'B']);
    expect(move(doc, 'A', 0)).toBe(false);
    expect(move(doc, 'B', 9)).toBe(false);
  });

  it('numbers the chapters afresh when two have the same order, and still lands between them', () => {
    const doc = plan([]);
    addChapter(doc, { id: 'id-A', title: 'A', owner: null }, 1);
    addChapter(doc, { id: 'id-B', title: 'B', owner: null }, 1);
    addChapter(doc, { id: 'id-C', title: 'C', owner: null }, 2);
    move(doc, 'C', 1);
    expect(titles(doc)).toEqual(['A', 'C', 'B']);
  });

  it('keeps both of two concurrent moves of different chapters, in the same order on both computers', () => {
    const [af, fk] = twoComputers(['A', 'B', 'C', 'D', 'E']);
    move(af, 'E', 0);
    move(fk, 'B', 3);
    sync(af, fk);
    expect(titles(af)).toEqual(titles(fk));
    expect(titles(af)).toEqual(['E', 'A', 'C', 'D', 'B']);
  });

  it('ends with one place for a chapter two people moved at once, never a duplicate', () => {
    const [af, fk] = twoComputers(['A', 'B', 'C']);
    move(af, 'C', 0);
    move(fk, 'C', 1);
    sync(af, fk);
    expect(titles(af)).toEqual(titles(fk));
    expect(titles(af).filter((t) => t === 'C')).toHaveLength(1);
  });
});

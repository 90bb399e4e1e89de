/**
 * Deleting a chapter (shared/plan/chapter-deletion.ts): only the coordinator
 * or the chapter's owner agency may; the chapter leaves the outline for
 * "Borttagna kapitel" with who and when; its text stays, also what a
 * colleague typed into it meanwhile; and it comes back at its old place.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteChapter, restoreChapter } from '../../../shared/plan/chapter-deletion.ts';
import { initManifest, readManifest, type ChapterEntry } from '../../../shared/plan/manifest.ts';
import type { Member } from '../../../shared/plan/member.ts';

const anna: Member = { memberId: 'm-anna', name: 'Anna Berg', agency: 'af', role: 'coordinator' };
const omar: Member = { memberId: 'm-omar', name: 'Omar Said', agency: 'migr', role: 'drafter' };
const lena: Member = { memberId: 'm-lena', name: 'Lena Holm', agency: 'fk', role: 'drafter' };
const sara: Member = { memberId: 'm-sara', name: 'Sara Lind', agency: 'migr', role: 'reader' };
const AT = '2026-12-06T23:40:00.000Z';

function plan(clientID = 1): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  initManifest(doc, {
    planId: 'p',
    title: 'Plan',
    deadline: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    chapters: [
      { id: 'id-a', title: 'Uppdraget', owner: 'af' },
      { id: 'id-b', title: 'Migrationsverket', owner: 'migr' },
      { id: 'id-c', title: 'Bilaga', owner: null },
    ],
  });
  return doc;
}

function chapter(doc: Y.Doc, id: string): ChapterEntry {
  const manifest = readManifest(doc);
  return [...manifest.chapters, ...manifest.deletedChapters].find((c) => c.id === id)!;
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

describe('deleting a chapter', () => {
  it('moves it from the outline to the deleted chapters, with who deleted it and when', () => {
    const doc = plan();
    expect(deleteChapter(doc, chapter(doc, 'id-b'), omar, AT)).toBe(true);
    const manifest = readManifest(doc);
    expect(manifest.chapters.map((c) => c.title)).toEqual(['Uppdraget', 'Bilaga']);
    expect(manifest.deletedChapters).toEqual([
      { id: 'id-b', title: 'Migrationsverket', order: 2, owner: 'migr', status: 'draft', coWriters: [], deletedAt: AT, deletedBy: { memberId: 'm-omar', name: 'Omar Said', agency: 'migr' } },
    ]);
  });

  it('is allowed to the coordinator and the owner agency only', () => {
    const doc = plan();
    expect(deleteChapter(doc, chapter(doc, 'id-b'), lena, AT)).toBe(false);
    expect(deleteChapter(doc, chapter(doc, 'id-b'), sara, AT)).toBe(false);
    expect(deleteChapter(doc, chapter(doc, 'id-c'), omar, AT)).toBe(false);
    expect(readManifest(doc).deletedChapters).toEqual([]);
    expect(deleteChapter(doc, chapter(doc, 'id-c'), anna, AT)).toBe(true);
    expect(restoreChapter(doc, chapter(doc, 'id-c'), lena)).toBe(false);
  });

  it('comes back at its old place when restored', () => {
    const doc = plan();
    deleteChapter(doc, chapter(doc, 'id-a'), anna, AT);
    expect(restoreChapter(doc, chapter(doc, 'id-a'), anna)).toBe(true);
    const manifest = readManifest(doc);
    expect(manifest.chapters.map((c) => c.title)).toEqual(['Uppdraget', 'Migrationsverket', 'Bilaga']);
    expect(manifest.deletedChapters).toEqual([]);
  });

  it('never touches the chapter doc, so a restored chapter has every word, also those typed after the delete', () => {
    const manifestAf = plan(1);
    const manifestMigr = new Y.Doc();
    sync(manifestAf, manifestMigr);
    const text = new Y.Doc();
    text.getText('text').insert(0, 'Migrationsverket erbjuder');
    deleteChapter(manifestAf, chapter(manifestAf, 'id-b'), anna, AT);
    // Omar, offline, goes on typing in the chapter.
    text.getText('text').insert(25, ' samhällsorientering.');
    sync(manifestAf, manifestMigr);
    restoreChapter(manifestMigr, chapter(manifestMigr, 'id-b'), omar);
    sync(manifestAf, manifestMigr);
    expect(readManifest(manifestAf).chapters.map((c) => c.id)).toContain('id-b');
    expect(text.getText('text').toString()).toBe('Migrationsverket erbjuder samhällsorientering.');
  });

  it('ends the same on both computers when one deletes and the other restores at once', () => {
    const af = plan(1);
    const migr = new Y.Doc();
    migr.clientID = 2;
    deleteChapter(af, chapter(af, 'id-b'), anna, AT);
    sync(af, migr);
    restoreChapter(migr, chapter(migr, 'id-b'), omar);
    deleteChapter(af, chapter(af, 'id-b'), anna, '2026-12-06T23:41:00.000Z');
    sync(af, migr);
    expect(readManifest(af)).toEqual(readManifest(migr));
  });
});

/**
 * A small plan for the workflow tests: a manifest and two chapter docs with
 * real text, and the members who act on it (Anna, AF coordinator; Fatima,
 * FK drafter; Omar, MIGR drafter).
 */
import * as Y from 'yjs';
import { initChapterMeta } from '../../../shared/plan/chapter.ts';
import { writeChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { initManifest } from '../../../shared/plan/manifest.ts';
import type { Member } from '../../../shared/plan/member.ts';
import { schema } from '../../../shared/schema/schema.ts';

export const PLAN = '3b241101-e2bb-4255-8caf-4136c566a962';
export const FK_CHAPTER = '0f8fad5b-d9cb-469f-a165-70867728950e';
export const MIGR_CHAPTER = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

export const anna: Member = { memberId: 'a0000000-0000-4000-8000-000000000001', name: 'Anna Berg', agency: 'af', role: 'coordinator' };
export const fatima: Member = { memberId: 'f0000000-0000-4000-8000-000000000002', name: 'Fatima Ali', agency: 'fk', role: 'drafter' };
export const omar: Member = { memberId: 'c0000000-0000-4000-8000-000000000003', name: 'Omar Said', agency: 'migr', role: 'drafter' };
export const reader: Member = { memberId: 'e0000000-0000-4000-8000-000000000004', name: 'Rut Läsare', agency: 'sos', role: 'reader' };

export interface TestPlan {
  readonly manifest: Y.Doc;
  readonly chapters: Map<string, Y.Doc>;
}

export function chapterWith(chapterId: string, ...paragraphs: string[]): Y.Doc {
  const doc = new Y.Doc();
  initChapterMeta(doc, PLAN, chapterId);
  writeChapterDoc(doc, schema.node('doc', null, paragraphs.map((text) => schema.node('paragraph', null, text === '' ? [] : [schema.text(text)]))));
  return doc;
}

export function newPlan(): TestPlan {
  const manifest = new Y.Doc();
  initManifest(manifest, {
    planId: PLAN,
    title: 'Gemensam plan',
    deadline: '2023-03-31',
    createdAt: '2022-11-01T08:00:00.000Z',
    chapters: [
      { id: FK_CHAPTER, title: 'Försäkringskassans insatser', owner: 'fk' },
      { id: MIGR_CHAPTER, title: 'Målgruppen', owner: 'migr' },
    ],
  });
  const chapters = new Map([
    [FK_CHAPTER, chapterWith(FK_CHAPTER, 'Försäkringskassan erbjuder samordnade insatser.')],
    [MIGR_CHAPTER, chapterWith(MIGR_CHAPTER, 'Målgruppen är utrikes födda kvinnor.')],
  ]);
  return { manifest, chapters };
}

/** A copy of a doc, as another computer holds it after syncing. */
export function replicaOf(doc: Y.Doc): Y.Doc {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  return replica;
}

/** Delivers to `to` everything `from` has that `to` lacks. */
export function deliver(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

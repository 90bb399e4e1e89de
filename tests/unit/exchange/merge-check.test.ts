/**
 * The role checks of an exchange file (shared/exchange/merge-check.ts) judge
 * a chapter's changes with the chapter's whole manifest entry, as the sync
 * server's guard does: an agency the owner named co-writer edits directly,
 * and deletes the owner's words, which a mere suggester may not.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkMerge, type MergeOutcome } from '../../../shared/exchange/merge-check.ts';
import { initChapterMeta } from '../../../shared/plan/chapter.ts';
import { chapterDocName, manifestDocName } from '../../../shared/plan/doc-names.ts';
import { initManifest, setCoWriters } from '../../../shared/plan/manifest.ts';
import type { Member } from '../../../shared/plan/member.ts';
import { editChapter, paragraphs } from '../host/chapter-doc.ts';

const cecilia: Member = { memberId: randomUUID(), name: 'Cecilia Dahl', agency: 'jamy', role: 'drafter' };

/** Försäkringskassan's chapter "Försäkring. Björns stycke.", with Jämställdhetsmyndigheten as co-writer or not; Cecilia's file deletes Björn's paragraph. */
function deleteOwnersWords(coWriters: readonly ('jamy' | 'sos')[]): MergeOutcome {
  const planId = randomUUID();
  const chapterId = randomUUID();
  const manifest = new Y.Doc();
  initManifest(manifest, { planId, title: 'Plan', deadline: null, createdAt: '2026-12-01T00:00:00Z', chapters: [{ id: chapterId, title: 'Försäkring', owner: 'fk' }] });
  setCoWriters(manifest, chapterId, coWriters);
  const chapter = new Y.Doc();
  chapter.transact(() => initChapterMeta(chapter, planId, chapterId));
  editChapter(chapter, paragraphs('Försäkring.', 'Björns stycke.'));
  const hers = new Y.Doc();
  Y.applyUpdate(hers, Y.encodeStateAsUpdate(chapter));
  const before = Y.encodeStateVector(hers);
  editChapter(hers, paragraphs('Försäkring.'));
  return checkMerge({
    planId,
    stored: [
      { name: manifestDocName(planId), update: Y.encodeStateAsUpdate(manifest) },
      { name: chapterDocName(planId, chapterId), update: Y.encodeStateAsUpdate(chapter) },
    ],
    layers: [{ signer: cecilia, docs: [{ name: chapterDocName(planId, chapterId), update: Y.encodeStateAsUpdateV2(hers, before) }] }],
    checkRoles: true,
    members: [],
    importer: null,
  });
}

describe('a file’s changes to a chapter are judged with its co-writers', () => {
  it('a co-writing agency’s file may delete the owner agency’s words', () => {
    const outcome = deleteOwnersWords(['jamy']);
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.preview.chapters[0]?.charactersRemoved).toBeGreaterThan(0);
  });

  it('the same file from an agency that is not a co-writer is refused', () => {
    expect(deleteOwnersWords(['sos'])).toMatchObject({ ok: false, refused: { signer: { name: 'Cecilia Dahl' }, breach: { rule: 'text-not-permitted' } } });
  });
});

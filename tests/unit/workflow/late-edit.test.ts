/**
 * Approve ∥ edit (docs/decisions/submission.md): Fatima (FK) edits her
 * chapter offline while Anna (AF) approves it. Whatever order the two
 * changes travel in, Fatima's words are kept, the chapter is back in review,
 * and the history says why. Two Y.Docs per side: the manifest and the chapter.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { chapterText, readChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { readManifest } from '../../../shared/plan/manifest.ts';
import { authorOf } from '../../../shared/plan/member.ts';
import { changeStatus } from '../../../shared/workflow/chapter-status.ts';
import { approvalMark, changedSinceApproval, lateEditsToReopen, reopenAfterLateEdit, textFingerprint } from '../../../shared/workflow/late-edit.ts';
import { readStatusHistory } from '../../../shared/workflow/status-history.ts';
import { anna, deliver, FK_CHAPTER, fatima, newPlan, replicaOf, type TestPlan } from './workflow-plan.ts';

const ADDED = ' Insatserna följs upp varje kvartal.';

interface Side {
  readonly manifest: Y.Doc;
  readonly chapter: Y.Doc;
}

/** Anna's and Fatima's computers with the chapter in review, before either goes offline. */
function twoSides(): { anna: Side; fatima: Side } {
  const plan: TestPlan = newPlan();
  changeStatus(plan.manifest, FK_CHAPTER, fatima, { action: 'mark-ready', at: '2023-03-01T08:00:00Z' });
  const chapter = plan.chapters.get(FK_CHAPTER)!;
  return {
    anna: { manifest: replicaOf(plan.manifest), chapter: replicaOf(chapter) },
    fatima: { manifest: replicaOf(plan.manifest), chapter: replicaOf(chapter) },
  };
}

function approve(side: Side): void {
  changeStatus(side.manifest, FK_CHAPTER, anna, { action: 'approve', at: '2023-03-02T10:00:00Z', approval: approvalMark(side.chapter) });
}

function editOffline(side: Side): void {
  const text = chapterText(side.chapter);
  text.insert(text.length, ADDED);
}

/** What Fatima's app does when the manifest changes: her own late edit reopens the chapter. */
function fatimaNotices(side: Side): void {
  const manifest = readManifest(side.manifest);
  for (const id of lateEditsToReopen(manifest.chapters, readStatusHistory(side.manifest), new Map([[FK_CHAPTER, side.chapter]]), new Map([[FK_CHAPTER, new Set([side.chapter.clientID])]]))) {
    reopenAfterLateEdit(side.manifest, id, authorOf(fatima), '2023-03-02T11:00:00Z');
  }
}

function expectKeptAndReopened(sides: Side[]): void {
  for (const side of sides) {
    expect(readChapterDoc(side.chapter).textContent).toBe(`Försäkringskassan erbjuder samordnade insatser.${ADDED}`);
    expect(readManifest(side.manifest).chapters.find((c) => c.id === FK_CHAPTER)!.status).toBe('in-review');
    const lateEntries = readStatusHistory(side.manifest).filter((e) => e.kind === 'late-edit');
    expect(lateEntries).toHaveLength(1);
    expect(lateEntries[0]).toMatchObject({ from: 'approved', to: 'in-review', by: { name: 'Fatima Ali' }, reason: 'reopened: changes by Fatima Ali arrived after approval' });
  }
}

describe('approve ∥ edit', () => {
  it('keeps the edit and reopens the chapter when the approval reaches the writer first', () => {
    const sides = twoSides();
    approve(sides.anna);
    editOffline(sides.fatima);
    deliver(sides.anna.manifest, sides.fatima.manifest);
    fatimaNotices(sides.fatima);
    deliver(sides.fatima.manifest, sides.anna.manifest);
    deliver(sides.fatima.chapter, sides.anna.chapter);
    expectKeptAndReopened([sides.anna, sides.fatima]);
  });

  it('keeps the edit and reopens the chapter when the edit reaches the coordinator first', () => {
    const sides = twoSides();
    approve(sides.anna);
    editOffline(sides.fatima);
    deliver(sides.fatima.chapter, sides.anna.chapter);
    // Meanwhile Anna's copy holds approved text she did not approve: the readiness check sees it.
    expect(changedSinceApproval(readManifest(sides.anna.manifest).chapters[0]!, readStatusHistory(sides.anna.manifest), sides.anna.chapter)).toBe(true);
    deliver(sides.anna.manifest, sides.fatima.manifest);
    deliver(sides.anna.chapter, sides.fatima.chapter);
    fatimaNotices(sides.fatima);
    deliver(sides.fatima.manifest, sides.anna.manifest);
    expectKeptAndReopened([sides.anna, sides.fatima]);
  });

  it('leaves an approval alone when the coordinator had seen the edit', () => {
    const sides = twoSides();
    editOffline(sides.fatima);
    deliver(sides.fatima.chapter, sides.anna.chapter);
    approve(sides.anna);
    deliver(sides.anna.manifest, sides.fatima.manifest);
    fatimaNotices(sides.fatima);
    expect(readManifest(sides.fatima.manifest).chapters[0]!.status).toBe('approved');
    expect(readStatusHistory(sides.fatima.manifest).some((e) => e.kind === 'late-edit')).toBe(false);
  });

  it('does not reopen when the approval arrives before the coordinator’s own last words', () => {
    const sides = twoSides();
    // Fatima wrote earlier in this session, and Anna saw it.
    editOffline(sides.fatima);
    deliver(sides.fatima.chapter, sides.anna.chapter);
    // Anna adds a sentence and approves; the manifest travels faster than the chapter.
    chapterText(sides.anna.chapter).insert(0, 'Sammanfattning. ');
    approve(sides.anna);
    deliver(sides.anna.manifest, sides.fatima.manifest);
    fatimaNotices(sides.fatima);
    expect(readManifest(sides.fatima.manifest).chapters[0]!.status).toBe('approved');
    deliver(sides.anna.chapter, sides.fatima.chapter);
    fatimaNotices(sides.fatima);
    expect(readManifest(sides.fatima.manifest).chapters[0]!.status).toBe('approved');
    expect(readStatusHistory(sides.fatima.manifest).some((e) => e.kind === 'late-edit')).toBe(false);
  });

  it('the server-side application is idempotent: a chapter not approved is left alone', () => {
    const sides = twoSides();
    expect(reopenAfterLateEdit(sides.anna.manifest, FK_CHAPTER, authorOf(fatima), '2023-03-02T11:00:00Z')).toBe(false);
    approve(sides.anna);
    expect(reopenAfterLateEdit(sides.anna.manifest, FK_CHAPTER, authorOf(fatima), '2023-03-02T11:00:00Z')).toBe(true);
    expect(reopenAfterLateEdit(sides.anna.manifest, FK_CHAPTER, authorOf(fatima), '2023-03-02T11:00:01Z')).toBe(false);
    expect(readStatusHistory(sides.anna.manifest).filter((e) => e.kind === 'late-edit')).toHaveLength(1);
  });

  it('writes the status and the history entry in one transaction', () => {
    const sides = twoSides();
    approve(sides.anna);
    let transactions = 0;
    sides.anna.manifest.on('afterTransaction', () => transactions++);
    reopenAfterLateEdit(sides.anna.manifest, FK_CHAPTER, authorOf(fatima), '2023-03-02T11:00:00Z');
    expect(transactions).toBe(1);
  });

  it('fingerprints the words, not the comment anchors', () => {
    const { chapters } = newPlan();
    const chapter = chapters.get(FK_CHAPTER)!;
    const before = textFingerprint(chapter);
    chapterText(chapter).format(1, 5, { 'comment--abc': { threadId: 't' } });
    expect(textFingerprint(chapter)).toBe(before);
    chapterText(chapter).insert(2, 'x');
    expect(textFingerprint(chapter)).not.toBe(before);
  });
});

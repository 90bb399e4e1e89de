/**
 * The writer's app applies approve ∥ edit (src-renderer/workflow/late-edits.ts):
 * Fatima's words typed in this window before the approval reached her
 * reopen the chapter in her name; an approval whose coordinator had seen
 * them, or that arrives before the coordinator's own last words, does not.
 * The session is a stand-in with the parts the watcher uses.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { readManifest } from '../../../shared/plan/manifest.ts';
import type { Member } from '../../../shared/plan/member.ts';
import { approvalMark } from '../../../shared/workflow/late-edit.ts';
import { changeStatus } from '../../../shared/workflow/chapter-status.ts';
import { readStatusHistory } from '../../../shared/workflow/status-history.ts';
import type { PlanSession } from '../../../src-renderer/plan/plan-session.ts';
import { LateEditWatcher } from '../../../src-renderer/workflow/late-edits.ts';
import { anna, deliver, FK_CHAPTER, fatima, newPlan, replicaOf } from './workflow-plan.ts';

const REMOTE = Symbol('provider');

/** Fatima's window: the manifest and her chapter, and the watcher on them. */
function fatimaWindow(manifest: Y.Doc, chapter: Y.Doc, member: Member): { reopened: string[]; destroy: () => void } {
  const listeners = new Set<() => void>();
  manifest.on('update', () => listeners.forEach((l) => l()));
  const session = {
    manifestDoc: manifest,
    get manifest() {
      return readManifest(manifest);
    },
    chapter: (id: string) => (id === FK_CHAPTER ? { id, doc: chapter } : undefined),
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as PlanSession;
  const reopened: string[] = [];
  const watcher = new LateEditWatcher(session, () => member, (id) => reopened.push(id));
  return { reopened, destroy: () => watcher.destroy() };
}

/** Delivers as the sync provider does: a remote transaction. */
function arrive(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), REMOTE);
}

function setUp() {
  const plan = newPlan();
  changeStatus(plan.manifest, FK_CHAPTER, fatima, { action: 'mark-ready', at: '2023-03-01T08:00:00Z' });
  const chapter = plan.chapters.get(FK_CHAPTER)!;
  return {
    anna: { manifest: replicaOf(plan.manifest), chapter: replicaOf(chapter) },
    fatima: { manifest: replicaOf(plan.manifest), chapter: replicaOf(chapter) },
  };
}

const settle = (): Promise<void> => new Promise((done) => setTimeout(done, 0));

describe('the writer’s app and a late edit', () => {
  it('reopens the chapter in her name when her words were not in the approval', async () => {
    const sides = setUp();
    const window = fatimaWindow(sides.fatima.manifest, sides.fatima.chapter, fatima);
    chapterText(sides.fatima.chapter).insert(3, 'ny text ');
    changeStatus(sides.anna.manifest, FK_CHAPTER, anna, { action: 'approve', at: '2023-03-02T10:00:00Z', approval: approvalMark(sides.anna.chapter) });
    arrive(sides.anna.manifest, sides.fatima.manifest);
    await settle();
    expect(window.reopened).toEqual([FK_CHAPTER]);
    expect(readManifest(sides.fatima.manifest).chapters[0]!.status).toBe('in-review');
    expect(readStatusHistory(sides.fatima.manifest).at(-1)).toMatchObject({ kind: 'late-edit', by: { name: 'Fatima Ali' } });
    window.destroy();
  });

  it('leaves the approval alone when it arrives before the coordinator’s own last words', async () => {
    const sides = setUp();
    const window = fatimaWindow(sides.fatima.manifest, sides.fatima.chapter, fatima);
    chapterText(sides.fatima.chapter).insert(3, 'ny text ');
    deliver(sides.fatima.chapter, sides.anna.chapter);
    chapterText(sides.anna.chapter).insert(0, 'Sammanfattning. ');
    changeStatus(sides.anna.manifest, FK_CHAPTER, anna, { action: 'approve', at: '2023-03-02T10:00:00Z', approval: approvalMark(sides.anna.chapter) });
    arrive(sides.anna.manifest, sides.fatima.manifest);
    await settle();
    arrive(sides.anna.chapter, sides.fatima.chapter);
    await settle();
    expect(window.reopened).toEqual([]);
    expect(readManifest(sides.fatima.manifest).chapters[0]!.status).toBe('approved');
    window.destroy();
  });

  it('does nothing for words that arrived from others, or for the coordinator', async () => {
    const sides = setUp();
    const window = fatimaWindow(sides.fatima.manifest, sides.fatima.chapter, fatima);
    // Omar's words reach Fatima's window from the server: not hers.
    const omarChapter = replicaOf(sides.anna.chapter);
    chapterText(omarChapter).insert(0, 'Omar skriver. ');
    arrive(omarChapter, sides.fatima.chapter);
    changeStatus(sides.anna.manifest, FK_CHAPTER, anna, { action: 'approve', at: '2023-03-02T10:00:00Z', approval: approvalMark(sides.anna.chapter) });
    arrive(sides.anna.manifest, sides.fatima.manifest);
    await settle();
    expect(window.reopened).toEqual([]);
    window.destroy();
  });
});

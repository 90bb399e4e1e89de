/**
 * The chapter status machine, its permissions, the lock, and the server's
 * manifest rule for status changes (the same pure rule the sync server runs,
 * here on the recorded changes of one update; tests/unit/server/role-rules.test.ts
 * runs it through a real server).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readManifest } from '../../../shared/plan/manifest.ts';
import type { Member } from '../../../shared/plan/member.ts';
import { defineRoots, recordChanges } from '../../../shared/rules/doc-changes.ts';
import { checkManifestChanges } from '../../../shared/rules/manifest-rules.ts';
import { availableActions, changeStatus, isChapterLocked, StatusError, type StatusAction } from '../../../shared/workflow/chapter-status.ts';
import { readStatusHistory, statusHistoryArray } from '../../../shared/workflow/status-history.ts';
import { reopenAfterLateEdit } from '../../../shared/workflow/late-edit.ts';
import { sendBackChapter } from '../../../shared/workflow/send-back.ts';
import { readThreads } from '../../../shared/comments/threads.ts';
import { anchoredThreadIds } from '../../../shared/workflow/readiness.ts';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { anna, FK_CHAPTER, fatima, newPlan, omar, reader } from './workflow-plan.ts';

const AT = '2023-03-01T09:00:00.000Z';

function statusOf(doc: Y.Doc, chapterId = FK_CHAPTER): string {
  return readManifest(doc).chapters.find((c) => c.id === chapterId)!.status;
}

function errorCode(act: () => unknown): string | null {
  try {
    act();
    return null;
  } catch (error) {
    return error instanceof StatusError ? error.code : 'other';
  }
}

/** What the server's rule says of `act`, done by `member` on a copy of `doc`. */
function ruleVerdict(doc: Y.Doc, member: Member, act: (copy: Y.Doc) => void): string | null {
  const server = new Y.Doc();
  defineRoots(server, 'manifest');
  Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(client);
  act(client);
  const update = Y.encodeStateAsUpdate(client, before);
  const changes = recordChanges(server, 'manifest', () => Y.applyUpdate(server, update));
  return checkManifestChanges(member, changes)?.rule ?? null;
}

describe('the chapter status machine', () => {
  it('lets the owner agency mark its chapter ready, and the coordinator approve it', () => {
    const { manifest } = newPlan();
    changeStatus(manifest, FK_CHAPTER, fatima, { action: 'mark-ready', at: AT });
    expect(statusOf(manifest)).toBe('in-review');
    changeStatus(manifest, FK_CHAPTER, anna, { action: 'approve', at: AT });
    expect(statusOf(manifest)).toBe('approved');
    expect(readStatusHistory(manifest).map((e) => [e.from, e.to, e.by.name])).toEqual([
      ['draft', 'in-review', 'Fatima Ali'],
      ['in-review', 'approved', 'Anna Berg'],
    ]);
  });

  it('refuses another agency, a reader, and the owner approving its own chapter, writing nothing', () => {
    const { manifest } = newPlan();
    expect(errorCode(() => changeStatus(manifest, FK_CHAPTER, omar, { action: 'mark-ready', at: AT }))).toBe('not-allowed');
    expect(errorCode(() => changeStatus(manifest, FK_CHAPTER, reader, { action: 'mark-ready', at: AT }))).toBe('not-allowed');
    changeStatus(manifest, FK_CHAPTER, fatima, { action: 'mark-ready', at: AT });
    expect(errorCode(() => changeStatus(manifest, FK_CHAPTER, fatima, { action: 'approve', at: AT }))).toBe('not-allowed');
    expect(errorCode(() => changeStatus(manifest, FK_CHAPTER, anna, { action: 'reopen', at: AT }))).toBe('wrong-status');
    expect(statusOf(manifest)).toBe('in-review');
    expect(readStatusHistory(manifest)).toHaveLength(1);
  });

  it('offers each member only the buttons the rule allows', () => {
    const actions = (member: Member, status: 'draft' | 'in-review' | 'approved'): StatusAction[] => availableActions(member, { status, owner: 'fk' });
    expect(actions(fatima, 'draft')).toEqual(['mark-ready']);
    expect(actions(omar, 'draft')).toEqual([]);
    expect(actions(fatima, 'in-review')).toEqual([]);
    expect(actions(anna, 'in-review')).toEqual(['approve', 'send-back']);
    expect(actions(anna, 'approved')).toEqual(['reopen']);
    expect(actions(reader, 'draft')).toEqual([]);
  });

  it('locks exactly the approved chapters', () => {
    expect(isChapterLocked({ status: 'draft' })).toBe(false);
    expect(isChapterLocked({ status: 'in-review' })).toBe(false);
    expect(isChapterLocked({ status: 'approved' })).toBe(true);
  });

  it('records a reopening with its reason, and the chapter is open to edits again', () => {
    const { manifest } = newPlan();
    changeStatus(manifest, FK_CHAPTER, fatima, { action: 'mark-ready', at: AT });
    changeStatus(manifest, FK_CHAPTER, anna, { action: 'approve', at: AT });
    changeStatus(manifest, FK_CHAPTER, anna, { action: 'reopen', at: AT, reason: 'Ny statistik från SCB' });
    expect(isChapterLocked(readManifest(manifest).chapters[0]!)).toBe(false);
    expect(readStatusHistory(manifest).at(-1)).toMatchObject({ from: 'approved', to: 'in-review', reason: 'Ny statistik från SCB', by: { name: 'Anna Berg' } });
  });

  it('sends a chapter back with a reason that becomes a thread anchored in the text and assigned to the owner', () => {
    const { manifest, chapters } = newPlan();
    const chapter = chapters.get(FK_CHAPTER)!;
    changeStatus(manifest, FK_CHAPTER, fatima, { action: 'mark-ready', at: AT });
    expect(errorCode(() => sendBackChapter(manifest, chapter, FK_CHAPTER, anna, { reason: '  ', at: AT, threadId: 't1', messageId: 'm1' }))).toBe('reason-required');
    sendBackChapter(manifest, chapter, FK_CHAPTER, anna, { reason: 'Lägg till tidplan för insatserna.', at: AT, threadId: 't1', messageId: 'm1' });
    expect(statusOf(manifest)).toBe('draft');
    const [thread] = readThreads(chapter);
    expect(thread).toMatchObject({ id: 't1', assignedAgency: 'fk', state: 'open', quote: 'Försäkringskassan erbjuder samordnade insatser.' });
    expect(thread!.messages[0]!.text).toBe('Lägg till tidplan för insatserna.');
    expect(anchoredThreadIds(chapterText(chapter)).has('t1')).toBe(true);
    expect(readStatusHistory(manifest).at(-1)).toMatchObject({ from: 'in-review', to: 'draft', threadId: 't1', reason: 'Lägg till tidplan för insatserna.' });
  });
});

describe('the server’s manifest rule for statuses', () => {
  it('lets the owner agency mark its chapter ready and refuses another agency', () => {
    const { manifest } = newPlan();
    expect(ruleVerdict(manifest, fatima, (d) => changeStatus(d, FK_CHAPTER, fatima, { action: 'mark-ready', at: AT }))).toBeNull();
    expect(ruleVerdict(manifest, omar, (d) => changeStatus(d, FK_CHAPTER, { ...omar, role: 'coordinator' }, { action: 'mark-ready', at: AT }))).toBe('plan-not-permitted');
  });

  it('lets only the coordinator approve, send back and reopen', () => {
    const { manifest } = newPlan();
    changeStatus(manifest, FK_CHAPTER, fatima, { action: 'mark-ready', at: AT });
    const asCoordinator = { ...fatima, role: 'coordinator' as const };
    expect(ruleVerdict(manifest, fatima, (d) => changeStatus(d, FK_CHAPTER, asCoordinator, { action: 'approve', at: AT }))).toBe('plan-not-permitted');
    expect(ruleVerdict(manifest, anna, (d) => changeStatus(d, FK_CHAPTER, anna, { action: 'approve', at: AT }))).toBeNull();
    expect(ruleVerdict(manifest, anna, (d) => changeStatus(d, FK_CHAPTER, anna, { action: 'send-back', at: AT, reason: 'Mer text' }))).toBeNull();
    changeStatus(manifest, FK_CHAPTER, anna, { action: 'approve', at: AT });
    expect(ruleVerdict(manifest, anna, (d) => changeStatus(d, FK_CHAPTER, anna, { action: 'reopen', at: AT }))).toBeNull();
    expect(ruleVerdict(manifest, fatima, (d) => changeStatus(d, FK_CHAPTER, { ...fatima, role: 'coordinator' }, { action: 'reopen', at: AT }))).toBe('plan-not-permitted');
  });

  it('refuses a status change without its history entry, even from the coordinator', () => {
    const { manifest } = newPlan();
    const entry = (d: Y.Doc): Y.Map<unknown> => d.getMap('chapters').get(FK_CHAPTER) as Y.Map<unknown>;
    expect(ruleVerdict(manifest, anna, (d) => entry(d).set('status', 'approved'))).toBe('plan-not-permitted');
  });

  it('refuses an entry signed with another member, and any removal from the history', () => {
    const { manifest } = newPlan();
    expect(ruleVerdict(manifest, omar, (d) => changeStatus(d, FK_CHAPTER, fatima, { action: 'mark-ready', at: AT }))).toBe('plan-not-permitted');
    changeStatus(manifest, FK_CHAPTER, fatima, { action: 'mark-ready', at: AT });
    expect(ruleVerdict(manifest, anna, (d) => statusHistoryArray(d).delete(0, 1))).toBe('plan-not-permitted');
  });

  it('lets a drafter reopen an approved chapter for her late edit, in her own name', () => {
    const { manifest } = newPlan();
    changeStatus(manifest, FK_CHAPTER, fatima, { action: 'mark-ready', at: AT });
    changeStatus(manifest, FK_CHAPTER, anna, { action: 'approve', at: AT });
    expect(ruleVerdict(manifest, omar, (d) => reopenAfterLateEdit(d, FK_CHAPTER, omar, AT))).toBeNull();
    expect(ruleVerdict(manifest, omar, (d) => reopenAfterLateEdit(d, FK_CHAPTER, fatima, AT))).toBe('plan-not-permitted');
    expect(ruleVerdict(manifest, reader, (d) => reopenAfterLateEdit(d, FK_CHAPTER, reader, AT))).toBe('plan-not-permitted');
  });
});

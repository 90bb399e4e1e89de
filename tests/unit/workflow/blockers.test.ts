/**
 * "Förbered inlämning": each kind of blocker appears when its cause is
 * there and disappears when it is fixed, read from real plan docs; and
 * "Att göra" lists what waits for each agency.
 */
import { describe, expect, it } from 'vitest';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { createThread, replyToThread, resolveThread } from '../../../shared/comments/threads.ts';
import { createSuggestion, withdrawSuggestion } from '../../../shared/suggestions/suggestions.ts';
import { maySubmit, type Blocker } from '../../../shared/workflow/blockers.ts';
import { changeStatus } from '../../../shared/workflow/chapter-status.ts';
import { approvalMark } from '../../../shared/workflow/late-edit.ts';
import { readPlanDetails, writePlanDetails } from '../../../shared/workflow/plan-details.ts';
import { planBlockers, todoChapters } from '../../../shared/workflow/readiness.ts';
import { readStatusHistory } from '../../../shared/workflow/status-history.ts';
import { sendBackChapter } from '../../../shared/workflow/send-back.ts';
import { todoFor } from '../../../shared/workflow/todo.ts';
import { anna, chapterWith, FK_CHAPTER, fatima, MIGR_CHAPTER, newPlan, omar, type TestPlan } from './workflow-plan.ts';

const AT = '2023-03-01T09:00:00.000Z';
const DETAILS = { recipient: 'Regeringskansliet, Arbetsmarknadsdepartementet', referenceNumber: 'A2022/01234', decisionDate: '2022-06-30', deadline: '2023-03-31' };

/** A plan with nothing in the way: details filled in, both chapters approved. */
function readyPlan(): TestPlan {
  const plan = newPlan();
  writePlanDetails(plan.manifest, DETAILS);
  for (const [id, owner] of [[FK_CHAPTER, fatima], [MIGR_CHAPTER, omar]] as const) {
    changeStatus(plan.manifest, id, owner, { action: 'mark-ready', at: AT });
    changeStatus(plan.manifest, id, anna, { action: 'approve', at: AT, approval: approvalMark(plan.chapters.get(id)!) });
  }
  return plan;
}

function kinds(plan: TestPlan, unsynced?: Parameters<typeof planBlockers>[2]): Blocker['kind'][] {
  return planBlockers(plan.manifest, plan.chapters, unsynced).map((b) => b.kind);
}

describe('the readiness check', () => {
  it('finds nothing in a ready plan, and only the coordinator may submit it', () => {
    const plan = readyPlan();
    const blockers = planBlockers(plan.manifest, plan.chapters);
    expect(blockers).toEqual([]);
    expect(maySubmit(anna, blockers)).toBe(true);
    expect(maySubmit(fatima, blockers)).toBe(false);
  });

  it('lists a chapter that is not approved until it is', () => {
    const plan = readyPlan();
    changeStatus(plan.manifest, FK_CHAPTER, anna, { action: 'reopen', at: AT });
    expect(planBlockers(plan.manifest, plan.chapters)).toEqual([{ kind: 'not-approved', chapterId: FK_CHAPTER, status: 'in-review' }]);
    expect(maySubmit(anna, planBlockers(plan.manifest, plan.chapters))).toBe(false);
    changeStatus(plan.manifest, FK_CHAPTER, anna, { action: 'approve', at: AT, approval: approvalMark(plan.chapters.get(FK_CHAPTER)!) });
    expect(kinds(plan)).toEqual([]);
  });

  it('lists an open thread until it is resolved, and a detached one as detached', () => {
    const plan = readyPlan();
    const doc = plan.chapters.get(FK_CHAPTER)!;
    createThread(doc, omar, { id: 't1', messageId: 'm1', text: 'Källa?', quote: 'insatser', assignedAgency: 'fk', at: AT });
    chapterText(doc).format(1, 5, { 'comment--x': { threadId: 't1' } });
    createThread(doc, omar, { id: 't2', messageId: 'm2', text: 'Borttagen text?', quote: 'gammal', assignedAgency: null, at: AT });
    expect(kinds(plan)).toEqual(['open-thread', 'detached-thread']);
    resolveThread(doc, anna, 't1', AT);
    resolveThread(doc, anna, 't2', AT);
    expect(kinds(plan)).toEqual([]);
  });

  it('lists an open suggestion until it is decided', () => {
    const plan = readyPlan();
    const doc = plan.chapters.get(MIGR_CHAPTER)!;
    createSuggestion(doc, fatima, { id: 'abc.1', kind: 'insert', at: AT });
    expect(planBlockers(plan.manifest, plan.chapters)).toEqual([{ kind: 'open-suggestion', chapterId: MIGR_CHAPTER, suggestionId: 'abc.1' }]);
    withdrawSuggestion(doc, fatima, 'abc.1', AT);
    expect(kinds(plan)).toEqual([]);
  });

  it('lists this computer’s changes that the server does not hold, per chapter and for the plan', () => {
    const plan = readyPlan();
    expect(kinds(plan, { manifest: 2, chapters: new Map([[FK_CHAPTER, 5]]) })).toEqual(['unsynced-here', 'unsynced-here']);
    expect(planBlockers(plan.manifest, plan.chapters, { manifest: 0, chapters: new Map([[FK_CHAPTER, null]]) })).toEqual([{ kind: 'unsynced-here', chapterId: FK_CHAPTER, pending: null }]);
    expect(kinds(plan, { manifest: 0, chapters: new Map() })).toEqual([]);
  });

  it('finds each bracketed placeholder in the text, with its place, until it is filled in', () => {
    const plan = readyPlan();
    plan.chapters.set(FK_CHAPTER, chapterWith(FK_CHAPTER, 'Beslutet [ange diarienummer] gäller.', 'Andelen är [andel enligt SCB, ange år och källa].', 'Se bilaga [1].'));
    const placeholders = planBlockers(plan.manifest, plan.chapters).filter((b) => b.kind === 'placeholder');
    expect(placeholders).toEqual([
      { kind: 'placeholder', chapterId: FK_CHAPTER, from: 10, to: 29, text: '[ange diarienummer]' },
      { kind: 'placeholder', chapterId: FK_CHAPTER, from: 50, to: 87, text: '[andel enligt SCB, ange år och källa]' },
    ]);
    plan.chapters.set(FK_CHAPTER, chapterWith(FK_CHAPTER, 'Beslutet A2022/01234 gäller.'));
    expect(planBlockers(plan.manifest, plan.chapters).filter((b) => b.kind === 'placeholder')).toEqual([]);
  });

  it('lists missing details and placeholders in the details until they are filled in', () => {
    const plan = readyPlan();
    writePlanDetails(plan.manifest, { referenceNumber: '[ange diarienummer]', decisionDate: null, contacts: { fk: '[ange kontaktperson]' } });
    expect(planBlockers(plan.manifest, plan.chapters)).toEqual([
      { kind: 'detail-placeholder', field: 'referenceNumber', text: '[ange diarienummer]' },
      { kind: 'detail-missing', field: 'decisionDate' },
      { kind: 'detail-placeholder', field: 'contact', text: '[ange kontaktperson]' },
    ]);
    writePlanDetails(plan.manifest, { referenceNumber: 'A2022/01234', decisionDate: '2022-06-30', contacts: { fk: 'Fatima Ali' } });
    expect(kinds(plan)).toEqual([]);
  });

  it('refuses a date that is not one, and writes nothing', () => {
    const plan = readyPlan();
    expect(writePlanDetails(plan.manifest, { decisionDate: '2022-02-30', recipient: 'x' })).toEqual([{ field: 'decisionDate', problem: 'not-a-date' }]);
    expect(readPlanDetails(plan.manifest).recipient).toBe(DETAILS.recipient);
  });

  it('lists an approved chapter whose text changed after the approval', () => {
    const plan = readyPlan();
    chapterText(plan.chapters.get(MIGR_CHAPTER)!).insert(3, 'ny ');
    expect(kinds(plan)).toEqual(['changed-after-approval']);
  });
});

describe('Att göra', () => {
  it('lists a chapter sent back to its agency, with the reason, until it is marked ready again', () => {
    const plan = newPlan();
    changeStatus(plan.manifest, FK_CHAPTER, fatima, { action: 'mark-ready', at: AT });
    sendBackChapter(plan.manifest, plan.chapters.get(FK_CHAPTER)!, FK_CHAPTER, anna, { reason: 'Lägg till tidplan.', at: AT, threadId: 't1', messageId: 'm1' });
    const list = todoFor('fk', todoChapters(plan.manifest, plan.chapters), readStatusHistory(plan.manifest));
    expect(list).toEqual([
      { kind: 'sent-back', chapterId: FK_CHAPTER, reason: 'Lägg till tidplan.', threadId: 't1' },
      { kind: 'assigned-thread', chapterId: FK_CHAPTER, threadId: 't1', quote: 'Försäkringskassan erbjuder samordnade insatser.' },
    ]);
    expect(todoFor('migr', todoChapters(plan.manifest, plan.chapters), readStatusHistory(plan.manifest))).toEqual([]);
    changeStatus(plan.manifest, FK_CHAPTER, fatima, { action: 'mark-ready', at: AT });
    const after = todoFor('fk', todoChapters(plan.manifest, plan.chapters), readStatusHistory(plan.manifest));
    expect(after.map((i) => i.kind)).toEqual(['assigned-thread']);
    expect(todoFor('af', todoChapters(plan.manifest, plan.chapters), readStatusHistory(plan.manifest)).map((i) => i.kind)).toEqual(['to-review']);
  });

  it('lists suggestions on the agency’s chapters and replies to its own threads', () => {
    const plan = newPlan();
    const migrDoc = plan.chapters.get(MIGR_CHAPTER)!;
    createSuggestion(migrDoc, fatima, { id: 'abc.1', kind: 'insert', at: AT });
    createThread(migrDoc, fatima, { id: 't9', messageId: 'm9', text: 'Vilket år?', quote: 'Målgruppen', assignedAgency: null, at: AT });
    expect(todoFor('fk', todoChapters(plan.manifest, plan.chapters), []).map((i) => i.kind)).toEqual([]);
    replyToThread(migrDoc, omar, 't9', { id: 'm10', text: '2022.', at: AT });
    expect(todoFor('fk', todoChapters(plan.manifest, plan.chapters), [])).toEqual([{ kind: 'reply', chapterId: MIGR_CHAPTER, threadId: 't9', quote: 'Målgruppen' }]);
    expect(todoFor('migr', todoChapters(plan.manifest, plan.chapters), [])).toEqual([{ kind: 'suggestion', chapterId: MIGR_CHAPTER, suggestionId: 'abc.1' }]);
  });
});

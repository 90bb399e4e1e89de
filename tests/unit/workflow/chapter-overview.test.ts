/**
 * Översikt's deadline risk (the table in shared/workflow/chapter-overview.ts)
 * and each chapter's last activity with who and when.
 */
import { describe, expect, it } from 'vitest';
import { createThread } from '../../../shared/comments/threads.ts';
import { readThreads } from '../../../shared/comments/threads.ts';
import { deadlineRisk, lastActivity } from '../../../shared/workflow/chapter-overview.ts';
import { changeStatus } from '../../../shared/workflow/chapter-status.ts';
import { readStatusHistory } from '../../../shared/workflow/status-history.ts';
import { FK_CHAPTER, fatima, newPlan, omar } from './workflow-plan.ts';

describe('deadline risk', () => {
  it('is done only for an approved chapter with nothing open', () => {
    expect(deadlineRisk('approved', 0, 3)).toBe('done');
    expect(deadlineRisk('approved', 1, 3)).toBe('medium');
  });

  it('rises as the deadline nears, and earlier statuses first', () => {
    expect([40, 20, 5, -3, null].map((days) => deadlineRisk('draft', 0, days))).toEqual(['medium', 'high', 'high', 'high', 'medium']);
    expect([40, 20, 5, -3, null].map((days) => deadlineRisk('in-review', 0, days))).toEqual(['low', 'medium', 'high', 'high', 'low']);
    expect([40, 20, 5].map((days) => deadlineRisk('approved', 2, days))).toEqual(['low', 'low', 'medium']);
  });
});

describe('last activity', () => {
  it('is the latest status change, comment or suggestion event, with who', () => {
    const { manifest, chapters } = newPlan();
    const doc = chapters.get(FK_CHAPTER)!;
    expect(lastActivity({ id: FK_CHAPTER }, [], [], [])).toBeNull();
    changeStatus(manifest, FK_CHAPTER, fatima, { action: 'mark-ready', at: '2023-03-01T09:00:00Z' });
    createThread(doc, omar, { id: 't1', messageId: 'm1', text: 'Källa?', quote: 'insatser', assignedAgency: null, at: '2023-03-02T09:00:00Z' });
    expect(lastActivity({ id: FK_CHAPTER }, readStatusHistory(manifest), readThreads(doc), [])).toEqual({ at: '2023-03-02T09:00:00Z', by: { memberId: omar.memberId, name: 'Omar Said', agency: 'migr' } });
  });
});

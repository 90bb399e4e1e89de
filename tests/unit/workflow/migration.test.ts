/**
 * A plan written before issue 14 (no details, no status history) opens
 * with safe defaults and keeps every word; the first status change and the
 * first details work on it, and a peer still on the old version keeps
 * reading the plan as before (docs/decisions/submission.md: why no schema
 * version bump).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { readManifest } from '../../../shared/plan/manifest.ts';
import { SCHEMA_VERSION } from '../../../shared/schema/version.ts';
import { planBlockers } from '../../../shared/workflow/readiness.ts';
import { changeStatus } from '../../../shared/workflow/chapter-status.ts';
import { readPlanDetails, writePlanDetails } from '../../../shared/workflow/plan-details.ts';
import { readStatusHistory } from '../../../shared/workflow/status-history.ts';
import { chapterWith, FK_CHAPTER, fatima, PLAN, replicaOf } from './workflow-plan.ts';

/** The manifest exactly as the version before issue 14 wrote it. */
function oldManifest(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const meta = doc.getMap('meta');
    meta.set('kind', 'manifest');
    meta.set('planId', PLAN);
    meta.set('schemaVersion', 3);
    const plan = doc.getMap('plan');
    plan.set('title', 'Gammal plan');
    plan.set('deadline', '2023-03-31');
    plan.set('createdAt', '2022-11-01T08:00:00.000Z');
    const entry = new Y.Map<unknown>();
    entry.set('title', 'Försäkringskassans insatser');
    entry.set('order', 1);
    entry.set('owner', 'fk');
    entry.set('status', 'draft');
    doc.getMap('chapters').set(FK_CHAPTER, entry);
  });
  return doc;
}

describe('a plan written before issue 14', () => {
  it('opens with empty details, an empty history and the same chapters and words', () => {
    const manifest = replicaOf(oldManifest());
    const chapter = chapterWith(FK_CHAPTER, 'Försäkringskassan erbjuder samordnade insatser.');
    expect(readManifest(manifest)).toMatchObject({ title: 'Gammal plan', deadline: '2023-03-31', schemaVersion: SCHEMA_VERSION });
    expect(readManifest(manifest).chapters).toEqual([{ id: FK_CHAPTER, title: 'Försäkringskassans insatser', order: 1, owner: 'fk', status: 'draft', coWriters: [] }]);
    expect(readPlanDetails(manifest)).toMatchObject({ recipient: '', referenceNumber: '', decisionDate: null, deadline: '2023-03-31', contacts: { af: '', fk: '' } });
    expect(readStatusHistory(manifest)).toEqual([]);
    expect(planBlockers(manifest, new Map([[FK_CHAPTER, chapter]])).map((b) => b.kind)).toEqual([
      'detail-missing',
      'detail-missing',
      'detail-missing',
      'not-approved',
    ]);
    expect(readChapterDoc(chapter).textContent).toBe('Försäkringskassan erbjuder samordnade insatser.');
  });

  it('takes its first status change and details, and an old peer still reads its plan unchanged', () => {
    const manifest = oldManifest();
    changeStatus(manifest, FK_CHAPTER, fatima, { action: 'mark-ready', at: '2023-03-01T09:00:00Z' });
    writePlanDetails(manifest, { recipient: 'Regeringskansliet', referenceNumber: '[ange diarienummer]' });
    const oldPeer = replicaOf(manifest);
    // What the old version reads: only its own keys, all still there.
    expect(oldPeer.getMap('plan').get('title')).toBe('Gammal plan');
    expect((oldPeer.getMap('chapters').get(FK_CHAPTER) as Y.Map<unknown>).toJSON()).toEqual({ title: 'Försäkringskassans insatser', order: 1, owner: 'fk', status: 'in-review' });
    expect(readStatusHistory(oldPeer)).toHaveLength(1);
    expect(readPlanDetails(oldPeer).referenceNumber).toBe('[ange diarienummer]');
  });

  it('reads a peer’s garbage in the new fields as not filled in, without throwing', () => {
    const manifest = oldManifest();
    manifest.getMap('plan').set('decisionDate', 20220630);
    manifest.getMap('plan').set('recipient', { evil: true });
    manifest.getArray('statusHistory').push([{ chapterId: FK_CHAPTER, from: 'draft', to: 'done' }, 'junk', 42]);
    expect(readPlanDetails(manifest)).toMatchObject({ recipient: '', decisionDate: null });
    expect(readStatusHistory(manifest)).toEqual([]);
  });
});

/**
 * "Lämna in" on the host (src-main/submission/): the submitted edition holds
 * exactly the plan's stored docs, who submitted it and when; it survives a
 * restart unchanged and later edits do not touch it; a drafter, or a plan
 * with something in the way, is refused and nothing is stored. Real SQLite
 * store in a fresh folder, the HostService as the app calls it.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { HostError } from '../../../shared/host-api/host-error.ts';
import { readManifest } from '../../../shared/plan/manifest.ts';
import { manifestDocName, parseDocName } from '../../../shared/plan/doc-names.ts';
import { changeStatus } from '../../../shared/workflow/chapter-status.ts';
import { approvalMark } from '../../../shared/workflow/late-edit.ts';
import { writePlanDetails } from '../../../shared/workflow/plan-details.ts';
import { planBlockers } from '../../../shared/workflow/readiness.ts';
import type { HostService } from '../../../src-main/host/host-service.ts';
import { useDataDir } from '../host/data-dir.ts';

const ANNA = { memberId: 'a0000000-0000-4000-8000-000000000001', name: 'Anna Berg', agency: 'af' as const };
const COORDINATOR = { ...ANNA, role: 'coordinator' as const };

/** Opens the sample plan, clears every blocker (details, placeholders, approvals) the way the app would, and saves the changes. */
async function readySamplePlan(service: HostService): Promise<string> {
  const { id } = await service.openSamplePlan();
  const loaded = await service.loadPlan({ planId: id });
  const manifest = new Y.Doc();
  Y.applyUpdate(manifest, loaded.manifest.update);
  const chapters = new Map<string, Y.Doc>();
  for (const stored of loaded.chapters) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.update);
    const ref = parseDocName(stored.name);
    if (ref?.kind === 'chapter') chapters.set(ref.chapterId, doc);
  }
  const saveAll = async (change: () => void): Promise<void> => {
    const before = new Map([...chapters].map(([cid, doc]) => [cid, Y.encodeStateVector(doc)] as const));
    const manifestBefore = Y.encodeStateVector(manifest);
    change();
    for (const [cid, doc] of chapters) {
      const update = Y.encodeStateAsUpdate(doc, before.get(cid));
      if (update.length > 2) await service.saveUpdate({ docName: `${manifestDocName(id)}/chapter/${cid}`, update });
    }
    await service.saveUpdate({ docName: manifestDocName(id), update: Y.encodeStateAsUpdate(manifest, manifestBefore) });
  };
  await saveAll(() => {
    writePlanDetails(manifest, {
      referenceNumber: 'A2022/01234',
      decisionDate: '2022-06-30',
      contacts: { af: 'Anna Berg', fk: 'Fatima Ali', jamy: 'Jonas Ek', lst: 'Lena Holm', migr: 'Omar Said', sos: 'Sara Lind' },
    });
    // Fill in every bracketed placeholder in the text, from the end so positions hold.
    for (const doc of chapters.values()) {
      const text = doc.getText('text');
      const delta = text.toDelta() as { insert: unknown }[];
      let index = 0;
      const places: [number, number][] = [];
      for (const op of delta) {
        if (typeof op.insert === 'string') {
          for (const m of op.insert.matchAll(/\[[^[\]]*\]/g)) places.push([index + m.index, m[0].length]);
          index += op.insert.length;
        } else index += 1;
      }
      for (const [at, length] of places.reverse()) {
        text.delete(at, length);
        text.insert(at, 'uppgift');
      }
    }
    for (const entry of readManifest(manifest).chapters) {
      changeStatus(manifest, entry.id, COORDINATOR, { action: 'mark-ready', at: '2023-03-20T09:00:00Z' });
      changeStatus(manifest, entry.id, COORDINATOR, { action: 'approve', at: '2023-03-21T09:00:00Z', approval: approvalMark(chapters.get(entry.id)!) });
    }
  });
  expect(planBlockers(manifest, chapters)).toEqual([]);
  return id;
}

async function refusal(act: Promise<unknown>): Promise<string | undefined> {
  try {
    await act;
    return undefined;
  } catch (error) {
    return error instanceof HostError ? `${error.code}/${error.reason}` : String(error);
  }
}

describe('the submitted edition', () => {
  const dataDir = useDataDir();

  it('holds exactly the stored docs, with who and when, unchanged after later edits and a restart', async () => {
    let service = dataDir.open();
    await service.setPreferences({ agency: 'af', name: 'Anna Berg' });
    const planId = await readySamplePlan(service);
    const atSubmission = await service.loadPlan({ planId });
    const edition = await service.submitPlan({ planId, by: ANNA });
    expect(edition).toMatchObject({ planId, submittedBy: ANNA, docCount: 1 + atSubmission.chapters.length });

    // A later edit changes the plan, not the edition.
    const title = new Y.Doc();
    Y.applyUpdate(title, atSubmission.manifest.update);
    const before = Y.encodeStateVector(title);
    title.getMap('plan').set('title', 'Ändrad efter inlämning');
    await service.saveUpdate({ docName: manifestDocName(planId), update: Y.encodeStateAsUpdate(title, before) });

    service.close();
    service = dataDir.open();
    expect(await service.listSubmissions({ planId })).toEqual([edition]);
    const stored = await service.loadSubmission({ planId, submissionId: edition.id });
    const byName = new Map(stored.docs.map((d) => [d.name, d.update] as const));
    for (const doc of [atSubmission.manifest, ...atSubmission.chapters]) expect(byName.get(doc.name)).toEqual(doc.update);
    const submittedManifest = new Y.Doc();
    Y.applyUpdate(submittedManifest, byName.get(manifestDocName(planId))!);
    expect(readManifest(submittedManifest).title).toBe('Myndighetsgemensam plan för att öka utrikes födda kvinnors inträde på arbetsmarknaden');
    service.close();
  });

  it('is refused to a drafter and to a plan with something in the way, and nothing is stored', async () => {
    const service = dataDir.open();
    await service.setPreferences({ agency: 'fk', name: 'Fatima Ali' });
    const ready = await readySamplePlan(service);
    expect(await refusal(service.submitPlan({ planId: ready, by: { ...ANNA, agency: 'fk', name: 'Fatima Ali' } }))).toBe('submission-refused/not-coordinator');
    await service.setPreferences({ agency: 'af', name: 'Anna Berg' });
    const fresh = await service.createPlan({ title: 'Inte klar' });
    expect(await refusal(service.submitPlan({ planId: fresh.id, by: ANNA }))).toBe('submission-refused/not-ready');
    expect(await service.listSubmissions({ planId: ready })).toEqual([]);
    expect(await service.listSubmissions({ planId: fresh.id })).toEqual([]);
    service.close();
  });
});

/**
 * Issue 13, "a refused update" of the plan's own doc (the manifest) or a
 * source: the host keeps it as a record of that kind, and forgets the doc's
 * stored state so the app rebuilds it from the server's copy. The plan
 * stays in the list of plans meanwhile; the chapters are untouched. Through
 * the HostApi dispatch (validation included) on a real store file.
 */
import * as Y from 'yjs';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHostDispatch } from '../../../src-main/host/host-dispatch.ts';
import type { ExportResult, LoadedPlan, PlanSummary, RefusedChange } from '../../../shared/host-api/host-api.ts';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';
import { readManifest } from '../../../shared/plan/manifest.ts';
import { decodeRefusedChange, encodeRefusedChange } from '../../../shared/refused/refused-change.ts';
import { initSourceDoc, sourceDocName } from '../../../shared/sources/source-doc.ts';
import { docFrom } from '../host/chapter-doc.ts';
import { useDataDir } from '../host/data-dir.ts';

function value<T>(response: HostResponse<unknown>): T {
  if (!response.ok) throw new Error(`expected success, got ${response.error.code}: ${response.error.message}`);
  return response.value as T;
}

const by = { memberId: 'member-omar', name: 'Omar Said', agency: 'migr' } as const;

describe("a refused update of the plan's own doc or a source, kept on this computer", () => {
  const dataDir = useDataDir();

  async function planWithRenamedChapter(): Promise<{ dispatch: ReturnType<typeof createHostDispatch>; planId: string; refused: Uint8Array; chapterCount: number }> {
    const dispatch = createHostDispatch(dataDir.open());
    const plan = value<PlanSummary>(await dispatch('createPlan', [{ title: 'Handlingsplan' }]));
    const loaded = value<LoadedPlan>(await dispatch('loadPlan', [{ planId: plan.id }]));
    const manifest = docFrom(loaded.manifest.update);
    const before = Y.encodeStateVector(manifest);
    const first = readManifest(manifest).chapters[0]!;
    (manifest.getMap('chapters').get(first.id) as Y.Map<unknown>).set('title', 'Omars nya rubrik');
    value(await dispatch('saveUpdate', [{ docName: loaded.manifest.name, update: Y.encodeStateAsUpdate(manifest, before) }]));
    return { dispatch, planId: plan.id, refused: Y.encodeStateAsUpdate(manifest), chapterCount: loaded.chapters.length };
  }

  it("keeps the plan's doc as a manifest record and empties the stored one; the plan stays listed and its chapters stay", async () => {
    const { dispatch, planId, refused, chapterCount } = await planWithRenamedChapter();
    const record = value<RefusedChange>(
      await dispatch('setAsideRefusedChange', [{ planId, docKind: 'manifest', docId: planId, docTitle: 'Handlingsplan', rule: 'plan-not-permitted', detail: 'rule refused: …', by, update: refused }]),
    );
    expect(record).toMatchObject({ planId, docKind: 'manifest', docId: planId, docTitle: 'Handlingsplan', by });
    const listed = value<RefusedChange[]>(await dispatch('listRefusedChanges', [{ planId }]));
    expect(listed.map((r) => [r.id, r.docKind])).toEqual([[record.id, 'manifest']]);
    expect(readManifest(docFrom(listed[0]!.update)).chapters[0]!.title).toBe('Omars nya rubrik');

    // Rebuilt from the server: the stored manifest is empty now, the chapters are all still there, and the plan is still listed.
    const loaded = value<LoadedPlan>(await dispatch('loadPlan', [{ planId }]));
    expect(readManifest(docFrom(loaded.manifest.update)).chapters).toEqual([]);
    expect(loaded.chapters).toHaveLength(chapterCount);
    expect(value<PlanSummary[]>(await dispatch('listPlans', [])).map((p) => p.id)).toContain(planId);
  });

  it('exports the refused plan details as text that holds her change, with what to do about it', async () => {
    const { dispatch, planId, refused } = await planWithRenamedChapter();
    const record = value<RefusedChange>(await dispatch('setAsideRefusedChange', [{ planId, docKind: 'manifest', docId: planId, docTitle: 'Handlingsplan', rule: null, detail: 'x', by, update: refused }]));
    const exported = value<ExportResult>(await dispatch('exportRefusedChange', [{ planId, changeId: record.id }]));
    if (exported.outcome !== 'download') throw new Error(`expected a download, got ${exported.outcome}`);
    const text = new TextDecoder().decode(exported.data);
    expect(text).toContain('Planens uppgifter: Handlingsplan');
    expect(text).toContain('Be samordnaren');
    expect(text).toContain('Planens titel: Handlingsplan');
    expect(text).toMatch(/^1\. Omars nya rubrik \(ansvarig: /m);
    expect(exported.fileName).toBe('handlingsplan-ej-godtaget.txt');
  });

  it('keeps a refused source as a source record and forgets the source doc', async () => {
    const { dispatch, planId } = await planWithRenamedChapter();
    const sourceId = randomUUID();
    const doc = new Y.Doc();
    initSourceDoc(doc, { planId, sourceId, text: 'Regeringsbeslutets text.', file: { name: 'beslut.txt', format: 'text', data: new TextEncoder().encode('Regeringsbeslutets text.') } });
    value(await dispatch('saveUpdate', [{ docName: sourceDocName(planId, sourceId), update: Y.encodeStateAsUpdate(doc) }]));
    const record = value<RefusedChange>(await dispatch('setAsideRefusedChange', [{ planId, docKind: 'source', docId: sourceId, docTitle: 'Regeringsbeslut', rule: null, detail: 'x', by, update: Y.encodeStateAsUpdate(doc) }]));
    expect(record).toMatchObject({ docKind: 'source', docId: sourceId });
    const loaded = value<LoadedPlan>(await dispatch('loadPlan', [{ planId }]));
    expect((loaded.sources ?? []).map((s) => s.name)).not.toContain(sourceDocName(planId, sourceId));
    const exported = value<ExportResult>(await dispatch('exportRefusedChange', [{ planId, changeId: record.id }]));
    if (exported.outcome !== 'download') throw new Error('expected a download');
    expect(new TextDecoder().decode(exported.data)).toContain('Underlag: Regeringsbeslut\n');
    expect(new TextDecoder().decode(exported.data)).toContain('Regeringsbeslutets text.');
  });

  it('refuses a record whose doc is not the kind it claims (a chapter as the manifest), and changes nothing', async () => {
    const { dispatch, planId } = await planWithRenamedChapter();
    const loaded = value<LoadedPlan>(await dispatch('loadPlan', [{ planId }]));
    const response = await dispatch('setAsideRefusedChange', [{ planId, docKind: 'manifest', docId: planId, docTitle: 'K', rule: null, detail: '', by, update: loaded.chapters[0]!.update }]);
    expect(response).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const again = value<LoadedPlan>(await dispatch('loadPlan', [{ planId }]));
    expect(readManifest(docFrom(again.manifest.update)).chapters[0]!.title).toBe('Omars nya rubrik');
  });

  it('reads a record kept before records had a kind as a chapter', () => {
    const record = { id: 'a'.repeat(32), planId: randomUUID(), docKind: 'chapter', docId: randomUUID(), docTitle: 'K', rule: null, detail: '', refusedAt: '2026-12-07T05:00:00Z', by, update: new Uint8Array([0, 0]) } as const;
    const stored = docFrom(encodeRefusedChange(record));
    stored.getMap('refusedChange').delete('docKind');
    expect(decodeRefusedChange(Y.encodeStateAsUpdate(stored))).toMatchObject({ docKind: 'chapter', docId: record.docId, docTitle: 'K' });
  });
});

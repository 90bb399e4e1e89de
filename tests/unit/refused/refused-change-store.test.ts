/**
 * Issue 13, "a refused update": the host keeps a chapter the sync server
 * refused as a record in the plan's store, and forgets the chapter's stored
 * state so the app rebuilds it from the server's copy. Through the HostApi
 * dispatch (validation included) on a real store file.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createHostDispatch } from '../../../src-main/host/host-dispatch.ts';
import type { ExportResult, LoadedPlan, PlanSummary, RefusedChange } from '../../../shared/host-api/host-api.ts';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';
import { parseDocName } from '../../../shared/plan/doc-names.ts';
import { readChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { chapterAt, docFrom, editChapter } from '../host/chapter-doc.ts';
import { useDataDir } from '../host/data-dir.ts';

function value<T>(response: HostResponse<unknown>): T {
  if (!response.ok) throw new Error(`expected success, got ${response.error.code}: ${response.error.message}`);
  return response.value as T;
}

const paragraph = (text: string): unknown => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const by = { memberId: 'member-fia', name: 'Fia Karlsson', agency: 'fk' } as const;

describe('a change the server refused, kept on this computer', () => {
  const dataDir = useDataDir();

  async function planWithWords(): Promise<{ dispatch: ReturnType<typeof createHostDispatch>; planId: string; chapterName: string; chapterId: string; refused: Uint8Array }> {
    const dispatch = createHostDispatch(dataDir.open());
    const plan = value<PlanSummary>(await dispatch('createPlan', [{ title: 'Handlingsplan' }]));
    const loaded = value<LoadedPlan>(await dispatch('loadPlan', [{ planId: plan.id }]));
    const stored = chapterAt(loaded, 0);
    const doc = docFrom(stored.update);
    const update = editChapter(doc, { type: 'doc', content: [paragraph('Fias ord som servern inte tog emot.')] });
    value(await dispatch('saveUpdate', [{ docName: stored.name, update }]));
    const ref = parseDocName(stored.name);
    if (ref?.kind !== 'chapter') throw new Error('not a chapter');
    return { dispatch, planId: plan.id, chapterName: stored.name, chapterId: ref.chapterId, refused: Y.encodeStateAsUpdate(doc) };
  }

  it('keeps the words as a record and forgets the chapter, so it is rebuilt from the server', async () => {
    const { dispatch, planId, chapterName, chapterId, refused } = await planWithWords();
    const record = value<RefusedChange>(
      await dispatch('setAsideRefusedChange', [{ planId, docKind: 'chapter', docId: chapterId, docTitle: 'Försäkring', rule: 'text-not-permitted', detail: 'rule refused: text-not-permitted: …', by, update: refused }]),
    );
    expect(record).toMatchObject({ planId, docKind: 'chapter', docId: chapterId, docTitle: 'Försäkring', rule: 'text-not-permitted', by });

    const listed = value<RefusedChange[]>(await dispatch('listRefusedChanges', [{ planId }]));
    expect(listed.map((r) => r.id)).toEqual([record.id]);
    expect(readChapterDoc(docFrom(listed[0]!.update)).textContent).toBe('Fias ord som servern inte tog emot.');

    // The chapter is not stored any more (the app starts it empty and syncs the server's copy); the record is no chapter.
    const loaded = value<LoadedPlan>(await dispatch('loadPlan', [{ planId }]));
    expect(loaded.chapters.map((c) => c.name)).not.toContain(chapterName);
    expect(loaded.chapters.every((c) => parseDocName(c.name) !== null)).toBe(true);
  });

  it('keeps one record when the same state is set aside twice (a crash between the record and forgetting the chapter)', async () => {
    const { dispatch, planId, chapterId, refused } = await planWithWords();
    const input = { planId, docKind: 'chapter', docId: chapterId, docTitle: 'Försäkring', rule: null, detail: 'x', by, update: refused };
    const first = value<RefusedChange>(await dispatch('setAsideRefusedChange', [input]));
    const second = value<RefusedChange>(await dispatch('setAsideRefusedChange', [input]));
    expect(second.id).toBe(first.id);
    expect(value<RefusedChange[]>(await dispatch('listRefusedChanges', [{ planId }]))).toHaveLength(1);
  });

  it('exports the words as a text file that says what it is', async () => {
    const { dispatch, planId, chapterId, refused } = await planWithWords();
    const record = value<RefusedChange>(await dispatch('setAsideRefusedChange', [{ planId, docKind: 'chapter', docId: chapterId, docTitle: 'Försäkring och arbete', rule: 'text-not-permitted', detail: 'rule refused: text-not-permitted: deleted words', by, update: refused }]));
    const result = value<ExportResult>(await dispatch('exportRefusedChange', [{ planId, changeId: record.id }]));
    if (result.outcome !== 'download') throw new Error(`expected a download, got ${result.outcome}`);
    expect(result.fileName).toBe('forsakring-och-arbete-ej-godtaget.txt');
    const text = new TextDecoder().decode(result.data);
    expect(text).toContain('Ändringar som servern inte godtog');
    expect(text).toContain('Kapitel: Försäkring och arbete');
    expect(text).toContain('Skrivet av: Fia Karlsson (fk)');
    expect(text).toContain('Fias ord som servern inte tog emot.');
  });

  it('discards a record only when asked, and a plan deleted takes its records along', async () => {
    const { dispatch, planId, chapterId, refused } = await planWithWords();
    const record = value<RefusedChange>(await dispatch('setAsideRefusedChange', [{ planId, docKind: 'chapter', docId: chapterId, docTitle: 'K', rule: null, detail: '', by, update: refused }]));
    value(await dispatch('discardRefusedChange', [{ planId, changeId: record.id }]));
    expect(value<RefusedChange[]>(await dispatch('listRefusedChanges', [{ planId }]))).toEqual([]);
    const again = await dispatch('discardRefusedChange', [{ planId, changeId: record.id }]);
    expect(again).toMatchObject({ ok: false, error: { code: 'not-found' } });

    const kept = value<RefusedChange>(await dispatch('setAsideRefusedChange', [{ planId, docKind: 'chapter', docId: chapterId, docTitle: 'K', rule: null, detail: 'again', by, update: refused }]));
    expect(kept.id).toBe(record.id);
    value(await dispatch('deletePlan', [{ planId }]));
    expect(await dispatch('listRefusedChanges', [{ planId }])).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('refuses bytes that are not a chapter, and changes nothing', async () => {
    const { dispatch, planId, chapterName, chapterId } = await planWithWords();
    const response = await dispatch('setAsideRefusedChange', [{ planId, docKind: 'chapter', docId: chapterId, docTitle: 'K', rule: null, detail: '', by, update: new Uint8Array([1, 2, 3, 4]) }]);
    expect(response).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const loaded = value<LoadedPlan>(await dispatch('loadPlan', [{ planId }]));
    expect(loaded.chapters.map((c) => c.name)).toContain(chapterName);
  });
});

/**
 * The role checks of an exchange file (shared/exchange/merge-check.ts) judge
 * a chapter's changes with the chapter's whole manifest entry, as the sync
 * server's guard does: an agency the owner named co-writer edits directly,
 * and deletes the owner's words, which a mere suggester may not. A
 * suggester's direct formatting of the owner's words is given back in what
 * the check hands over, as the server gives it back to a member online.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkMerge, type MergeOutcome } from '../../../shared/exchange/merge-check.ts';
import { initChapterMeta } from '../../../shared/plan/chapter.ts';
import { chapterDocName, manifestDocName } from '../../../shared/plan/doc-names.ts';
import { initManifest, setCoWriters } from '../../../shared/plan/manifest.ts';
import type { Member } from '../../../shared/plan/member.ts';
import { chapterText } from '../../../shared/chapter-text/chapter-text.ts';
import { suggestionMarkKey } from '../../../shared/chapter-text/text-attributes.ts';
import { createSuggestion, noteWriting } from '../../../shared/suggestions/suggestions.ts';
import { editChapter, paragraphs, runOf } from '../host/chapter-doc.ts';

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

/** Försäkringskassan's chapter "Försäkring. Björns stycke." and the plan's manifest, as stored. */
function björnsChapter(): { planId: string; name: string; stored: { name: string; update: Uint8Array }[]; chapter: Y.Doc } {
  const planId = randomUUID();
  const chapterId = randomUUID();
  const manifest = new Y.Doc();
  initManifest(manifest, { planId, title: 'Plan', deadline: null, createdAt: '2026-12-01T00:00:00Z', chapters: [{ id: chapterId, title: 'Försäkring', owner: 'fk' }] });
  const chapter = new Y.Doc();
  chapter.transact(() => initChapterMeta(chapter, planId, chapterId));
  editChapter(chapter, paragraphs('Försäkring.', 'Björns stycke.'));
  const name = chapterDocName(planId, chapterId);
  return {
    planId,
    name,
    chapter,
    stored: [
      { name: manifestDocName(planId), update: Y.encodeStateAsUpdate(manifest) },
      { name, update: Y.encodeStateAsUpdate(chapter) },
    ],
  };
}

describe('a suggester’s direct formatting in a file is given back, as the server gives it back online', () => {
  /**
   * `who`'s file: her suggested words after Björn's paragraph (as the editor
   * in suggest mode writes them) and bold on "Björns stycke." made directly
   * (as a modified client would). With `relayer`: her file relayed inside
   * theirs, whose own layer repeats hers and bolds "Försäkring.".
   */
  function boldingFile(who: Member, relayer?: Member): { outcome: MergeOutcome; merged: Y.Doc; fileClient: number } {
    const { planId, name, stored, chapter } = björnsChapter();
    const hers = new Y.Doc();
    Y.applyUpdate(hers, Y.encodeStateAsUpdate(chapter));
    const before = Y.encodeStateVector(hers);
    hers.transact(() => {
      createSuggestion(hers, who, { id: 'cec.s1', kind: 'insert' });
      noteWriting(hers, 'cec.s1', false);
    });
    const json = paragraphs('Försäkring.', 'Björns stycke.') as { content: { content?: unknown[] }[] };
    json.content[1]!.content = [
      { type: 'text', text: 'Björns stycke.' },
      { type: 'text', text: ' Cecilias förslag.', marks: [{ type: 'suggestion_insert', attrs: { id: 'cec.s1' } }] },
    ];
    editChapter(hers, json);
    chapterText(hers).format(runOf(hers, 'Björns stycke.').index, 'Björns stycke.'.length, { bold: {} });
    const layers = [{ signer: who, docs: [{ name, update: Y.encodeStateAsUpdateV2(hers, before) }] }];
    if (relayer !== undefined) {
      const theirs = new Y.Doc();
      Y.applyUpdate(theirs, Y.encodeStateAsUpdate(hers));
      chapterText(theirs).format(runOf(theirs, 'Försäkring.').index, 'Försäkring.'.length, { bold: {} });
      layers.push({ signer: relayer, docs: [{ name, update: Y.encodeStateAsUpdateV2(theirs, before) }] });
    }
    const outcome = checkMerge({ planId, stored, layers, checkRoles: true, members: [], importer: null });
    // What the store and the server would hold after the merge: the stored chapter and the update the check hands over.
    const merged = new Y.Doc();
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(chapter));
    if (outcome.ok) for (const { update } of outcome.preview.updates.filter((u) => u.name === name)) Y.applyUpdate(merged, update);
    return { outcome, merged, fileClient: hers.clientID };
  }

  it('a drafter of another agency bolds the owner’s words: the merged chapter has no bold there, and keeps the words she suggested', () => {
    const { outcome, merged } = boldingFile(cecilia);
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.preview.chapters[0]).toMatchObject({ formattingGivenBack: 1, charactersAdded: ' Cecilias förslag.'.length });
    expect(runOf(merged, 'Björns stycke.').attributes).toEqual({});
    expect(runOf(merged, ' Cecilias förslag.').attributes).toEqual({ [suggestionMarkKey('suggestion_insert', 'cec.s1')]: { id: 'cec.s1' } });
  });

  it('the bold is given back under a Yjs client id of the check’s own, which the file does not write under', () => {
    const { outcome, merged, fileClient } = boldingFile(cecilia);
    if (!outcome.ok) throw new Error('refused');
    expect(outcome.preview.correctionClients).toHaveLength(1);
    const client = outcome.preview.correctionClients[0]!.client;
    expect(client).not.toBe(fileClient);
    expect(Y.getState(merged.store, client)).toBeGreaterThan(0);
  });

  it('relayed in the coordinator’s file: her bold is given back, the coordinator’s own bold stays', () => {
    const { outcome, merged } = boldingFile(cecilia, { memberId: randomUUID(), name: 'Anna Ek', agency: 'af', role: 'coordinator' });
    expect(outcome.ok && outcome.preview.chapters[0]?.formattingGivenBack).toBe(1);
    expect(runOf(merged, 'Björns stycke.').attributes).toEqual({});
    expect(runOf(merged, 'Försäkring.').attributes).toEqual({ bold: {} });
  });

  it('the owner agency’s drafter bolds her own agency’s words: the bold stays', () => {
    const { outcome, merged } = boldingFile({ memberId: randomUUID(), name: 'Björn Berg', agency: 'fk', role: 'drafter' });
    expect(outcome.ok && outcome.preview.chapters[0]?.formattingGivenBack).toBe(0);
    expect(outcome.ok && outcome.preview.correctionClients).toEqual([]);
    expect(runOf(merged, 'Björns stycke.').attributes).toMatchObject({ bold: {} });
  });
});

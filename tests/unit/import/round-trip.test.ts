/**
 * Export and import again: the sample plan exported to Word (the
 * submission) and read back by the import keeps every paragraph's text, in
 * order; the review copy read back brings every open thread back as a Word
 * comment with its messages, and a suggested insertion and deletion back as
 * tracked changes by their authors, on their words.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { readThreads } from '../../../shared/comments/threads.ts';
import type { LoadedPlan } from '../../../shared/host-api/host-api.ts';
import { forEachBlock, type ImportedDocument } from '../../../shared/import/imported-document.ts';
import { readManifest } from '../../../shared/plan/manifest.ts';
import { exportPlanFile } from '../../../src-main/export/plan-export.ts';
import { planDocx } from '../../../src-main/export/plan-docx.ts';
import { HostService } from '../../../src-main/host/host-service.ts';
import { importDocx } from '../../../src-main/import/docx-import.ts';
import { PLAN, planWithChapter, SUGGESTED_TEXT, SUGGESTIONS } from '../export/fixture-plan.ts';

function docOf(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}

function chapterDocs(plan: LoadedPlan): Y.Doc[] {
  const manifest = readManifest(docOf(plan.manifest.update));
  return manifest.chapters.map((entry) => docOf(plan.chapters.find((c) => c.name.endsWith(entry.id))!.update));
}

/** The text of every paragraph and heading, in document order. */
function importedTexts(document: ImportedDocument): string[] {
  const texts: string[] = [];
  forEachBlock(document.blocks, (block) => {
    if (block.kind === 'paragraph' || block.kind === 'heading') texts.push(block.runs.map((r) => (r.break ? '\n' : r.text)).join(''));
  });
  return texts;
}

describe('exporting the sample plan to Word and importing it again', () => {
  let dir = '';
  let service: HostService;
  let plan: LoadedPlan;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samskriv-roundtrip-'));
    service = new HostService(dir);
    plan = await service.loadPlan({ planId: (await service.openSamplePlan()).id });
  });

  afterAll(() => {
    service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the text of every paragraph, heading, list item and table cell, in order', async () => {
    const file = await exportPlanFile(plan, 'review', { now: new Date('2026-12-07T10:00:00Z') });
    const imported = importedTexts(await importDocx(file.data, file.fileName));
    let at = 0;
    let compared = 0;
    for (const chapter of chapterDocs(plan)) {
      readChapterDoc(chapter).descendants((node) => {
        if (!node.isTextblock || node.textContent.trim() === '') return true;
        // A line break is one in Word too.
        const text = node.textBetween(0, node.content.size, undefined, '\n');
        const found = imported.indexOf(text, at);
        expect(found, `"${text}" after paragraph ${at}`).toBeGreaterThanOrEqual(at);
        at = found + 1;
        compared++;
        return false;
      });
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('brings back the review copy’s open threads as comments with their replies and authors, on their words', async () => {
    const file = await exportPlanFile(PLAN, 'review', { now: new Date('2026-12-07T10:00:00Z') });
    const imported = await importDocx(file.data, file.fileName);
    const open = chapterDocs(PLAN).flatMap((doc) => readThreads(doc).filter((t) => t.state === 'open'));
    expect(imported.comments).toHaveLength(open.length);
    const index = imported.comments.findIndex((c) => c.text === 'Ska vi ange källa?');
    expect(imported.comments[index]).toMatchObject({ author: 'Omar Said (MIGR)', replies: [{ author: 'Anna Berg (AF)', text: 'Ja, SCB.' }] });
    const anchored: string[] = [];
    forEachBlock(imported.blocks, (block) => {
      if (block.kind === 'paragraph' || block.kind === 'heading') for (const run of block.runs) if (run.comments?.includes(index)) anchored.push(run.text);
    });
    expect(anchored.join('')).toBe('kommenterad text');
  });

  it('brings back a suggested formatting change as tracked formatting by its author, on its words', async () => {
    const format = { type: 'suggestion_format', attrs: { id: 's1', add: [{ type: 'bold' }], remove: [] } };
    const content = [{ type: 'paragraph', content: [{ type: 'text', text: 'Före ' }, { type: 'text', text: 'nyss fetad', marks: [{ type: 'bold' }, format] }] }];
    const docx = await planDocx(planWithChapter(content, SUGGESTIONS), { variant: 'review', date: new Date('2026-12-07T10:00:00Z') });
    const imported = await importDocx(docx, 'granskning.docx');
    expect(imported.changes).toEqual([{ kind: 'format', author: 'Omar Said (MIGR)', date: '2026-12-04T08:00:00.000Z', add: ['bold'], remove: [] }]);
    const paragraph = imported.blocks.find((b) => b.kind === 'paragraph' && b.runs.some((r) => r.format !== undefined));
    expect(paragraph?.kind === 'paragraph' ? paragraph.runs.map((r) => [r.text, r.bold ?? false, r.format]) : paragraph).toEqual([
      ['Före ', false, undefined],
      ['nyss fetad', true, 0],
    ]);
  });

  it('brings back suggested insertions and deletions as tracked changes by their authors, on their words', async () => {
    const docx = await planDocx(planWithChapter([{ type: 'paragraph', content: SUGGESTED_TEXT }], SUGGESTIONS), { variant: 'review', date: new Date('2026-12-07T10:00:00Z') });
    const imported = await importDocx(docx, 'granskning.docx');
    expect(imported.changes.map((c) => [c.kind, c.author])).toEqual([
      ['insert', 'Omar Said (MIGR)'],
      ['delete', 'Anna Berg (AF)'],
    ]);
    const paragraph = imported.blocks.find((b) => b.kind === 'paragraph' && b.runs.some((r) => r.change !== undefined));
    expect(paragraph?.kind === 'paragraph' ? paragraph.runs.map((r) => [r.text, r.change]) : paragraph).toEqual([
      ['Kvar ', undefined],
      ['föreslaget tillägg ', 0],
      ['föreslagen strykning', 1],
    ]);
  });
});

/**
 * The benchmark's plan for the Word export and import (bench/export-plan.ts):
 * chapters of 250 paragraphs of about 300 characters, each with two headings,
 * a bulleted list and a table, and 500 open comment threads with a reply in
 * all, built as the app stores it (manifest and chapter Y.Docs). Twelve
 * chapters make about 280 pages.
 */
import * as Y from 'yjs';
import { writeChapterDoc } from '../shared/chapter-text/chapter-text.ts';
import { createThread, replyToThread } from '../shared/comments/threads.ts';
import type { LoadedPlan } from '../shared/host-api/host-api.ts';
import { initChapterMeta } from '../shared/plan/chapter.ts';
import { chapterDocName, manifestDocName } from '../shared/plan/doc-names.ts';
import { initManifest } from '../shared/plan/manifest.ts';
import type { Member } from '../shared/plan/member.ts';
import { schema } from '../shared/schema/schema.ts';

export const CHAPTERS = 12;
export const PARAGRAPHS = 250;
export const THREADS = 500;
const PLAN_ID = '5d7e9f1a-2b3c-4d5e-8f6a-7b8c9d0e1f2a';
const anna: Member = { memberId: 'm-anna', name: 'Anna Berg', agency: 'af', role: 'coordinator' };
const omar: Member = { memberId: 'm-omar', name: 'Omar Said', agency: 'migr', role: 'drafter' };
const SENTENCE = 'Myndigheterna samordnar etableringen av utrikes födda kvinnor och följer upp insatserna varje kvartal. ';

function chapterId(index: number): string {
  return `0c0c0c0c-0000-4000-8000-${String(index).padStart(12, '0')}`;
}

export function buildPlan(chapters: number): LoadedPlan {
  const manifest = new Y.Doc();
  const entries = Array.from({ length: chapters }, (_, i) => ({ id: chapterId(i), title: `Kapitel ${i + 1}: myndigheternas åtgärder`, owner: 'migr' as const }));
  initManifest(manifest, { planId: PLAN_ID, title: 'Myndighetsgemensam plan (riktmärke)', deadline: null, createdAt: '2026-12-01T10:00:00.000Z', chapters: entries });
  const threadsPerChapter = Math.ceil(THREADS / CHAPTERS);
  return {
    planId: PLAN_ID,
    manifest: { name: manifestDocName(PLAN_ID), update: Y.encodeStateAsUpdate(manifest) },
    chapters: entries.map((entry, c) => {
      const doc = new Y.Doc();
      initChapterMeta(doc, PLAN_ID, entry.id);
      const blocks = [];
      for (let i = 0; i < PARAGRAPHS; i++) {
        if (i === 0 || i === PARAGRAPHS / 2) blocks.push(schema.nodes.heading.create({ level: 1 }, schema.text(`Avsnitt ${i === 0 ? 1 : 2}`)));
        const thread = i < threadsPerChapter ? [schema.marks.comment.create({ threadId: `t${c}-${i}` })] : [];
        const text = `${i + 1}. ${SENTENCE.repeat(3)}`.slice(0, 300);
        blocks.push(schema.nodes.paragraph.create(null, [schema.text(text.slice(0, 40), thread), schema.text(text.slice(40))]));
        if (i === 100) {
          blocks.push(schema.nodes.bullet_list.create(null, ['Språkstöd', 'Praktik', 'Mentorer'].map((t) => schema.nodes.list_item.create(null, schema.nodes.paragraph.create(null, schema.text(t))))));
          const cell = (t: string) => schema.nodes.table_cell.create(null, schema.nodes.paragraph.create(null, schema.text(t)));
          blocks.push(schema.nodes.table.create(null, [0, 1, 2, 3].map((r) => schema.nodes.table_row.create(null, [cell(`Åtgärd ${r}`), cell('Ansvar'), cell('2027')]))));
        }
      }
      writeChapterDoc(doc, schema.nodes.doc.create(null, blocks));
      for (let i = 0; i < threadsPerChapter && c * threadsPerChapter + i < THREADS; i++) {
        createThread(doc, omar, { id: `t${c}-${i}`, messageId: `m${c}-${i}`, text: 'Stämmer uppgiften?', quote: 'Myndigheterna', assignedAgency: 'af', at: '2026-12-02T08:00:00.000Z' });
        replyToThread(doc, anna, `t${c}-${i}`, { id: `r${c}-${i}`, text: 'Ja, enligt SCB.', at: '2026-12-02T09:00:00.000Z' });
      }
      return { name: chapterDocName(PLAN_ID, entry.id), update: Y.encodeStateAsUpdate(doc) };
    }),
    server: null,
  };
}

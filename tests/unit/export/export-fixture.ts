/**
 * Plans to export, built as the app stores them (manifest and chapter Y.Docs
 * encoded as updates, chapter text through the same binding the editor uses,
 * threads through the comment operations), and a way to read the .docx back:
 * its parts as text and the paragraphs of its body with their styles.
 */
import { unzipSync, strFromU8 } from 'fflate';
import * as Y from 'yjs';
import type { AgencyCode } from '../../../shared/agencies/agencies.ts';
import { writeChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import type { LoadedPlan } from '../../../shared/host-api/host-api.ts';
import { initChapterMeta } from '../../../shared/plan/chapter.ts';
import { chapterDocName, manifestDocName } from '../../../shared/plan/doc-names.ts';
import { initManifest } from '../../../shared/plan/manifest.ts';
import type { Member } from '../../../shared/plan/member.ts';
import type { PmJsonDoc } from '../../../shared/sample/sample-plan.ts';
import { schema } from '../../../shared/schema/schema.ts';

export const PLAN_ID = '6f1c2b4e-8a0d-4c3e-9b5f-1a2b3c4d5e6f';

export const ANNA: Member = { memberId: '0b7e6c1a-1111-4c3e-9b5f-1a2b3c4d5e6f', name: 'Anna Berg', agency: 'af', role: 'coordinator' };
export const OMAR: Member = { memberId: '0b7e6c1a-2222-4c3e-9b5f-1a2b3c4d5e6f', name: 'Omar Said', agency: 'migr', role: 'drafter' };

export interface ChapterFixture {
  readonly id: string;
  readonly title: string;
  readonly owner: AgencyCode | null;
  readonly content: PmJsonDoc;
  /** Adds threads (createThread, replyToThread, …) to the chapter's doc. */
  readonly threads?: (doc: Y.Doc) => void;
}

export function loadedPlan(title: string, chapters: readonly ChapterFixture[]): LoadedPlan {
  const manifest = new Y.Doc();
  initManifest(manifest, { planId: PLAN_ID, title, deadline: null, createdAt: '2026-12-01T10:00:00.000Z', chapters });
  return {
    planId: PLAN_ID,
    manifest: { name: manifestDocName(PLAN_ID), update: Y.encodeStateAsUpdate(manifest) },
    chapters: chapters.map((chapter) => {
      const doc = new Y.Doc();
      initChapterMeta(doc, PLAN_ID, chapter.id);
      const content = schema.nodeFromJSON(chapter.content);
      content.check();
      writeChapterDoc(doc, content);
      chapter.threads?.(doc);
      return { name: chapterDocName(PLAN_ID, chapter.id), update: Y.encodeStateAsUpdate(doc) };
    }),
    server: null,
  };
}

/** The parts of a .docx (a zip) as text, by path. */
export function docxParts(docx: Uint8Array): Map<string, string> {
  const files = unzipSync(docx);
  return new Map(Object.entries(files).map(([path, bytes]) => [path, strFromU8(bytes)]));
}

export function part(parts: Map<string, string>, path: string): string {
  const xml = parts.get(path);
  if (xml === undefined) throw new Error(`the .docx has no ${path}; it has ${[...parts.keys()].join(', ')}`);
  return xml;
}

export interface WordParagraph {
  /** The paragraph style id (Heading1, Title, …), or null. */
  readonly style: string | null;
  /** The list (numId) and level it is numbered in, or null. */
  readonly list: { readonly numId: string; readonly level: number } | null;
  readonly text: string;
  readonly xml: string;
}

/** Every paragraph of a part, in order, table cells included. */
export function wordParagraphs(xml: string): WordParagraph[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p]) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? null,
    list: listOf(p),
    text: [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescapeXml(m[1]!)).join(''),
    xml: p,
  }));
}

function listOf(p: string): WordParagraph['list'] {
  const numId = /<w:numId w:val="(\d+)"/.exec(p)?.[1];
  const level = /<w:ilvl w:val="(\d+)"/.exec(p)?.[1];
  return numId === undefined ? null : { numId, level: Number(level ?? 0) };
}

export function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

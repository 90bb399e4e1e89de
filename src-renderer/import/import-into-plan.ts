/**
 * Puts a Word document the host has read into the open plan: as a new
 * chapter (titled by its first heading, or else by the file's name), or at
 * the end of an existing one (shared/import/apply-import.ts says why the
 * end). The host's answer is validated again here, as everything that
 * crosses HostApi is, and the chapter content is built before anything is
 * written: a document that cannot be built throws, and the plan is as it was
 * (no empty new chapter is left behind).
 */
import { applyImport, type ImportApplied } from '../../shared/import/apply-import.ts';
import { importContent } from '../../shared/import/import-content.ts';
import { importedDocumentSchema, type ImportedBlock, type ImportedDocument } from '../../shared/import/imported-document.ts';
import type { Member } from '../../shared/plan/member.ts';
import type { PlanSession } from '../plan/plan-session.ts';

export type ImportTarget = { readonly kind: 'new-chapter' } | { readonly kind: 'end-of-chapter'; readonly chapterId: string };

export interface ImportedInto extends ImportApplied {
  readonly chapterId: string;
}

export function importIntoPlan(session: PlanSession, received: ImportedDocument, target: ImportTarget, member: Member): ImportedInto {
  const document = importedDocumentSchema.parse(received);
  // A dry run with stand-in ids: throws for content the schema rejects, before the plan is touched.
  importContent(document, { threads: document.comments.map(() => 'check'), suggestions: document.changes.map(() => 'check') });
  let chapterId: string;
  if (target.kind === 'new-chapter') chapterId = session.addChapter(chapterTitle(document), member.agency);
  else chapterId = target.chapterId;
  const chapter = session.chapter(chapterId);
  if (chapter === undefined) throw new Error(`No chapter ${chapterId} in the open plan.`);
  const applied = applyImport(chapter.doc, document, member, () => crypto.randomUUID());
  return { ...applied, chapterId };
}

function chapterTitle(document: ImportedDocument): string {
  const heading = document.blocks.find((block): block is Extract<ImportedBlock, { runs: unknown }> => block.kind === 'heading');
  const text = heading?.runs.map((run) => (run.break ? ' ' : run.text)).join('').trim() ?? '';
  const title = text.length > 0 ? text : document.fileName.replace(/\.(docx|docm)$/i, '');
  return title.slice(0, 300) || 'Word';
}

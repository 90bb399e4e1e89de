/**
 * What an export is made from: the plan as plain data, read from the docs
 * the store holds (the same bytes `loadPlan` gives the renderer), so main can
 * export a plan whether or not a window has it open.
 *
 * Chapters come in the manifest's order. A chapter listed in the manifest
 * whose doc has not arrived yet (a joined plan still syncing) is exported
 * with its title and no text; a doc the manifest does not list is left out,
 * as the outline leaves it out. A chapter still in schema version 1 is
 * migrated on a copy, never in the store.
 */
import * as Y from 'yjs';
import { AGENCIES, type AgencyCode } from '../../shared/agencies/agencies.ts';
import { readChapterDoc } from '../../shared/chapter-text/chapter-text.ts';
import { migrateChapter } from '../../shared/chapter-text/migration.ts';
import { readThreads, type CommentThread } from '../../shared/comments/threads.ts';
import type { LoadedPlan } from '../../shared/host-api/host-api.ts';
import { parseDocName } from '../../shared/plan/doc-names.ts';
import { readSuggestions, type Suggestion } from '../../shared/suggestions/suggestions.ts';
import { readPlanDetails, type PlanDetails } from '../../shared/workflow/plan-details.ts';
import { readManifest } from '../../shared/plan/manifest.ts';
import { readSources, type SourceEntry } from '../../shared/sources/source-list.ts';
import type { PmJsonNode } from '../../shared/sample/sample-plan.ts';

export interface ExportChapter {
  readonly id: string;
  readonly title: string;
  readonly owner: AgencyCode | null;
  /** ProseMirror JSON of the chapter's doc node. */
  readonly content: PmJsonNode;
  readonly threads: readonly CommentThread[];
  /** Who suggested what: the text's suggestion marks carry only the ids. */
  readonly suggestions: readonly Suggestion[];
}

export interface ExportPlan {
  readonly title: string;
  /** The Government Offices' reference number (diarienummer), from the plan's details; null when not filled in. */
  readonly reference: string | null;
  /** Who receives the plan (e.g. "Regeringskansliet, Arbetsmarknadsdepartementet"); null when not filled in. */
  readonly recipient: string | null;
  /** The agencies writing the plan: all six, in the fixed agency order (the manifest has no list of its own). */
  readonly agencies: readonly AgencyCode[];
  readonly chapters: readonly ExportChapter[];
  /** The plan's sources (Underlag), removed ones included: a citation of a removed source still gets its footnote. */
  readonly sources: readonly SourceEntry[];
}

const EMPTY_CONTENT: PmJsonNode = { type: 'doc', content: [] };

export function readExportPlan(loaded: LoadedPlan): ExportPlan {
  const { manifest, details, sources } = manifestOf(loaded.manifest.update);
  const chapterDocs = new Map<string, Uint8Array>();
  for (const stored of loaded.chapters) {
    const ref = parseDocName(stored.name);
    if (ref?.kind === 'chapter') chapterDocs.set(ref.chapterId, stored.update);
  }
  const chapters = manifest.chapters.map((entry): ExportChapter => {
    const update = chapterDocs.get(entry.id);
    const { content, threads, suggestions } = update === undefined ? { content: EMPTY_CONTENT, threads: [], suggestions: [] } : readChapter(update);
    return { id: entry.id, title: entry.title, owner: entry.owner, content, threads, suggestions };
  });
  return {
    title: manifest.title,
    reference: details.referenceNumber.trim() || null,
    recipient: details.recipient.trim() || null,
    agencies: AGENCIES.map((agency) => agency.code),
    chapters,
    sources,
  };
}

function manifestOf(update: Uint8Array): { manifest: ReturnType<typeof readManifest>; details: PlanDetails; sources: SourceEntry[] } {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
    return { manifest: readManifest(doc), details: readPlanDetails(doc), sources: readSources(doc) };
  } finally {
    doc.destroy();
  }
}

function readChapter(update: Uint8Array): Pick<ExportChapter, 'content' | 'threads' | 'suggestions'> {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
    migrateChapter(doc);
    return { content: readChapterDoc(doc).toJSON() as PmJsonNode, threads: readThreads(doc), suggestions: readSuggestions(doc) };
  } finally {
    doc.destroy();
  }
}

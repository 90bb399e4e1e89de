/**
 * The manifest Y.Doc of a plan: title, deadline and the chapter list.
 *
 * Layout inside the Y.Doc:
 *   meta      Y.Map  { kind: 'manifest', planId, schemaVersion }
 *   plan      Y.Map  { title, deadline (ISO date or null), createdAt,
 *                      recipient?, referenceNumber?, decisionDate?, contact.<agency>?,
 *                      submissionId?, submittedAt?, submittedBy? }
 *   statusHistory  Y.Array of status changes, appended only
 *
 * The plan's details, the submission mark and the status history (issue 14)
 * are read and written by shared/workflow/ (plan-details.ts,
 * status-history.ts), defensively like everything here; all are optional,
 * so a plan written before them reads as "not filled in, no history" and
 * needs no schema version (docs/decisions/submission.md).
 *   chapters  Y.Map  chapterId -> Y.Map { title, order, owner, status, coWriters?, deletedAt?, deletedBy? }
 *
 * Chapters are a map keyed by id with a numeric `order`, not a Y.Array: two
 * people reordering concurrently then converge on a single position per
 * chapter instead of duplicating it, and ties are broken by id so every peer
 * sorts identically.
 *
 * A deleted chapter keeps its entry and its doc: `deletedAt`/`deletedBy` mark
 * it (chapter-deletion.ts), it leaves `chapters` for `deletedChapters`, and
 * restoring it removes the mark.
 */
import * as Y from 'yjs';
import { isAgencyCode, type AgencyCode } from '../agencies/agencies.ts';
import { authorSchema, type Author } from './member.ts';
import { SCHEMA_VERSION } from '../schema/version.ts';

export const CHAPTER_STATUSES = ['draft', 'in-review', 'approved'] as const;
export type ChapterStatus = (typeof CHAPTER_STATUSES)[number];

export interface ChapterEntry {
  readonly id: string;
  readonly title: string;
  readonly order: number;
  readonly owner: AgencyCode | null;
  readonly status: ChapterStatus;
  /**
   * Agencies besides the owner that write the chapter directly, named by the
   * owner agency or the coordinator (issue 13); empty by default. Stored as
   * one plain array value: two people changing the list at once keep one of
   * the two lists whole, never a mix nobody chose.
   */
  readonly coWriters: readonly AgencyCode[];
}

export interface DeletedChapter extends ChapterEntry {
  /** ISO 8601. */
  readonly deletedAt: string;
  /** Null if the peer that deleted it wrote no readable author. */
  readonly deletedBy: Author | null;
}

export interface Manifest {
  readonly planId: string;
  readonly title: string;
  readonly deadline: string | null;
  readonly schemaVersion: unknown;
  /** The chapters of the plan, in order; deleted ones are not among them. */
  readonly chapters: readonly ChapterEntry[];
  /** Deleted chapters, most recently deleted first, until restored. */
  readonly deletedChapters: readonly DeletedChapter[];
}

export interface NewChapter {
  readonly id: string;
  readonly title: string;
  readonly owner: AgencyCode | null;
}

export function initManifest(
  doc: Y.Doc,
  init: { planId: string; title: string; deadline: string | null; createdAt: string; chapters: readonly NewChapter[] },
): void {
  doc.transact(() => {
    const meta = doc.getMap('meta');
    meta.set('kind', 'manifest');
    meta.set('planId', init.planId);
    meta.set('schemaVersion', SCHEMA_VERSION);
    const plan = doc.getMap('plan');
    plan.set('title', init.title);
    plan.set('deadline', init.deadline);
    plan.set('createdAt', init.createdAt);
    init.chapters.forEach((chapter, index) => addChapter(doc, chapter, index + 1));
  });
}

export function addChapter(doc: Y.Doc, chapter: NewChapter, order: number): void {
  const entry = new Y.Map<unknown>();
  entry.set('title', chapter.title);
  entry.set('order', order);
  entry.set('owner', chapter.owner);
  entry.set('status', 'draft');
  doc.getMap('chapters').set(chapter.id, entry);
}

/** Names the agencies that write chapter `chapterId` directly besides its owner (manifest-rules.ts says who may). */
export function setCoWriters(doc: Y.Doc, chapterId: string, agencies: readonly AgencyCode[]): void {
  const entry = doc.getMap('chapters').get(chapterId);
  if (!(entry instanceof Y.Map)) throw new Error(`the plan has no chapter ${chapterId}`);
  entry.set('coWriters', [...new Set(agencies)].sort());
}

/** A peer's co-writer list, checked: known agency codes, once each, without the owner (who writes anyway). */
export function readCoWriters(value: unknown, owner: AgencyCode | null): AgencyCode[] {
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter((code): code is AgencyCode => isAgencyCode(code) && code !== owner))].sort();
}

/** The order value that places a new chapter after every existing one. */
export function nextChapterOrder(manifest: Manifest): number {
  return manifest.chapters.reduce((max, c) => Math.max(max, c.order), 0) + 1;
}

/**
 * Reads the manifest into plain data. Values written by a peer are not
 * trusted: a wrong type falls back to a safe default rather than throwing,
 * so one odd field cannot hide the whole plan.
 */
export function readManifest(doc: Y.Doc): Manifest {
  const meta = doc.getMap('meta');
  const plan = doc.getMap('plan');
  const chapters: ChapterEntry[] = [];
  const deletedChapters: DeletedChapter[] = [];
  doc.getMap('chapters').forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const title = value.get('title');
    const order = value.get('order');
    const owner = value.get('owner');
    const status = value.get('status');
    const entryOwner = isAgencyCode(owner) ? owner : null;
    const entry: ChapterEntry = {
      id,
      title: typeof title === 'string' ? title : '',
      order: typeof order === 'number' && Number.isFinite(order) ? order : Number.MAX_SAFE_INTEGER,
      owner: entryOwner,
      status: (CHAPTER_STATUSES as readonly unknown[]).includes(status) ? (status as ChapterStatus) : 'draft',
      coWriters: readCoWriters(value.get('coWriters'), entryOwner),
    };
    const deletedAt = value.get('deletedAt');
    if (typeof deletedAt === 'string') {
      const by = authorSchema.safeParse(value.get('deletedBy'));
      deletedChapters.push({ ...entry, deletedAt, deletedBy: by.success ? by.data : null });
    } else {
      chapters.push(entry);
    }
  });
  chapters.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  deletedChapters.sort((a, b) => (a.deletedAt < b.deletedAt ? 1 : a.deletedAt > b.deletedAt ? -1 : 0));
  const title = plan.get('title');
  const deadline = plan.get('deadline');
  const planId = meta.get('planId');
  return {
    planId: typeof planId === 'string' ? planId : '',
    title: typeof title === 'string' ? title : '',
    deadline: typeof deadline === 'string' ? deadline : null,
    schemaVersion: meta.get('schemaVersion'),
    chapters,
    deletedChapters,
  };
}

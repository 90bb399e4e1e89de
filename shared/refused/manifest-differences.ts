/**
 * What a refused plan doc (the manifest) says that the server's copy does
 * not (docs/decisions/refused-changes.md): the plan's title and details, and
 * per chapter its title, owner, co-writers, status, place in the order, and
 * whether it was added or deleted. Read with the manifest's own readers
 * (shared/plan/manifest.ts, shared/workflow/plan-details.ts), so a value a
 * peer wrote wrongly reads here as it reads everywhere else.
 *
 * The refused state is Yjs' merge of the server's state as it was when this
 * computer last synced and what was changed here offline; so this lists
 * what differs from the server's copy now, which is her change and anything
 * the others changed since. The dialog says so.
 */
import type * as Y from 'yjs';
import type { AgencyCode } from '../agencies/agencies.ts';
import { readManifest, type ChapterEntry, type ChapterStatus, type Manifest } from '../plan/manifest.ts';
import { DETAIL_FIELDS, readPlanDetails, type DetailField, type PlanDetails } from '../workflow/plan-details.ts';

export type ManifestDifference =
  | { readonly kind: 'plan-title'; readonly mine: string; readonly server: string }
  | { readonly kind: 'plan-detail'; readonly field: DetailField; readonly mine: string; readonly server: string }
  | { readonly kind: 'contact'; readonly agency: AgencyCode; readonly mine: string; readonly server: string }
  | { readonly kind: 'chapter-title'; readonly chapterId: string; readonly mine: string; readonly server: string }
  | { readonly kind: 'chapter-owner'; readonly chapterId: string; readonly title: string; readonly mine: AgencyCode | null; readonly server: AgencyCode | null }
  | { readonly kind: 'chapter-co-writers'; readonly chapterId: string; readonly title: string; readonly mine: readonly AgencyCode[]; readonly server: readonly AgencyCode[] }
  | { readonly kind: 'chapter-status'; readonly chapterId: string; readonly title: string; readonly mine: ChapterStatus; readonly server: ChapterStatus }
  /** The chapters both copies list, in her order and in the server's. */
  | { readonly kind: 'chapter-order'; readonly mine: readonly string[]; readonly server: readonly string[] }
  /** A chapter her copy lists that the server's does not (or lists as deleted). */
  | { readonly kind: 'chapter-added'; readonly chapterId: string; readonly title: string }
  /** A chapter her copy has deleted that the server's still lists. */
  | { readonly kind: 'chapter-deleted'; readonly chapterId: string; readonly title: string };

export function manifestDifferences(refused: Y.Doc, server: Y.Doc): ManifestDifference[] {
  return differencesBetween(readManifest(refused), readPlanDetails(refused), readManifest(server), readPlanDetails(server));
}

function differencesBetween(mine: Manifest, mineDetails: PlanDetails, server: Manifest, serverDetails: PlanDetails): ManifestDifference[] {
  const found: ManifestDifference[] = [];
  if (mine.title !== server.title) found.push({ kind: 'plan-title', mine: mine.title, server: server.title });
  for (const field of DETAIL_FIELDS) {
    const [a, b] = [mineDetails[field] ?? '', serverDetails[field] ?? ''];
    if (a !== b) found.push({ kind: 'plan-detail', field, mine: a, server: b });
  }
  for (const agency of Object.keys(mineDetails.contacts) as AgencyCode[]) {
    if (mineDetails.contacts[agency] !== serverDetails.contacts[agency]) found.push({ kind: 'contact', agency, mine: mineDetails.contacts[agency], server: serverDetails.contacts[agency] });
  }
  const serverLive = new Map(server.chapters.map((c) => [c.id, c]));
  const serverDeleted = new Set(server.deletedChapters.map((c) => c.id));
  for (const chapter of mine.chapters) {
    const theirs = serverLive.get(chapter.id);
    if (theirs === undefined) found.push({ kind: 'chapter-added', chapterId: chapter.id, title: chapter.title });
    else found.push(...chapterDifferences(chapter, theirs));
  }
  for (const chapter of mine.deletedChapters) {
    if (serverLive.has(chapter.id) && !serverDeleted.has(chapter.id)) found.push({ kind: 'chapter-deleted', chapterId: chapter.id, title: chapter.title });
  }
  const both = new Set(mine.chapters.filter((c) => serverLive.has(c.id)).map((c) => c.id));
  const mineOrder = mine.chapters.filter((c) => both.has(c.id));
  const serverOrder = server.chapters.filter((c) => both.has(c.id));
  if (mineOrder.some((c, i) => c.id !== serverOrder[i]?.id)) {
    found.push({ kind: 'chapter-order', mine: mineOrder.map((c) => c.title), server: serverOrder.map((c) => c.title) });
  }
  return found;
}

function chapterDifferences(mine: ChapterEntry, server: ChapterEntry): ManifestDifference[] {
  const found: ManifestDifference[] = [];
  const title = server.title;
  if (mine.title !== server.title) found.push({ kind: 'chapter-title', chapterId: mine.id, mine: mine.title, server: server.title });
  if (mine.owner !== server.owner) found.push({ kind: 'chapter-owner', chapterId: mine.id, title, mine: mine.owner, server: server.owner });
  if (mine.coWriters.join(',') !== server.coWriters.join(',')) found.push({ kind: 'chapter-co-writers', chapterId: mine.id, title, mine: mine.coWriters, server: server.coWriters });
  if (mine.status !== server.status) found.push({ kind: 'chapter-status', chapterId: mine.id, title, mine: mine.status, server: server.status });
  return found;
}

/** The labels `manifestAsText` writes, in the reader's language. */
export interface ManifestTextLabels {
  readonly planTitle: string;
  readonly details: Readonly<Record<DetailField, string>>;
  readonly contact: string;
  readonly chapters: string;
  readonly deletedChapters: string;
  readonly owner: string;
  readonly coWriters: string;
  readonly status: Readonly<Record<ChapterStatus, string>>;
  readonly none: string;
}

/**
 * The refused plan doc as plain text, for "Exportera": every field the
 * manifest's readers know, in order, so what she changed is in it whole.
 */
export function manifestAsText(doc: Y.Doc, labels: ManifestTextLabels): string {
  const manifest = readManifest(doc);
  const details = readPlanDetails(doc);
  const lines = [`${labels.planTitle}: ${manifest.title || labels.none}`];
  for (const field of DETAIL_FIELDS) lines.push(`${labels.details[field]}: ${details[field] || labels.none}`);
  for (const [agency, name] of Object.entries(details.contacts)) if (name !== '') lines.push(`${labels.contact} (${agency}): ${name}`);
  const chapter = (c: ChapterEntry, n: number | null): string =>
    `${n === null ? '-' : `${n}.`} ${c.title || labels.none} (${labels.owner}: ${c.owner ?? labels.none}; ${labels.coWriters}: ${c.coWriters.join(', ') || labels.none}; ${labels.status[c.status]})`;
  lines.push('', `${labels.chapters}:`, ...manifest.chapters.map((c, i) => chapter(c, i + 1)));
  if (manifest.deletedChapters.length > 0) lines.push('', `${labels.deletedChapters}:`, ...manifest.deletedChapters.map((c) => chapter(c, null)));
  return lines.join('\n');
}

/**
 * Reads a plan's docs into what the readiness check (blockers.ts) and the
 * to-do lists (todo.ts) look at, so the app and the tests build their input
 * the same way.
 */
import type * as Y from 'yjs';
import { readChapterDoc, chapterText } from '../chapter-text/chapter-text.ts';
import { COMMENT_MARK } from '../comments/anchors.ts';
import { readThreads } from '../comments/threads.ts';
import { readManifest } from '../plan/manifest.ts';
import { readSuggestions, type Suggestion } from '../suggestions/suggestions.ts';
import { suggestionExtents } from '../suggestions/suggestion-extents.ts';
import { findBlockers, type Blocker, type ChapterReadiness } from './blockers.ts';
import { changedSinceApproval } from './late-edit.ts';
import { readPlanDetails } from './plan-details.ts';
import { findPlaceholders } from './placeholders.ts';
import { readStatusHistory } from './status-history.ts';
import type { TodoChapter } from './todo.ts';

/** What this computer knows of its own changes that the server does not hold (sync-status). */
export interface UnsyncedHere {
  /** Null: unknown; 0: none. */
  readonly manifest: number | null;
  /** Chapters with changes waiting; a chapter not listed has none. */
  readonly chapters: ReadonlyMap<string, number | null>;
}

export const ALL_SYNCED: UnsyncedHere = { manifest: 0, chapters: new Map() };

/** The blockers of the plan as held by these docs. */
export function planBlockers(manifestDoc: Y.Doc, chapterDocs: ReadonlyMap<string, Y.Doc>, unsynced: UnsyncedHere = ALL_SYNCED): Blocker[] {
  const manifest = readManifest(manifestDoc);
  const history = readStatusHistory(manifestDoc);
  const chapters: ChapterReadiness[] = [];
  for (const entry of manifest.chapters) {
    const doc = chapterDocs.get(entry.id);
    if (doc === undefined) continue;
    const anchored = anchoredThreadIds(chapterText(doc));
    chapters.push({
      entry,
      openThreads: readThreads(doc)
        .filter((t) => t.state === 'open')
        .map((t) => ({ id: t.id, quote: t.quote, anchored: anchored.has(t.id) })),
      openSuggestions: pendingSuggestions(doc).map((s) => ({ id: s.id })),
      placeholders: findPlaceholders(readChapterDoc(doc)),
      unsyncedHere: unsynced.chapters.has(entry.id) ? (unsynced.chapters.get(entry.id) ?? null) : 0,
      changedSinceApproval: changedSinceApproval(entry, history, doc),
    });
  }
  return findBlockers({ chapters, details: readPlanDetails(manifestDoc), manifestUnsyncedHere: unsynced.manifest });
}

/** The chapters as the to-do lists read them: no walk over any chapter's text. */
export function todoChapters(manifestDoc: Y.Doc, chapterDocs: ReadonlyMap<string, Y.Doc>): TodoChapter[] {
  return readManifest(manifestDoc).chapters.flatMap((entry) => {
    const doc = chapterDocs.get(entry.id);
    if (doc === undefined) return [];
    return [
      {
        entry,
        threads: readThreads(doc),
        // Open ones only, read from the suggestions map without walking the text: the top bar's
        // count is recomputed while people type (a decided suggestion whose words came back
        // is still listed by the readiness check and the suggestion panel).
        openSuggestions: readSuggestions(doc)
          .filter((s) => s.state === 'open')
          .map((s) => ({ id: s.id, authorAgency: s.author.agency })),
      },
    ];
  });
}

/**
 * Suggestions still to decide: open ones, and decided ones whose id is back
 * in the text (shared/suggestions/suggestions.ts, rule 4), as the
 * suggestion panel counts them.
 */
export function pendingSuggestions(doc: Y.Doc): Suggestion[] {
  const extents = suggestionExtents(chapterText(doc));
  return readSuggestions(doc).filter((s) => s.state === 'open' || extents.has(s.id));
}

/**
 * Thread ids with an anchor in the text: a comment mark is a formatting
 * attribute named `comment` or, for overlapping marks, `comment--<hash>`
 * (shared/chapter-text/text-attributes.ts).
 */
export function anchoredThreadIds(text: Y.Text): Set<string> {
  const ids = new Set<string>();
  for (const op of text.toDelta() as { attributes?: Record<string, unknown> }[]) {
    for (const [key, value] of Object.entries(op.attributes ?? {})) {
      if (key !== COMMENT_MARK && !key.startsWith(`${COMMENT_MARK}--`)) continue;
      const threadId = (value as { threadId?: unknown } | null)?.threadId;
      if (typeof threadId === 'string') ids.add(threadId);
    }
  }
  return ids;
}

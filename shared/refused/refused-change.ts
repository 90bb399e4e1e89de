/**
 * A change the sync server did not accept (issue 13, "a refused update";
 * docs/decisions/refused-changes.md): the whole doc (a chapter, the plan's
 * own doc — the manifest — or a source) as it stood on this computer when
 * the server refused an update of it, kept until the user decides: a
 * chapter's words can become a suggestion, every kind can be exported or
 * discarded. The doc itself is then rebuilt from the server's copy, so that
 * it syncs again; these are
 * the user's words, so they are kept in the host's store (the same durable
 * SQLite file as the plan), never in the renderer's localStorage.
 *
 * In the store a record is one Yjs document, `plan/<planId>/refused/<id>`,
 * whose map `refusedChange` holds the fields and the chapter's state: one
 * durable append writes it whole, a plan's deletion takes it along (every
 * name under `plan/<planId>/`), and neither the plan's loading nor exchange
 * by file reads it (they take manifest, chapter and source names only).
 */
import * as Y from 'yjs';
import { AGENCY_CODES } from '../agencies/agencies.ts';
import { readChapterDoc } from '../chapter-text/chapter-text.ts';
import { UUID_PATTERN } from '../plan/doc-names.ts';
import type { Author } from '../plan/member.ts';
import { sourceText } from '../sources/source-doc.ts';
import { RULE_REFUSALS, type RuleRefusal } from '../sync-protocol/refusals.ts';

/** Which of the plan's docs was refused. */
export const REFUSED_DOC_KINDS = ['chapter', 'manifest', 'source'] as const;
export type RefusedDocKind = (typeof REFUSED_DOC_KINDS)[number];

export interface RefusedChange {
  /** Derived from the doc and its state by the host, so setting the same state aside twice keeps one record. */
  readonly id: string;
  readonly planId: string;
  readonly docKind: RefusedDocKind;
  /** The chapter's or the source's id; the plan's id for the manifest. */
  readonly docId: string;
  /** The chapter's or source's title when it was refused (it may be renamed or deleted later); the plan's title for the manifest. */
  readonly docTitle: string;
  /** The rule the server named; null if it named none we know. */
  readonly rule: RuleRefusal | null;
  /** The server's reason as it sent it (English, for support). */
  readonly detail: string;
  /** ISO 8601, this computer's clock. */
  readonly refusedAt: string;
  /** Who wrote it: the member this computer synced the plan as. */
  readonly by: Author;
  /** The whole doc as it stood here when the server refused it (one Yjs update). */
  readonly update: Uint8Array;
}

/** What the renderer hands the host; the host adds the id and the time. */
export type NewRefusedChange = Omit<RefusedChange, 'id' | 'refusedAt'>;

export const REFUSED_CHANGE_ID_PATTERN = /^[0-9a-f]{32}$/;
const MAP = 'refusedChange';
const MAX_TITLE = 300;
const MAX_DETAIL = 500;

export function refusedChangeDocName(planId: string, id: string): string {
  return `plan/${planId}/refused/${id}`;
}

/** The plan's prefix of record names, for listing them. */
export function refusedChangesPrefix(planId: string): string {
  return `plan/${planId}/refused/`;
}

export function parseRefusedChangeDocName(name: string): { readonly planId: string; readonly id: string } | null {
  const match = /^plan\/([^/]+)\/refused\/([^/]+)$/.exec(name);
  if (match === null || !UUID_PATTERN.test(match[1]!) || !REFUSED_CHANGE_ID_PATTERN.test(match[2]!)) return null;
  return { planId: match[1]!, id: match[2]! };
}

/** The record as one Yjs update, for the store. */
export function encodeRefusedChange(change: RefusedChange): Uint8Array {
  const doc = new Y.Doc();
  try {
    const map = doc.getMap<unknown>(MAP);
    doc.transact(() => {
      map.set('id', change.id);
      map.set('planId', change.planId);
      map.set('docKind', change.docKind);
      // Stored under the names records had when only chapters were set aside, so those still read.
      map.set('chapterId', change.docId);
      map.set('chapterTitle', change.docTitle.slice(0, MAX_TITLE));
      map.set('rule', change.rule);
      map.set('detail', change.detail.slice(0, MAX_DETAIL));
      map.set('refusedAt', change.refusedAt);
      map.set('by', { memberId: change.by.memberId, name: change.by.name, agency: change.by.agency });
      map.set('update', change.update);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** A stored record read back; null if it is not one (never a half-read record). */
export function decodeRefusedChange(stored: Uint8Array): RefusedChange | null {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, stored);
    const map = doc.getMap<unknown>(MAP);
    const text = (key: string): string | null => {
      const value = map.get(key);
      return typeof value === 'string' ? value : null;
    };
    const [id, planId, chapterId, chapterTitle, detail, refusedAt] = ['id', 'planId', 'chapterId', 'chapterTitle', 'detail', 'refusedAt'].map(text);
    // Records from before manifests and sources were set aside are chapters.
    const docKind = map.get('docKind') ?? 'chapter';
    const rule = map.get('rule');
    const by = map.get('by') as Partial<Author> | undefined;
    const update = map.get('update');
    if (id == null || planId == null || chapterId == null || chapterTitle == null || detail == null || refusedAt == null) return null;
    if (!REFUSED_CHANGE_ID_PATTERN.test(id) || !UUID_PATTERN.test(planId) || !UUID_PATTERN.test(chapterId)) return null;
    if (!(REFUSED_DOC_KINDS as readonly unknown[]).includes(docKind)) return null;
    if (rule !== null && !(RULE_REFUSALS as readonly unknown[]).includes(rule)) return null;
    if (typeof by !== 'object' || by === null || typeof by.memberId !== 'string' || typeof by.name !== 'string' || !(AGENCY_CODES as readonly unknown[]).includes(by.agency)) return null;
    if (!(update instanceof Uint8Array) || update.length === 0) return null;
    return { id, planId, docKind: docKind as RefusedDocKind, docId: chapterId, docTitle: chapterTitle, rule: rule as RuleRefusal | null, detail, refusedAt, by: { memberId: by.memberId, name: by.name, agency: by.agency! }, update };
  } catch {
    return null;
  } finally {
    doc.destroy();
  }
}

/**
 * The refused chapter's words as plain text, blocks separated by a blank
 * line: what "Exportera" saves. Formatting, comments and tables' layout are
 * not carried (a table's cells become blocks of their own).
 */
export function refusedChapterText(update: Uint8Array): string {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
    const content = readChapterDoc(doc);
    return content.textBetween(0, content.content.size, '\n\n', '\n');
  } finally {
    doc.destroy();
  }
}

/** A refused source's text (its words as the source doc holds them; the original file is not exported). */
export function refusedSourceText(update: Uint8Array): string {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
    return sourceText(doc).toString();
  } finally {
    doc.destroy();
  }
}

/**
 * Whether `update` is the doc the record says it is (the plan's manifest,
 * or that chapter or source of the plan): the host keeps nothing else as a
 * record, since the record's kind decides how it is shown and exported.
 */
export function isRefusedDoc(change: Pick<RefusedChange, 'planId' | 'docKind' | 'docId' | 'update'>): boolean {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, change.update);
    const meta = doc.getMap('meta');
    switch (change.docKind) {
      case 'manifest':
        return change.docId === change.planId && meta.get('kind') === 'manifest' && meta.get('planId') === change.planId;
      case 'source':
        return meta.get('kind') === 'source' && meta.get('planId') === change.planId && meta.get('sourceId') === change.docId;
      case 'chapter':
        readChapterDoc(doc);
        return true;
    }
  } catch {
    return false;
  } finally {
    doc.destroy();
  }
}

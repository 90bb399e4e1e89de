/**
 * Approve ∥ edit (docs/decisions/submission.md): an edit made offline before
 * its writer learned that the chapter was approved is never lost. When such
 * a text change by a non-coordinator reaches an approved chapter, it is kept
 * and the chapter goes back to 'in-review', with a history entry
 * "reopened: changes by <member> arrived after approval", so an approval
 * never covers text the coordinator did not see.
 *
 * Two places apply the rule, with the same function (`reopenAfterLateEdit`):
 * - the sync server, which knows who sent a text change and whether the
 *   chapter was approved when it arrived (wired by the server's guard);
 * - the writer's own app: when an approval reaches a chapter this app wrote
 *   in, and the text here differs from the text the coordinator approved
 *   (the approval's history entry carries a fingerprint of it), the writer's
 *   words were not seen. `lateEditsToReopen` finds those chapters.
 * Both may happen for one late edit; the second finds the chapter already
 * in review and changes nothing.
 */
import * as Y from 'yjs';
import type { Author } from '../plan/member.ts';
import type { ChapterEntry } from '../plan/manifest.ts';
import { chapterText } from '../chapter-text/chapter-text.ts';
import { COMMENT_MARK } from '../comments/anchors.ts';
import { lastEntryTo, statusHistoryArray, type StatusHistoryEntry } from './status-history.ts';

/**
 * Writes, in one transaction, the chapter's return to 'in-review' and the
 * history entry naming `by`, whose change arrived after the approval.
 * Returns whether it changed anything: a chapter that is not approved (or
 * not in the plan) is left alone, so calling it twice is harmless.
 */
export function reopenAfterLateEdit(manifestDoc: Y.Doc, chapterId: string, by: Author, at: string): boolean {
  const entry = manifestDoc.getMap('chapters').get(chapterId);
  if (!(entry instanceof Y.Map) || entry.get('status') !== 'approved') return false;
  const author: Author = { memberId: by.memberId, name: by.name, agency: by.agency };
  const record: StatusHistoryEntry = {
    chapterId,
    from: 'approved',
    to: 'in-review',
    by: author,
    at,
    kind: 'late-edit',
    reason: `reopened: changes by ${author.name} arrived after approval`,
  };
  manifestDoc.transact(() => {
    entry.set('status', 'in-review');
    statusHistoryArray(manifestDoc).push([record]);
  });
  return true;
}

/**
 * A short, stable fingerprint of a chapter's words and structure: every
 * character, block marker and formatting, but not comment anchors (a
 * thread's anchor is not text the coordinator approves). Equal on every peer
 * that holds the same text, whatever order the changes arrived in.
 */
export function textFingerprint(chapterDoc: Y.Doc): string {
  const parts: string[] = [];
  // Runs are merged by their attributes without anchors: an anchor splits a
  // run in Yjs' delta, and that must not change the fingerprint.
  let run: { text: string; attributes: string } | null = null;
  const flush = (): void => {
    if (run !== null) parts.push(stableJson([run.text, run.attributes]));
    run = null;
  };
  for (const op of chapterText(chapterDoc).toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    const attributes = stableJson(
      Object.fromEntries(Object.entries(op.attributes ?? {}).filter(([key]) => key !== COMMENT_MARK && !key.startsWith(`${COMMENT_MARK}--`))),
    );
    if (typeof op.insert === 'string') {
      if (run !== null && run.attributes === attributes) run.text += op.insert;
      else {
        flush();
        run = { text: op.insert, attributes };
      }
      continue;
    }
    flush();
    parts.push(stableJson([op.insert instanceof Y.Map ? op.insert.toJSON() : op.insert, attributes]));
  }
  flush();
  return hash(parts.join('\n'));
}

/**
 * Whether an approved chapter's text here differs from the text its
 * approval covered. Null when there is nothing to compare (not approved,
 * or approved by a version that recorded no fingerprint).
 */
export function changedSinceApproval(entry: Pick<ChapterEntry, 'id' | 'status'>, history: readonly StatusHistoryEntry[], chapterDoc: Y.Doc): boolean | null {
  if (entry.status !== 'approved') return null;
  const approval = lastEntryTo(history, entry.id, 'approved');
  if (approval?.approvedText === undefined) return null;
  return approval.approvedText !== textFingerprint(chapterDoc);
}

/** What an approval records of the chapter: its text's fingerprint and the state the coordinator had. */
export function approvalMark(chapterDoc: Y.Doc): { approvedText: string; approvedState: Record<string, number> } {
  const approvedState: Record<string, number> = {};
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(chapterDoc))) approvedState[String(client)] = clock;
  return { approvedText: textFingerprint(chapterDoc), approvedState };
}

/**
 * The writer's side: the approved chapters in which this app's own Yjs
 * clients (`writtenHere`: chapter id → client ids that wrote its text here)
 * wrote text the coordinator's approval did not include, and whose text
 * here differs from what was approved. Both, because either alone misleads:
 * the text also differs while the coordinator's own last words are still on
 * their way here, and one's own clock also moves with a reply to a thread.
 *
 * A late edit that only deleted words adds no item, so it is not seen here;
 * the readiness check ("changed after approval") and the server's guard
 * see it (docs/decisions/submission.md).
 */
export function lateEditsToReopen(
  chapters: readonly Pick<ChapterEntry, 'id' | 'status'>[],
  history: readonly StatusHistoryEntry[],
  chapterDocs: ReadonlyMap<string, Y.Doc>,
  writtenHere: ReadonlyMap<string, ReadonlySet<number>>,
): string[] {
  return chapters
    .filter((entry) => {
      const doc = chapterDocs.get(entry.id);
      const clients = writtenHere.get(entry.id);
      if (doc === undefined || clients === undefined || changedSinceApproval(entry, history, doc) !== true) return false;
      const state = lastEntryTo(history, entry.id, 'approved')?.approvedState;
      return state !== undefined && [...clients].some((client) => wroteTextAfter(doc, client, state[String(client)] ?? 0));
    })
    .map((entry) => entry.id);
}

/** Whether `client` wrote into the chapter text at or after `clock` (an item of the text, or of a block marker in it). */
function wroteTextAfter(doc: Y.Doc, client: number, clock: number): boolean {
  const text = chapterText(doc);
  const structs = (doc.store.clients.get(client) ?? []) as (Y.Item | Y.GC)[];
  for (let i = structs.length - 1; i >= 0; i--) {
    const struct = structs[i]!;
    if (struct.id.clock + struct.length <= clock) break;
    if (!(struct instanceof Y.Item)) continue;
    let parent = struct.parent as Y.AbstractType<unknown> | null;
    while (parent !== null && parent !== (text as unknown) && parent._item !== null) parent = parent._item.parent as Y.AbstractType<unknown> | null;
    if (parent === (text as unknown)) return true;
  }
  return false;
}

/** JSON with object keys sorted, so that two peers' equal values serialise equally. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Two 32-bit FNV-1a variants, 64 bits as hex: a fingerprint, not a defence against forgery. */
function hash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/**
 * "Skicka tillbaka": the coordinator sends a chapter in review back to its
 * owner agency with a reason. The reason becomes a comment thread in the
 * chapter, anchored on the start of its text and assigned to the owner
 * agency, so the drafters discuss it where they fix it, and it appears in
 * their "Att göra" and in the readiness check until it is resolved.
 *
 * Two docs (the chapter's thread, the manifest's status), so two
 * transactions: everything is checked first, so a refused send-back writes
 * neither.
 */
import type * as Y from 'yjs';
import type { AgencyCode } from '../agencies/agencies.ts';
import { chapterText } from '../chapter-text/chapter-text.ts';
import { markKey } from '../chapter-text/text-attributes.ts';
import { createThread } from '../comments/threads.ts';
import type { Member } from '../plan/member.ts';
import { schema } from '../schema/schema.ts';
import { changeStatus, mayTakeStatusAction, StatusError } from './chapter-status.ts';
import { MAX_REASON_LENGTH, type StatusHistoryEntry } from './status-history.ts';

export interface SendBack {
  readonly reason: string;
  readonly at: string;
  /** New ids for the thread and its first message. */
  readonly threadId: string;
  readonly messageId: string;
}

export function sendBackChapter(manifestDoc: Y.Doc, chapterDoc: Y.Doc, chapterId: string, member: Member, input: SendBack): StatusHistoryEntry {
  const reason = input.reason.trim();
  if (reason === '') throw new StatusError('reason-required', 'Sending a chapter back needs a reason.');
  if (reason.length > MAX_REASON_LENGTH) throw new StatusError('reason-too-long', `A reason is at most ${MAX_REASON_LENGTH} characters.`);
  const entry = manifestDoc.getMap('chapters').get(chapterId) as Y.Map<unknown> | undefined;
  const owner = (entry?.get('owner') ?? null) as AgencyCode | null;
  if (entry?.get('status') !== 'in-review') throw new StatusError('wrong-status', `Chapter ${chapterId} is not in review.`);
  if (!mayTakeStatusAction(member, 'send-back', owner)) throw new StatusError('not-allowed', `A ${member.role} may not send chapters back.`);
  const anchor = firstTextRun(chapterText(chapterDoc));
  chapterDoc.transact(() => {
    createThread(chapterDoc, member, { id: input.threadId, messageId: input.messageId, text: reason, quote: anchor?.text ?? '', assignedAgency: owner, at: input.at });
    if (anchor !== null) {
      const mark = schema.marks.comment.create({ threadId: input.threadId });
      chapterText(chapterDoc).format(anchor.index, anchor.text.length, { [markKey(mark)]: { ...mark.attrs } });
    }
  });
  return changeStatus(manifestDoc, chapterId, member, { action: 'send-back', at: input.at, reason, threadId: input.threadId });
}

/** The first run of characters in the text (up to 200), where the thread is anchored. */
function firstTextRun(text: Y.Text): { index: number; text: string } | null {
  let index = 0;
  for (const op of text.toDelta() as { insert: unknown }[]) {
    if (typeof op.insert === 'string') {
      const run = op.insert.split('\n')[0]!.slice(0, 200);
      if (run.trim() !== '') return { index, text: run };
      index += op.insert.length;
    } else {
      index += 1;
    }
  }
  return null;
}

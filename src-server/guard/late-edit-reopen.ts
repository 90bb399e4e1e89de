/**
 * The server's half of the approve ∥ edit rule (docs/decisions/submission.md,
 * shared/workflow/late-edit.ts): when the guard has accepted a change to the
 * words of an approved chapter from someone other than the coordinator (made
 * offline, before they learned of the approval), the server reopens the
 * chapter for review in their name. Their words are kept, and the approval
 * never covers text the coordinator did not see.
 *
 * Why the server writes it, and not only the writer's app: the server is the
 * one place that knows, for every change, that the chapter was approved when
 * the change arrived and who sent it; a modified client could leave the
 * reopening out. The writer's app does the same on its side
 * (`lateEditsToReopen`); whichever comes second changes nothing.
 *
 * The change goes through a Hocuspocus direct connection, so every client
 * of the manifest gets it like any other (and every instance, through
 * Redis), and it is appended to the document's log before this resolves,
 * like a member's update.
 */
import type { Hocuspocus } from '@hocuspocus/server';
import { manifestDocName } from '../../shared/plan/doc-names.ts';
import type { Author } from '../../shared/plan/member.ts';
import { reopenAfterLateEdit } from '../../shared/workflow/late-edit.ts';
import type { DocPersistence } from '../persistence/doc-persistence.ts';

/** Reopens chapter `chapterId` of `planId` for review because `by`'s change arrived after its approval; whether it changed anything. */
export async function reopenForLateEdit<Context>(
  hocuspocus: Hocuspocus<Context>,
  docs: Pick<DocPersistence, 'append'>,
  late: { readonly planId: string; readonly chapterId: string },
  by: Author,
): Promise<boolean> {
  const name = manifestDocName(late.planId);
  const connection = await hocuspocus.openDirectConnection(name);
  const document = connection.document;
  try {
    if (document === null) return false;
    // Hocuspocus runs the callback inside its own transaction: the update
    // event comes when that ends, so the listener stays on until then.
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array): void => {
      updates.push(update);
    };
    let reopened = false;
    document.on('update', collect);
    try {
      await connection.transact((doc) => {
        reopened = reopenAfterLateEdit(doc, late.chapterId, by, new Date().toISOString());
      });
    } finally {
      document.off('update', collect);
    }
    for (const update of updates) await docs.append(name, update);
    return reopened;
  } finally {
    await connection.disconnect();
  }
}

/**
 * The writer's side of approve ∥ edit (docs/decisions/submission.md): this
 * app remembers which chapters it wrote text in during this session; when
 * an approval reaches one of them and the text here is not the text the
 * coordinator approved, the words written here were not seen, and the
 * chapter goes back to review in this member's name
 * (shared/workflow/late-edit.ts). The server's guard applies the same rule
 * from its side.
 */
import type * as Y from 'yjs';
import { chapterText } from '../../shared/chapter-text/chapter-text.ts';
import type { Member } from '../../shared/plan/member.ts';
import { lateEditsToReopen, reopenAfterLateEdit } from '../../shared/workflow/late-edit.ts';
import { readStatusHistory } from '../../shared/workflow/status-history.ts';
import type { PlanSession } from '../plan/plan-session.ts';

export class LateEditWatcher {
  readonly #session: PlanSession;
  readonly #member: () => Member | null;
  readonly #onReopened: (chapterId: string) => void;
  /** Chapter id → the Yjs clients of this window that wrote its text. */
  readonly #writtenHere = new Map<string, Set<number>>();
  readonly #watched = new Map<Y.Doc, (tr: Y.Transaction) => void>();
  readonly #unsubscribe: () => void;
  #destroyed = false;

  constructor(session: PlanSession, member: () => Member | null, onReopened: (chapterId: string) => void) {
    this.#session = session;
    this.#member = member;
    this.#onReopened = onReopened;
    this.#watchChapters();
    this.#unsubscribe = session.subscribe(() => {
      this.#watchChapters();
      // After the update that brought the approval has been handled everywhere, not inside it.
      queueMicrotask(() => this.#check());
    });
  }

  destroy(): void {
    this.#destroyed = true;
    this.#unsubscribe();
    for (const [doc, listener] of this.#watched) doc.off('afterTransaction', listener);
    this.#watched.clear();
  }

  #watchChapters(): void {
    for (const entry of this.#session.manifest.chapters) {
      const handle = this.#session.chapter(entry.id);
      if (handle === undefined || this.#watched.has(handle.doc)) continue;
      const text = chapterText(handle.doc);
      // `local`: written in this window (the editor, a decision), not applied from storage or the server.
      const listener = (tr: Y.Transaction): void => {
        if (!tr.local || !tr.changed.has(text as never)) return;
        const clients = this.#writtenHere.get(entry.id) ?? new Set<number>();
        clients.add(tr.doc.clientID);
        this.#writtenHere.set(entry.id, clients);
      };
      handle.doc.on('afterTransaction', listener);
      this.#watched.set(handle.doc, listener);
    }
  }

  #check(): void {
    const member = this.#member();
    // The rule is about a non-coordinator's words; the coordinator approves what she sees.
    if (this.#destroyed || member === null || member.role !== 'drafter' || this.#writtenHere.size === 0) return;
    const docs = new Map<string, Y.Doc>();
    for (const id of this.#writtenHere.keys()) {
      const handle = this.#session.chapter(id);
      if (handle !== undefined) docs.set(id, handle.doc);
    }
    const ids = lateEditsToReopen(this.#session.manifest.chapters, readStatusHistory(this.#session.manifestDoc), docs, this.#writtenHere);
    for (const id of ids) {
      if (reopenAfterLateEdit(this.#session.manifestDoc, id, member, new Date().toISOString())) this.#onReopened(id);
    }
  }
}

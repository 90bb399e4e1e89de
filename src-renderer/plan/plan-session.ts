/**
 * An open plan in the renderer: the manifest Y.Doc, one Y.Doc per chapter
 * (all of them, not only the one on screen: DESIGN §5) and their persistence.
 *
 * The session is UI-free: React subscribes to it, tests can drive it.
 */
import * as Y from 'yjs';
import type { AgencyCode } from '../../shared/agencies/agencies.ts';
import type { HostApi, LoadedPlan, NewRefusedChange, PlanServerInfo, RefusedChange } from '../../shared/host-api/host-api.ts';
import type { RefusedDocKind } from '../../shared/refused/refused-change.ts';
import { chapterSchemaVersion, initChapterMeta, legacyChapterContent } from '../../shared/plan/chapter.ts';
import { chapterText, writeEmptyChapter } from '../../shared/chapter-text/chapter-text.ts';
import { migrateChapter } from '../../shared/chapter-text/migration.ts';
import { keepWithinLimits } from '../../shared/doc-limits/within-limits.ts';
import { chapterDocName, manifestDocName, parseDocName } from '../../shared/plan/doc-names.ts';
import { addChapter, nextChapterOrder, readManifest, type ChapterEntry, type Manifest } from '../../shared/plan/manifest.ts';
import { moveChapter } from '../../shared/plan/chapter-order.ts';
import { deleteChapter, restoreChapter } from '../../shared/plan/chapter-deletion.ts';
import type { Member } from '../../shared/plan/member.ts';
import { accessForSchemaVersion, type DocAccess } from '../../shared/schema/version.ts';
import { ThreadStore } from '../../shared/comments/thread-store.ts';
import { chapterUndoManager } from '../editor/binding/undo-plugin.ts';
import { SaveQueue, STORAGE_ORIGIN, type SaveState } from './save-queue.ts';
import { PlanSync } from '../sync/plan-sync.ts';
import { SourceShelf } from '../sources/source-shelf.ts';
import { sourceDocName } from '../../shared/sources/source-doc.ts';
import { RefusedChanges } from '../refused/refused-changes.ts';
import { keepRefusedState } from '../refused/keep-refused-state.ts';
import { breach, ruleCloseReason, ruleOfCloseReason } from '../../shared/rules/rule-refusal.ts';

export interface ChapterHandle {
  readonly id: string;
  readonly doc: Y.Doc;
  /** The chapter text (shared/chapter-text/). */
  readonly text: Y.Text;
  /**
   * Why the stored chapter could not be loaded, or null. A damaged chapter is
   * shown as such and never edited, so nothing is written over what is stored.
   */
  readonly problem: string | null;
  /** The chapter's comment threads, kept live from its doc. */
  readonly threads: ThreadStore;
  access(): DocAccess;
  /**
   * The chapter's undo history, made when the chapter is first edited and
   * kept until the plan closes: switching to another chapter and back still
   * undoes this chapter's last edits (issue 10).
   */
  undoManager(): Y.UndoManager;
}

export class PlanSession {
  readonly planId: string;
  /** This opening of the plan: the plan view starts over when the plan is opened again (published, or rebuilt after a refusal). */
  readonly openId = crypto.randomUUID();
  readonly manifestDoc: Y.Doc;
  /** The sync server this plan is shared through, or null for a plan only on this computer. */
  readonly server: PlanServerInfo | null;
  /** The live connection to that server; null for a local plan. */
  readonly sync: PlanSync | null;
  /** The plan's sources (Underlag), saved and synced like chapters (docs/decisions/sources.md). */
  readonly sources: SourceShelf;
  /** Changes the sync server did not accept, kept on this computer (src-renderer/refused/); null for a local plan. */
  readonly refusedChanges: RefusedChanges | null;
  /** Chapters being set aside after a refusal: neither synced nor offered to sync until their new doc is in place (also `manifest:<id>`, `source:<id>`). */
  readonly #settingAside = new Set<string>();
  readonly #rebuildListeners = new Set<() => void>();
  /** The manifest or a source was set aside: the plan is to be opened again. */
  #rebuildNeeded = false;
  /** Adding edits of a set-aside manifest or source to its record, until the plan is opened again. */
  #keepingAgain: Promise<void> = Promise.resolve();
  #stopKeepingAgain: () => void = () => undefined;
  readonly #saveQueueOf = new Map<Y.Doc, SaveQueue>();
  readonly #chapterAddedListeners = new Set<() => void>();
  readonly #host: HostApi;
  readonly #chapters = new Map<string, ChapterHandle>();
  readonly #undoManagers = new Map<string, Y.UndoManager>();
  readonly #saveQueues: SaveQueue[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #saveListeners = new Set<() => void>();
  #manifest: Manifest;
  #saveState: SaveState = { kind: 'saved' };

  private constructor(host: HostApi, loaded: LoadedPlan) {
    const server = loaded.server;
    this.#host = host;
    this.planId = loaded.planId;
    this.server = server;
    this.manifestDoc = new Y.Doc();
    Y.applyUpdate(this.manifestDoc, loaded.manifest.update, STORAGE_ORIGIN);
    this.#track(this.manifestDoc, manifestDocName(this.planId));

    for (const stored of loaded.chapters) {
      const ref = parseDocName(stored.name);
      if (ref?.kind !== 'chapter' || ref.planId !== this.planId) continue;
      const doc = new Y.Doc();
      try {
        // A chapter stored by a version without the client-side limits may
        // hold another member's change that overflows the editor's stack
        // (issue 11, finding 1): leave that part out, as sync now does.
        const screened = keepWithinLimits(doc, stored.update);
        if (screened.refused !== null) {
          console.warn(`[plan] chapter ${ref.chapterId}: stored changes left out: ${screened.refused.refusal}: ${screened.refused.detail}`);
        }
        if (screened.update === null) throw new Error(`over the structural limits (${screened.refused?.refusal ?? 'unreadable'})`);
        Y.applyUpdate(doc, screened.update, STORAGE_ORIGIN);
      } catch (error) {
        // One unreadable chapter must not keep the rest of the plan closed.
        console.error(`[plan] chapter ${ref.chapterId} cannot be read`, error);
        this.#addChapterDoc(ref.chapterId, new Y.Doc(), error instanceof Error ? error.message : String(error));
        continue;
      }
      this.#addChapterDoc(ref.chapterId, doc);
    }
    this.#manifest = readManifest(this.manifestDoc);
    this.#ensureChapterDocs();
    this.sources = new SourceShelf({ planId: this.planId, manifestDoc: this.manifestDoc, stored: loaded.sources ?? [], track: (doc, name) => this.#track(doc, name) });
    this.manifestDoc.on('update', () => {
      this.#manifest = readManifest(this.manifestDoc);
      this.#ensureChapterDocs();
      this.#emit();
    });
    this.refusedChanges = server === null ? null : new RefusedChanges(host, this.planId);
    this.sync =
      server === null
        ? null
        : new PlanSync({
            planId: this.planId,
            host,
            member: server.member,
            docs: {
              manifestName: manifestDocName(this.planId),
              manifestDoc: this.manifestDoc,
              chapterDocs: () => this.#syncableChapters(),
              onChapterAdded: (listener) => {
                this.#chapterAddedListeners.add(listener);
                return () => this.#chapterAddedListeners.delete(listener);
              },
              sourceDocs: () => this.#syncableSources(),
              onSourcesChanged: (listener) => this.sources.subscribe(listener),
              onDocRefused: (kind, id, reason) => this.#docRefused(kind, id, reason),
            },
          });
    this.sync?.subscribeStatus(() => this.#keepUnlistedSources());
  }

  static async open(host: HostApi, planId: string): Promise<PlanSession> {
    return new PlanSession(host, await host.loadPlan({ planId }));
  }

  /** Whether this member may only read (a reader on the plan's sync server). */
  get readOnlyMember(): boolean {
    return (this.sync?.member ?? this.server?.member)?.role === 'reader';
  }

  get manifest(): Manifest {
    return this.#manifest;
  }

  get saveState(): SaveState {
    return this.#saveState;
  }

  /** Whether the plan as a whole may be edited by this version of the app. */
  planAccess(): DocAccess {
    return accessForSchemaVersion(this.#manifest.schemaVersion);
  }

  chapter(chapterId: string): ChapterHandle | undefined {
    return this.#chapters.get(chapterId);
  }

  /** Notified when the manifest changes (titles, chapters, owners). */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Notified when the save state changes. Kept apart from `subscribe` so that
   * typing, which flips the save state, re-renders only the status bar.
   */
  subscribeSaveState(listener: () => void): () => void {
    this.#saveListeners.add(listener);
    return () => this.#saveListeners.delete(listener);
  }

  addChapter(title: string, owner: AgencyCode | null): string {
    const id = crypto.randomUUID();
    const doc = new Y.Doc();
    // Create the chapter doc (with its meta) before the manifest points at it.
    this.#addChapterDoc(id, doc);
    initChapterMeta(doc, this.planId, id);
    writeEmptyChapter(doc);
    this.manifestDoc.transact(() => addChapter(this.manifestDoc, { id, title, owner }, nextChapterOrder(this.#manifest)));
    return id;
  }

  setPlanTitle(title: string): void {
    this.manifestDoc.getMap('plan').set('title', title);
  }

  updateChapter(chapterId: string, fields: { title?: string; owner?: AgencyCode | null }): void {
    const entry = this.manifestDoc.getMap('chapters').get(chapterId);
    if (!(entry instanceof Y.Map)) return;
    this.manifestDoc.transact(() => {
      if (fields.title !== undefined) entry.set('title', fields.title);
      if (fields.owner !== undefined) entry.set('owner', fields.owner);
    });
  }

  /** Moves a chapter to `toIndex` in the outline; false if it did not move. */
  moveChapter(chapterId: string, toIndex: number): boolean {
    return moveChapter(this.manifestDoc, this.#manifest.chapters, chapterId, toIndex);
  }

  /** Marks a chapter deleted; its doc is kept (shared/plan/chapter-deletion.ts). False if `member` may not. */
  deleteChapter(chapter: ChapterEntry, member: Member): boolean {
    return deleteChapter(this.manifestDoc, chapter, member, new Date().toISOString());
  }

  restoreChapter(chapter: ChapterEntry, member: Member): boolean {
    return restoreChapter(this.manifestDoc, chapter, member);
  }

  /**
   * Notified once when the plan's manifest or a source was set aside after
   * a refusal: the plan must be opened again to rebuild it from the
   * server's copy (PlanView asks App to).
   */
  subscribeRebuild(listener: () => void): () => void {
    this.#rebuildListeners.add(listener);
    return () => this.#rebuildListeners.delete(listener);
  }

  whenSaved(): Promise<void> {
    // Opening the plan again waits for this: from here a set-aside manifest or
    // source is no longer added to its record, since doing so forgets the
    // doc's stored state again, which by then may be the new session's copy.
    if (this.#rebuildNeeded) this.#stopKeepingAgain();
    return Promise.all([...this.#saveQueues.map((p) => p.whenSaved()), this.#keepingAgain]).then(() => undefined);
  }

  destroy(): void {
    this.#stopKeepingAgain();
    this.#rebuildListeners.clear();
    this.sync?.destroy();
    this.refusedChanges?.destroy();
    this.sources.destroy();
    this.#chapterAddedListeners.clear();
    for (const p of this.#saveQueues) p.destroy();
    for (const undoManager of this.#undoManagers.values()) undoManager.destroy();
    this.#undoManagers.clear();
    for (const chapter of this.#chapters.values()) {
      chapter.threads.destroy();
      chapter.doc.destroy();
    }
    this.manifestDoc.destroy();
    this.#listeners.clear();
    this.#saveListeners.clear();
  }

  #ensureChapterDocs(): void {
    // A chapter listed in the manifest whose doc was never stored (e.g. the
    // app stopped between the two saves) starts empty rather than missing.
    // Deleted chapters too: their text is kept and synced until restored.
    for (const chapter of [...this.#manifest.chapters, ...this.#manifest.deletedChapters]) {
      if (!this.#chapters.has(chapter.id)) this.#addChapterDoc(chapter.id, new Y.Doc());
    }
  }

  #addChapterDoc(chapterId: string, doc: Y.Doc, problem: string | null = null): void {
    const handle: ChapterHandle = {
      id: chapterId,
      doc,
      text: chapterText(doc),
      problem,
      threads: new ThreadStore(doc),
      access: () => accessForSchemaVersion(chapterSchemaVersion(doc)),
      undoManager: () => {
        let undoManager = this.#undoManagers.get(chapterId);
        if (undoManager === undefined) {
          undoManager = chapterUndoManager(handle.text);
          this.#undoManagers.set(chapterId, undoManager);
        }
        return undoManager;
      },
    };
    this.#chapters.set(chapterId, handle);
    if (problem === null) {
      this.#track(doc, chapterDocName(this.planId, chapterId));
      // Schema version 1 text, stored here or arriving later by sync, is
      // converted once (shared/chapter-text/migration.ts); the conversion is
      // saved and synced like an edit.
      migrateChapter(doc);
      legacyChapterContent(doc).observeDeep(() => migrateChapter(doc));
    }
    for (const listener of this.#chapterAddedListeners) listener();
  }

  *#syncableChapters(): Iterable<{ chapterId: string; name: string; doc: Y.Doc }> {
    // A damaged chapter is neither saved nor synced: its empty stand-in must
    // not pull the server's copy over what is stored here.
    for (const chapter of this.#chapters.values()) {
      if (chapter.problem === null && !this.#settingAside.has(chapter.id)) yield { chapterId: chapter.id, name: chapterDocName(this.planId, chapter.id), doc: chapter.doc };
    }
  }
  /** Every listed source's doc; a source whose stored doc could not be read has none, and is neither saved nor synced; one being set aside is not offered again. */
  *#syncableSources(): Iterable<{ name: string; doc: Y.Doc }> {
    for (const entry of this.sources.entries) {
      const doc = this.sources.doc(entry.id);
      if (doc !== undefined && !this.#settingAside.has(`source:${entry.id}`)) yield { name: sourceDocName(this.planId, entry.id), doc };
    }
  }

  /**
   * Once the plan has synced with the server, a source doc here that the
   * plan does not list is one whose entry the server never took: the plan's
   * doc that added it was refused (the entry went with it), or the app
   * stopped between saving the doc and its entry. Its words are kept as a
   * record like a refused source's, and the doc is let go. Not sent to the
   * server: it could only be refused there (unlisted), after the guard's
   * 5 s wait for the entry.
   */
  #keepUnlistedSources(): void {
    if (this.sync?.status.kind !== 'synced' || this.#rebuildNeeded || this.manifestDoc.getMap('meta').get('kind') !== 'manifest') return;
    for (const id of this.sources.unlisted()) {
      if (this.#settingAside.has(`source:${id}`)) continue;
      const detail = `the server's plan does not list source ${id}: the change of the plan's doc that added it was not accepted`;
      void this.#setAsidePlanDoc('source', id, ruleCloseReason(breach('plan-not-permitted', detail)));
    }
  }


  #track(doc: Y.Doc, name: string): void {
    const queue = new SaveQueue(doc, name, this.#host, () => this.#recomputeSaveState());
    this.#saveQueues.push(queue);
    this.#saveQueueOf.set(doc, queue);
  }

  /** The server refused an update of one of the plan's docs (plan-sync.ts). */
  #docRefused(kind: RefusedDocKind, id: string, reason: string): void {
    if (kind === 'chapter') void this.#setAsideChapter(id, reason);
    else void this.#setAsidePlanDoc(kind, id, reason);
  }

  /**
   * The server refused an update of this chapter: keep the chapter as it
   * stands here as a refused change in the host's store (which then forgets
   * the chapter's stored state), and start the chapter anew from the
   * server's copy, so it syncs again. The user's words are in the store at
   * every step: saved in the chapter until the record is committed, in the
   * record after (edits made while it is written too: keep-refused-state.ts).
   * If the host cannot keep the record, the chapter stays as it is and the
   * plan's sync stops, as before.
   */
  async #setAsideChapter(chapterId: string, reason: string): Promise<void> {
    const handle = this.#chapters.get(chapterId);
    // A second refusal while the first is handled: the record being written holds it too.
    if (this.#settingAside.has(chapterId)) return;
    if (handle === undefined || handle.problem !== null) {
      // Not a chapter this session can set aside: stop the plan's sync rather than leave it silently unsynced.
      this.sync?.stopForRefusal(reason);
      return;
    }
    this.#settingAside.add(chapterId);
    const entry = [...this.#manifest.chapters, ...this.#manifest.deletedChapters].find((c) => c.id === chapterId);
    const record = await this.#keepAside(handle.doc, chapterDocName(this.planId, chapterId), { docKind: 'chapter', docId: chapterId, docTitle: entry?.title ?? '' }, reason);
    this.#settingAside.delete(chapterId);
    if (record === null) return;
    handle.threads.destroy();
    this.#undoManagers.get(chapterId)?.destroy();
    this.#undoManagers.delete(chapterId);
    // A new, empty doc: the sync engine links it and brings the server's copy.
    this.#addChapterDoc(chapterId, new Y.Doc());
    this.#recomputeSaveState();
    this.#emit();
  }

  /**
   * The server refused an update of the plan's own doc (the manifest) or of
   * a source: kept as a record like a chapter, and then the plan is opened
   * again (`subscribeRebuild`), which starts that doc empty and syncs the
   * server's copy. Opening again rather than swapping the doc under the
   * open plan: the manifest is read by every part of the plan view, which
   * all start over with a new session (the reading place is kept, see
   * PlanView). Until the reopen starts (its `whenSaved`), an edit of the old
   * doc is added to the record (`#keepingAgain`; whenSaved waits for it).
   */
  async #setAsidePlanDoc(kind: 'manifest' | 'source', id: string, reason: string): Promise<void> {
    const doc = kind === 'manifest' ? this.manifestDoc : this.sources.doc(id);
    const key = `${kind}:${id}`;
    if (this.#settingAside.has(key) || this.#rebuildNeeded) return;
    if (doc === undefined) {
      this.sync?.stopForRefusal(reason);
      return;
    }
    this.#settingAside.add(key);
    const name = kind === 'manifest' ? manifestDocName(this.planId) : sourceDocName(this.planId, id);
    // A source the server never listed has its title only in her refused plan doc.
    const listed = kind === 'source' ? this.sources.entries.find((e) => e.id === id) : undefined;
    if (kind === 'source' && listed === undefined) await this.refusedChanges?.loaded;
    const title = kind === 'manifest' ? this.#manifest.title : (listed?.title ?? this.refusedChanges?.sourceTitle(id) ?? '');
    const fields = { docKind: kind, docId: id, docTitle: title } as const;
    let record = await this.#keepAside(doc, name, fields, reason);
    if (record === null) {
      this.#settingAside.delete(key);
      return;
    }
    // Nothing shows a source the manifest does not list: let go of its doc, no need to open the plan again.
    if (kind === 'source' && this.sources.forgetUnlisted(id)) {
      this.#settingAside.delete(key);
      this.#recomputeSaveState();
      return;
    }
    const keepAgain = (): void => {
      this.#keepingAgain = this.#keepingAgain
        .then(async () => {
          const kept = record;
          if (kept === null) return;
          record = await keepRefusedState(this.#host, doc, { ...this.#refusalFields(reason), ...fields }, kept);
          if (record.id !== kept.id) this.refusedChanges?.replaced(kept.id, record);
        })
        .catch((error: unknown) => console.error(`[plan] an edit of the refused ${kind} could not be added to its record`, error));
    };
    doc.on('update', keepAgain);
    this.#stopKeepingAgain = () => doc.off('update', keepAgain);
    this.#rebuildNeeded = true;
    for (const listener of this.#rebuildListeners) listener();
  }

  /** The record's fields that say why and by whom. */
  #refusalFields(reason: string): Pick<NewRefusedChange, 'planId' | 'rule' | 'detail' | 'by'> {
    const member = this.sync?.member ?? this.server?.member;
    if (member === undefined) throw new Error('no member to attribute the refused change to');
    return { planId: this.planId, rule: ruleOfCloseReason(reason), detail: reason.slice(0, 500), by: { memberId: member.id, name: member.name, agency: member.agency } };
  }

  /**
   * Stops saving `doc`, waits until what is pending is committed, and keeps
   * its whole state as a record (the host then forgets the doc's stored
   * state). Null if it could not: the doc is then saved again as before and
   * the plan's sync stops, so the words stay in the doc's own store.
   */
  async #keepAside(doc: Y.Doc, name: string, fields: Pick<NewRefusedChange, 'docKind' | 'docId' | 'docTitle'>, reason: string): Promise<RefusedChange | null> {
    const queue = this.#saveQueueOf.get(doc);
    let record: RefusedChange;
    try {
      if (this.refusedChanges === null) throw new Error('a plan without a server has no refused changes');
      const refusal = this.#refusalFields(reason);
      // Stop saving first, then wait for what is pending: every update before this is committed.
      queue?.destroy();
      await queue?.whenSaved();
      record = await keepRefusedState(this.#host, doc, { ...refusal, ...fields });
    } catch (error) {
      console.error(`[plan] the refused ${fields.docKind} ${fields.docId} could not be set aside; the plan's sync stops`, error);
      if (queue !== undefined) {
        this.#saveQueues.splice(this.#saveQueues.indexOf(queue), 1);
        this.#track(doc, name);
        // What was typed after saving stopped: the whole state, which Yjs applies idempotently.
        void this.#host.saveUpdate({ docName: name, update: Y.encodeStateAsUpdate(doc) }).catch((saveError: unknown) => console.error('[plan] could not save the doc again', saveError));
      }
      this.sync?.stopForRefusal(reason);
      return null;
    }
    if (queue !== undefined) this.#saveQueues.splice(this.#saveQueues.indexOf(queue), 1);
    this.#saveQueueOf.delete(doc);
    this.refusedChanges.added(record);
    return record;
  }

  #recomputeSaveState(): void {
    const states = this.#saveQueues.map((p) => p.state);
    const failed = states.find((s) => s.kind === 'failed');
    const next: SaveState = failed ?? (states.some((s) => s.kind === 'saving') ? { kind: 'saving' } : { kind: 'saved' });
    if (next.kind !== this.#saveState.kind || (next.kind === 'failed' && this.#saveState.kind === 'failed' && next.message !== this.#saveState.message)) {
      this.#saveState = next;
      for (const listener of this.#saveListeners) listener();
    }
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}

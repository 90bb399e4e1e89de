/**
 * The open plan's changes that the sync server did not accept
 * (docs/decisions/refused-changes.md), as the UI shows them: the status bar
 * names each chapter, the outline marks it, and the dialog offers what can
 * be done with the words. The records themselves are the host's
 * (HostApi `listRefusedChanges` …, src-main/refused/); this only mirrors
 * them, so a restart shows the same list.
 */
import * as Y from 'yjs';
import type { ExportResult, HostApi, RefusedChange } from '../../shared/host-api/host-api.ts';
import { readSources } from '../../shared/sources/source-list.ts';

export class RefusedChanges {
  readonly #host: HostApi;
  readonly #planId: string;
  readonly #listeners = new Set<() => void>();
  #records: readonly RefusedChange[] = [];
  #destroyed = false;
  /** Settles once the stored records have been read (or could not be). */
  readonly loaded: Promise<void>;

  constructor(host: HostApi, planId: string) {
    this.#host = host;
    this.#planId = planId;
    this.loaded = this.reload();
  }

  /** Oldest first. */
  get records(): readonly RefusedChange[] {
    return this.#records;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Whether a chapter has words the server did not accept, for the outline. */
  hasChapter(chapterId: string): boolean {
    return this.#records.some((record) => record.docKind === 'chapter' && record.docId === chapterId);
  }

  /**
   * A source's title as a refused plan doc of hers lists it, or null: a
   * source added in a plan doc the server refused is in no other manifest,
   * and its own doc holds no title.
   */
  sourceTitle(sourceId: string): string | null {
    for (const record of this.#records) {
      if (record.docKind !== 'manifest') continue;
      const doc = new Y.Doc();
      try {
        Y.applyUpdate(doc, record.update);
        const entry = readSources(doc).find((e) => e.id === sourceId);
        if (entry !== undefined) return entry.title;
      } catch {
        // An unreadable record names no source; the others may.
      } finally {
        doc.destroy();
      }
    }
    return null;
  }

  async reload(): Promise<void> {
    try {
      const records = await this.#host.listRefusedChanges({ planId: this.#planId });
      this.#set(records);
    } catch (error) {
      // The records stay in the store; the list is shown when it can be read.
      console.error('[refused] the refused changes could not be listed', error);
    }
  }

  /** A record the session just kept (or kept again). */
  added(record: RefusedChange): void {
    this.#set([...this.#records.filter((r) => r.id !== record.id), record]);
  }

  /** A record kept again with later edits, in place of the earlier one (which the host let go). */
  replaced(id: string, record: RefusedChange): void {
    this.#set([...this.#records.filter((r) => r.id !== id && r.id !== record.id), record]);
  }

  /** The user let it go (after confirming). */
  async discard(id: string): Promise<void> {
    await this.#host.discardRefusedChange({ planId: this.#planId, changeId: id });
    this.#set(this.#records.filter((r) => r.id !== id));
  }

  exportFile(id: string): Promise<ExportResult> {
    return this.#host.exportRefusedChange({ planId: this.#planId, changeId: id });
  }

  destroy(): void {
    this.#destroyed = true;
    this.#listeners.clear();
  }

  #set(records: readonly RefusedChange[]): void {
    if (this.#destroyed) return;
    this.#records = records;
    for (const listener of this.#listeners) listener();
  }
}

/**
 * The sources (Underlag) of an open plan: their manifest entries and their
 * docs (shared/sources/). Owned by the PlanSession, which saves every
 * source doc like a chapter (`track`); UI-free, so React subscribes to it.
 *
 * Adding a source writes its doc whole in one transaction, then its entry
 * in the manifest: a failure before the entry leaves a doc nobody lists
 * (never shown), never an entry without its text. A listed source whose doc
 * has not arrived here yet has an empty doc until sync brings it.
 */
import * as Y from 'yjs';
import type { StoredDoc } from '../../shared/host-api/host-api.ts';
import type { Member } from '../../shared/plan/member.ts';
import { clearSourceDoc, initSourceDoc, parseSourceDocName, sourceDocName } from '../../shared/sources/source-doc.ts';
import type { SourceFormat } from '../../shared/sources/source-format.ts';
import { addSourceEntry, markSourceRemoved, readSources, type SourceEntry } from '../../shared/sources/source-list.ts';
import { mayAddSource } from '../../shared/sources/source-permissions.ts';
import { STORAGE_ORIGIN } from '../plan/save-queue.ts';

export interface NewSourceInput {
  readonly title: string;
  readonly issuer: string;
  readonly date: string | null;
  readonly fileName: string;
  readonly format: SourceFormat;
  readonly text: string;
  readonly data: Uint8Array;
}

export class SourceShelf {
  readonly #planId: string;
  readonly #manifestDoc: Y.Doc;
  readonly #track: (doc: Y.Doc, name: string) => void;
  readonly #docs = new Map<string, Y.Doc>();
  readonly #listeners = new Set<() => void>();
  #entries: readonly SourceEntry[];
  readonly #onManifest = (): void => {
    const next = readSources(this.#manifestDoc);
    if (JSON.stringify(next) === JSON.stringify(this.#entries)) return;
    this.#entries = next;
    this.#ensureDocs();
    this.#emit();
  };

  constructor(options: { planId: string; manifestDoc: Y.Doc; stored: readonly StoredDoc[]; track: (doc: Y.Doc, name: string) => void }) {
    this.#planId = options.planId;
    this.#manifestDoc = options.manifestDoc;
    this.#track = options.track;
    for (const stored of options.stored) {
      const ref = parseSourceDocName(stored.name);
      if (ref === null || ref.planId !== this.#planId) continue;
      const doc = new Y.Doc();
      try {
        Y.applyUpdate(doc, stored.update, STORAGE_ORIGIN);
      } catch (error) {
        // Shown as not arrived; never saved over (not tracked).
        console.error(`[sources] source ${ref.sourceId} cannot be read`, error);
        continue;
      }
      this.#adopt(ref.sourceId, doc);
    }
    this.#entries = readSources(this.#manifestDoc);
    this.#ensureDocs();
    this.#manifestDoc.on('update', this.#onManifest);
  }

  /** Every source, the newest first, removed ones included. */
  get entries(): readonly SourceEntry[] {
    return this.#entries;
  }

  doc(sourceId: string): Y.Doc | undefined {
    return this.#docs.get(sourceId);
  }

  /**
   * The sources whose doc is here, written, but which the manifest does not
   * list: the plan's doc that added the entry was refused by the server (or
   * the app stopped between the two saves). Nothing shows them, so the
   * session keeps their words as a record once the plan has synced
   * (PlanSession); they are never synced, so no copy of words nobody can
   * see reaches the server.
   */
  unlisted(): string[] {
    const listed = new Set(this.#entries.map((e) => e.id));
    return [...this.#docs].filter(([id, doc]) => !listed.has(id) && doc.getMap('meta').get('kind') === 'source').map(([id]) => id);
  }

  /** Lets go of the doc of a source the manifest does not list (kept as a record); false, and kept, if it is listed. */
  forgetUnlisted(sourceId: string): boolean {
    const doc = this.#docs.get(sourceId);
    if (doc === undefined || this.#entries.some((e) => e.id === sourceId)) return false;
    this.#docs.delete(sourceId);
    doc.destroy();
    return true;
  }

  /** Notified when the list changes or a source's doc arrives. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Adds a source; its id, or null if `member` may not. */
  add(input: NewSourceInput, member: Member): string | null {
    // Asked before anything is written: a doc once saved stays in the local log until compaction.
    if (!mayAddSource(member)) return null;
    const id = crypto.randomUUID();
    const doc = new Y.Doc();
    this.#adopt(id, doc);
    initSourceDoc(doc, { planId: this.#planId, sourceId: id, text: input.text, file: { name: input.fileName, format: input.format, data: input.data } });
    const added = addSourceEntry(this.#manifestDoc, { id, title: input.title, issuer: input.issuer, date: input.date, format: input.format, fileName: input.fileName }, member, new Date().toISOString());
    if (!added) {
      clearSourceDoc(doc);
      return null;
    }
    return id;
  }

  /** Removes a source: its entry is marked and its doc emptied. False if `member` may not. */
  remove(entry: SourceEntry, member: Member): boolean {
    if (!markSourceRemoved(this.#manifestDoc, entry, member, new Date().toISOString())) return false;
    const doc = this.#docs.get(entry.id);
    if (doc !== undefined) clearSourceDoc(doc);
    return true;
  }

  destroy(): void {
    this.#manifestDoc.off('update', this.#onManifest);
    for (const doc of this.#docs.values()) doc.destroy();
    this.#listeners.clear();
  }

  #ensureDocs(): void {
    for (const entry of this.#entries) if (!this.#docs.has(entry.id)) this.#adopt(entry.id, new Y.Doc());
  }

  #adopt(sourceId: string, doc: Y.Doc): void {
    this.#docs.set(sourceId, doc);
    this.#track(doc, sourceDocName(this.#planId, sourceId));
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== STORAGE_ORIGIN) this.#emit();
    });
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}

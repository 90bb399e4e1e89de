/**
 * Plans on the local machine: list, create, open the sample, load and save.
 *
 * Main never holds a plan's Y.Docs open; the renderer does (DESIGN §5). Main
 * stores the updates the renderer sends, and decodes a manifest only to list
 * plans. Every update is committed before `saveUpdate` resolves, so the
 * renderer's "saved" indicator is never ahead of the disk.
 */
import * as Y from 'yjs';
import { HostError } from '../../shared/host-api/host-error.ts';
import type { LoadedPlan, PlanSummary, SaveReceipt, StoredDoc } from '../../shared/host-api/host-api.ts';
import { manifestDocName, parseDocName } from '../../shared/plan/doc-names.ts';
import { readManifest } from '../../shared/plan/manifest.ts';
import { SAMPLE_PLAN } from '../../shared/sample/sample-plan.ts';
import type { DocStore } from '../storage/doc-store.ts';
import { buildPlan, EMPTY_CHAPTER_CONTENT, type PlanTemplate } from './plan-factory.ts';

/** Compact a doc's log once it holds this many updates (y-indexeddb uses 500). */
export const COMPACT_AFTER_UPDATES = 500;

const SAMPLE_PLAN_SETTING = 'samplePlanId';

export interface NewPlanOptions {
  readonly title: string;
  readonly firstChapterTitle: string;
}

export class PlanService {
  readonly #store: DocStore;
  readonly #now: () => Date;
  readonly #compactionQueued = new Set<string>();

  constructor(store: DocStore, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#now = now;
  }

  listPlans(): PlanSummary[] {
    const sampleId = this.#store.getSetting(SAMPLE_PLAN_SETTING);
    const summaries: PlanSummary[] = [];
    for (const name of this.#store.listDocs('plan/')) {
      const ref = parseDocName(name);
      if (ref?.kind !== 'manifest') continue;
      summaries.push(this.#summarise(ref.planId, sampleId === ref.planId));
    }
    return summaries.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.title.localeCompare(b.title, 'sv'));
  }

  createPlan(options: NewPlanOptions): PlanSummary {
    return this.#createFromTemplate({
      title: options.title,
      deadline: null,
      chapters: [{ title: options.firstChapterTitle, owner: null, content: EMPTY_CHAPTER_CONTENT }],
    });
  }

  /** The local copy of the bundled sample plan, created on first use. */
  openSamplePlan(): PlanSummary {
    const existing = this.#store.getSetting(SAMPLE_PLAN_SETTING);
    if (typeof existing === 'string' && this.#store.loadDoc(manifestDocName(existing)) !== null) {
      return this.#summarise(existing, true);
    }
    const summary = this.#createFromTemplate(SAMPLE_PLAN);
    this.#store.setSetting(SAMPLE_PLAN_SETTING, summary.id);
    return { ...summary, isSample: true };
  }

  hasPlan(planId: string): boolean {
    return this.#store.loadDoc(manifestDocName(planId)) !== null;
  }

  loadPlan(planId: string): LoadedPlan {
    const manifestName = manifestDocName(planId);
    const manifest = this.#store.loadDoc(manifestName);
    if (manifest === null) throw new HostError('not-found', `No plan with id ${planId} is stored on this computer.`);
    const chapters: StoredDoc[] = [];
    for (const name of this.#store.listDocs(`${manifestName}/chapter/`)) {
      const update = this.#store.loadDoc(name);
      if (update !== null) chapters.push({ name, update });
    }
    return { planId, manifest: { name: manifestName, update: manifest }, chapters };
  }

  saveUpdate(docName: string, update: Uint8Array): SaveReceipt {
    const ref = parseDocName(docName);
    if (ref === null) throw new HostError('invalid-argument', `saveUpdate: docName is not a plan document: ${docName}`);
    // A chapter or manifest update for a plan that was never created would be
    // an orphan nobody can open; refuse it instead of storing it.
    if (!this.hasPlan(ref.planId)) {
      throw new HostError('not-found', `saveUpdate: no plan with id ${ref.planId} is stored on this computer.`);
    }
    assertDecodableUpdate(update);
    const seq = this.#store.appendUpdate(docName, update);
    this.#scheduleCompaction(docName);
    return { seq };
  }

  #createFromTemplate(template: PlanTemplate): PlanSummary {
    const built = buildPlan(template, this.#now());
    // Chapters are written before the manifest, so a crash half-way leaves at
    // most unlisted orphan chapters, never a listed plan with missing chapters.
    for (const doc of built.docs) this.#store.appendUpdate(doc.name, doc.update);
    return this.#summarise(built.planId, false);
  }

  #summarise(planId: string, isSample: boolean): PlanSummary {
    const manifestName = manifestDocName(planId);
    const update = this.#store.loadDoc(manifestName);
    if (update === null) throw new HostError('not-found', `No plan with id ${planId} is stored on this computer.`);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    const manifest = readManifest(doc);
    doc.destroy();
    let updatedAt = this.#store.docUpdatedAt(manifestName) ?? '';
    for (const chapter of manifest.chapters) {
      const at = this.#store.docUpdatedAt(`${manifestName}/chapter/${chapter.id}`);
      if (at !== null && at > updatedAt) updatedAt = at;
    }
    return { id: planId, title: manifest.title, chapterCount: manifest.chapters.length, isSample, updatedAt };
  }

  /**
   * Compaction runs after the save has been acknowledged, off the request
   * path, and at most once per doc at a time. It is an optimisation: the log
   * alone is complete, so a failure here loses nothing and is only logged.
   */
  #scheduleCompaction(docName: string): void {
    if (this.#compactionQueued.has(docName) || this.#store.updateCount(docName) < COMPACT_AFTER_UPDATES) return;
    this.#compactionQueued.add(docName);
    setImmediate(() => {
      this.#compactionQueued.delete(docName);
      try {
        this.#store.compact(docName);
      } catch (error) {
        console.error(`[storage] compaction of ${docName} failed; the update log is kept as is`, error);
      }
    });
  }
}

/**
 * Rejects bytes that are not a Yjs update before they reach the log: one
 * undecodable row would make the whole doc fail to load. Size is already
 * bounded by the HostApi schema.
 */
function assertDecodableUpdate(update: Uint8Array): void {
  try {
    Y.decodeUpdate(update);
  } catch (error) {
    throw new HostError(
      'invalid-argument',
      `saveUpdate: update is not a valid Yjs update (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

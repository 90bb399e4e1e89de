/**
 * Plans on the local machine: list, create, open the sample, load, save and
 * delete.
 *
 * The renderer holds the plan's Y.Docs that the user works on (DESIGN §5);
 * main stores the updates the renderer sends, and decodes a manifest to list
 * plans. Main does keep decoded copies of up to 64 recently saved docs
 * (`CHECKED_DOCS_KEPT`), only to check each incoming update against the
 * stored state before storing it; they are never edited or sent anywhere.
 * Every update is committed before `saveUpdate` resolves, so the renderer's
 * "saved" indicator is never ahead of the disk.
 */
import * as Y from 'yjs';
import { HostError } from '../../shared/host-api/host-error.ts';
import type { LoadedPlan, PlanServerInfo, PlanSummary, SaveReceipt, ServerLink, StoredDoc } from '../../shared/host-api/host-api.ts';
import { manifestDocName, parseDocName } from '../../shared/plan/doc-names.ts';
import { parseSourceDocName } from '../../shared/sources/source-doc.ts';
import { readManifest } from '../../shared/plan/manifest.ts';
import { SAMPLE_PLAN } from '../../shared/sample/sample-plan.ts';
import { COMPACT_AFTER_UPDATES, type DocStore } from '../../src-node/storage/doc-store.ts';
import { buildPlan, EMPTY_CHAPTER_CONTENT, type PlanTemplate } from './plan-factory.ts';

/** `Y.encodeStateAsUpdate(new Y.Doc())`: a doc with nothing in it. */
const EMPTY_DOC_UPDATE = new Uint8Array([0, 0]);

function serverInfo(link: ServerLink | undefined): PlanServerInfo | null {
  return link ? { serverUrl: link.serverUrl, member: link.member } : null;
}

/** Docs kept decoded in memory to check incoming updates against. */
const CHECKED_DOCS_KEPT = 64;

const SAMPLE_PLAN_SETTING = 'samplePlanId';

/** The plans this computer has joined on sync servers (src-main/sync/server-links.ts). */
export interface LinkedPlans {
  get(planId: string): ServerLink | null;
  all(): ReadonlyMap<string, ServerLink>;
  /** Forgets this computer's link to the plan and its token; nothing is sent to the server. */
  forget(planId: string): void;
}

const NO_LINKED_PLANS: LinkedPlans = { get: () => null, all: () => new Map(), forget: () => undefined };

export interface NewPlanOptions {
  readonly title: string;
  readonly firstChapterTitle: string;
}

export class PlanService {
  readonly #store: DocStore;
  readonly #now: () => Date;
  readonly #compactionQueued = new Set<string>();
  /** Decoded state of recently saved docs, oldest first (an LRU by Map order). */
  readonly #checkedDocs = new Map<string, Y.Doc>();
  /** Plans known to exist; only `deletePlan` removes one. */
  readonly #knownPlans = new Set<string>();

  readonly #servers: LinkedPlans;

  constructor(store: DocStore, options: { now?: () => Date; servers?: LinkedPlans } = {}) {
    this.#store = store;
    this.#now = options.now ?? (() => new Date());
    this.#servers = options.servers ?? NO_LINKED_PLANS;
  }

  listPlans(): PlanSummary[] {
    const sampleId = this.#store.getSetting(SAMPLE_PLAN_SETTING);
    const summaries: PlanSummary[] = [];
    const links = this.#servers.all();
    for (const name of this.#store.listDocs('plan/')) {
      const ref = parseDocName(name);
      if (ref?.kind !== 'manifest') continue;
      try {
        summaries.push(this.#summarise(ref.planId, sampleId === ref.planId, links.get(ref.planId) ?? null));
      } catch (error) {
        // One unreadable plan must not hide all the others: list it, marked,
        // so the user knows it exists and support can recover it.
        console.error(`[plans] plan ${ref.planId} cannot be read`, error);
        summaries.push({
          id: ref.planId,
          title: '',
          chapterCount: 0,
          isSample: sampleId === ref.planId,
          updatedAt: this.#store.docUpdatedAt(name) ?? '',
          problem: error instanceof Error ? error.message : String(error),
          server: serverInfo(links.get(ref.planId)),
        });
      }
    }
    // A plan joined on a server is listed at once, before its first doc has
    // arrived (its title is then still unknown: '').
    for (const [planId, link] of links) {
      if (summaries.some((s) => s.id === planId)) continue;
      summaries.push({ id: planId, title: '', chapterCount: 0, isSample: false, updatedAt: link.member.joinedAt, problem: null, server: serverInfo(link) });
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
    if (typeof existing === 'string' && this.hasPlan(existing)) {
      return this.#summarise(existing, true);
    }
    const summary = this.#createFromTemplate(SAMPLE_PLAN);
    this.#store.setSetting(SAMPLE_PLAN_SETTING, summary.id);
    return { ...summary, isSample: true };
  }

  /**
   * Called on every save, so a plan once seen is remembered instead of its
   * manifest being merged from the store again.
   */
  hasPlan(planId: string): boolean {
    if (this.#knownPlans.has(planId)) return true;
    const exists = this.#store.docUpdatedAt(manifestDocName(planId)) !== null || this.#servers.get(planId) !== null;
    if (exists) this.#knownPlans.add(planId);
    return exists;
  }

  loadPlan(planId: string): LoadedPlan {
    const manifestName = manifestDocName(planId);
    let manifest = this.#store.loadDoc(manifestName);
    const link = this.#servers.get(planId);
    if (manifest === null) {
      if (link === null) throw new HostError('not-found', `No plan with id ${planId} is stored on this computer.`);
      // Joined, and nothing has arrived yet: an empty doc, filled by sync.
      manifest = EMPTY_DOC_UPDATE;
    }
    const chapters: StoredDoc[] = [];
    for (const name of this.#store.listDocs(`${manifestName}/chapter/`)) {
      const update = this.#store.loadDoc(name);
      if (update !== null) chapters.push({ name, update });
    }
    const sources: StoredDoc[] = [];
    for (const name of this.#store.listDocs(`${manifestName}/source/`)) {
      const update = this.#store.loadDoc(name);
      if (update !== null) sources.push({ name, update });
    }
    return { planId, manifest: { name: manifestName, update: manifest }, chapters, sources, server: serverInfo(link ?? undefined) };
  }

  saveUpdate(docName: string, update: Uint8Array): SaveReceipt {
    const ref = parseDocName(docName) ?? parseSourceDocName(docName);
    if (ref === null) throw new HostError('invalid-argument', `saveUpdate: docName is not a plan document: ${docName}`);
    // A chapter or manifest update for a plan that was never created would be
    // an orphan nobody can open; refuse it instead of storing it.
    if (!this.hasPlan(ref.planId)) {
      throw new HostError('not-found', `saveUpdate: no plan with id ${ref.planId} is stored on this computer.`);
    }
    this.#checkAgainstStoredState(docName, update);
    const seq = this.#store.appendUpdate(docName, update);
    this.#scheduleCompaction(docName);
    return { seq };
  }

  /**
   * Forgets what is stored of one chapter, source or the plan's manifest, so
   * the renderer rebuilds it from the sync server's copy: only after the doc
   * as it stood is kept as a refused change
   * (src-main/refused/refused-change-store.ts), never otherwise. The check
   * cache goes too: the next save starts from nothing. A manifest is
   * replaced by an empty doc rather than deleted, so the plan stays in the
   * list of plans until the server's copy arrives.
   */
  forgetDoc(docName: string): void {
    const kind = parseSourceDocName(docName) !== null ? 'source' : parseDocName(docName)?.kind;
    if (kind === undefined) throw new HostError('invalid-argument', `forgetDoc: not a plan document: ${docName}`);
    this.#store.deleteDocs([docName]);
    if (kind === 'manifest') this.#store.appendUpdate(docName, EMPTY_DOC_UPDATE);
    this.#checkedDocs.get(docName)?.destroy();
    this.#checkedDocs.delete(docName);
  }

  /**
   * Deletes the plan from this computer, at the user's explicit request:
   * its manifest and every chapter doc in one store transaction, then its
   * server link and token (a shared plan stays on its server and with the
   * other members; nothing is sent there), and the sample mark if it was the
   * sample, so "Öppna exempelplanen" makes a fresh copy. Other plans' docs
   * are never touched: only the manifest name and names under
   * `plan/<id>/` are deleted, and a plan id is a fixed-length UUID.
   */
  deletePlan(planId: string): void {
    if (!this.hasPlan(planId)) throw new HostError('not-found', `deletePlan: no plan with id ${planId} is stored on this computer.`);
    const manifestName = manifestDocName(planId);
    const docs = [manifestName, ...this.#store.listDocs(`${manifestName}/`)];
    this.#store.deleteDocs(docs);
    this.#servers.forget(planId);
    if (this.#store.getSetting(SAMPLE_PLAN_SETTING) === planId) this.#store.setSetting(SAMPLE_PLAN_SETTING, null);
    // Forgotten last, so a save that arrives afterwards (another browser tab
    // still showing the plan) is refused instead of leaving an orphan doc.
    this.#knownPlans.delete(planId);
    for (const doc of docs) {
      this.#checkedDocs.get(doc)?.destroy();
      this.#checkedDocs.delete(doc);
    }
  }

  #createFromTemplate(template: PlanTemplate): PlanSummary {
    const built = buildPlan(template, this.#now());
    // Chapters are written before the manifest, so a crash half-way leaves at
    // most unlisted orphan chapters, never a listed plan with missing chapters.
    for (const doc of built.docs) this.#store.appendUpdate(doc.name, doc.update);
    return this.#summarise(built.planId, false);
  }

  /** `link`: the plan's server link when the caller has it at hand; read from the settings otherwise. */
  #summarise(planId: string, isSample: boolean, link: ServerLink | null = this.#servers.get(planId)): PlanSummary {
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
    return {
      id: planId,
      title: manifest.title,
      chapterCount: manifest.chapters.length,
      isSample,
      updatedAt,
      problem: null,
      server: serverInfo(link ?? undefined),
    };
  }

  /**
   * Applies the update to the doc's stored state before it is stored. Bytes
   * that merely decode can still break the doc (a flipped byte in a real edit
   * makes Yjs throw when the state is applied), and one such row in the log
   * would make the chapter impossible to open from then on. Keeping recently
   * used docs decoded makes this one in-memory apply per save.
   */
  #checkAgainstStoredState(docName: string, update: Uint8Array): void {
    let doc = this.#checkedDocs.get(docName);
    this.#checkedDocs.delete(docName);
    if (doc === undefined) {
      doc = new Y.Doc();
      const stored = this.#store.loadDoc(docName);
      if (stored !== null) Y.applyUpdate(doc, stored);
    }
    try {
      Y.applyUpdate(doc, update);
    } catch (error) {
      // The doc may be half-changed now: forget it, reload it next time.
      doc.destroy();
      throw new HostError(
        'invalid-argument',
        `saveUpdate: update cannot be applied to ${docName} (${error instanceof Error ? error.message : String(error)}); it was not stored`,
      );
    }
    this.#checkedDocs.set(docName, doc);
    for (const [name, oldest] of this.#checkedDocs) {
      if (this.#checkedDocs.size <= CHECKED_DOCS_KEPT) break;
      oldest.destroy();
      this.#checkedDocs.delete(name);
    }
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

/**
 * The page's side of the search worker (search-worker.ts): one per open
 * plan, made with the session and fed every chapter's and source's Yjs
 * updates as they happen (local typing and what sync brings), so the index
 * is ready when "Sök i planen" opens and follows the plan while it is open.
 */
import * as Y from 'yjs';
import type { IndexResults } from '../../shared/search/search-index.ts';
import type { PlanSession } from '../plan/plan-session.ts';
import type { FromSearchWorker, IndexedKind, ToSearchWorker } from './search-protocol.ts';

export class PlanSearchIndex {
  readonly #worker: Worker;
  readonly #session: PlanSession;
  readonly #followed = new Map<string, { doc: Y.Doc; stop: () => void }>();
  readonly #unsubscribe: (() => void)[] = [];
  #queryId = 0;
  #onResults: ((text: string, found: IndexResults) => void) | null = null;

  constructor(session: PlanSession) {
    this.#session = session;
    this.#worker = new Worker(new URL('./search-worker.ts', import.meta.url), { type: 'module', name: 'samskriv-search' });
    this.#worker.onmessage = (event: MessageEvent<FromSearchWorker>) => {
      if (event.data.queryId === this.#queryId) this.#onResults?.(event.data.text, event.data.found);
    };
    this.#sync();
    this.#unsubscribe.push(session.subscribe(() => this.#sync()), session.sources.subscribe(() => this.#sync()));
  }

  /** Searches `text` now and after every change, until `stop` or another query; results go to `onResults`. */
  query(text: string, chapters: readonly string[], sources: readonly string[], onResults: (text: string, found: IndexResults) => void): void {
    this.#onResults = onResults;
    this.#post({ type: 'query', queryId: ++this.#queryId, text, chapters, sources });
  }

  stop(): void {
    this.#onResults = null;
    this.#queryId++;
    this.#post({ type: 'stop' });
  }

  destroy(): void {
    for (const stop of this.#unsubscribe) stop();
    for (const { stop } of this.#followed.values()) stop();
    this.#followed.clear();
    this.#worker.terminate();
  }

  /** Follows every chapter (deleted ones too: their text is kept) and every source doc. */
  #sync(): void {
    const manifest = this.#session.manifest;
    const wanted = new Map<string, { kind: IndexedKind; id: string; doc: Y.Doc }>();
    for (const chapter of [...manifest.chapters, ...manifest.deletedChapters]) {
      const handle = this.#session.chapter(chapter.id);
      if (handle !== undefined && handle.problem === null) wanted.set(`chapter:${chapter.id}`, { kind: 'chapter', id: chapter.id, doc: handle.doc });
    }
    for (const entry of this.#session.sources.entries) {
      const doc = this.#session.sources.doc(entry.id);
      if (doc !== undefined) wanted.set(`source:${entry.id}`, { kind: 'source', id: entry.id, doc });
    }
    for (const [key, followed] of this.#followed) {
      if (wanted.get(key)?.doc === followed.doc) continue;
      followed.stop();
      this.#followed.delete(key);
      const [kind, id] = key.split(':') as [IndexedKind, string];
      this.#post({ type: 'forget', kind, id });
    }
    for (const [key, { kind, id, doc }] of wanted) {
      if (this.#followed.has(key)) continue;
      const onUpdate = (update: Uint8Array): void => this.#post({ type: 'update', kind, id, update });
      doc.on('update', onUpdate);
      this.#followed.set(key, { doc, stop: () => doc.off('update', onUpdate) });
      this.#post({ type: 'update', kind, id, update: Y.encodeStateAsUpdate(doc) });
    }
  }

  #post(message: ToSearchWorker): void {
    this.#worker.postMessage(message);
  }
}

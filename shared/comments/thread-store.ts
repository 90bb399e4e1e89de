/**
 * A live, immutable view of one chapter's threads for the UI.
 *
 * The sidebar must not re-render 500 threads because one got a reply, so
 * the store re-reads only the threads an update touched and keeps the same
 * object for every other thread. A memoised thread card then skips
 * rendering by identity. `snapshot` changes identity only when some thread
 * changed, which is what `useSyncExternalStore` needs.
 */
import * as Y from 'yjs';
import { readThread, threadsMap, type CommentThread } from './threads.ts';

export class ThreadStore {
  readonly #doc: Y.Doc;
  readonly #map: Y.Map<Y.Map<unknown>>;
  readonly #listeners = new Set<() => void>();
  #threads: ReadonlyMap<string, CommentThread>;
  readonly #observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => this.#onChange(events);

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.#map = threadsMap(doc);
    const threads = new Map<string, CommentThread>();
    this.#map.forEach((value, key) => {
      const thread = value instanceof Y.Map ? readThread(value) : null;
      if (thread && thread.id === key) threads.set(key, thread);
    });
    this.#threads = threads;
    this.#map.observeDeep(this.#observer);
  }

  get doc(): Y.Doc {
    return this.#doc;
  }

  /** Every readable thread of the chapter, by id. Replaced, never mutated. */
  get snapshot(): ReadonlyMap<string, CommentThread> {
    return this.#threads;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  destroy(): void {
    this.#map.unobserveDeep(this.#observer);
    this.#listeners.clear();
  }

  #onChange(events: Y.YEvent<Y.AbstractType<unknown>>[]): void {
    const touched = new Set<string>();
    for (const event of events) {
      if (event.target === this.#map) {
        for (const key of (event as Y.YMapEvent<unknown>).keysChanged) touched.add(key);
      } else {
        const first = event.path[0];
        if (typeof first === 'string') touched.add(first);
      }
    }
    if (touched.size === 0) return;
    const next = new Map(this.#threads);
    for (const id of touched) {
      const value = this.#map.get(id);
      const thread = value instanceof Y.Map ? readThread(value) : null;
      // An id whose entry is not a readable thread is dropped from the view,
      // not from the doc: nothing is deleted here.
      if (thread && thread.id === id) next.set(id, thread);
      else next.delete(id);
    }
    this.#threads = next;
    for (const listener of this.#listeners) listener();
  }
}

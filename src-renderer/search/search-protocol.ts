/**
 * The messages between the page and the search worker (search-worker.ts).
 * Documents travel as Yjs updates: the whole state once, then every update
 * the page's doc makes or receives, so the worker holds copies of the
 * plan's chapters and sources and the index follows them.
 */
import type { IndexResults } from '../../shared/search/search-index.ts';

export type IndexedKind = 'chapter' | 'source';

export type ToSearchWorker =
  | { readonly type: 'update'; readonly kind: IndexedKind; readonly id: string; readonly update: Uint8Array }
  | { readonly type: 'forget'; readonly kind: IndexedKind; readonly id: string }
  /** Searches now and again after every change until `stop`: the open dialog's results stay live. */
  | { readonly type: 'query'; readonly queryId: number; readonly text: string; readonly chapters: readonly string[]; readonly sources: readonly string[] }
  | { readonly type: 'stop' };

export type FromSearchWorker = { readonly type: 'results'; readonly queryId: number; readonly text: string; readonly found: IndexResults };

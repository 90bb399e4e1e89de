/**
 * The plan-wide search index, off the page's thread (issue 16). Holds a copy
 * of every chapter and source Y.Doc, fed with the page's Yjs updates
 * (search-protocol.ts), and the incremental SearchIndex
 * (shared/search/search-index.ts). A changed document is read again
 * `REINDEX_MS` after its last update, so a burst of typing costs one read of
 * that chapter, and the index then changes only the paragraphs whose text
 * changed; nothing is rebuilt per keystroke. While the dialog has a query
 * open, every re-index answers it again (live results).
 */
import * as Y from 'yjs';
import { readChapterDoc } from '../../shared/chapter-text/chapter-text.ts';
import { readThreads } from '../../shared/comments/threads.ts';
import { parseQuery } from '../../shared/search/query.ts';
import { SearchIndex } from '../../shared/search/search-index.ts';
import { sourceText } from '../../shared/sources/source-doc.ts';
import { readSuggestions } from '../../shared/suggestions/suggestions.ts';
import type { FromSearchWorker, IndexedKind, ToSearchWorker } from './search-protocol.ts';

const REINDEX_MS = 120;

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToSearchWorker>) => void) | null;
  postMessage(message: FromSearchWorker): void;
}
const scope = self as unknown as WorkerScope;

const docs = new Map<string, { kind: IndexedKind; id: string; doc: Y.Doc }>();
const dirty = new Set<string>();
const index = new SearchIndex();
let active: Extract<ToSearchWorker, { type: 'query' }> | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;

function reindex(): void {
  timer = null;
  for (const key of dirty) {
    const entry = docs.get(key);
    if (entry === undefined) continue;
    try {
      if (entry.kind === 'source') index.setSource(entry.id, sourceText(entry.doc).toString());
      else index.setChapter(entry.id, readChapterDoc(entry.doc), readThreads(entry.doc), readSuggestions(entry.doc));
    } catch (error) {
      // A chapter that cannot be read is shown as such by the page; search leaves it out.
      console.warn('[search] a document could not be indexed', error);
    }
  }
  dirty.clear();
  answer();
}

function answer(): void {
  if (active === null) return;
  const query = parseQuery(active.text);
  const found = query === null ? { results: [], total: 0 } : index.search(query, active.chapters, active.sources);
  scope.postMessage({ type: 'results', queryId: active.queryId, text: active.text, found });
}

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.type) {
    case 'update': {
      const key = `${message.kind}:${message.id}`;
      let entry = docs.get(key);
      if (entry === undefined) {
        entry = { kind: message.kind, id: message.id, doc: new Y.Doc() };
        docs.set(key, entry);
      }
      Y.applyUpdate(entry.doc, message.update);
      dirty.add(key);
      timer ??= setTimeout(reindex, REINDEX_MS);
      return;
    }
    case 'forget': {
      const key = `${message.kind}:${message.id}`;
      docs.get(key)?.doc.destroy();
      docs.delete(key);
      dirty.delete(key);
      if (message.kind === 'source') index.removeSource(message.id);
      else index.removeChapter(message.id);
      answer();
      return;
    }
    case 'query':
      active = message;
      // Answer at once from what is indexed; pending changes answer again when indexed.
      if (timer !== null) {
        clearTimeout(timer);
        reindex();
      } else answer();
      return;
    case 'stop':
      active = null;
      return;
  }
};

/**
 * Documents in embedded SQLite, through the desktop's own `DocStore`
 * (`<data-dir>/docs.sqlite`): the same file format, the same durability
 * (WAL, synchronous=FULL) and the same crash-safe compaction. Several server
 * instances may share one file; DocStore is built for concurrent processes.
 */
import { join } from 'node:path';
import { DocStore } from '../../storage/doc-store.ts';
import { COMPACT_AFTER_UPDATES, type DocPersistence } from './doc-persistence.ts';
import { GroupCommit } from './group-commit.ts';

export class SqliteDocPersistence implements DocPersistence {
  readonly kind = 'sqlite' as const;
  readonly #store: DocStore;
  readonly #commits: GroupCommit;

  constructor(dataDir: string) {
    this.#store = DocStore.open(join(dataDir, 'docs.sqlite'));
    // Each appendUpdate is its own committed (fsynced) transaction.
    this.#commits = new GroupCommit(async (batch) => {
      for (const [doc, update] of batch) this.#store.appendUpdate(doc, update);
    });
  }

  async load(doc: string): Promise<Uint8Array | null> {
    return this.#store.loadDoc(doc);
  }

  append(doc: string, update: Uint8Array): Promise<void> {
    return this.#commits.append(doc, update);
  }

  async compactIfLong(doc: string): Promise<void> {
    if (this.#store.updateCount(doc) >= COMPACT_AFTER_UPDATES) this.#store.compact(doc);
  }

  async close(): Promise<void> {
    await this.#commits.flush();
    this.#store.close();
  }
}

/**
 * Batches appends that arrive in the same turn of the event loop into one
 * commit. Every commit costs an fsync (SQLite) or a round trip (PostgreSQL);
 * with hundreds of people typing, one commit per keystroke would make the
 * disk the bottleneck. Updates of one document in a batch are merged with
 * `Y.mergeUpdates` into one row, which Yjs guarantees to be equivalent.
 * No timer delay is added: the batch is written on `setImmediate`, right
 * after the socket reads of this turn.
 */
import * as Y from 'yjs';

interface Pending {
  updates: Uint8Array[];
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

export class GroupCommit {
  readonly #write: (batch: Map<string, Uint8Array>) => Promise<void>;
  #pending = new Map<string, Pending>();
  #scheduled = false;
  #writing: Promise<void> = Promise.resolve();

  constructor(write: (batch: Map<string, Uint8Array>) => Promise<void>) {
    this.#write = write;
  }

  append(doc: string, update: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      let entry = this.#pending.get(doc);
      if (entry === undefined) {
        entry = { updates: [], waiters: [] };
        this.#pending.set(doc, entry);
      }
      entry.updates.push(update);
      entry.waiters.push({ resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          void this.flush();
        });
      }
    });
  }

  /** Writes everything queued so far; resolves when it is durable (or failed). */
  flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = new Map();
    // One batch at a time, in order, so a slow commit is never overtaken.
    this.#writing = this.#writing.then(async () => {
      if (batch.size === 0) return;
      try {
        const merged = new Map<string, Uint8Array>();
        for (const [doc, entry] of batch) merged.set(doc, entry.updates.length === 1 ? entry.updates[0]! : Y.mergeUpdates(entry.updates));
        await this.#write(merged);
      } catch (error) {
        for (const entry of batch.values()) for (const waiter of entry.waiters) waiter.reject(error);
        return;
      }
      for (const entry of batch.values()) for (const waiter of entry.waiters) waiter.resolve();
    });
    return this.#writing;
  }
}

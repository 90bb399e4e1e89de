/**
 * Group commit: appends that arrive while a commit is in flight wait and go
 * into the next commit together, whatever documents they belong to. Every
 * commit costs an fsync (SQLite) or a round trip (PostgreSQL); with hundreds
 * of people typing, one commit per keystroke, or even per event-loop turn,
 * would make the disk the bottleneck once the commit no longer blocks the
 * event loop (the SQLite store runs in a worker thread): turns are then
 * short, and a queue of tiny commits builds up behind the disk.
 *
 * So at most one batch is written at a time; the next batch is everything
 * that arrived meanwhile. Updates of one document in a batch are merged with
 * `Y.mergeUpdates` into one row, which Yjs guarantees to be equivalent.
 * No timer delay is added: an idle committer writes on `setImmediate`, right
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
  /** The batch being written, if any. */
  #inFlight: Promise<void> | null = null;

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
      this.#schedule();
    });
  }

  /** Writes everything queued so far; resolves when it is durable (or its commit failed). */
  async flush(): Promise<void> {
    while (this.#inFlight !== null || this.#pending.size > 0) {
      await (this.#inFlight ?? this.#writeNext());
    }
  }

  #schedule(): void {
    // While a batch is in flight, its completion starts the next one.
    if (this.#scheduled || this.#inFlight !== null) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#inFlight === null) void this.#writeNext();
    });
  }

  #writeNext(): Promise<void> {
    const batch = this.#pending;
    this.#pending = new Map();
    const written = (async () => {
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
    })();
    this.#inFlight = written;
    void written.finally(() => {
      this.#inFlight = null;
      if (this.#pending.size > 0) this.#schedule();
    });
    return written;
  }
}

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
 * that arrived meanwhile. Each update stays its own row, exactly the bytes
 * the document applied: `Y.mergeUpdates` is not equivalent to applying (it
 * drops the clients of an update whose clients ascend, which applyUpdate
 * accepts; src-node/storage/live-state.ts), and what is stored must be what
 * is live. A batch is still one commit, so rows cost no extra fsync.
 * No timer delay is added: an idle committer writes on `setImmediate`, right
 * after the socket reads of this turn.
 */

interface Pending {
  updates: Uint8Array[];
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

export class GroupCommit {
  readonly #write: (batch: readonly (readonly [doc: string, update: Uint8Array])[]) => Promise<void>;
  #pending = new Map<string, Pending>();
  #scheduled = false;
  /** The batch being written, if any. */
  #inFlight: Promise<void> | null = null;

  /** `write` stores the batch's updates, in the order they arrived per document, in one commit. */
  constructor(write: (batch: readonly (readonly [doc: string, update: Uint8Array])[]) => Promise<void>) {
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
        const rows: [string, Uint8Array][] = [];
        for (const [doc, entry] of batch) for (const update of entry.updates) rows.push([doc, update]);
        await this.#write(rows);
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

/**
 * What the sync server is known to hold of one Y.Doc, and so how many of
 * this computer's changes are still waiting: whether a chapter has changes
 * waiting ("Offline – ändringar i 2 kapitel väntar") must be the truth
 * (issue 3), also after a reconnect and after a restart. The count is of Yjs
 * items, so the UI tells chapters, never the number (status/SyncState.tsx).
 *
 * The provider's own `unsyncedChanges` cannot say it: it is reset to 1 on
 * every (re)connect and counts messages, not changes (server README). So we
 * keep our own account, from state vectors:
 *
 * - `acked` is a state vector plus a count of deleted items that the server
 *   is known to hold durably. It only grows.
 * - Everything the server sends us, it has: a remote transaction raises
 *   `acked` to the doc's new clocks and adds its deletions.
 * - Every message with document content we put on the wire (our sync step 2
 *   and each update) is remembered with the doc's state at that moment, in
 *   order. The server handles one connection's messages in order and answers
 *   each with SyncStatus only after storing it, so the k-th "applied" answer
 *   on a socket acknowledges the k-th content message. Once our step 2 (which
 *   carries everything the server lacked, with our whole delete set) has been
 *   sent, the doc's state at each send is exactly what has been sent so far,
 *   and its acknowledgement moves `acked` up to it. Updates sent before our
 *   step 2 on a socket are acknowledged without credit (we cannot tell what
 *   else was unsent then): that errs towards "waiting", never towards "synced".
 * - A closed socket forgets its unanswered messages; the next handshake sends
 *   what the server lacks again.
 *
 * N = Σ over clients of (local clock − acked clock) — items inserted here and
 * not yet held by the server (characters, elements, formatting) — plus the
 * local deletions the server does not hold. Deletions are counted apart
 * from the clocks: a running count of this session's local deletions (a
 * snapshot records how many had been made when it was sent), plus those
 * already waiting when the ledger started. Remote deletions never enter it,
 * so they cannot hide or inflate our own whatever order they arrive in. With no stored `acked` (never synced on this computer, or the
 * record was lost) N is unknown unless the doc is empty, and the UI says so
 * rather than guessing.
 */
import * as Y from 'yjs';
import type { SyncFrame } from './sync-frames.ts';

export interface AckedState {
  readonly sv: ReadonlyMap<number, number>;
  readonly deleted: number;
}

interface Snapshot {
  readonly sv: ReadonlyMap<number, number>;
  /** This session's local deletions so far. */
  readonly localDeleted: number;
}

interface Sent {
  /** The doc's state when the message was sent, or null when it does not say what has been sent. */
  readonly state: Snapshot | null;
}

type Phase = 'closed' | 'open' | 'sent-step2';

export class AckLedger {
  readonly #doc: Y.Doc;
  readonly #isRemote: (origin: unknown) => boolean;
  readonly #onChange: () => void;
  /** Clocks the server is known to hold (complete only when `#basePendingDeleted` is known). */
  #ackedSv = new Map<number, number>();
  /** Every deletion in the doc, local and remote. */
  #deletedTotal: number;
  /** Deletions made here before this ledger started that the server does not hold; null when unknown. */
  #basePendingDeleted: number | null;
  /** Deletions made here since this ledger started, and how many of them the server holds. */
  #localDeleted = 0;
  #ackedLocalDeleted = 0;
  #phase: Phase = 'closed';
  #sent: Sent[] = [];
  #serverStep2 = false;
  #refused = 0;
  readonly #onAfterTransaction = (tr: Y.Transaction): void => this.#afterTransaction(tr);

  /**
   * @param isRemote tells transactions applied from the server (the provider is their origin)
   * @param onChange called whenever `pending`, `acked` or the handshake state may have changed
   */
  constructor(doc: Y.Doc, stored: AckedState | null, isRemote: (origin: unknown) => boolean, onChange: () => void) {
    this.#doc = doc;
    this.#isRemote = isRemote;
    this.#onChange = onChange;
    this.#deletedTotal = deletedCount(Y.snapshot(doc).ds);
    if (stored !== null) {
      this.#ackedSv = new Map(stored.sv);
      this.#basePendingDeleted = Math.max(0, this.#deletedTotal - stored.deleted);
    } else if (Y.encodeStateVector(doc).length <= 1 && this.#deletedTotal === 0) {
      // An empty doc (a plan just joined) has nothing to wait for.
      this.#basePendingDeleted = 0;
    } else {
      this.#basePendingDeleted = null;
    }
    doc.on('afterTransaction', this.#onAfterTransaction);
  }

  /** Changes made here that the server is not known to hold; null when unknown. */
  get pending(): number | null {
    const deleted = this.#pendingDeleted();
    if (deleted === null) return null;
    const local = Y.decodeStateVector(Y.encodeStateVector(this.#doc));
    let inserted = 0;
    for (const [client, clock] of local) inserted += Math.max(0, clock - (this.#ackedSv.get(client) ?? 0));
    return inserted + deleted;
  }

  /** What the server is known to hold, for storing across restarts; null when unknown. */
  get acked(): AckedState | null {
    const deleted = this.#pendingDeleted();
    if (deleted === null) return null;
    return { sv: this.#ackedSv, deleted: this.#deletedTotal - deleted };
  }

  #pendingDeleted(): number | null {
    if (this.#basePendingDeleted === null) return null;
    return this.#basePendingDeleted + this.#localDeleted - this.#ackedLocalDeleted;
  }

  /** Connected, both handshake halves done and every content message answered. */
  get settled(): boolean {
    return this.#phase === 'sent-step2' && this.#serverStep2 && this.#sent.length === 0;
  }

  /** Whether the server has sent us its side of the handshake on this socket. */
  get receivedServerState(): boolean {
    return this.#serverStep2;
  }

  /** Content messages the server refused (a reader's change); they never become acknowledged. */
  get refused(): number {
    return this.#refused;
  }

  socketOpened(): void {
    this.#phase = 'open';
    this.#sent = [];
    this.#serverStep2 = false;
    this.#onChange();
  }

  socketClosed(): void {
    this.#phase = 'closed';
    this.#sent = [];
    this.#serverStep2 = false;
    this.#onChange();
  }

  /** A frame for this doc, just put on an open socket. */
  outgoing(frame: SyncFrame): void {
    if (this.#phase === 'closed') return;
    if (frame.kind === 'step2') {
      this.#phase = 'sent-step2';
      this.#sent.push({ state: this.#current() });
    } else if (frame.kind === 'update') {
      this.#sent.push({ state: this.#phase === 'sent-step2' ? this.#current() : null });
    }
  }

  /** A frame for this doc from the server, before the provider handles it. */
  incoming(frame: SyncFrame): void {
    if (this.#phase === 'closed') return;
    if (frame.kind === 'step2') {
      this.#serverStep2 = true;
      this.#onChange();
    } else if (frame.kind === 'sync-status') {
      const answered = this.#sent.shift();
      if (answered === undefined) return; // an answer we did not ask for: nothing to credit
      if (!frame.applied) this.#refused += 1;
      else if (answered.state !== null) this.#credit(answered.state);
      this.#onChange();
    }
  }

  destroy(): void {
    this.#doc.off('afterTransaction', this.#onAfterTransaction);
  }

  #current(): Snapshot {
    return { sv: Y.decodeStateVector(Y.encodeStateVector(this.#doc)), localDeleted: this.#localDeleted };
  }

  /** Only snapshots taken after our step 2 get here: it carried our whole delete set. */
  #credit(state: Snapshot): void {
    for (const [client, clock] of state.sv) {
      if (clock > (this.#ackedSv.get(client) ?? 0)) this.#ackedSv.set(client, clock);
    }
    this.#basePendingDeleted = 0;
    this.#ackedLocalDeleted = Math.max(this.#ackedLocalDeleted, state.localDeleted);
  }

  #afterTransaction(tr: Y.Transaction): void {
    const deleted = deletedCount(tr.deleteSet);
    this.#deletedTotal += deleted;
    const remote = this.#isRemote(tr.origin);
    if (!remote) this.#localDeleted += deleted;
    if (remote) {
      // The server sent these items and deletions, so it holds them. Only
      // the clients this transaction advanced: the rest of afterState may be
      // our own unsent items.
      for (const [client, clock] of tr.afterState) {
        if (clock !== (tr.beforeState.get(client) ?? 0) && clock > (this.#ackedSv.get(client) ?? 0)) this.#ackedSv.set(client, clock);
      }
    }
    if (deleted > 0 || !sameStates(tr.beforeState, tr.afterState)) this.#onChange();
  }
}

function deletedCount(ds: { clients: Map<number, { len: number }[]> }): number {
  let total = 0;
  for (const items of ds.clients.values()) for (const item of items) total += item.len;
  return total;
}

function sameStates(a: Map<number, number>, b: Map<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [client, clock] of a) if (b.get(client) !== clock) return false;
  return true;
}

/**
 * Rate and size limits on awareness (presence) frames, per socket and
 * document, applied before Hocuspocus sees a frame (issue 11, finding 2).
 *
 * Why: Hocuspocus decodes every awareness frame into a scratch doc, applies
 * it, keeps every client id it names and broadcasts the change to every
 * other connection of the document. 2,000 frames naming 1,000 client ids
 * each, from any member (a reader too), took /health to 5.7 s and the
 * server from 217 MB to 926 MB. So:
 *  - frames per second: a token bucket per socket and document. A client
 *    sends one frame per cursor move (src-renderer/editor/binding/
 *    cursor-plugin.ts), so fast typing or a selection drag reaches 10–60 a
 *    second for a moment; `burst` absorbs that, the excess is dropped (the
 *    next frame carries the newest state anyway, and the provider renews
 *    its state every 15 s) and logged, at most once a second per document;
 *  - client ids with a state: a provider announces one, its document's
 *    (one Y.Doc per document name); a few more are allowed for a document
 *    reopened on the same socket. More is not a client of ours: refused;
 *  - client ids without a state: a provider also relays removals of other
 *    clients it timed out (y-protocols' 30 s check), so these may name other
 *    ids, but only as many as the sessions it saw vanish; past the limit
 *    such frames are dropped, since the server times out stale states itself;
 *  - state size: a state holds a chapter id, a cursor and the member the
 *    server adds; a bigger one is refused.
 * Refused frames close the sender's socket with 4400 and an
 * `AwarenessRefusal`; dropped frames close nothing.
 */
import type { AwarenessRefusal } from '../../shared/sync-protocol/refusals.ts';

export interface AwarenessLimits {
  /** Frames per second per socket and document, sustained. */
  readonly framesPerSecond: number;
  /** Frames a socket may send for one document at once before the rate applies. */
  readonly burst: number;
  /** Distinct client ids with a state per socket and document. */
  readonly maxClientIds: number;
  /** Distinct client ids whose removal a socket may relay per document. */
  readonly maxRemovedClientIds: number;
  /** Longest JSON of one state, in UTF-8 bytes. */
  readonly maxStateBytes: number;
}

export interface AwarenessEntry {
  readonly clientId: number;
  /** UTF-8 bytes of the state's JSON; `null` (a removal) is 4. */
  readonly stateBytes: number;
  readonly removal: boolean;
}

export type AwarenessVerdict =
  | { readonly kind: 'pass' }
  | { readonly kind: 'drop'; readonly why: 'rate' | 'removals'; readonly log: { readonly dropped: number } | null }
  | { readonly kind: 'refuse'; readonly refusal: AwarenessRefusal; readonly detail: string };

interface DocumentBudget {
  tokens: number;
  refilledAt: number;
  readonly clientIds: Set<number>;
  readonly removedIds: Set<number>;
  dropped: number;
  loggedAt: number;
  readonly overflow: boolean;
}

const PASS: AwarenessVerdict = { kind: 'pass' };
const LOG_EVERY_MS = 1_000;
/** Documents one socket may send presence for; a plan has far fewer chapters. */
const MAX_DOCUMENTS_PER_SOCKET = 2_000;
/** Not a document name (those are plan/<uuid>…): the shared budget past the limit. */
const OVERFLOW = '\0overflow';

export class AwarenessLimiter {
  readonly #limits: AwarenessLimits;
  readonly #sockets = new Map<string, Map<string, DocumentBudget>>();

  constructor(limits: AwarenessLimits) {
    this.#limits = limits;
  }

  /**
   * Counts a frame of `socketId` for `docName` against the rate. Call before
   * reading the entries, so a flood costs no more than this. `now` in ms.
   */
  admitFrame(socketId: string, docName: string, now: number): AwarenessVerdict {
    const budget = this.#budget(socketId, docName, now);
    const limits = this.#limits;
    if (budget.overflow) return this.#drop(budget, 'rate', now);
    budget.tokens = Math.min(limits.burst, budget.tokens + ((now - budget.refilledAt) * limits.framesPerSecond) / 1000);
    budget.refilledAt = now;
    if (budget.tokens >= 1) {
      budget.tokens -= 1;
      return PASS;
    }
    return this.#drop(budget, 'rate', now);
  }

  /** Checks the entries of a frame that `admitFrame` let through. */
  admitEntries(socketId: string, docName: string, entries: readonly AwarenessEntry[], now: number): AwarenessVerdict {
    const budget = this.#budget(socketId, docName, now);
    const limits = this.#limits;
    let removals = false;
    for (const entry of entries) {
      if (entry.stateBytes > limits.maxStateBytes) {
        return { kind: 'refuse', refusal: 'awareness-state-too-large', detail: `a state of ${entry.stateBytes} bytes (limit ${limits.maxStateBytes})` };
      }
      if (entry.removal) {
        if (!budget.clientIds.has(entry.clientId)) removals = true;
        continue;
      }
      budget.clientIds.add(entry.clientId);
      if (budget.clientIds.size > limits.maxClientIds) {
        return { kind: 'refuse', refusal: 'awareness-too-many-clients', detail: `states for ${budget.clientIds.size} client ids on one document (limit ${limits.maxClientIds})` };
      }
    }
    if (removals) {
      for (const entry of entries) {
        // Stops growing once over the limit: the set must not become the flood's memory.
        if (budget.removedIds.size > limits.maxRemovedClientIds) break;
        if (entry.removal && !budget.clientIds.has(entry.clientId)) budget.removedIds.add(entry.clientId);
      }
      if (budget.removedIds.size > limits.maxRemovedClientIds) return this.#drop(budget, 'removals', now);
    }
    return PASS;
  }

  /** Forgets a closed socket. */
  forget(socketId: string): void {
    this.#sockets.delete(socketId);
  }

  #budget(socketId: string, docName: string, now: number): DocumentBudget {
    let documents = this.#sockets.get(socketId);
    if (documents === undefined) {
      documents = new Map();
      this.#sockets.set(socketId, documents);
    }
    let budget = documents.get(docName) ?? documents.get(OVERFLOW);
    if (budget === undefined) {
      // Frames for ever more document names would make this map the flood's
      // memory: past the limit they share one budget that never refills.
      const overflow = documents.size >= MAX_DOCUMENTS_PER_SOCKET;
      budget = { tokens: overflow ? 0 : this.#limits.burst, refilledAt: now, clientIds: new Set(), removedIds: new Set(), dropped: 0, loggedAt: -Infinity, overflow };
      documents.set(overflow ? OVERFLOW : docName, budget);
    }
    return budget;
  }

  #drop(budget: DocumentBudget, why: 'rate' | 'removals', now: number): AwarenessVerdict {
    budget.dropped++;
    if (now - budget.loggedAt < LOG_EVERY_MS) return { kind: 'drop', why, log: null };
    const dropped = budget.dropped;
    budget.dropped = 0;
    budget.loggedAt = now;
    return { kind: 'drop', why, log: { dropped } };
  }
}

/**
 * The sync state of a shared plan as the status bar tells it: one of
 *   connecting  first attempt under way ("Ansluter …")
 *   synced      connected, every doc has the server's state and the server holds all of ours
 *   syncing     connected, something still on its way, `pending` changes of ours not yet held
 *   offline     no connection; `pending` changes waiting (null: unknown)
 *   denied      the server refuses this member (revoked, expired, …): retrying stops
 *   refused     the server refused one of our messages (close 4400/1009): retrying would
 *               send it again, so it stops and asks for a bug report
 * and, beside any of them, `remoteRefused`: this computer refused a change
 * from another member (over the structural limits, limited-provider.ts) and
 * goes on syncing everything else.
 */
export type SyncKind = 'connecting' | 'synced' | 'syncing' | 'offline' | 'denied' | 'refused';

export interface SyncStatus {
  readonly kind: SyncKind;
  /** Changes made here that the server does not hold yet; null when not known. */
  readonly pending: number | null;
  /** The server's reason for denied/refused (e.g. `member-revoked`). */
  readonly reason: string | null;
  /** Per chapter with changes of ours the server does not hold yet (null: not known); chapters with none are left out. */
  readonly chapters: ReadonlyMap<string, number | null>;
  /** The last remote change this computer refused to apply, or null. */
  readonly remoteRefused: RemoteRefused | null;
}

export interface RemoteRefused {
  /** The chapter it was for; null for the manifest. */
  readonly chapterId: string | null;
  /** A `LimitRefusal`, or `unreadable`. */
  readonly refusal: string;
}

export interface DocSyncState {
  /** The chapter this doc holds; null for the manifest. */
  readonly chapterId: string | null;
  /** Whether the server has accepted our token for this doc on the current socket. */
  readonly authenticated: boolean;
  /** Handshake done both ways and every message of ours answered. */
  readonly settled: boolean;
  readonly pending: number | null;
}

export interface PlanSyncFacts {
  readonly socket: 'never' | 'open' | 'closed';
  readonly stop: { readonly kind: 'denied' | 'refused'; readonly reason: string } | null;
  readonly docs: readonly DocSyncState[];
  readonly remoteRefused?: RemoteRefused | null;
}

export function summarise(facts: PlanSyncFacts): SyncStatus {
  let pending: number | null = 0;
  const chapters = new Map<string, number | null>();
  const remoteRefused = facts.remoteRefused ?? null;
  for (const doc of facts.docs) {
    pending = pending === null || doc.pending === null ? null : pending + doc.pending;
    if (doc.chapterId !== null && doc.pending !== 0) chapters.set(doc.chapterId, doc.pending);
  }
  if (facts.stop !== null) return { kind: facts.stop.kind, pending, reason: facts.stop.reason, chapters, remoteRefused };
  if (facts.socket === 'never') return { kind: 'connecting', pending, reason: null, chapters, remoteRefused };
  if (facts.socket === 'closed') return { kind: 'offline', pending, reason: null, chapters, remoteRefused };
  const synced = pending === 0 && facts.docs.every((d) => d.authenticated && d.settled);
  return { kind: synced ? 'synced' : 'syncing', pending, reason: null, chapters, remoteRefused };
}

export function sameStatus(a: SyncStatus, b: SyncStatus): boolean {
  if (a.kind !== b.kind || a.pending !== b.pending || a.reason !== b.reason || a.chapters.size !== b.chapters.size) return false;
  if (a.remoteRefused?.chapterId !== b.remoteRefused?.chapterId || a.remoteRefused?.refusal !== b.remoteRefused?.refusal) return false;
  for (const [id, n] of a.chapters) if (!b.chapters.has(id) || b.chapters.get(id) !== n) return false;
  return true;
}

/** Whether closing now would leave changes that are not on the server. */
export function hasUnsyncedChanges(status: SyncStatus): boolean {
  return status.pending !== 0;
}

/**
 * Durable storage of the Yjs documents the server serves, as an append-only
 * log of updates plus a compacted snapshot per document (the same idea as
 * the desktop store, DESIGN §4).
 *
 * The contract the sync server relies on: when `append` resolves, the update
 * is committed to durable storage. The server acknowledges an update to the
 * client (Hocuspocus' SyncStatus message) only after that, so nothing a
 * client saw as synced can be lost by a crash.
 */
export interface DocPersistence {
  readonly kind: 'sqlite' | 'postgres';
  /** Everything stored for `doc` as one Yjs update, or null if nothing is. */
  load(doc: string): Promise<Uint8Array | null>;
  /** Stores one update of `doc`; resolves once it is durable. */
  append(doc: string, update: Uint8Array): Promise<void>;
  /** Folds the log of `doc` into its snapshot if the log has grown long. Never changes content. */
  compactIfLong(doc: string): Promise<void>;
  /** Commits what is queued and closes the storage. */
  close(): Promise<void>;
}

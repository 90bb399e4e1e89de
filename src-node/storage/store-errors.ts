/**
 * The two ways the local document store can refuse to work, as typed errors
 * that the UI can turn into a clear message and a way out.
 *
 * - `StoreOpenError`: the file at the store's path cannot be used at all. The
 *   store guarantees that it has not written a byte to such a file, so the
 *   user can hand it to support, or move it aside (`DocStore.moveAside`) and
 *   start a fresh store without losing the old one.
 * - `StoreDataError`: the file opened, but what is stored for one document
 *   cannot be trusted: a blob does not match the checksum written with it,
 *   cannot be decoded, or depends on updates that are not stored. The store
 *   throws rather than skip or show it, because a document loaded with
 *   changed bytes or without some of its updates looks complete to the user
 *   and would then be synced to everyone else in that state.
 *
 * Messages are English, for logs and support; the UI chooses its own words
 * from `kind` / `source`.
 */

/** Why a file could not be opened as a Samskriv store. */
export type StoreOpenErrorKind =
  /** Not a SQLite database, or a damaged one. */
  | 'corrupt'
  /** A healthy SQLite database that belongs to another application. */
  | 'foreign'
  /** A Samskriv store in a newer format than this version can read. */
  | 'too-new'
  /**
   * The file is gone, but the marker written beside it when it was created
   * is still there: the plans stored in it are missing, not merely absent.
   */
  | 'missing'
  /**
   * The file is 0 bytes long. Samskriv never makes such a file (a new store
   * is linked into place complete), so something emptied it.
   */
  | 'emptied';

function openMessage(kind: StoreOpenErrorKind, path: string, detail: string): string {
  switch (kind) {
    case 'corrupt':
      return (
        `The Samskriv store at ${path} is damaged or is not a database (${detail}). ` +
        'The file has been left untouched. Move it aside to start a new, empty store.'
      );
    case 'foreign':
      return (
        `The file at ${path} is a database of another application, not a Samskriv store (${detail}). ` +
        'The file has been left untouched. Choose another location or move the file aside.'
      );
    case 'too-new':
      return (
        `The Samskriv store at ${path} was written by a newer version of Samskriv (${detail}). ` +
        'The file has been left untouched. Update Samskriv to open it.'
      );
    case 'missing':
      return (
        `The Samskriv store at ${path} is missing, although a store was created there (${detail}). ` +
        'Restore the file from a backup, or start a new, empty store.'
      );
    case 'emptied':
      return (
        `The Samskriv store at ${path} is empty (0 bytes); what it held is gone (${detail}). ` +
        'The file has been left untouched. Restore it from a backup, or move it aside to start a new, empty store.'
      );
  }
}

export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
  readonly kind: StoreOpenErrorKind;
  /** The path that was being opened. */
  readonly path: string;
  /** What exactly was found, e.g. SQLite's own error text or the foreign tables. */
  readonly detail: string;

  constructor(kind: StoreOpenErrorKind, path: string, detail: string, options?: { cause?: unknown }) {
    super(openMessage(kind, path, detail), options);
    this.kind = kind;
    this.path = path;
    this.detail = detail;
  }
}

/** Which stored data cannot be trusted. */
export type StoreDataErrorSource =
  /** The compacted snapshot of the document. */
  | 'snapshot'
  /** One logged update, named by `seq`. */
  | 'update'
  /** Each blob is fine on its own, but together they cannot be applied, or leave updates waiting. */
  | 'merge';

/** What is wrong with it. */
export type StoreDataErrorReason =
  /** The bytes differ from those written: their checksum does not match. */
  | 'checksum'
  /** Yjs cannot decode or apply the bytes. */
  | 'undecodable'
  /**
   * Stored updates depend on updates that are not stored (Yjs keeps such
   * "pending" structs out of the document, which would show it incomplete,
   * or empty, without a word).
   */
  | 'missing-dependencies';

export class StoreDataError extends Error {
  override readonly name = 'StoreDataError';
  readonly doc: string;
  readonly source: StoreDataErrorSource;
  /** The log row at fault when `source` is 'update', otherwise null. */
  readonly seq: number | null;
  readonly reason: StoreDataErrorReason;
  readonly detail: string;

  constructor(
    doc: string,
    source: StoreDataErrorSource,
    seq: number | null,
    detail: string,
    options?: { cause?: unknown; reason?: StoreDataErrorReason },
  ) {
    const reason = options?.reason ?? 'undecodable';
    const what =
      source === 'snapshot'
        ? 'its snapshot'
        : source === 'update'
          ? `its update seq ${String(seq)}`
          : 'its stored updates, applied together,';
    const problem =
      reason === 'checksum'
        ? 'has changed since it was written (checksum mismatch)'
        : reason === 'missing-dependencies'
          ? 'depend on updates that are not stored'
          : 'could not be decoded';
    super(`The stored document "${doc}" cannot be read: ${what} ${problem} (${detail}).`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.doc = doc;
    this.source = source;
    this.seq = seq;
    this.reason = reason;
    this.detail = detail;
  }
}

/** An error's message, or the thrown value itself, for an error's detail. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

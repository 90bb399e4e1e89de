/**
 * Typed errors of the HostApi. They cross process boundaries as plain data
 * (`HostErrorData` inside a `HostResponse`), because Electron's IPC and JSON
 * both lose Error subclasses, and are turned back into `HostError` on the
 * renderer side so that UI code can switch on `code`.
 */

export const HOST_ERROR_CODES = [
  /** An argument failed validation. `message` names the field. */
  'invalid-argument',
  /** The plan or doc does not exist. */
  'not-found',
  /** The local database cannot be used (corrupt, foreign, too new). */
  'store-unavailable',
  /**
   * What the local database holds for a document cannot be trusted: bytes
   * changed since they were written, cannot be decoded, or depend on
   * updates that are not stored. Nothing is shown or deleted; `reason` holds
   * `checksum`, `undecodable` or `missing-dependencies`.
   */
  'store-damaged',
  /** The message did not come from our own window. */
  'forbidden-sender',
  /** An unknown channel. */
  'unknown-method',
  /** The sync server could not be reached (network, DNS, time-out, not a Samskriv server). */
  'server-unreachable',
  /** The sync server answered with an error; `reason` holds its error code (e.g. `code-used`). */
  'server-refused',
  /**
   * An export could not be made: `reason` is `libreoffice-missing` (a PDF
   * needs LibreOffice, which is not installed) or `conversion-failed`.
   */
  'export-failed',
  /** A Word file was not imported; `reason` says why (shared/import/import-refusal.ts). Nothing changed. */
  'import-failed',
  /** "Lämna in" was refused: `reason` is `not-coordinator` or `not-ready` (shared/workflow/blockers.ts). Nothing was stored. */
  'submission-refused',
  /** A bug or an I/O failure; the message is for the log, not the user. */
  'internal',
  /**
   * Made by the renderer, never by the host: the connection to the browser
   * host closed (it was stopped or crashed) before the call was answered.
   */
  'host-disconnected',
] as const;

export type HostErrorCode = (typeof HOST_ERROR_CODES)[number];

export interface HostErrorData {
  readonly code: HostErrorCode;
  readonly message: string;
  /**
   * A machine-readable detail: the sync server's own error code for
   * `server-refused`, the field's name (`serverUrl`, `title`, …) for
   * `invalid-argument`.
   */
  readonly reason?: string;
}

export type HostResponse<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: HostErrorData };

export class HostError extends Error {
  readonly code: HostErrorCode;
  readonly reason: string | undefined;

  constructor(code: HostErrorCode, message: string, reason?: string) {
    super(message);
    this.name = 'HostError';
    this.code = code;
    this.reason = reason;
  }

  toData(): HostErrorData {
    return this.reason === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, reason: this.reason };
  }

  static fromData(data: HostErrorData): HostError {
    return new HostError(data.code, data.message, typeof data.reason === 'string' ? data.reason : undefined);
  }
}

export function isHostErrorData(value: unknown): value is HostErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof message === 'string' && (HOST_ERROR_CODES as readonly unknown[]).includes(code);
}

/** Unwraps a response envelope, throwing the typed error it carries. */
export function unwrapHostResponse<T>(response: unknown): T {
  if (typeof response === 'object' && response !== null && 'ok' in response) {
    const r = response as HostResponse<T>;
    if (r.ok) return r.value;
    if (isHostErrorData(r.error)) throw HostError.fromData(r.error);
  }
  throw new HostError('internal', 'The host sent a response the app does not understand.');
}

/**
 * WebSocket close codes of the sync server, the one list both sides read:
 * the server closes with them (src-server/sync-server.ts) and the desktop's
 * sync engine decides by them whether to reconnect (src-renderer/sync/
 * plan-sync.ts). The prose contract is src-server/README.md, "Close codes".
 *
 * The reason that goes with a code is short English text for logs (the
 * WebSocket protocol limits it to `MAX_CLOSE_REASON_BYTES`).
 *
 * 1xxx are the standard codes; 42xx/44xx follow Hocuspocus' own
 * (`@hocuspocus/common` CloseEvents) so its provider treats them the same way.
 */
export const CLOSE = {
  /** The server is shutting down; reconnect later (standard "going away"). */
  goingAway: 1001,
  /** A message above the size limit (standard "message too big"); sent by `ws` itself. */
  messageTooBig: 1009,
  /** Hocuspocus' generic reset, e.g. after a pre-authentication limit. */
  reset: 4205,
  /** A malformed or hostile message: do not resend it. */
  badMessage: 4400,
  /** The member was removed from the plan, or the token stopped being valid. */
  forbidden: 4403,
  /** No message within the time-out (Hocuspocus' ConnectionTimeout). */
  timeout: 4408,
  /**
   * The coordinator changed the member's role (or agency) while connected:
   * what the connection may do is no longer what it was authenticated for.
   * Reconnecting gets the new rights (a drafter made reader: read-only); the
   * app stops and says so, since what it lets the user do came with the old
   * role. The reason is `role-changed`.
   */
  roleChanged: 4409,
  /** Too many connection attempts from this address; back off. */
  throttled: 4429,
  /**
   * The update breaks a rule of the member's role on that document (a
   * drafter changing the plan's chapter list, a comment signed with another
   * member's name …; shared/rules/, docs/rules.md). Resending it would be
   * refused again, so it is in `REFUSED_CLOSES`; the reason names the rule.
   * The server closes only that document with it (`documentCloseReason`),
   * not the socket: the member's other documents keep syncing.
   */
  notPermitted: 4422,
  /** The server could not store an update; it was not acknowledged, resend later. */
  storageFailed: 4500,
  /**
   * The server could not check an update in time (its decoding workers were
   * busy or the update is very large); it was not applied, resend later. Not
   * a verdict on the update, so it is deliberately not in `REFUSED_CLOSES`:
   * a legitimate large paste must never stop a client for good.
   */
  tryAgainLater: 4503,
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

/** The WebSocket protocol's limit on a close reason (RFC 6455 §5.5: 125 bytes of payload, 2 of them the code). */
export const MAX_CLOSE_REASON_BYTES = 123;

/**
 * One document's close on a multiplexed socket. Hocuspocus closes a single
 * document with its CLOSE message, which carries a reason text and no code
 * (the provider reports it as code 1000), while the socket and its other
 * documents go on. So that such a close is as typed as a socket's, the
 * server writes the code in front of the reason: `<code> <reason>`. It is
 * used for `CLOSE.notPermitted` (a refused update refuses that document
 * only: docs/decisions/refused-changes.md). The reason is not limited to
 * `MAX_CLOSE_REASON_BYTES` (it is not a WebSocket close frame), but the
 * server keeps it as short.
 */
export function documentCloseReason(code: CloseCode, reason: string): string {
  return `${code} ${reason}`;
}

/** The code and reason of a document close written by `documentCloseReason`; null for any other text (Hocuspocus' own closes). */
export function readDocumentClose(text: string): { readonly code: CloseCode; readonly reason: string } | null {
  const match = /^(\d{4}) ([\s\S]*)$/.exec(text);
  if (match === null) return null;
  const code = Number(match[1]);
  return (Object.values(CLOSE) as number[]).includes(code) ? { code: code as CloseCode, reason: match[2]! } : null;
}

/** Closes after which reconnecting would only repeat the failure: stop, and say why. */
export const DENIED_CLOSES: ReadonlySet<number> = new Set<CloseCode>([CLOSE.forbidden, CLOSE.roleChanged]);
/** Closes caused by a message of ours the server refused: resending it would be refused again. */
export const REFUSED_CLOSES: ReadonlySet<number> = new Set<CloseCode>([CLOSE.badMessage, CLOSE.messageTooBig, CLOSE.notPermitted]);

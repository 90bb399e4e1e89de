/**
 * WebSocket close codes of the sync server. A client reads the code to decide
 * what to do (reconnect, ask for a new invitation, report a bug) and shows or
 * logs the reason, which is short English text (the WebSocket protocol limits
 * a reason to 123 bytes).
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
  /** Too many connection attempts from this address; back off. */
  throttled: 4429,
  /** The server could not store an update; it was not acknowledged, resend later. */
  storageFailed: 4500,
} as const;

/** Shortens a close reason to the protocol's 123-byte limit without cutting a UTF-8 sequence. */
export function closeReason(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= 123) return text;
  let end = 120;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return `${bytes.subarray(0, end).toString('utf8')}...`;
}

/**
 * The reason text of a close frame. The codes themselves are the protocol's
 * (shared/sync-protocol/close-codes.ts); the reason is short English text for
 * logs, and the WebSocket protocol limits it to 123 bytes.
 */
import { MAX_CLOSE_REASON_BYTES } from '../shared/sync-protocol/close-codes.ts';

/** Shortens a close reason to the protocol's limit without cutting a UTF-8 sequence. */
export function closeReason(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= MAX_CLOSE_REASON_BYTES) return text;
  let end = MAX_CLOSE_REASON_BYTES - 3;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return `${bytes.subarray(0, end).toString('utf8')}...`;
}

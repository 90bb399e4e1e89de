/**
 * Reads just enough of a Hocuspocus frame (src-server/README.md,
 * "WebSocket") to account for acknowledgements: which document it is for,
 * whether it carries document content, and the server's SyncStatus answers.
 *
 * Frames: varString documentName, varUint type, then per type
 *   0 Sync / 4 SyncReply  varUint syncType (0 step 1, 1 step 2, 2 update), payload
 *   8 SyncStatus          varInt applied (1 = stored, 0 = refused)
 * Everything else (auth, awareness, ping) is `other`. The provider itself
 * decodes and applies the content; a frame we cannot read is reported as
 * `unreadable` and ignored here, never thrown.
 */
import * as decoding from 'lib0/decoding';

export type SyncFrame =
  | { readonly kind: 'step1'; readonly docName: string }
  | { readonly kind: 'step2'; readonly docName: string }
  | { readonly kind: 'update'; readonly docName: string }
  | { readonly kind: 'sync-status'; readonly docName: string; readonly applied: boolean }
  | { readonly kind: 'other'; readonly docName: string }
  | { readonly kind: 'unreadable' };

const SYNC = 0;
const SYNC_REPLY = 4;
const SYNC_STATUS = 8;

export function readSyncFrame(data: unknown): SyncFrame {
  let bytes: Uint8Array;
  if (data instanceof Uint8Array) bytes = data;
  else if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
  else return { kind: 'unreadable' };
  try {
    const decoder = decoding.createDecoder(bytes);
    const docName = decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    // lib0 reads past the end without throwing: a truncated frame must not pass for an answer.
    if (!decoding.hasContent(decoder)) return { kind: 'unreadable' };
    if (type === SYNC || type === SYNC_REPLY) {
      const syncType = decoding.readVarUint(decoder);
      if (syncType === 0) return { kind: 'step1', docName };
      if (syncType === 1) return { kind: 'step2', docName };
      if (syncType === 2) return { kind: 'update', docName };
      return { kind: 'other', docName };
    }
    if (type === SYNC_STATUS) return { kind: 'sync-status', docName, applied: decoding.readVarInt(decoder) === 1 };
    return { kind: 'other', docName };
  } catch {
    return { kind: 'unreadable' };
  }
}

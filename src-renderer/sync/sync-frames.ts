/**
 * Reads just enough of a Hocuspocus frame to account for acknowledgements:
 * which document it is for, whether it carries document content, and the
 * server's SyncStatus answers. The reading itself is the protocol's
 * (shared/sync-protocol/frames.ts, with the wire format); this only picks
 * out what the AckLedger needs.
 *
 * Everything else (auth, awareness, ping) is `other`. The provider itself
 * decodes and applies the content; a frame we cannot read is reported as
 * `unreadable` and ignored here, never thrown.
 */
import { FrameType, readFrameHeader, SyncStep } from '../../shared/sync-protocol/frames.ts';

export type SyncFrame =
  | { readonly kind: 'step1'; readonly docName: string }
  | { readonly kind: 'step2'; readonly docName: string }
  | { readonly kind: 'update'; readonly docName: string }
  | { readonly kind: 'sync-status'; readonly docName: string; readonly applied: boolean }
  | { readonly kind: 'other'; readonly docName: string }
  | { readonly kind: 'unreadable' };

export function readSyncFrame(data: unknown): SyncFrame {
  let bytes: Uint8Array;
  if (data instanceof Uint8Array) bytes = data;
  else if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
  else return { kind: 'unreadable' };
  try {
    const { docName, type, body } = readFrameHeader(bytes);
    // A truncated frame must not pass for an answer.
    if (!body.hasContent) return { kind: 'unreadable' };
    if (type === FrameType.Sync || type === FrameType.SyncReply) {
      const syncType = body.uint('sync type');
      if (syncType === SyncStep.step1) return { kind: 'step1', docName };
      if (syncType === SyncStep.step2) return { kind: 'step2', docName };
      if (syncType === SyncStep.update) return { kind: 'update', docName };
      return { kind: 'other', docName };
    }
    if (type === FrameType.SyncStatus) return { kind: 'sync-status', docName, applied: body.int('applied') === 1 };
    return { kind: 'other', docName };
  } catch {
    return { kind: 'unreadable' };
  }
}

/** Reading the frames the acknowledgement accounting needs; anything else is ignored, never thrown. */
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { readSyncFrame } from '../../../src-renderer/sync/sync-frames.ts';
import { frame } from '../../support/wire-frame.ts';

describe('sync frames', () => {
  it('tells step 1, step 2, updates and SyncStatus apart, for Sync and SyncReply', () => {
    const payload = (e: encoding.Encoder): void => encoding.writeVarUint8Array(e, new Uint8Array([0, 0]));
    expect(readSyncFrame(frame('d', 0, (e) => (encoding.writeVarUint(e, 0), payload(e))))).toEqual({ kind: 'step1', docName: 'd' });
    expect(readSyncFrame(frame('d', 0, (e) => (encoding.writeVarUint(e, 1), payload(e))))).toEqual({ kind: 'step2', docName: 'd' });
    expect(readSyncFrame(frame('d', 4, (e) => (encoding.writeVarUint(e, 1), payload(e))))).toEqual({ kind: 'step2', docName: 'd' });
    expect(readSyncFrame(frame('d', 0, (e) => (encoding.writeVarUint(e, 2), payload(e))).buffer)).toEqual({ kind: 'update', docName: 'd' });
    expect(readSyncFrame(frame('d', 8, (e) => encoding.writeVarInt(e, 1)))).toEqual({ kind: 'sync-status', docName: 'd', applied: true });
    expect(readSyncFrame(frame('d', 8, (e) => encoding.writeVarInt(e, 0)))).toEqual({ kind: 'sync-status', docName: 'd', applied: false });
    expect(readSyncFrame(frame('d', 1, payload))).toEqual({ kind: 'other', docName: 'd' });
  });

  it('reports truncated or foreign data as unreadable', () => {
    expect(readSyncFrame(new Uint8Array([]))).toEqual({ kind: 'unreadable' });
    expect(readSyncFrame(new Uint8Array([200]))).toEqual({ kind: 'unreadable' });
    expect(readSyncFrame('text')).toEqual({ kind: 'unreadable' });
    expect(readSyncFrame(frame('d', 8, () => undefined))).toEqual({ kind: 'unreadable' });
  });
});

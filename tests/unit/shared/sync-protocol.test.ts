/** The typed sync protocol agrees with the Hocuspocus it is written against. */
import { MessageType as ServerMessageType } from '@hocuspocus/server';
import { describe, expect, it } from 'vitest';
import { FrameType, MalformedFrame, readFrameHeader } from '../../../shared/sync-protocol/frames.ts';
import { frame } from '../../support/wire-frame.ts';

describe('the sync protocol', () => {
  it.each(Object.entries(FrameType))('names frame type %s as the Hocuspocus server does', (name, value) => {
    expect(ServerMessageType[name as keyof typeof ServerMessageType]).toBe(value);
  });

  it('reads a frame address with its session id and the type', () => {
    const header = readFrameHeader(frame('plan/x\0session-1', FrameType.Awareness));
    expect([header.docName, header.sessionId, header.type]).toEqual(['plan/x', 'session-1', FrameType.Awareness]);
  });

  it('refuses an address longer than the frame', () => {
    expect(() => readFrameHeader(new Uint8Array([10, 0x61]))).toThrow(new MalformedFrame('address is longer than the message'));
  });
});

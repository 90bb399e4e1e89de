/**
 * The browser host's WebSocket transport for HostApi calls. A Yjs update
 * that changes by a single byte on the way can corrupt a document for every
 * peer, so binary values must cross byte for byte, and a frame with broken
 * binary must be refused rather than half-decoded.
 */
import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire, isHostCall, isHostReply, type HostCall, type HostReply } from '../../../shared/host-api/wire.ts';

function everyByte(): Uint8Array {
  return Uint8Array.from({ length: 256 * 3 + 1 }, (_, i) => (i * 7) % 256);
}

/** Byte-for-byte comparison; cheap also for large arrays. */
function expectSameBytes(actual: unknown, expected: Uint8Array): void {
  expect(actual).toBeInstanceOf(Uint8Array);
  const bytes = actual as Uint8Array;
  expect(bytes.byteLength).toBe(expected.byteLength);
  expect(Buffer.compare(bytes, expected)).toBe(0);
}

function roundTrip(message: HostCall | HostReply): unknown {
  return decodeWire(encodeWire(message));
}

describe('the HostApi wire format', () => {
  it('carries a Uint8Array argument byte for byte', () => {
    const update = everyByte();
    const back = roundTrip({ id: 1, method: 'saveUpdate', args: [{ docName: 'plan/x', update }] }) as HostCall;
    const arg = back.args[0] as { docName: string; update: unknown };
    expect(arg.docName).toBe('plan/x');
    expectSameBytes(arg.update, update);
  });

  it('carries empty, one-byte and large arrays, and views into a larger buffer', () => {
    const backing = everyByte();
    const samples = [new Uint8Array(0), new Uint8Array([255]), backing.subarray(5, 17), new Uint8Array(200_000).fill(0xa5)];
    const back = roundTrip({ id: 2, method: 'm', args: samples }) as HostCall;
    expect(back.args).toHaveLength(samples.length);
    samples.forEach((sample, index) => expectSameBytes(back.args[index], sample));
  });

  it('carries bytes nested in a reply, such as a loaded plan', () => {
    const manifest = new Uint8Array([1, 2, 3, 0, 255]);
    const chapter = everyByte();
    const reply: HostReply = {
      id: 3,
      response: { ok: true, value: { planId: 'p', manifest: { name: 'plan/p', update: manifest }, chapters: [{ name: 'c', update: chapter }] } },
    };
    const back = roundTrip(reply) as { id: number; response: { ok: true; value: { manifest: { update: Uint8Array }; chapters: { update: Uint8Array }[] } } };
    expect(back.id).toBe(3);
    expectSameBytes(back.response.value.manifest.update, manifest);
    expectSameBytes(back.response.value.chapters[0]?.update, chapter);
  });

  it('carries a Node Buffer (which is a Uint8Array) as bytes, not as Buffer#toJSON output', () => {
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
    const back = roundTrip({ id: 4, method: 'saveUpdate', args: [bytes] }) as HostCall;
    expectSameBytes(back.args[0], new Uint8Array([0, 1, 2, 253, 254, 255]));
  });

  it('leaves ordinary values alone', () => {
    const call: HostCall = { id: 5, method: 'createPlan', args: [{ title: 'Plan "ett"', n: 1.5, none: null, list: [1, 'två'] }] };
    expect(roundTrip(call)).toEqual(call);
  });

  it('treats an object with $bytes next to other keys as an ordinary object', () => {
    expect(decodeWire('{"x":{"$bytes":"AAE=","other":1}}')).toEqual({ x: { $bytes: 'AAE=', other: 1 } });
  });

  it.each(['not base64!', 'AA AA', 'AAE=\n', '====', 'A=A=', '<script>'])('refuses the malformed $bytes %j', (bytes) => {
    expect(() => decodeWire(JSON.stringify({ id: 1, method: 'saveUpdate', args: [{ update: { $bytes: bytes } }] }))).toThrow(/base64/);
  });

  it('refuses text that is not JSON', () => {
    expect(() => decodeWire('{"id": 1, ')).toThrow();
  });

  it('recognises calls and replies by their shape', () => {
    expect(isHostCall({ id: 1, method: 'listPlans', args: [] })).toBe(true);
    expect(isHostCall({ id: 1.5, method: 'listPlans', args: [] })).toBe(false);
    expect(isHostCall({ id: 1, method: 'listPlans', args: {} })).toBe(false);
    expect(isHostCall({ id: 1, method: 7, args: [] })).toBe(false);
    expect(isHostCall(null)).toBe(false);
    expect(isHostReply({ id: 1, response: { ok: true, value: null } })).toBe(true);
    expect(isHostReply({ id: 1, response: null })).toBe(false);
    expect(isHostReply({ id: '1', response: {} })).toBe(false);
  });
});

/**
 * The browser host's WebSocket transport for HostApi calls.
 *
 * Messages are JSON text frames. Uint8Array values (Yjs updates) are encoded
 * as `{ "$bytes": "<base64>" }` so that a binary update survives the trip
 * byte for byte. Electron's IPC does not use this: structured clone carries
 * Uint8Array natively.
 */
import * as buffer from 'lib0/buffer';
import type { HostErrorData, HostResponse } from './host-error.ts';

export const HOST_SOCKET_PATH = '/host-api';

export interface HostCall {
  readonly id: number;
  readonly method: string;
  readonly args: readonly unknown[];
}

export interface HostReply {
  readonly id: number;
  readonly response: HostResponse<unknown>;
}

export function encodeWire(message: HostCall | HostReply): string {
  // JSON.stringify calls toJSON before the replacer sees a value, and a Node
  // Buffer (a Uint8Array) has one: the replacer would get {type, data}. So
  // look at the raw value on the holder object instead.
  return JSON.stringify(message, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    return raw instanceof Uint8Array ? { $bytes: buffer.toBase64(raw) } : value;
  });
}

/**
 * Parses a frame. Throws a plain Error with a readable message on anything
 * that is not well-formed JSON; the caller decides what that means.
 */
export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const bytes = (value as Record<string, unknown>)['$bytes'];
      if (typeof bytes === 'string' && Object.keys(value).length === 1) {
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(bytes)) throw new Error('Malformed base64 in $bytes');
        return buffer.fromBase64(bytes);
      }
    }
    return value;
  });
}

export function isHostCall(value: unknown): value is HostCall {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return Number.isSafeInteger(v['id']) && typeof v['method'] === 'string' && Array.isArray(v['args']);
}

export function isHostReply(value: unknown): value is HostReply {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return Number.isSafeInteger(v['id']) && typeof v['response'] === 'object' && v['response'] !== null;
}

export function errorReply(id: number, error: HostErrorData): HostReply {
  return { id, response: { ok: false, error } };
}

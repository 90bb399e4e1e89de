/**
 * The renderer's HostApi. In Electron it wraps `window.samskrivHost` from the
 * preload; in a browser it talks to the browser host over a WebSocket. Either
 * way callers get the typed HostApi and typed HostErrors.
 */
import { HOST_METHODS, type HostApi, type HostMethod, type RawHostApi } from '../../shared/host-api/host-api.ts';
import { HostError, unwrapHostResponse } from '../../shared/host-api/host-error.ts';
import { HOST_SOCKET_PATH, decodeWire, encodeWire, isHostReply } from '../../shared/host-api/wire.ts';

declare global {
  interface Window {
    samskrivHost?: RawHostApi;
  }
}

export function connectHost(): HostApi {
  const raw = window.samskrivHost ?? createSocketTransport(socketUrl());
  return Object.fromEntries(
    HOST_METHODS.map((method) => [
      method,
      async (...args: unknown[]) => unwrapHostResponse(await (raw[method] as (...a: unknown[]) => Promise<unknown>)(...args)),
    ]),
  ) as unknown as HostApi;
}

function socketUrl(): string {
  const url = new URL(HOST_SOCKET_PATH, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * A RawHostApi over one WebSocket. Calls made before the socket opens are
 * queued. If the socket closes, pending calls fail with a HostError (the
 * renderer's save queue keeps their updates and retries), and the next call
 * opens a new socket.
 */
function createSocketTransport(url: string): RawHostApi {
  let socket: WebSocket | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();

  function open(): WebSocket {
    if (socket !== null && socket.readyState <= WebSocket.OPEN) return socket;
    const ws = new WebSocket(url);
    ws.addEventListener('message', (event) => {
      let reply: unknown;
      try {
        reply = decodeWire(String(event.data));
      } catch {
        return;
      }
      if (!isHostReply(reply)) return;
      const call = pending.get(reply.id);
      if (call === undefined) return;
      pending.delete(reply.id);
      call.resolve(reply.response);
    });
    ws.addEventListener('close', (event) => {
      if (socket === ws) socket = null;
      const error = new HostError('host-disconnected', `Lost the connection to the Samskriv host (close code ${event.code}${event.reason ? `, ${event.reason}` : ''})`);
      for (const call of pending.values()) call.reject(error);
      pending.clear();
    });
    socket = ws;
    return ws;
  }

  function call(method: HostMethod, args: unknown[]): Promise<unknown> {
    const ws = open();
    const id = nextId++;
    const frame = encodeWire({ id, method, args });
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      if (ws.readyState === WebSocket.OPEN) ws.send(frame);
      else ws.addEventListener('open', () => ws.send(frame), { once: true });
    });
  }

  return Object.fromEntries(
    HOST_METHODS.map((method) => [method, (...args: unknown[]) => call(method, args)]),
  ) as unknown as RawHostApi;
}

/**
 * Plays the browser renderer's side of the browser host's HostApi socket:
 * exchanges the host's link for its cookie as a browser does, connects with
 * a chosen Origin and cookie, makes calls framed with encodeWire/decodeWire
 * and waits for the matching reply, or sends raw frames as a buggy or hostile
 * client would and reports how the host closed the connection.
 */
import { WebSocket } from 'ws';
import { isHostReply, decodeWire, encodeWire, HOST_SOCKET_PATH } from '../../../shared/host-api/wire.ts';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

export interface ConnectOptions {
  /** The Origin header; omitted when undefined, as a non-browser client would. */
  readonly origin: string | undefined;
  /** Replaces the Host header the client would send. */
  readonly hostHeader?: string;
  /** The Cookie header (`name=value`, from exchangeLink); omitted when absent. */
  readonly cookie?: string;
}

/**
 * Opens the host's announced link as a browser does and returns the cookie
 * it hands out (`name=value`, ready for a Cookie header). Fails unless the
 * answer is the exchange: a redirect to `/` with an HttpOnly, SameSite=Strict
 * cookie.
 */
export async function exchangeLink(link: string): Promise<string> {
  const response = await fetch(link, { redirect: 'manual' });
  const setCookie = response.headers.get('set-cookie');
  if (response.status !== 303 || response.headers.get('location') !== '/' || setCookie === null) {
    throw new Error(`opening ${link} gave ${response.status} (Location ${response.headers.get('location')}, Set-Cookie ${setCookie}), not the exchange for a cookie`);
  }
  const [pair, ...attributes] = setCookie.split(';').map((part) => part.trim());
  if (!attributes.includes('HttpOnly') || !attributes.includes('SameSite=Strict')) throw new Error(`the cookie is not HttpOnly and SameSite=Strict: ${setCookie}`);
  return pair!;
}

/** The socket URL of a host serving at `httpUrl` (e.g. http://127.0.0.1:5180/?k=…; the query is not sent). */
export function socketUrl(httpUrl: string): string {
  const url = new URL(HOST_SOCKET_PATH, httpUrl);
  url.protocol = 'ws:';
  return url.href;
}

/** The Origin a page loaded from the host sends. */
export function originOf(httpUrl: string): string {
  return new URL(httpUrl).origin;
}

export class HostSocket {
  readonly closed: Promise<Closed>;
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, (response: HostResponse<unknown>) => void>();
  #nextId = 1;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    this.closed = new Promise((resolve) => {
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    ws.on('message', (data) => {
      const reply = decodeWire(String(data));
      if (!isHostReply(reply)) throw new Error(`the host sent something that is no HostApi reply: ${String(data).slice(0, 200)}`);
      this.#pending.get(reply.id)?.(reply.response);
      this.#pending.delete(reply.id);
    });
  }

  /**
   * Opens a connection. Rejects with the host's answer ("Unexpected server
   * response: 403") when the host refuses it.
   */
  static open(httpUrl: string, options: ConnectOptions): Promise<HostSocket> {
    const headers = {
      ...(options.hostHeader === undefined ? {} : { Host: options.hostHeader }),
      ...(options.cookie === undefined ? {} : { Cookie: options.cookie }),
    };
    const ws = new WebSocket(socketUrl(httpUrl), {
      ...(options.origin === undefined ? {} : { origin: options.origin }),
      headers,
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new HostSocket(ws)));
      ws.once('error', reject);
    });
  }

  /** One HostApi call; resolves with the host's response envelope. */
  call(method: string, args: readonly unknown[]): Promise<HostResponse<unknown>> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, resolve);
      this.#ws.send(encodeWire({ id, method, args }));
      void this.closed.then(({ code, reason }) => reject(new Error(`the host closed the socket (${code} ${reason}) before answering ${method}`)));
    });
  }

  /** Sends a text frame exactly as given. */
  sendText(text: string): void {
    this.#ws.send(text);
  }

  /** Sends a frame with these bytes, marked as text or binary. */
  sendBytes(bytes: Uint8Array, kind: 'text' | 'binary'): void {
    this.#ws.send(bytes, { binary: kind === 'binary' });
  }

  close(): Promise<Closed> {
    if (this.#ws.readyState === WebSocket.OPEN || this.#ws.readyState === WebSocket.CONNECTING) this.#ws.close();
    return this.closed;
  }
}

/** The value of a successful response; fails the test with the error otherwise. */
export function valueOf<T>(response: HostResponse<unknown>): T {
  if (!response.ok) throw new Error(`expected success, got ${response.error.code}: ${response.error.message}`);
  return response.value as T;
}

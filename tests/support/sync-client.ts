/**
 * Node test clients of the sync server: the real @hocuspocus/provider over
 * `ws` (one multiplexed socket per client, one provider per document, as
 * the desktop app will do), plus a raw WebSocket that can send anything.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { readDocumentClose, type CloseCode } from '../../shared/sync-protocol/close-codes.ts';
import { FrameType, SyncStep } from '../../shared/sync-protocol/frames.ts';
import { AUTH, frame } from './wire-frame.ts';

export interface TestClient {
  readonly doc: Y.Doc;
  readonly provider: HocuspocusProvider;
  readonly socket: HocuspocusProviderWebsocket;
  /** Reasons of permission-denied answers received so far. */
  readonly denied: string[];
  destroy(): void;
}

export function connectClient(wsUrl: string, docName: string, token: string, doc = new Y.Doc()): TestClient {
  const socket = new HocuspocusProviderWebsocket({ url: wsUrl, WebSocketPolyfill: WebSocket, delay: 100, minDelay: 100, maxDelay: 500, factor: 1.5 });
  const denied: string[] = [];
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: docName,
    token,
    document: doc,
    onAuthenticationFailed: ({ reason }) => denied.push(reason),
  });
  provider.attach();
  return {
    doc,
    provider,
    socket,
    denied,
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** Resolves when `condition` holds, polling; rejects with `what` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Synced with the server and nothing left unacknowledged. */
export function isSettled(client: TestClient): boolean {
  return client.provider.isSynced && client.provider.unsyncedChanges === 0 && client.provider.isAuthenticated;
}

export { frame };

export const authFrame = (docName: string, token: string): Uint8Array =>
  frame(docName, FrameType.Auth, (e) => {
    encoding.writeVarUint(e, AUTH.token);
    encoding.writeVarString(e, token);
  });

/** A sync "update" message carrying `update` as is. */
export const updateFrame = (docName: string, update: Uint8Array): Uint8Array =>
  frame(docName, FrameType.Sync, (e) => {
    encoding.writeVarUint(e, SyncStep.update);
    encoding.writeVarUint8Array(e, update);
  });

export interface RawClient {
  readonly socket: WebSocket;
  /** Frames received, as raw bytes. */
  readonly received: Uint8Array[];
  readonly closed: Promise<{ code: number; reason: string }>;
  send(data: Uint8Array): void;
}

/** A plain WebSocket to the server, for messages no provider would send. */
export async function openRawClient(wsUrl: string): Promise<RawClient> {
  const socket = new WebSocket(wsUrl);
  const received: Uint8Array[] = [];
  socket.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, received, closed, send: (data) => socket.send(data) };
}

/** Waits for the server's answer to an auth frame: 'authenticated' or the permission-denied reason. */
export async function authAnswer(raw: RawClient, timeoutMs = 10_000): Promise<string> {
  let answer: string | undefined;
  await waitUntil(() => {
    for (const data of raw.received) {
      const decoder = decoding.createDecoder(data);
      decoding.readVarString(decoder);
      if (decoding.readVarUint(decoder) !== FrameType.Auth) continue;
      const subtype = decoding.readVarUint(decoder);
      if (subtype === AUTH.authenticated) answer = 'authenticated';
      if (subtype === AUTH.permissionDenied) answer = decoding.readVarString(decoder);
    }
    return answer !== undefined;
  }, 'the server answered the auth message', timeoutMs);
  return answer!;
}

/** True if any received frame is a sync message (type 0) carrying document content. */
export function receivedSyncData(raw: RawClient): boolean {
  return raw.received.some((data) => {
    const decoder = decoding.createDecoder(data);
    decoding.readVarString(decoder);
    return decoding.readVarUint(decoder) === FrameType.Sync;
  });
}

/**
 * The server's close of one document among the frames received (its CLOSE
 * message, "<code> <reason>": close-codes.ts, documentCloseReason), or null.
 */
export function documentClosed(frames: readonly Uint8Array[]): { readonly code: CloseCode; readonly reason: string } | null {
  for (const data of frames) {
    const decoder = decoding.createDecoder(data);
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) === FrameType.CLOSE) return readDocumentClose(decoding.readVarString(decoder));
  }
  return null;
}

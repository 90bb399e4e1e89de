/**
 * A WebSocket that reports what really goes over the wire, for the
 * acknowledgement accounting (ack-ledger.ts): frames when they are sent on an
 * open socket (not when the provider queues them), frames as they arrive
 * (before the provider handles them), and the socket's opening and closing
 * with the close code. Handed to HocuspocusProviderWebsocket as its
 * `WebSocketPolyfill`.
 */
export interface SocketObserver {
  opened(socket: WebSocket): void;
  outgoing(socket: WebSocket, data: unknown): void;
  incoming(socket: WebSocket, data: unknown): void;
  closed(socket: WebSocket, code: number, reason: string): void;
}

export function observedWebSocketClass(observer: SocketObserver): typeof WebSocket {
  return class ObservedWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      // Registered before the provider's own listeners, so they run first.
      this.addEventListener('open', () => observer.opened(this));
      this.addEventListener('message', (event: MessageEvent) => observer.incoming(this, event.data));
      this.addEventListener('close', (event: CloseEvent) => observer.closed(this, event.code, event.reason));
    }

    override send(data: Parameters<WebSocket['send']>[0]): void {
      // A closing socket drops what is sent to it; only count what can arrive.
      if (this.readyState === WebSocket.OPEN) observer.outgoing(this, data);
      super.send(data);
    }
  };
}

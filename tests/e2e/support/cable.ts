/**
 * A TCP relay to the sync server that can be unplugged: the computer behind
 * it is offline, the others are not (the refused-update tests).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export class Cable {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #plugged = true;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async to(port: number): Promise<Cable> {
    let cable: Cable | null = null;
    const server = createServer((socket) => {
      if (!cable!.#plugged) return socket.destroy();
      const upstream = connect(port, '127.0.0.1');
      for (const [a, b] of [[socket, upstream], [upstream, socket]] as const) {
        cable!.#sockets.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          cable!.#sockets.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
    cable = new Cable(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return cable;
  }

  get url(): string {
    const address = this.#server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  }

  unplug(): void {
    this.#plugged = false;
    for (const socket of this.#sockets) socket.destroy();
  }

  plug(): void {
    this.#plugged = true;
  }

  close(): Promise<void> {
    this.unplug();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/**
 * What Chromium logs to the console, by itself, for each reconnection
 * attempt that meets an unplugged cable (a reset handshake, or a socket that
 * never connected): the app's sync keeps retrying, as it should, and these
 * are not the app's errors. How many there are depends on the retry timing.
 */
export const CABLE_ERRORS = /WebSocket connection to '[^']+' failed: (Error during WebSocket handshake: net::ERR_CONNECTION_RESET|Error in connection establishment: net::ERR_SOCKET_NOT_CONNECTED)/;

/** A page's errors other than those an unplugged cable causes. */
export function withoutCableErrors(pageErrors: readonly string[]): string[] {
  return pageErrors.filter((error) => !CABLE_ERRORS.test(error));
}

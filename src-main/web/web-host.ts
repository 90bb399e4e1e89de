/**
 * The browser host: serves the built renderer over HTTP and HostApi over a
 * WebSocket, backed by the real main-process services (DESIGN §2, §9).
 *
 * End-to-end tests and benchmarks run the app this way, and a drafter whose
 * agency forbids desktop installs can use it in a browser. It listens on
 * 127.0.0.1 unless told otherwise. Because any web page the user visits could
 * try to open a socket to localhost, the socket only accepts connections whose
 * Origin is this host's own origin, and the HTTP server only answers requests
 * whose Host header names it (against DNS rebinding).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { HOST_SOCKET_PATH, decodeWire, encodeWire, errorReply, isHostCall } from '../../shared/host-api/wire.ts';
import { MAX_UPDATE_BYTES } from '../../shared/host-api/host-api-schema.ts';
import { lockDataDir } from '../host/data-dir-lock.ts';
import { createHostDispatch } from '../host/host-dispatch.ts';
import { HostService } from '../host/host-service.ts';
import { RENDERER_SECURITY_HEADERS } from '../security/content-security-policy.ts';
import { contentTypeFor, resolveStaticPath } from '../security/static-files.ts';

export interface WebHostOptions {
  readonly dataDir: string;
  readonly rendererDir: string;
  readonly port?: number;
  readonly host?: string;
}

export interface WebHost {
  readonly url: string;
  readonly service: HostService;
  close(): Promise<void>;
}

/** Base64 and JSON framing make a frame about 4/3 of the update it carries. */
const MAX_FRAME_BYTES = Math.ceil(MAX_UPDATE_BYTES * 1.4) + 64 * 1024;

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  // Before anything reads the store: a second host on the same plans stops here.
  const lock = lockDataDir(options.dataDir);
  let service: HostService;
  try {
    service = new HostService(options.dataDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  const dispatch = createHostDispatch(service);

  const server = createServer((req, res) => {
    void serveStatic(options.rendererDir, req, res, allowedHosts());
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (req, socket, head) => {
    // Node takes its own error handler off a socket it hands to 'upgrade'; a
    // client resetting the connection would otherwise crash the whole host.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const origin = req.headers.origin;
    if (url.pathname !== HOST_SOCKET_PATH || !isAllowedHost(req, allowedHosts()) || !isOwnOrigin(origin, allowedHosts())) {
      // Destroy once the answer is flushed (as ws does), so a client that
      // keeps its end open cannot hold the socket, and close(), forever.
      socket.once('finish', () => socket.destroy());
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, dispatch));
  });

  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolveListen());
    });
  } catch (error) {
    // E.g. the port is taken: release the database before reporting it.
    service.close();
    lock.release();
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'EADDRINUSE'
        ? `Port ${options.port} on ${host} is already in use; choose another with --port.`
        : `Cannot listen on ${host}:${options.port ?? 0}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const { port } = server.address() as AddressInfo;
  const displayHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${displayHost}:${port}/`;

  function allowedHosts(): readonly string[] {
    const names = [`${displayHost}:${port}`];
    if (host === '127.0.0.1' || host === '::1') names.push(`localhost:${port}`);
    return names;
  }

  return {
    url,
    service,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      const closed = new Promise<void>((done) => server.close(() => done()));
      // server.close() waits for every connection and stops the timers that
      // would end a half-sent request, so end them all now, not after.
      server.closeAllConnections();
      await closed;
      service.close();
      lock.release();
    },
  };
}

function serveSocket(ws: WebSocket, dispatch: ReturnType<typeof createHostDispatch>): void {
  // ws reports a protocol violation (a text frame that is not UTF-8, a frame
  // over maxPayload) as 'error' after closing that connection with the
  // matching code (1007, 1009). Unhandled, the error would crash the host.
  ws.on('error', () => undefined);
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      ws.close(1003, 'HostApi frames are JSON text');
      return;
    }
    let message: unknown;
    try {
      message = decodeWire(data.toString());
    } catch {
      ws.close(1007, 'Malformed HostApi frame');
      return;
    }
    if (!isHostCall(message)) {
      ws.close(1007, 'A HostApi frame needs id, method and args');
      return;
    }
    const { id, method, args } = message;
    dispatch(method, args).then(
      (response) => ws.send(encodeWire({ id, response })),
      (error: unknown) => ws.send(encodeWire(errorReply(id, { code: 'internal', message: String(error) }))),
    );
  });
}

async function serveStatic(
  rendererDir: string,
  req: IncomingMessage,
  res: ServerResponse,
  allowedHosts: readonly string[],
): Promise<void> {
  if (!isAllowedHost(req, allowedHosts)) {
    res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const pathname = new URL(req.url ?? '/', 'http://placeholder').pathname;
  const filePath = resolveStaticPath(rendererDir, pathname);
  if (filePath === null) {
    res.writeHead(400).end();
    return;
  }
  try {
    const body = await readFile(filePath);
    res.writeHead(200, { 'Content-Type': contentTypeFor(filePath), 'Cache-Control': 'no-cache', ...RENDERER_SECURITY_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
  }
}

function isAllowedHost(req: IncomingMessage, allowedHosts: readonly string[]): boolean {
  return allowedHosts.includes(req.headers.host ?? '');
}

function isOwnOrigin(origin: string | undefined, allowedHosts: readonly string[]): boolean {
  if (origin === undefined) return false;
  try {
    const parsed = new URL(origin);
    return parsed.protocol === 'http:' && allowedHosts.includes(parsed.host);
  } catch {
    return false;
  }
}

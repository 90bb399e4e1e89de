/**
 * The browser host: serves the built renderer over HTTP and HostApi over a
 * WebSocket, backed by the real main-process services (DESIGN §2, §9).
 *
 * End-to-end tests and benchmarks run the app this way, and a drafter whose
 * agency forbids desktop installs can use it in a browser. It listens on
 * 127.0.0.1 unless told otherwise. Because any web page the user visits could
 * try to open a socket to localhost, the socket only accepts connections whose
 * Origin is this host's own origin, and the HTTP server only answers requests
 * whose Host header names it (against DNS rebinding). Because any program on
 * the machine, another user's included, can send those headers too, every
 * request that serves the app and the socket also need this start's secret
 * (`host-secret.ts`); without it the host answers only with a page that says
 * to open the link it printed (`locked-page.ts`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdirSync } from 'node:fs';
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
import { PRINT_VIEW_MEDIA_TYPE, printViewPolicy } from '../export/print-view.ts';
import { PRINT_VIEW_PATH, type PrintViewStore } from '../export/print-view-store.ts';
import { SECRET_PARAM, createHostSecret, type HostSecret } from './host-secret.ts';
import { sendLockedPage } from './locked-page.ts';

export interface WebHostOptions {
  readonly dataDir: string;
  readonly rendererDir: string;
  readonly port?: number;
  readonly host?: string;
}

export interface WebHost {
  /**
   * The link to open: the host's address with this start's secret
   * (`http://127.0.0.1:5180/?k=…`). Whoever has it can use the plans.
   */
  readonly url: string;
  readonly service: HostService;
  close(): Promise<void>;
}

/** Base64 and JSON framing make a frame about 4/3 of the update it carries. */
const MAX_FRAME_BYTES = Math.ceil(MAX_UPDATE_BYTES * 1.4) + 64 * 1024;

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  // A folder the host makes is the user's alone (0700): the secret keeps other
  // users out of the running host, and this keeps them out of the store file
  // itself, which the usual umask would leave readable to all. A folder that
  // already exists keeps the permissions its owner gave it.
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
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

  // Drawn once the port is known (the cookie is named after it); nothing can
  // be asked of the host before that, and until then everything is refused.
  let secret: HostSecret | null = null;
  const server = createServer((req, res) => {
    void serveRequest(options.rendererDir, req, res, allowedHosts(), secret, service.printViews);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (req, socket, head) => {
    // Node takes its own error handler off a socket it hands to 'upgrade'; a
    // client resetting the connection would otherwise crash the whole host.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const origin = req.headers.origin;
    if (
      url.pathname !== HOST_SOCKET_PATH ||
      !isAllowedHost(req, allowedHosts()) ||
      !isOwnOrigin(origin, allowedHosts()) ||
      secret?.admits(req.headers.cookie) !== true
    ) {
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
  secret = createHostSecret(port);
  const displayHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${displayHost}:${port}/?${SECRET_PARAM}=${secret.value}`;

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

async function serveRequest(
  rendererDir: string,
  req: IncomingMessage,
  res: ServerResponse,
  allowedHosts: readonly string[],
  secret: HostSecret | null,
  printViews: PrintViewStore,
): Promise<void> {
  if (!isAllowedHost(req, allowedHosts)) {
    res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const requested = new URL(req.url ?? '/', 'http://placeholder');
  const offered = requested.searchParams.get(SECRET_PARAM);
  if (secret === null || (offered !== null && !secret.matches(offered))) {
    // A wrong or stale link gets the same page as no link.
    sendLockedPage(res, req.method);
    return;
  }
  if (offered !== null) {
    // The exchange: the secret moves into the cookie and the browser goes on
    // to a clean `/`, so the secret stays out of the address bar and of any
    // Referer. Always `/`: the link the host prints is the root, and
    // echoing a path back would make this an open redirect (`//elsewhere`).
    res.writeHead(303, { Location: '/', 'Set-Cookie': secret.setCookie, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).end();
    return;
  }
  if (!secret.admits(req.headers.cookie)) {
    sendLockedPage(res, req.method);
    return;
  }
  if (requested.pathname.startsWith(PRINT_VIEW_PATH)) {
    servePrintView(printViews, requested.pathname, req, res);
    return;
  }
  await serveStatic(rendererDir, requested.pathname, req, res);
}

/**
 * A print view the PDF export made (HostService.exportPlan): the browser
 * opens it in a tab and prints it. Its own policy (no script at all, only its
 * stylesheet), and the app's opener policy, so the app's tab may call its
 * print(); not stored by the browser.
 */
function servePrintView(printViews: PrintViewStore, pathname: string, req: IncomingMessage, res: ServerResponse): void {
  const html = printViews.viewAt(pathname);
  const policy = html === null ? null : printViewPolicy(html);
  if (html === null || policy === null) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  res.writeHead(200, {
    ...RENDERER_SECURITY_HEADERS,
    'Content-Type': PRINT_VIEW_MEDIA_TYPE,
    'Content-Security-Policy': `${policy}; frame-ancestors 'none'`,
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : html);
}

async function serveStatic(rendererDir: string, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
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

/**
 * The browser host serves the renderer over HTTP and HostApi over a WebSocket
 * on this machine (DESIGN §2, §9). Any web page the user visits can try to
 * reach it, and any local program can send it garbage, so these tests check
 * that it serves only its own files to requests that name it and carry this
 * start's secret, accepts sockets only from its own pages holding that secret,
 * carries HostApi calls (binary Yjs updates
 * included) intact to the real storage, and answers every malformed message
 * with a typed error or a closed connection that harms neither the stored
 * plans nor the other connections.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startWebHost, type WebHost } from '../../../src-main/web/web-host.ts';
import type { LoadedPlan, PlanSummary, SaveReceipt } from '../../../shared/host-api/host-api.ts';
import { MAX_TITLE_LENGTH } from '../../../shared/host-api/host-api-schema.ts';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';
import { HOST_SOCKET_PATH } from '../../../shared/host-api/wire.ts';
import { expectAppScript, expectIndexPage, INDEX_HTML, SECRET, useBuiltRenderer } from '../../support/built-renderer.ts';
import { noiseBytes } from '../../support/noise-bytes.ts';
import { startWebHostProcess, type WebHostProcess } from '../../support/web-host-process.ts';
import { chapterAt, chapterJSON, docFrom, editChapter, manifestOf, paragraphs } from '../host/chapter-doc.ts';
import { HostSocket, exchangeLink, originOf, valueOf } from './host-socket.ts';

const OTHER_UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A GET with the path and headers exactly as given (fetch would normalise `..` away). */
function rawGet(hostUrl: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(hostUrl);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A raw TCP connection to the host, for clients that do not speak HTTP properly. */
function rawConnection(hostUrl: string, allowHalfOpen = false): Promise<Socket> {
  const { hostname, port } = new URL(hostUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), allowHalfOpen });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function upgradeRequest(hostUrl: string, origin: string, cookie?: string): string {
  return [
    `GET ${HOST_SOCKET_PATH} HTTP/1.1`,
    `Host: ${new URL(hostUrl).host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    `Origin: ${origin}`,
    ...(cookie === undefined ? [] : [`Cookie: ${cookie}`]),
    '',
    '',
  ].join('\r\n');
}

function expectError(response: HostResponse<unknown>, code: string): string {
  expect(response).toMatchObject({ ok: false, error: { code } });
  return response.ok ? '' : response.error.message;
}

describe('the browser host', () => {
  const folders = useBuiltRenderer('web');
  let host: WebHost;
  /** What the user's browser holds after opening the announced link. */
  let cookie: string;
  let sockets: HostSocket[];

  beforeEach(async () => {
    host = await startWebHost({ dataDir: join(folders.root, 'data'), rendererDir: folders.rendererDir, port: 0 });
    cookie = await exchangeLink(host.url);
    sockets = [];
  });

  afterEach(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await host.close();
  });

  /** A connection from a page the host served itself. */
  async function connectAsApp(): Promise<HostSocket> {
    const socket = await HostSocket.open(host.url, { origin: originOf(host.url), cookie });
    sockets.push(socket);
    return socket;
  }

  describe('over HTTP', () => {
    it('serves index.html at / with the CSP header', async () => {
      await expectIndexPage(await fetch(new URL('/', host.url), { headers: { cookie } }));
    });

    it('serves the app script with the CSP header', async () => {
      await expectAppScript(await fetch(new URL('/assets/index.js', host.url), { headers: { cookie } }));
    });

    it.each([
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2F..%2Fsecret.txt',
      '/..%5csecret.txt',
      '/index.html%00',
      '/%E0%A4%A',
    ])('never serves a file outside the renderer folder for %s', async (path) => {
      const response = await rawGet(host.url, path, { Cookie: cookie });
      expect([400, 404]).toContain(response.status);
      expect(response.body).not.toContain(SECRET);
    });

    it('never serves a file named by its absolute path', async () => {
      for (const path of [`/${encodeURIComponent(join(folders.root, 'secret.txt'))}`, `/${join(folders.root, 'secret.txt')}`]) {
        const response = await rawGet(host.url, path, { Cookie: cookie });
        expect(response.status, path).toBe(404);
        expect(response.body).not.toContain(SECRET);
      }
    });

    it.each(['evil.example', 'rebind.attacker.example', '127.0.0.1', 'localhost'])(
      'refuses a request whose Host header is "%s" with 421 (against DNS rebinding)',
      async (hostHeader) => {
        const response = await rawGet(host.url, '/', { Host: hostHeader, Cookie: cookie });
        expect(response.status).toBe(421);
        expect(response.body).not.toContain('Samskriv');
      },
    );

    it('refuses a foreign host name even on its own port', async () => {
      const response = await rawGet(host.url, '/', { Host: `rebind.attacker.example:${new URL(host.url).port}`, Cookie: cookie });
      expect(response.status).toBe(421);
    });

    it('also answers to localhost on its own port', async () => {
      const response = await rawGet(host.url, '/', { Host: `localhost:${new URL(host.url).port}`, Cookie: cookie });
      expect(response.status).toBe(200);
      expect(response.body).toBe(INDEX_HTML);
    });

    it('accepts no POST', async () => {
      const response = await fetch(host.url, { method: 'POST', body: 'x' });
      expect(response.status).toBe(405);
    });
  });

  describe('the secret of this start', () => {
    const LOCKED_SV = 'Öppna länken som Samskriv skrev ut';
    const LOCKED_EN = 'Open the link Samskriv printed';
    const secretOf = (link: string): string => new URL(link).searchParams.get('k') ?? '';
    const port = (): string => new URL(host.url).port;

    it('is announced in the link as 32 random bytes, new at every start', async () => {
      expect(secretOf(host.url)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const second = await startWebHost({ dataDir: join(folders.root, 'second'), rendererDir: folders.rendererDir, port: 0 });
      try {
        expect(secretOf(second.url)).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(secretOf(second.url)).not.toBe(secretOf(host.url));
      } finally {
        await second.close();
      }
    });

    it.skipIf(process.platform === 'win32')('keeps a data folder it makes to its user alone, so the store file is not readable by others', async () => {
      const dataDir = join(folders.root, 'new', 'data');
      const second = await startWebHost({ dataDir, rendererDir: folders.rendererDir, port: 0 });
      try {
        expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      } finally {
        await second.close();
      }
    });

    it('is exchanged for an HttpOnly, SameSite=Strict session cookie and a redirect to a clean /', async () => {
      const response = await fetch(host.url, { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(await response.text()).toBe('');
      const attributes = (response.headers.get('set-cookie') ?? '').split(';').map((part) => part.trim());
      expect(attributes[0]).toBe(`samskriv-host-${port()}=${secretOf(host.url)}`);
      expect(attributes.slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
    });

    it.each(['/', '/index.html', '/assets/index.js', '/favicon.ico'])('without it, answers %s only with the page that says to open the link', async (path) => {
      const response = await rawGet(host.url, path);
      expect(response.status).toBe(403);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(response.body).not.toContain(INDEX_HTML);
      expect(response.body).not.toContain('console.log');
      // Swedish first, English second.
      expect(response.body.indexOf(LOCKED_SV)).toBeGreaterThan(0);
      expect(response.body.indexOf(LOCKED_EN)).toBeGreaterThan(response.body.indexOf(LOCKED_SV));
    });

    it('answers a HEAD without it with the same refusal and no body', async () => {
      const response = await fetch(new URL('/', host.url), { method: 'HEAD' });
      expect(response.status).toBe(403);
      expect(await response.text()).toBe('');
    });

    it.each([
      ['a guessed secret', () => 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
      ['the secret with its last character changed', (secret: string) => `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`],
      ['the first half of the secret', (secret: string) => secret.slice(0, 21)],
      ['the secret with more after it', (secret: string) => `${secret}A`],
      ['an empty secret', () => ''],
    ])('refuses a link with %s and hands out no cookie', async (_what, wrong) => {
      const response = await rawGet(host.url, `/?k=${encodeURIComponent(wrong(secretOf(host.url)))}`);
      expect(response.status).toBe(403);
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(response.body).toContain(LOCKED_SV);
    });

    it.each([
      ['a wrong value', () => `samskriv-host-${port()}=${'A'.repeat(43)}`],
      ['the secret under another port\'s name', () => `samskriv-host-1=${secretOf(host.url)}`],
      ['the secret without a name', () => secretOf(host.url)],
    ])('refuses a cookie with %s', async (_what, wrongCookie) => {
      const response = await rawGet(host.url, '/', { Cookie: wrongCookie() });
      expect(response.status).toBe(403);
      expect(response.body).not.toContain(INDEX_HTML);
    });

    it('admits the right cookie among others, also after a stale one of the same name', async () => {
      const stale = `samskriv-host-${port()}=${'A'.repeat(43)}`;
      const response = await rawGet(host.url, '/', { Cookie: `theme=dark; ${stale}; ${cookie}` });
      expect(response.status).toBe(200);
      expect(response.body).toBe(INDEX_HTML);
    });

    it('refuses a socket from its own pages without the cookie', async () => {
      await expect(HostSocket.open(host.url, { origin: originOf(host.url) })).rejects.toThrow(/403/);
    });

    it('refuses a socket from its own pages with a wrong cookie', async () => {
      const wrongCookie = `samskriv-host-${port()}=${'A'.repeat(43)}`;
      await expect(HostSocket.open(host.url, { origin: originOf(host.url), cookie: wrongCookie })).rejects.toThrow(/403/);
    });
  });

  describe('accepting sockets', () => {
    it('refuses a socket without an Origin header', async () => {
      await expect(HostSocket.open(host.url, { origin: undefined, cookie })).rejects.toThrow(/403/);
    });

    it.each(['https://evil.example', 'http://evil.example', 'null', 'file://', 'samskriv://app'])('refuses a socket from a page at %s', async (origin) => {
      await expect(HostSocket.open(host.url, { origin, cookie })).rejects.toThrow(/403/);
    });

    it('refuses a socket from its own address over https, which is not a page it served', async () => {
      await expect(HostSocket.open(host.url, { origin: `https://${new URL(host.url).host}`, cookie })).rejects.toThrow(/403/);
    });

    it('refuses a socket from another port of this machine', async () => {
      const other = new URL(host.url);
      other.port = String(Number(other.port) === 65535 ? 65534 : Number(other.port) + 1);
      await expect(HostSocket.open(host.url, { origin: other.origin, cookie })).rejects.toThrow(/403/);
    });

    it('refuses a socket with its own origin but a foreign Host header', async () => {
      await expect(HostSocket.open(host.url, { origin: originOf(host.url), hostHeader: 'rebind.attacker.example', cookie })).rejects.toThrow(/403/);
    });

    it('accepts a socket from its own pages and answers on it', async () => {
      const socket = await connectAsApp();
      expect(await socket.call('listPlans', [])).toEqual({ ok: true, value: [] });
    });

    it('accepts a socket from its own pages opened as localhost', async () => {
      const socket = await HostSocket.open(host.url, { origin: `http://localhost:${new URL(host.url).port}`, cookie });
      sockets.push(socket);
      expect(await socket.call('listPlans', [])).toEqual({ ok: true, value: [] });
    });
  });

  describe('HostApi over the socket', () => {
    it('creates a plan that is listed and can be loaded', async () => {
      const socket = await connectAsApp();
      const created = valueOf<PlanSummary>(await socket.call('createPlan', [{ title: 'Handlingsplan 2026' }]));
      expect(created).toMatchObject({ title: 'Handlingsplan 2026', chapterCount: 1, isSample: false });

      expect(valueOf<PlanSummary[]>(await socket.call('listPlans', []))).toEqual([created]);

      const loaded = valueOf<LoadedPlan>(await socket.call('loadPlan', [{ planId: created.id }]));
      expect(loaded.planId).toBe(created.id);
      expect(loaded.manifest.update).toBeInstanceOf(Uint8Array);
      expect(manifestOf(loaded).title).toBe('Handlingsplan 2026');
      expect(loaded.chapters).toHaveLength(1);
    });

    it('stores an acknowledged Yjs update so that loading the plan again, on a new connection, shows the text', async () => {
      const writer = await connectAsApp();
      const created = valueOf<PlanSummary>(await writer.call('createPlan', [{ title: 'Handlingsplan' }]));
      const chapter = chapterAt(valueOf<LoadedPlan>(await writer.call('loadPlan', [{ planId: created.id }])), 0);
      const text = paragraphs('Fler utrikes födda kvinnor ska få arbete.', 'Åtgärd 1: språkkurser med praktik.');
      const update = editChapter(docFrom(chapter.update), text);

      const receipt = valueOf<SaveReceipt>(await writer.call('saveUpdate', [{ docName: chapter.name, update }]));
      expect(receipt.seq).toBeGreaterThan(0);

      const reader = await connectAsApp();
      const reloaded = chapterAt(valueOf<LoadedPlan>(await reader.call('loadPlan', [{ planId: created.id }])), 0);
      const doc = docFrom(reloaded.update);
      expect(chapterJSON(doc)).toEqual(text);
      // The stored doc holds the update itself: applying it again changes nothing.
      const before = Y.encodeStateVector(doc);
      Y.applyUpdate(doc, update);
      expect(Y.encodeStateVector(doc)).toEqual(before);
    });

    it('answers calls made without waiting, each with its own reply', async () => {
      const socket = await connectAsApp();
      const titles = ['Plan A', 'Plan B', 'Plan C', 'Plan D'];
      const created = await Promise.all(titles.map((title) => socket.call('createPlan', [{ title }])));
      expect(created.map((response) => valueOf<PlanSummary>(response).title)).toEqual(titles);
    });
  });

  describe('a malformed or hostile message', () => {
    /** A plan stored before the bad message, and a second client that is connected throughout. */
    let bystander: HostSocket;
    let plan: { readonly id: string; readonly chapterDoc: string; readonly validUpdate: Uint8Array };
    let stored: { readonly plans: HostResponse<unknown>; readonly plan: HostResponse<unknown> };

    beforeEach(async () => {
      bystander = await connectAsApp();
      const created = valueOf<PlanSummary>(await bystander.call('createPlan', [{ title: 'Handlingsplan' }]));
      const chapter = chapterAt(valueOf<LoadedPlan>(await bystander.call('loadPlan', [{ planId: created.id }])), 0);
      const validUpdate = editChapter(docFrom(chapter.update), paragraphs('Sparad text.'));
      valueOf(await bystander.call('saveUpdate', [{ docName: chapter.name, update: validUpdate }]));
      plan = { id: created.id, chapterDoc: chapter.name, validUpdate };
      stored = { plans: await bystander.call('listPlans', []), plan: await bystander.call('loadPlan', [{ planId: created.id }]) };
    });

    /** The other client still gets answers, new clients can connect, and nothing stored changed. */
    async function expectHostUnharmed(): Promise<void> {
      expect(await bystander.call('listPlans', [])).toEqual(stored.plans);
      expect(await bystander.call('loadPlan', [{ planId: plan.id }])).toEqual(stored.plan);
      const newcomer = await connectAsApp();
      expect(await newcomer.call('listPlans', [])).toEqual(stored.plans);
    }

    it.each([
      ['text that is not JSON', 'hello {'],
      ['an empty frame', ''],
      ['a JSON list', '[1, 2, 3]'],
      ['a call without an id', '{"method":"listPlans","args":[]}'],
      ['a call without a method', '{"id":1,"args":[]}'],
      ['a call without args', '{"id":1,"method":"listPlans"}'],
      ['a call whose args is no list', '{"id":1,"method":"listPlans","args":{}}'],
      ['a call with a fractional id', '{"id":1.5,"method":"listPlans","args":[]}'],
      ['bytes that are not base64', '{"id":1,"method":"saveUpdate","args":[{"docName":"x","update":{"$bytes":"not base64!"}}]}'],
    ])('closes the connection with 1007 and a reason for %s', async (_what, frame) => {
      const socket = await connectAsApp();
      socket.sendText(frame);
      const closed = await socket.closed;
      expect(closed.code).toBe(1007);
      expect(closed.reason).toMatch(/HostApi/);
      await expectHostUnharmed();
    });

    it('closes the connection with 1003 for a binary frame', async () => {
      const socket = await connectAsApp();
      socket.sendBytes(plan.validUpdate, 'binary');
      const closed = await socket.closed;
      expect(closed.code).toBe(1003);
      expect(closed.reason).not.toBe('');
      await expectHostUnharmed();
    });

    it('closes the connection with 1007 for a text frame that is not UTF-8', async () => {
      const socket = await connectAsApp();
      socket.sendBytes(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'text');
      expect((await socket.closed).code).toBe(1007);
      await expectHostUnharmed();
    });

    it('answers an unknown method with unknown-method and keeps the connection open', async () => {
      const socket = await connectAsApp();
      expect(expectError(await socket.call('deleteAllPlans', [{ planId: plan.id }]), 'unknown-method')).toContain('deleteAllPlans');
      expect(await socket.call('listPlans', [])).toEqual(stored.plans);
      await expectHostUnharmed();
    });

    it('checks its noise bytes really are no Yjs update', () => {
      expect(() => Y.decodeUpdate(noiseBytes(64, 2026))).toThrow();
    });

    const INVALID: readonly (readonly [string, string, (p: typeof plan) => unknown[], string])[] = [
      ['an empty update', 'saveUpdate', (p) => [{ docName: p.chapterDoc, update: new Uint8Array(0) }], 'update'],
      ['an update as a list of numbers', 'saveUpdate', (p) => [{ docName: p.chapterDoc, update: [...p.validUpdate] }], 'update'],
      ['an update as a base64 string', 'saveUpdate', (p) => [{ docName: p.chapterDoc, update: 'AAE=' }], 'update'],
      ['an update as an object', 'saveUpdate', (p) => [{ docName: p.chapterDoc, update: { $bytes: 'AAE=', more: 1 } }], 'update'],
      ['random bytes as the update', 'saveUpdate', (p) => [{ docName: p.chapterDoc, update: noiseBytes(64, 2026) }], 'update'],
      ['a docName with ..', 'saveUpdate', (p) => [{ docName: `plan/${p.id}/chapter/../../${OTHER_UUID}`, update: p.validUpdate }], 'docName'],
      ['a docName that is no plan doc', 'saveUpdate', (p) => [{ docName: 'settings', update: p.validUpdate }], 'docName'],
      ['a title that is too long', 'createPlan', () => [{ title: 'x'.repeat(MAX_TITLE_LENGTH + 1) }], 'title'],
      ['a planId that is no UUID', 'loadPlan', () => [{ planId: '../../etc/passwd' }], 'planId'],
    ];

    it.each(INVALID)('answers %s with invalid-argument naming the field', async (_what, method, args, field) => {
      const socket = await connectAsApp();
      const message = expectError(await socket.call(method, args(plan)), 'invalid-argument');
      expect(message).toContain(method);
      expect(message).toContain(field);
      await expectHostUnharmed();
    });

    it('answers a valid update for a plan that does not exist with not-found, and stores nothing', async () => {
      const socket = await connectAsApp();
      const docName = `plan/${OTHER_UUID}/chapter/${OTHER_UUID}`;
      expect(expectError(await socket.call('saveUpdate', [{ docName, update: plan.validUpdate }]), 'not-found')).toContain(OTHER_UUID);
      expectError(await socket.call('loadPlan', [{ planId: OTHER_UUID }]), 'not-found');
      await expectHostUnharmed();
    });
  });

  describe('shutting down', () => {
    it('closes even while a client is half-way through sending a request', async () => {
      const client = await rawConnection(host.url);
      client.on('error', () => undefined);
      client.write(`GET / HTTP/1.1\r\nHost: ${new URL(host.url).host}\r\n`);
      // A complete request afterwards: by the time it is answered, the host has taken the first connection too.
      expect((await rawGet(host.url, '/', { Cookie: cookie })).status).toBe(200);
      await host.close();
      client.destroy();
    }, 15_000);

    it('closes even while a refused client keeps its end of the connection open', async () => {
      const client = await rawConnection(host.url, true);
      client.on('error', () => undefined);
      const answer = new Promise<string>((resolve) => client.once('data', (data) => resolve(String(data))));
      client.write(upgradeRequest(host.url, 'https://evil.example', cookie));
      expect(await answer).toMatch(/^HTTP\/1\.1 403/);
      await host.close();
      client.destroy();
    }, 15_000);
  });
});

describe('the browser host process', () => {
  // A crash here would take every user's session down, so these run the host
  // as `npm run web` does, in its own process, and check it is still there.
  let dataDir = '';
  let hostProcess: WebHostProcess;
  let cookie: string;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'samskriv-web-process-'));
    hostProcess = await startWebHostProcess(dataDir);
    cookie = await exchangeLink(hostProcess.url);
  });

  afterEach(async () => {
    await hostProcess?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function expectStillServing(): Promise<void> {
    expect(hostProcess.child.exitCode).toBeNull();
    const socket = await HostSocket.open(hostProcess.url, { origin: originOf(hostProcess.url), cookie });
    expect(await socket.call('listPlans', [])).toMatchObject({ ok: true });
    await socket.close();
  }

  it('survives a text frame that is not UTF-8, closing only that connection', async () => {
    const bystander = await HostSocket.open(hostProcess.url, { origin: originOf(hostProcess.url), cookie });
    const socket = await HostSocket.open(hostProcess.url, { origin: originOf(hostProcess.url), cookie });
    socket.sendBytes(new Uint8Array([0xff, 0xfe, 0xfd]), 'text');
    expect((await socket.closed).code).toBe(1007);
    expect(await bystander.call('listPlans', [])).toMatchObject({ ok: true });
    await bystander.close();
    await expectStillServing();
  });

  it('survives clients that reset the connection as soon as they are refused', async () => {
    const bystander = await HostSocket.open(hostProcess.url, { origin: originOf(hostProcess.url), cookie });
    for (let attempt = 0; attempt < 20; attempt++) {
      const client = await rawConnection(hostProcess.url);
      client.on('error', () => undefined);
      const gone = new Promise((resolve) => client.once('close', resolve));
      client.write(upgradeRequest(hostProcess.url, 'https://evil.example', cookie), () => client.resetAndDestroy());
      await gone;
      // A round trip on another connection lets the host handle the refusal first.
      expect(await bystander.call('listPlans', []), `after attempt ${attempt}`).toMatchObject({ ok: true });
    }
    await bystander.close();
    await expectStillServing();
  });
});

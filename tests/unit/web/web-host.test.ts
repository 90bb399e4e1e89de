/**
 * The browser host serves the renderer over HTTP and HostApi over a WebSocket
 * on this machine (DESIGN §2, §9). Any web page the user visits can try to
 * reach it, and any local program can send it garbage, so these tests check
 * that it serves only its own files to requests that name it, accepts sockets
 * only from its own pages, carries HostApi calls (binary Yjs updates
 * included) intact to the real storage, and answers every malformed message
 * with a typed error or a closed connection that harms neither the stored
 * plans nor the other connections.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startWebHost, type WebHost } from '../../../src-main/web/web-host.ts';
import { RENDERER_CSP } from '../../../src-main/security/content-security-policy.ts';
import type { LoadedPlan, PlanSummary, SaveReceipt } from '../../../shared/host-api/host-api.ts';
import { MAX_TITLE_LENGTH } from '../../../shared/host-api/host-api-schema.ts';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';
import { HOST_SOCKET_PATH } from '../../../shared/host-api/wire.ts';
import { noiseBytes } from '../../support/noise-bytes.ts';
import { startWebHostProcess, type WebHostProcess } from '../../support/web-host-process.ts';
import { chapterAt, chapterJSON, docFrom, editChapter, manifestOf, paragraphs } from '../host/chapter-doc.ts';
import { HostSocket, originOf, valueOf } from './host-socket.ts';

const INDEX_HTML = '<!doctype html><title>Samskriv</title><script type="module" src="/assets/index.js"></script>';
const SECRET = 'the private key of the user';
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

function upgradeRequest(hostUrl: string, origin: string): string {
  return [
    `GET ${HOST_SOCKET_PATH} HTTP/1.1`,
    `Host: ${new URL(hostUrl).host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    `Origin: ${origin}`,
    '',
    '',
  ].join('\r\n');
}

function expectError(response: HostResponse<unknown>, code: string): string {
  expect(response).toMatchObject({ ok: false, error: { code } });
  return response.ok ? '' : response.error.message;
}

/** A temp folder holding a built renderer (`renderer/`), a data folder and a file outside both. */
function useHostFolders(): { readonly root: string; readonly rendererDir: string; readonly dataDir: string } {
  const folders = { root: '', rendererDir: '', dataDir: '' };
  beforeEach(() => {
    folders.root = mkdtempSync(join(tmpdir(), 'samskriv-web-'));
    folders.rendererDir = join(folders.root, 'renderer');
    folders.dataDir = join(folders.root, 'data');
    mkdirSync(join(folders.rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(folders.rendererDir, 'index.html'), INDEX_HTML);
    writeFileSync(join(folders.rendererDir, 'assets', 'index.js'), 'console.log("Samskriv");');
    writeFileSync(join(folders.root, 'secret.txt'), SECRET);
  });
  afterEach(() => {
    rmSync(folders.root, { recursive: true, force: true });
  });
  return folders;
}

describe('the browser host', () => {
  const folders = useHostFolders();
  let host: WebHost;
  let sockets: HostSocket[];

  beforeEach(async () => {
    host = await startWebHost({ dataDir: folders.dataDir, rendererDir: folders.rendererDir, port: 0 });
    sockets = [];
  });

  afterEach(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await host.close();
  });

  /** A connection from a page the host served itself. */
  async function connectAsApp(): Promise<HostSocket> {
    const socket = await HostSocket.open(host.url, { origin: originOf(host.url) });
    sockets.push(socket);
    return socket;
  }

  describe('over HTTP', () => {
    it('serves index.html at / with the CSP header', async () => {
      const response = await fetch(host.url);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(INDEX_HTML);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('serves the app script with the CSP header', async () => {
      const response = await fetch(new URL('/assets/index.js', host.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
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
      const response = await rawGet(host.url, path);
      expect([400, 404]).toContain(response.status);
      expect(response.body).not.toContain(SECRET);
    });

    it('never serves a file named by its absolute path', async () => {
      for (const path of [`/${encodeURIComponent(join(folders.root, 'secret.txt'))}`, `/${join(folders.root, 'secret.txt')}`]) {
        const response = await rawGet(host.url, path);
        expect(response.status, path).toBe(404);
        expect(response.body).not.toContain(SECRET);
      }
    });

    it.each(['evil.example', 'rebind.attacker.example', '127.0.0.1', 'localhost'])(
      'refuses a request whose Host header is "%s" with 421 (against DNS rebinding)',
      async (hostHeader) => {
        const response = await rawGet(host.url, '/', { Host: hostHeader });
        expect(response.status).toBe(421);
        expect(response.body).not.toContain('Samskriv');
      },
    );

    it('refuses a foreign host name even on its own port', async () => {
      const response = await rawGet(host.url, '/', { Host: `rebind.attacker.example:${new URL(host.url).port}` });
      expect(response.status).toBe(421);
    });

    it('also answers to localhost on its own port', async () => {
      const response = await rawGet(host.url, '/', { Host: `localhost:${new URL(host.url).port}` });
      expect(response.status).toBe(200);
      expect(response.body).toBe(INDEX_HTML);
    });

    it('accepts no POST', async () => {
      const response = await fetch(host.url, { method: 'POST', body: 'x' });
      expect(response.status).toBe(405);
    });
  });

  describe('accepting sockets', () => {
    it('refuses a socket without an Origin header', async () => {
      await expect(HostSocket.open(host.url, { origin: undefined })).rejects.toThrow(/403/);
    });

    it.each(['https://evil.example', 'http://evil.example', 'null', 'file://', 'samskriv://app'])('refuses a socket from a page at %s', async (origin) => {
      await expect(HostSocket.open(host.url, { origin })).rejects.toThrow(/403/);
    });

    it('refuses a socket from its own address over https, which is not a page it served', async () => {
      await expect(HostSocket.open(host.url, { origin: `https://${new URL(host.url).host}` })).rejects.toThrow(/403/);
    });

    it('refuses a socket from another port of this machine', async () => {
      const other = new URL(host.url);
      other.port = String(Number(other.port) === 65535 ? 65534 : Number(other.port) + 1);
      await expect(HostSocket.open(host.url, { origin: other.origin })).rejects.toThrow(/403/);
    });

    it('refuses a socket with its own origin but a foreign Host header', async () => {
      await expect(HostSocket.open(host.url, { origin: originOf(host.url), hostHeader: 'rebind.attacker.example' })).rejects.toThrow(/403/);
    });

    it('accepts a socket from its own pages and answers on it', async () => {
      const socket = await connectAsApp();
      expect(await socket.call('listPlans', [])).toEqual({ ok: true, value: [] });
    });

    it('accepts a socket from its own pages opened as localhost', async () => {
      const socket = await HostSocket.open(host.url, { origin: `http://localhost:${new URL(host.url).port}` });
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
      expect(expectError(await socket.call('deletePlan', [{ planId: plan.id }]), 'unknown-method')).toContain('deletePlan');
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
      expect((await rawGet(host.url, '/')).status).toBe(200);
      await host.close();
      client.destroy();
    }, 15_000);

    it('closes even while a refused client keeps its end of the connection open', async () => {
      const client = await rawConnection(host.url, true);
      client.on('error', () => undefined);
      const answer = new Promise<string>((resolve) => client.once('data', (data) => resolve(String(data))));
      client.write(upgradeRequest(host.url, 'https://evil.example'));
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

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'samskriv-web-process-'));
    hostProcess = await startWebHostProcess(dataDir);
  });

  afterEach(async () => {
    await hostProcess?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function expectStillServing(): Promise<void> {
    expect(hostProcess.child.exitCode).toBeNull();
    const socket = await HostSocket.open(hostProcess.url, { origin: originOf(hostProcess.url) });
    expect(await socket.call('listPlans', [])).toMatchObject({ ok: true });
    await socket.close();
  }

  it('survives a text frame that is not UTF-8, closing only that connection', async () => {
    const bystander = await HostSocket.open(hostProcess.url, { origin: originOf(hostProcess.url) });
    const socket = await HostSocket.open(hostProcess.url, { origin: originOf(hostProcess.url) });
    socket.sendBytes(new Uint8Array([0xff, 0xfe, 0xfd]), 'text');
    expect((await socket.closed).code).toBe(1007);
    expect(await bystander.call('listPlans', [])).toMatchObject({ ok: true });
    await bystander.close();
    await expectStillServing();
  });

  it('survives clients that reset the connection as soon as they are refused', async () => {
    const bystander = await HostSocket.open(hostProcess.url, { origin: originOf(hostProcess.url) });
    for (let attempt = 0; attempt < 20; attempt++) {
      const client = await rawConnection(hostProcess.url);
      client.on('error', () => undefined);
      const gone = new Promise((resolve) => client.once('close', resolve));
      client.write(upgradeRequest(hostProcess.url, 'https://evil.example'), () => client.resetAndDestroy());
      await gone;
      // A round trip on another connection lets the host handle the refusal first.
      expect(await bystander.call('listPlans', []), `after attempt ${attempt}`).toMatchObject({ ok: true });
    }
    await bystander.close();
    await expectStillServing();
  });
});

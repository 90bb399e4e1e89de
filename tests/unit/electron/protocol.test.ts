/**
 * The `samskriv://app/` protocol serves the built renderer to the desktop
 * window. It must serve the app's files with the CSP header, and nothing but
 * them: no request, however its path is spelled or encoded, may read a file
 * outside the renderer folder.
 */
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from '../../../src-main/electron/protocol.ts';
import { createFakeElectron, type ProtocolHandler } from './fake-electron.ts';
import { expectAppScript, expectIndexPage, SECRET, useBuiltRenderer } from '../../support/built-renderer.ts';

describe('the samskriv://app protocol', () => {
  const folders = useBuiltRenderer('protocol');
  let serve: ProtocolHandler;

  beforeEach(() => {
    const electron = createFakeElectron();
    electron.app.becomeReady();
    registerAppProtocol(electron.protocol, folders.rendererDir);
    const handler = electron.protocol.handlers.get('samskriv');
    if (handler === undefined) throw new Error('no handler was registered for samskriv:');
    serve = handler;
  });

  const get = (url: string): Promise<Response> => Promise.resolve(serve(new Request(url)));

  it('is a standard, secure scheme that may use fetch', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'samskriv', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });

  it.each(['samskriv://app/index.html', 'samskriv://app/', 'samskriv://app'])('serves index.html for %s with the CSP header', async (url) => {
    await expectIndexPage(await get(url));
  });

  it('serves the app script as JavaScript with the CSP header', async () => {
    await expectAppScript(await get('samskriv://app/assets/index.js'));
  });

  it.each([
    'samskriv://app/../../etc/passwd',
    'samskriv://app/../secret.txt',
    'samskriv://app/assets/../../secret.txt',
    'samskriv://app/%2e%2e/secret.txt',
    'samskriv://app/..%2fsecret.txt',
    'samskriv://app/%2e%2e%2fsecret.txt',
    'samskriv://app/%2E%2E%2Fsecret.txt',
    'samskriv://app/assets/..%2f..%2fsecret.txt',
    'samskriv://app/..%5csecret.txt',
    'samskriv://app/%252e%252e%252fsecret.txt',
    'samskriv://app/index.html%00.png',
    'samskriv://app/%E0%A4%A',
  ])('never serves a file outside the renderer folder for %s', async (url) => {
    const response = await get(url);
    expect([400, 404]).toContain(response.status);
    const body = await response.text();
    expect(body).not.toContain(SECRET);
    expect(body).not.toContain('root:');
  });

  it('never serves a file named by its absolute path', async () => {
    for (const url of [`samskriv://app/${encodeURIComponent(join(folders.root, 'secret.txt'))}`, `samskriv://app/${join(folders.root, 'secret.txt')}`]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain(SECRET);
    }
  });

  it('answers 404 for another host of the scheme, even for a file that exists', async () => {
    const response = await get('samskriv://evil/index.html');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('Samskriv');
  });

  it('answers 404 for a file the app does not have', async () => {
    expect((await get('samskriv://app/missing.js')).status).toBe(404);
    expect((await get('samskriv://app/assets/')).status).toBe(404);
  });
});

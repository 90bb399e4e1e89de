/**
 * The `samskriv://app/` protocol that serves the built renderer. Using our own
 * scheme instead of `file://` keeps the page in an origin of its own, lets us
 * send the CSP as a header, and confines requests to the renderer directory.
 */
import { readFile } from 'node:fs/promises';
import type { CustomScheme, Protocol } from 'electron';
import { RENDERER_SECURITY_HEADERS } from '../security/content-security-policy.ts';
import { contentTypeFor, resolveStaticPath } from '../security/static-files.ts';
import { APP_HOST, APP_SCHEME } from './app-origin.ts';

/** Must be registered before the app is ready. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const filePath = resolveStaticPath(rendererDir, url.pathname);
    if (filePath === null) return new Response('Bad request', { status: 400 });
    try {
      const body = await readFile(filePath);
      return new Response(body, { status: 200, headers: { 'Content-Type': contentTypeFor(filePath), ...RENDERER_SECURITY_HEADERS } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  };
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
}

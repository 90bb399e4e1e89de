/**
 * The Content-Security-Policy of the renderer, sent as a response header by
 * both the Electron protocol handler and the browser host.
 *
 * Scripts and styles only from the app itself: no inline script, no eval, no
 * remote code. `connect-src 'self'` lets the browser build reach its own host
 * socket (CSP3 matches ws: on the same host:port). Objects, frames and
 * form posts are disabled outright.
 *
 * `ws: wss:` in connect-src is for the sync server's WebSocket (issue 3). The
 * server's address is typed in by the user at run time ("Anslut till
 * server"), while this header is one constant for every response, so it
 * cannot name that origin; what it can do is allow WebSocket schemes only.
 * fetch/XHR to any other origin stay blocked: all HTTP to the sync server
 * (join, publish, invitations, members) goes through main, and only the
 * WebSocket, with the token main hands out, is opened by the page. `ws:`
 * (unencrypted) is needed for a server on the local network or loopback;
 * servers on the internet sit behind TLS (`wss:`).
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Extra headers for every renderer response. */
export const RENDERER_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * The Content-Security-Policy of the renderer, sent as a response header by
 * both the Electron protocol handler and the browser host.
 *
 * Scripts and styles only from the app itself: no inline script, no eval, no
 * remote code. `connect-src 'self'` lets the browser build reach its own host
 * socket (CSP3 matches ws: on the same host:port). Objects, frames and
 * form posts are disabled outright.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
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

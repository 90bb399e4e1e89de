/**
 * The browser host's per-start secret: what tells the user's own browser
 * apart from every other process on the machine.
 *
 * The Origin and Host checks keep out web pages, but any local program can
 * send whatever headers it likes, and on a shared machine (a terminal server)
 * that includes other users' programs. So each start draws 32 random bytes,
 * the host prints them in the link it announces (`/?k=<secret>`), and the
 * browser exchanges the link once for an HttpOnly, SameSite=Strict cookie.
 * Every request that serves the app, and the HostApi socket, must carry it.
 *
 * A query parameter rather than a fragment: the host has to see the secret
 * before it serves anything, and a fragment never leaves the browser, so it
 * would need an unauthenticated page with a script to hand it over. The
 * host answers the query with a redirect to `/` at once, so the secret is
 * not left in the address bar, and the redirect has no body that could
 * leak it through a Referer.
 *
 * The secret never appears in the process's arguments or environment, where
 * other users could read it (`ps`, /proc); only in what the host prints.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The query parameter of the announced link that carries the secret. */
export const SECRET_PARAM = 'k';

export interface HostSecret {
  /** The secret as printed in the link (base64url, 43 characters). */
  readonly value: string;
  /** The `Set-Cookie` value that hands the secret to the browser. */
  readonly setCookie: string;
  /** Whether `candidate` is the secret; takes the same time whatever it is. */
  matches(candidate: string): boolean;
  /** Whether a request's `Cookie` header carries the secret. */
  admits(cookieHeader: string | undefined): boolean;
}

/**
 * A fresh secret for a host listening on `port`.
 *
 * The cookie is named after the port because browsers do not keep cookies
 * apart by port: two hosts on 127.0.0.1 (two data folders, or the tests'
 * several agencies in one browser) would otherwise overwrite each other's.
 * A restart on the same port replaces the old cookie, so a page still open
 * from the previous start can reconnect once the new link has been opened
 * in the same browser.
 */
export function createHostSecret(port: number): HostSecret {
  const value = randomBytes(32).toString('base64url');
  const digest = sha256(value);
  const cookieName = `samskriv-host-${port}`;
  const matches = (candidate: string): boolean => timingSafeEqual(sha256(candidate), digest);
  return {
    value,
    // No Max-Age: a session cookie, gone when the browser closes. No Secure:
    // the host speaks plain HTTP on loopback, where the cookie never leaves
    // the machine.
    setCookie: `${cookieName}=${value}; Path=/; HttpOnly; SameSite=Strict`,
    matches,
    admits(cookieHeader) {
      if (cookieHeader === undefined) return false;
      // Every cookie of that name is tried: a stale one from an earlier start
      // may still be sent alongside the current one.
      let admitted = false;
      for (const pair of cookieHeader.split(';')) {
        const at = pair.indexOf('=');
        if (at < 0 || pair.slice(0, at).trim() !== cookieName) continue;
        if (matches(pair.slice(at + 1).trim())) admitted = true;
      }
      return admitted;
    },
  };
}

/**
 * Hashing first makes both sides 32 bytes, as timingSafeEqual requires,
 * without a length check that would tell how long the secret is.
 */
function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Where the renderer is loaded from, and therefore which frames may call
 * HostApi. In production that is our own `samskriv://app` scheme (never
 * `file://`, which would give the page access to the whole disk's origin);
 * in development it is electron-vite's dev server.
 */
export const APP_SCHEME = 'samskriv';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function rendererEntryUrl(devServerUrl: string | undefined): string {
  return devServerUrl ?? `${APP_ORIGIN}/index.html`;
}

/** The origin a trusted sender frame must have. */
export function trustedOrigin(devServerUrl: string | undefined): string {
  return devServerUrl === undefined ? APP_ORIGIN : new URL(devServerUrl).origin;
}

/**
 * True when `url` belongs to the trusted origin. Custom schemes report an
 * opaque origin ("null") in some Electron versions, so the comparison is made
 * on scheme and host rather than on URL.origin.
 */
export function isTrustedUrl(url: string, origin: string): boolean {
  try {
    const u = new URL(url);
    const o = new URL(origin);
    return u.protocol === o.protocol && u.host === o.host;
  } catch {
    return false;
  }
}

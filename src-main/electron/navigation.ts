/**
 * Blocks navigation and new windows. The renderer is a single page; a link in
 * a plan must never replace the app or open an Electron window with our
 * preload. Web links open in the user's browser instead, and only http(s) or
 * mailto links at that.
 */
import type { WebContents } from 'electron';
import { isTrustedUrl } from './app-origin.ts';

export function isExternalLinkAllowed(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' || protocol === 'mailto:';
  } catch {
    return false;
  }
}

export function lockDownNavigation(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  origin: string,
  openExternal: (url: string) => void,
): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url, origin)) event.preventDefault();
  });
  // Also frames (the app has none: CSP frame-src 'none' — this is the second
  // line of defence) and server-side redirects of an allowed navigation.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame || !isTrustedUrl(event.url, origin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url, origin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) openExternal(url);
    return { action: 'deny' };
  });
}

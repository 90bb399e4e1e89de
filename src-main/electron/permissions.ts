/**
 * Answers every permission a page asks Electron for. Without a handler
 * Electron grants all of them (camera, microphone, geolocation,
 * notifications, MIDI, HID, clipboard reading, …) to any page, so a link, a
 * pasted document or a bug that gets foreign content into the window would
 * get them too (Electron's security checklist, item 5; issue 11, finding 7).
 *
 * Samskriv needs one: writing the clipboard, for "Kopiera kod" in the
 * invitation dialog (navigator.clipboard.writeText). It is granted only to
 * the main frame of our own origin; everything else is denied, including
 * permissions Electron adds in a later version.
 */
import type { Session } from 'electron';
import { isTrustedUrl } from './app-origin.ts';

/** What our own page may use. Reading the clipboard is not on it: paste works without it. */
const GRANTED_TO_APP: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function lockDownPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>, origin: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(GRANTED_TO_APP.has(permission) && details.isMainFrame && isTrustedUrl(details.requestingUrl, origin));
  });
  // Checks (navigator.permissions.query, and Chromium asking before some
  // requests) get the same answer, so a page cannot learn of or use a
  // permission the request handler would refuse.
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    return GRANTED_TO_APP.has(permission) && details.isMainFrame && isTrustedUrl(requestingOrigin, origin);
  });
}

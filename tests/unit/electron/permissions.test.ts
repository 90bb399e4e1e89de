/**
 * A page in Samskriv gets no permission it asks Electron for (camera,
 * microphone, location, notifications, reading the clipboard, …), whoever
 * asks: only our own page may write the clipboard, for "Kopiera kod". Real
 * Electron, like the fake, grants everything while no handler is set.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../../../src-main/electron/app-origin.ts';
import { lockDownPermissions } from '../../../src-main/electron/permissions.ts';
import { createFakeElectron, type FakeSession } from './fake-electron.ts';

const APP_PAGE = { url: `${APP_ORIGIN}/index.html`, isMainFrame: true };
const FOREIGN_PAGE = { url: 'https://evil.example/', isMainFrame: true };
const DENIED = ['media', 'geolocation', 'notifications', 'clipboard-read', 'midiSysex', 'hid', 'serial', 'usb', 'openExternal', 'fullscreen', 'display-capture', 'unknown', 'a-permission-of-a-later-electron'];

describe('the permissions of a page', () => {
  let session: FakeSession;

  beforeEach(() => {
    const electron = createFakeElectron();
    electron.app.becomeReady();
    session = electron.session.defaultSession;
    lockDownPermissions(session, APP_ORIGIN);
  });

  it.each(DENIED)('denies a request for %s, also to our own page', async (permission) => {
    expect(await session.requestPermission(permission, APP_PAGE)).toBe(false);
  });

  it.each(DENIED)('answers a check for %s with no', (permission) => {
    expect(session.checkPermission(permission, APP_PAGE)).toBe(false);
  });

  it('lets our own page write the clipboard, for "Kopiera kod"', async () => {
    expect(await session.requestPermission('clipboard-sanitized-write', APP_PAGE)).toBe(true);
    expect(session.checkPermission('clipboard-sanitized-write', APP_PAGE)).toBe(true);
  });

  it('does not let another page or a subframe write the clipboard', async () => {
    expect(await session.requestPermission('clipboard-sanitized-write', FOREIGN_PAGE)).toBe(false);
    expect(await session.requestPermission('clipboard-sanitized-write', { url: APP_PAGE.url, isMainFrame: false })).toBe(false);
    expect(session.checkPermission('clipboard-sanitized-write', FOREIGN_PAGE)).toBe(false);
  });
});

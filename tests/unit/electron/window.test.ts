/**
 * The main window is the one place a plan's content is rendered, so its
 * settings are the renderer's sandbox: whatever a pasted link or a hostile
 * document manages to run there must find no Node, no Electron and no way
 * around the page's origin, only the HostApi the preload exposes.
 */
import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../../src-main/electron/window.ts';

const PRELOAD = '/opt/Samskriv/resources/app/out/preload/preload.cjs';

describe('the main window', () => {
  const { webPreferences, ...window } = mainWindowOptions(PRELOAD, 'Samskriv');

  it('loads our preload and nothing else', () => {
    expect(webPreferences?.preload).toBe(PRELOAD);
  });

  it('isolates the page from the preload and sandboxes it', () => {
    expect(webPreferences).toMatchObject({ contextIsolation: true, sandbox: true });
  });

  it('gives the page, its workers and its frames no Node', () => {
    expect(webPreferences).toMatchObject({
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps the same-origin policy and refuses insecure content', () => {
    expect(webPreferences).toMatchObject({ webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false });
  });

  it('allows no <webview> and no navigation by dropping a file on it', () => {
    expect(webPreferences).toMatchObject({ webviewTag: false, navigateOnDragDrop: false });
  });

  it('stays hidden until the page is ready, so the user never sees a blank flash', () => {
    expect(window.show).toBe(false);
    expect(window.title).toBe('Samskriv');
  });
});

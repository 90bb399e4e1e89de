/**
 * The installers agency IT deploys (issue 11, finding 7): electron-builder.yml
 * as the installed electron-builder reads and validates it, so a key it does
 * not know (a misspelt fuse, a target of another version) fails here instead
 * of when someone builds an installer on a Windows or macOS machine. Nothing
 * is built: that needs the Electron binary and each platform's tools.
 */
import { describe, expect, it } from 'vitest';
import { DebugLogger } from 'builder-util';
import type { Configuration, TargetConfiguration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';

const REPO = new URL('../../..', import.meta.url).pathname;

const config: Configuration = await getConfig(REPO, null, null);

function targetNames(target: unknown): string[] {
  const list = Array.isArray(target) ? target : [target];
  return list.map((entry: string | TargetConfiguration) => (typeof entry === 'string' ? entry : entry.target));
}

describe('the electron-builder configuration', () => {
  it('is valid for the installed electron-builder', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('flips the fuses: no ELECTRON_RUN_AS_NODE or NODE_OPTIONS, encrypted cookies, the app only from a checked app.asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // OnlyLoadAppFromAsar and the integrity check mean nothing without an asar.
    expect(config.asar).not.toBe(false);
  });

  it('builds NSIS and MSI for Windows, a dmg for macOS, AppImage and deb for Linux', () => {
    expect(targetNames(config.win?.target).sort()).toEqual(['msi', 'nsis']);
    expect(targetNames(config.mac?.target)).toEqual(['dmg']);
    expect(targetNames(config.linux?.target).sort()).toEqual(['AppImage', 'deb']);
  });

  it('packs the built app, not the sources', () => {
    expect(config.files).toEqual([{ filter: ['out/**/*', 'package.json'] }]);
  });
});

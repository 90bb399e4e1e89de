/**
 * Electron entry point. It only wires the pieces together; each piece is a
 * small module tested against a fake `electron` (tests/unit/electron).
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import { join } from 'node:path';
import { DataDirInUseError, lockDataDir, type DataDirLock } from '../host/data-dir-lock.ts';
import { createHostDispatch } from '../host/host-dispatch.ts';
import { HostService } from '../host/host-service.ts';
import { safeStorageVault } from '../sync/token-vault.ts';
import { transportPolicyFromArgv } from '../sync/transport-policy.ts';
import { rendererEntryUrl, trustedOrigin } from './app-origin.ts';
import { registerHostIpc } from './ipc.ts';
import { lockDownNavigation } from './navigation.ts';
import { lockDownPermissions } from './permissions.ts';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './protocol.ts';
import { dataDirInUseMessage } from './in-use-dialog.ts';
import { saveExportWithDialog } from './export-dialog.ts';
import { printWithHiddenWindow } from './print-to-pdf.ts';
import { openImportWithDialog } from './import-dialog.ts';
import { openExchangeFileWithDialog } from './exchange-dialog.ts';
import { LEAVE_BUTTON, unsavedDialogOptions } from './unsaved-dialog.ts';
import { mainWindowOptions } from './window.ts';

// Only a development build may load the renderer from electron-vite's dev
// server; a packaged app ignores the variable, so nobody can point an
// installed Samskriv (and its HostApi) at another origin.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const origin = trustedOrigin(devServerUrl);

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

app.on('web-contents-created', (_event, contents) => {
  lockDownNavigation(contents, origin, (url) => void shell.openExternal(url));
});

let service: HostService | null = null;
let lock: DataDirLock | null = null;
let mainWindow: BrowserWindow | null = null;

app.whenReady().then(() => {
  // Before the store is read: the plans open in another Samskriv (a second
  // desktop app, or the browser host on this folder) are not opened twice.
  try {
    lock = lockDataDir(app.getPath('userData'));
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    const { title, content } = dataDirInUseMessage();
    dialog.showErrorBox(title, content);
    app.quit();
    return;
  }
  // Before any page exists, so no page is ever granted what it asks for by default.
  lockDownPermissions(session.defaultSession, origin);
  // Member tokens of shared plans are sealed by the OS keychain (safeStorage),
  // which is only usable once the app is ready. Plain http to another
  // computer's sync server only with `--insecure` on our own command line.
  service = new HostService(app.getPath('userData'), {
    vault: safeStorageVault(safeStorage),
    transport: transportPolicyFromArgv(process.argv),
    saveExport: saveExportWithDialog(dialog, () => mainWindow, () => app.getPath('documents')),
    openImport: openImportWithDialog(dialog, () => mainWindow, () => app.getPath('documents')),
    openExchangeFile: openExchangeFileWithDialog(dialog, () => mainWindow, () => app.getPath('documents')),
    printPdf: printWithHiddenWindow((options) => new BrowserWindow(options)),
    // Only paths the host saved an export to reach this (HostService.openExportedFile).
    openFile: (path) => shell.openPath(path),
  });
  registerHostIpc(ipcMain, createHostDispatch(service), origin);
  registerAppProtocol(protocol, join(import.meta.dirname, '../renderer'));

  const window = new BrowserWindow(mainWindowOptions(join(import.meta.dirname, '../preload/preload.cjs'), 'Samskriv'));
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.webContents.on('will-prevent-unload', () => {
    void (async () => {
      const { language } = (await service?.getPreferences()) ?? { language: 'sv' as const };
      const choice = await dialog.showMessageBox(window, unsavedDialogOptions(language));
      // Not calling the event's preventDefault() keeps the window open while we
      // ask (preventDefault would override the page and close). Leaving
      // destroys the window, which skips beforeunload; only the user decides.
      if (choice.response === LEAVE_BUTTON) window.destroy();
    })();
  });
  void window.loadURL(rendererEntryUrl(devServerUrl));
});

app.on('window-all-closed', () => {
  app.quit();
});

app.on('will-quit', () => {
  // Every acknowledged update is already committed; closing checkpoints the WAL.
  service?.close();
  service = null;
  lock?.release();
  lock = null;
});

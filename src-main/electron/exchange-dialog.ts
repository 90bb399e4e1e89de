/**
 * Where an exchange file (.samskriv, issue 17) comes from on the desktop:
 * the system's open dialog on the user's Documents folder, filtered to
 * Samskriv files. A file over the limit is refused by its size, before a
 * byte of it is read. Everything else about the file is
 * src-main/exchange/, tested without Electron.
 */
import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { EXCHANGE_EXTENSION, MAX_EXCHANGE_FILE_BYTES } from '../../shared/exchange/exchange-file.ts';
import type { Language } from '../../shared/host-api/host-api.ts';
import type { OpenExchangeFile } from '../host/host-service.ts';

const TEXT = {
  sv: { title: 'Välj en Samskriv-fil', kind: 'Samskriv-fil' },
  en: { title: 'Choose a Samskriv file', kind: 'Samskriv file' },
} as const;

export function exchangeDialogOptions(documentsFolder: string, language: Language): OpenDialogOptions {
  const text = TEXT[language];
  return { title: text.title, defaultPath: documentsFolder, filters: [{ name: text.kind, extensions: [EXCHANGE_EXTENSION.slice(1)] }], properties: ['openFile'] };
}

export function openExchangeFileWithDialog(
  dialog: Pick<Dialog, 'showOpenDialog'>,
  window: () => BrowserWindow | null,
  documentsFolder: () => string,
  read: (path: string) => Promise<Uint8Array> = readFile,
  sizeOf: (path: string) => Promise<number> = async (path) => (await stat(path)).size,
): OpenExchangeFile {
  return async (language) => {
    const options = exchangeDialogOptions(documentsFolder(), language);
    const parent = window();
    const choice = parent === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(parent, options);
    const path = choice.filePaths[0];
    if (choice.canceled || path === undefined) return null;
    if ((await sizeOf(path)) > MAX_EXCHANGE_FILE_BYTES) return 'too-large';
    return new Uint8Array(await read(path));
  };
}

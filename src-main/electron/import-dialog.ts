/**
 * Where a Word file to import comes from on the desktop: the system's open
 * dialog, opened on the user's Documents folder and filtered to Word
 * documents, then the file read. Its size is checked before it is read, so a
 * huge file is refused without being loaded into memory. Only the dialog and
 * the read are here; the import itself is src-main/import/, tested without
 * Electron.
 */
import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Language } from '../../shared/host-api/host-api.ts';
import { ImportRefusal } from '../../shared/import/import-refusal.ts';
import type { OpenImport } from '../host/host-service.ts';
import { MAX_IMPORT_BYTES } from '../import/docx-package.ts';

const TEXT = {
  sv: { title: 'Importera från Word', word: 'Word-dokument' },
  en: { title: 'Import from Word', word: 'Word document' },
} as const;

export function importDialogOptions(documentsFolder: string, language: Language): OpenDialogOptions {
  const text = TEXT[language];
  return { title: text.title, defaultPath: documentsFolder, filters: [{ name: text.word, extensions: ['docx', 'docm'] }], properties: ['openFile'] };
}

export function openImportWithDialog(
  dialog: Pick<Dialog, 'showOpenDialog'>,
  window: () => BrowserWindow | null,
  documentsFolder: () => string,
  read: (path: string) => Promise<Uint8Array> = readFile,
  sizeOf: (path: string) => Promise<number> = async (path) => (await stat(path)).size,
): OpenImport {
  return async (language) => {
    const options = importDialogOptions(documentsFolder(), language);
    const parent = window();
    const choice = parent === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(parent, options);
    const path = choice.filePaths[0];
    if (choice.canceled || path === undefined) return null;
    const size = await sizeOf(path);
    if (size > MAX_IMPORT_BYTES) throw new ImportRefusal('too-large', `${basename(path)} is ${size} bytes; at most ${MAX_IMPORT_BYTES} are imported.`);
    return { fileName: basename(path), data: new Uint8Array(await read(path)) };
  };
}

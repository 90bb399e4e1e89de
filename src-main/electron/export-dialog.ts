/**
 * Where an export goes on the desktop: the system's save dialog, opened on
 * the user's Documents folder with the suggested file name, then the file
 * written there. Only the dialog and the write are here; the export itself
 * is src-main/export/, tested without Electron.
 */
import type { BrowserWindow, Dialog, SaveDialogOptions } from 'electron';
import { writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Language } from '../../shared/host-api/host-api.ts';
import type { SaveExport } from '../host/host-service.ts';

const TEXT = {
  sv: { title: 'Exportera planen', word: 'Word-dokument', pdf: 'PDF-dokument', samskriv: 'Samskriv-fil', txt: 'Textfil' },
  en: { title: 'Export the plan', word: 'Word document', pdf: 'PDF document', samskriv: 'Samskriv file', txt: 'Text file' },
} as const;

export function exportDialogOptions(fileName: string, documentsFolder: string, language: Language): SaveDialogOptions {
  const text = TEXT[language];
  const extension = extname(fileName).slice(1);
  return {
    title: text.title,
    defaultPath: join(documentsFolder, fileName),
    filters: [{ name: extension === 'pdf' ? text.pdf : extension === 'samskriv' ? text.samskriv : extension === 'txt' ? text.txt : text.word, extensions: [extension] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

export function saveExportWithDialog(
  dialog: Pick<Dialog, 'showSaveDialog'>,
  window: () => BrowserWindow | null,
  documentsFolder: () => string,
  write: (path: string, data: Uint8Array) => Promise<void> = writeFile,
): SaveExport {
  return async (file, language) => {
    const options = exportDialogOptions(file.fileName, documentsFolder(), language);
    const parent = window();
    const choice = parent === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(parent, options);
    if (choice.canceled || choice.filePath === undefined || choice.filePath === '') return null;
    await write(choice.filePath, file.data);
    return choice.filePath;
  };
}

/**
 * The refused chapter's text file (src-main/refused/) goes through the
 * desktop's export save dialog: its filter must name a text file, not a
 * Word document.
 */
import { describe, expect, it } from 'vitest';
import { exportDialogOptions } from '../../../src-main/electron/export-dialog.ts';

describe('the save dialog for a refused chapter’s text', () => {
  it('offers a text file, in the user’s language', () => {
    expect(exportDialogOptions('kapitel-1-ej-godtaget.txt', '/home/omar/Dokument', 'sv').filters).toEqual([{ name: 'Textfil', extensions: ['txt'] }]);
    expect(exportDialogOptions('chapter-1-not-accepted.txt', '/home/omar/Documents', 'en').filters).toEqual([{ name: 'Text file', extensions: ['txt'] }]);
  });
});

/**
 * The desktop's PDF export (issue 15): Chromium prints the plan's print view
 * (src-main/export/print-view.ts) with `webContents.printToPDF`, tagged for
 * screen readers (`generateTaggedPDF`) and with bookmarks from its headings
 * (`generateDocumentOutline`). The plan's title in the header and
 * "Sida X av Y" in the footer are the view's own CSS page margin boxes, not
 * printToPDF's header and footer templates (print-view.ts says why), so
 * `displayHeaderFooter` stays off: it would print Chromium's on top.
 *
 * The view is loaded in a hidden window of its own: sandboxed, without Node
 * and without a preload, so it has no HostApi; the document itself has no
 * script and a policy that allows none. It is loaded from a file in a
 * temporary folder of its own rather than a data: URL, which Chromium caps
 * at 2 MB (a 300-page plan's view is larger). Window and folder are gone
 * afterwards, whatever happened, and a print that has not finished within
 * the time limit (a renderer that hangs) is a failure, not a wait forever.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, PrintToPDFOptions } from 'electron';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRINT_PAGE } from '../export/print-view.ts';
import type { PrintPdf } from '../host/host-service.ts';

const CM_PER_INCH = 2.54;

/** A 300-page plan prints in seconds (BENCHMARKS.md); minutes mean it hangs. */
export const PRINT_TIMEOUT_MS = 5 * 60_000;

/** The hidden window the view is printed in: nothing but a page. */
export function printWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 794,
    height: 1123,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      javascript: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/** printToPDF's options: A4, the print view's margins, its backgrounds (table headers), tagged, with bookmarks. */
export function printToPdfOptions(): PrintToPDFOptions {
  const margin = PRINT_PAGE.marginCm / CM_PER_INCH;
  return {
    pageSize: 'A4',
    printBackground: true,
    preferCSSPageSize: true,
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    displayHeaderFooter: false,
    generateTaggedPDF: true,
    generateDocumentOutline: true,
  };
}

/** What the print needs of a BrowserWindow. */
export type PrintWindow = Pick<BrowserWindow, 'loadFile' | 'destroy'> & { readonly webContents: Pick<BrowserWindow['webContents'], 'printToPDF'> };

/** `printPdf` for the HostService: prints a print view in a new hidden window. */
export function printWithHiddenWindow(createWindow: (options: BrowserWindowConstructorOptions) => PrintWindow, timeoutMs = PRINT_TIMEOUT_MS): PrintPdf {
  return async (html) => {
    const folder = await mkdtemp(join(tmpdir(), 'samskriv-print-'));
    let window: PrintWindow | null = null;
    let timer: NodeJS.Timeout | undefined;
    try {
      const file = join(folder, 'plan.html');
      await writeFile(file, html);
      const print = async (): Promise<Buffer> => {
        window = createWindow(printWindowOptions());
        await window.loadFile(file);
        return window.webContents.printToPDF(printToPdfOptions());
      };
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`printing did not finish within ${timeoutMs / 1000} s`)), timeoutMs);
      });
      return new Uint8Array(await Promise.race([print(), timeout]));
    } finally {
      clearTimeout(timer);
      (window as PrintWindow | null)?.destroy();
      await rm(folder, { recursive: true, force: true });
    }
  };
}

/**
 * Chromium's `page.pdf()` with the options the desktop passes to Electron's
 * `webContents.printToPDF` (src-main/electron/print-to-pdf.ts). Both are the
 * DevTools `Page.printToPDF` call, so a test or benchmark that prints the
 * print view this way prints it as the desktop does; Electron itself cannot
 * run here. The page has JavaScript off, as the desktop's print window.
 */
import type { Browser } from 'playwright-core';
import { printToPdfOptions } from '../../src-main/electron/print-to-pdf.ts';

/** Loads `html` in a fresh page and prints it; `onLoaded` runs between the two (a benchmark's clock). */
export async function printLikeElectron(browser: Browser, html: string, onLoaded: () => void = () => undefined): Promise<Uint8Array> {
  const options = printToPdfOptions();
  const inches = (value: number | undefined) => `${value ?? 0}in`;
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load', timeout: 600_000 });
    onLoaded();
    return new Uint8Array(
      await page.pdf({
        format: options.pageSize as 'A4',
        printBackground: options.printBackground ?? false,
        preferCSSPageSize: options.preferCSSPageSize ?? false,
        margin: { top: inches(options.margins?.top), bottom: inches(options.margins?.bottom), left: inches(options.margins?.left), right: inches(options.margins?.right) },
        displayHeaderFooter: options.displayHeaderFooter ?? false,
        tagged: options.generateTaggedPDF ?? false,
        outline: options.generateDocumentOutline ?? false,
      }),
    );
  } finally {
    await context.close();
  }
}

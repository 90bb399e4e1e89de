/**
 * The desktop's print window (src-main/electron/print-to-pdf.ts) when
 * Chromium does not answer: a print that hangs (a renderer that never
 * finishes loading or printing) fails after the time limit instead of
 * leaving the export waiting forever, and the window and the view's
 * temporary file are gone all the same. What a good print does is
 * tests/unit/electron/main-export.test.ts (fake electron) and
 * tests/e2e/print-pdf.test.ts (real Chromium).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printWithHiddenWindow, type PrintWindow } from '../../../src-main/electron/print-to-pdf.ts';

/** A window whose page loads (or not) and whose printToPDF never answers. */
function hangingWindow(loads: boolean): { window: PrintWindow; loaded: string[]; destroyed: () => boolean } {
  const loaded: string[] = [];
  let destroyed = false;
  const never = new Promise<never>(() => undefined);
  const window = {
    loadFile: (path: string) => (loaded.push(path), loads ? Promise.resolve() : never),
    destroy: () => void (destroyed = true),
    webContents: { printToPDF: () => never },
  } as unknown as PrintWindow;
  return { window, loaded, destroyed: () => destroyed };
}

describe('printing the print view when Chromium does not answer', () => {
  it.each([
    ['loading', false],
    ['printing', true],
  ] as const)('fails after the time limit when %s hangs, and closes the window and removes the file', async (_, loads) => {
    const stub = hangingWindow(loads);
    const print = printWithHiddenWindow(() => stub.window, 50);
    await expect(print('<!DOCTYPE html><title>Plan</title>')).rejects.toThrow('printing did not finish within 0.05 s');
    expect(stub.destroyed()).toBe(true);
    expect(stub.loaded).toHaveLength(1);
    expect(existsSync(stub.loaded[0]!)).toBe(false);
  });
});

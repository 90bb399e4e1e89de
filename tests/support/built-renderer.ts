/**
 * A built renderer in a temp folder, as the desktop's samskriv://app
 * protocol and the browser host serve it: `renderer/index.html` and
 * `renderer/assets/index.js`, and beside the renderer folder a `secret.txt`
 * that no request, however its path is spelled, may read. Plus the checks of
 * the page both must send.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { RENDERER_CSP } from '../../src-main/security/content-security-policy.ts';

export const INDEX_HTML = '<!doctype html><title>Samskriv</title><script type="module" src="./assets/index.js"></script>';
export const SCRIPT = 'console.log("Samskriv");';
/** What `secret.txt`, outside the renderer folder, holds. */
export const SECRET = 'the private key of the user';

export interface BuiltRenderer {
  /** The temp folder: `renderer/` and `secret.txt` are in it. */
  readonly root: string;
  readonly rendererDir: string;
}

/** Makes the folder before each test of the calling block and removes it after; `label` names it (samskriv-<label>-…). */
export function useBuiltRenderer(label: string): BuiltRenderer {
  const folders = { root: '', rendererDir: '' };
  beforeEach(() => {
    folders.root = mkdtempSync(join(tmpdir(), `samskriv-${label}-`));
    folders.rendererDir = join(folders.root, 'renderer');
    mkdirSync(join(folders.rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(folders.rendererDir, 'index.html'), INDEX_HTML);
    writeFileSync(join(folders.rendererDir, 'assets', 'index.js'), SCRIPT);
    writeFileSync(join(folders.root, 'secret.txt'), SECRET);
  });
  afterEach(() => {
    rmSync(folders.root, { recursive: true, force: true });
  });
  return folders;
}

/** `response` is index.html, sent with the renderer's CSP and not to be sniffed. */
export async function expectIndexPage(response: Response): Promise<void> {
  expect(response.status).toBe(200);
  expect(await response.text()).toBe(INDEX_HTML);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
}

/** `response` is the app script, sent as JavaScript with the renderer's CSP. */
export async function expectAppScript(response: Response): Promise<void> {
  expect(response.status).toBe(200);
  expect(await response.text()).toBe(SCRIPT);
  expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
}

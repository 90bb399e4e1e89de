/**
 * Several agencies' computers for the sync end-to-end tests: each its own
 * browser host process with its own data directory (they are different
 * computers, with different local databases and tokens) and its own browser
 * context, all in one Chromium to spare the two cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { runAdmin, startSyncServerProcess, type SyncServerProcess } from '../../support/sync-server-process.ts';
import { launchChromium } from '../../support/chromium.ts';
import { startWebHostProcess, type WebHostProcess } from '../../support/web-host-process.ts';

export interface AgencyComputer {
  readonly label: string;
  readonly dataDir: string;
  readonly host: WebHostProcess;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly pageErrors: string[];
  close(): Promise<void>;
}

export async function startAgencyComputer(browser: Browser, label: string): Promise<AgencyComputer> {
  const dataDir = mkdtempSync(join(tmpdir(), `samskriv-e2e-sync-${label}-`));
  const host = await startWebHostProcess(dataDir);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console.error: ${message.text()}`);
  });
  await page.goto(host.url);
  return {
    label,
    dataDir,
    host,
    context,
    page,
    pageErrors,
    async close() {
      await context.close().catch(() => undefined);
      await host.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The coordinator (Anna Berg, AF) shares the open plan with "Dela via server"
 * and a publish code from the admin CLI; resolves with the plan's id on the
 * server once the status bar says "Synkat".
 */
export async function publishOpenPlan(page: Page, serverUrl: string, serverDataDir: string): Promise<string> {
  const publishCode = String(runAdmin(serverDataDir, ['publish-code', '--coordinator-name', 'Anna Berg', '--agency', 'af'])['code']);
  await page.getByRole('button', { name: 'Dela via server' }).click();
  const dialog = page.getByRole('dialog', { name: 'Dela planen via en server' });
  await dialog.getByRole('textbox', { name: 'Serverns adress' }).fill(serverUrl);
  await dialog.getByRole('textbox', { name: 'Publiceringskod' }).fill(publishCode);
  await dialog.getByRole('button', { name: 'Dela', exact: true }).click();
  await waitForSyncState(page, 'synced');
  const plans = runAdmin(serverDataDir, ['plans'])['plans'] as { id: string }[];
  return plans[plans.length - 1]!.id;
}

/**
 * A first start's "Gå med i en plan" (by keyboard), the server's address and
 * an invitation code, then "Anslut"; the caller waits for what it expects.
 */
export async function joinFromWelcome(page: Page, serverUrl: string, code: string): Promise<void> {
  await page.getByRole('button', { name: 'Gå med i en plan' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Anslut till en plan på en server' });
  await dialog.getByRole('textbox', { name: 'Serverns adress' }).fill(serverUrl);
  await dialog.getByRole('textbox', { name: 'Inbjudningskod' }).fill(code);
  await dialog.getByRole('button', { name: 'Anslut', exact: true }).click();
}

/** The sync half of the status bar. */
export function syncState(page: Page): Locator {
  return page.getByRole('contentinfo').locator('[data-sync-state]');
}

export async function waitForSyncState(page: Page, state: string, timeout = 60_000): Promise<void> {
  try {
    await page.locator(`footer [data-sync-state="${state}"]`).waitFor({ timeout });
  } catch (error) {
    const shown = await syncState(page)
      .evaluate((el) => `${el.getAttribute('data-sync-state')} (pending ${el.getAttribute('data-pending')}): ${el.textContent}`)
      .catch(() => '(no sync state)');
    throw new Error(`The status bar did not reach "${state}" within ${timeout} ms; it shows ${shown}`, { cause: error });
  }
}

/** The chapter as ProseMirror holds it (no cursor widgets), as JSON text. */
export async function chapterJson(editor: Locator): Promise<string> {
  return editor.evaluate((root) => {
    const view = (root as HTMLElement & { pmView?: { state: { doc: { toJSON(): unknown } } } }).pmView;
    if (view === undefined) throw new Error('The editor does not expose its EditorView (pmView).');
    return JSON.stringify(view.state.doc.toJSON());
  });
}

export async function chapterText(editor: Locator): Promise<string> {
  return editor.evaluate((root) => {
    const view = (root as HTMLElement & { pmView?: { state: { doc: { textBetween(a: number, b: number, sep: string): string; content: { size: number } } } } }).pmView;
    if (view === undefined) throw new Error('The editor does not expose its EditorView (pmView).');
    return view.state.doc.textBetween(0, view.state.doc.content.size, '\n');
  });
}

/** Moves the text cursor to a place in the chapter given by ProseMirror position logic: end of the paragraph containing `text`. */
export async function placeCursorAfter(editor: Locator, text: string): Promise<void> {
  await editor.evaluate((root, needle) => {
    type Node = { isText: boolean; text?: string };
    type View = {
      state: { doc: { descendants(f: (node: Node, pos: number) => boolean | void): void }; tr: { setSelection(s: unknown): unknown } };
      dispatch(tr: unknown): void;
      focus(): void;
    };
    const view = (root as HTMLElement & { pmView?: View }).pmView!;
    let target = -1;
    view.state.doc.descendants((node, pos) => {
      if (target < 0 && node.isText && node.text!.includes(needle)) target = pos + node.text!.indexOf(needle) + needle.length;
    });
    if (target < 0) throw new Error(`"${needle}" is not in the chapter`);
    const selection = (view.state as unknown as { selection: { constructor: { near(r: unknown): unknown } } }).selection;
    const doc = view.state.doc as unknown as { resolve(p: number): unknown };
    view.focus();
    view.dispatch(view.state.tr.setSelection(selection.constructor.near(doc.resolve(target))));
  }, text);
}

/**
 * A sync server process, one Chromium and an agency computer per label: what
 * a multi-agency test starts before its first step and stops after its last
 * (printing any page errors, which a failing step often explains).
 */
export class SyncLab {
  readonly serverDir = mkdtempSync(join(tmpdir(), 'samskriv-e2e-lab-server-'));
  server!: SyncServerProcess;
  browser!: Browser;
  computers: AgencyComputer[] = [];

  async start(labels: readonly string[]): Promise<AgencyComputer[]> {
    [this.server, this.browser] = await Promise.all([startSyncServerProcess({ dataDir: this.serverDir }), launchChromium()]);
    this.computers = await Promise.all(labels.map((label) => startAgencyComputer(this.browser, label)));
    return this.computers;
  }

  async stop(): Promise<void> {
    for (const c of this.computers) if (c.pageErrors.length > 0) console.log(`${c.label} page errors:`, c.pageErrors);
    await Promise.all(this.computers.map((c) => c.close()));
    await this.browser?.close();
    await this.server?.stop();
    rmSync(this.serverDir, { recursive: true, force: true });
  }
}

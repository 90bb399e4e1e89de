/**
 * Runs Samskriv the way a browser user does: the real browser host as a child
 * process on a data directory of its own, and one Chromium page that opens
 * the link the host announced (its secret is exchanged for a cookie there).
 *
 * Restarting keeps the data directory and the port, and the page opens the
 * new start's link, as a user reopening the app would. Every helper finds things
 * by role and accessible name and waits for conditions, never for time.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from '../../support/chromium.ts';
import { startWebHostProcess, type WebHostProcess } from '../../support/web-host-process.ts';

const REPO = resolve(import.meta.dirname, '../../..');

export interface AppOptions {
  /** An existing data directory (prepared by the test); a fresh one otherwise. */
  readonly dataDir?: string;
  readonly viewport?: { readonly width: number; readonly height: number };
  /**
   * What a test does on the welcome of a first start (no database yet):
   * `'sample'` (the default) clicks "Öppna exempelplanen" and waits for it,
   * as most tests work in the sample; `'welcome'` leaves the welcome shown.
   */
  readonly firstStart?: 'sample' | 'welcome';
}

export interface RunningApp {
  readonly dataDir: string;
  readonly browser: Browser;
  readonly page: Page;
  readonly host: WebHostProcess;
  /** Errors the page logged or threw, and requests that failed, for assertions and failure reports. */
  readonly pageErrors: string[];
  /** The HostApi methods the page has called, in order, over every socket it opened. */
  readonly hostCalls: string[];
  /**
   * Stops the host (gracefully, or with SIGKILL as in a crash), starts a new
   * one on the same data directory and port, and opens the new host's link in
   * the page, as a user reopening the app does: each start has its own
   * secret, so a reload with the old start's cookie would only get the page
   * that says to open the link.
   */
  restartHost(how: 'stop' | 'kill'): Promise<void>;
  /** Closes the browser and stops the host; removes the data dir if this module made it. */
  close(): Promise<void>;
}

export function makeDataDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `samskriv-e2e-${label}-`));
}

export async function startApp(options: AppOptions = {}): Promise<RunningApp> {
  if (!existsSync(join(REPO, 'out/renderer/index.html'))) {
    throw new Error('The renderer is not built: run "npx electron-vite build" (npm test does it) before the e2e tests.');
  }
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? makeDataDir('app');
  const firstStart = !existsSync(join(dataDir, 'samskriv.sqlite'));
  // Both take seconds on a busy machine; neither needs the other to start.
  // If one fails, the other is stopped rather than left running.
  const [hostResult, browserResult] = await Promise.allSettled([startWebHostProcess(dataDir), launchChromium()]);
  if (hostResult.status === 'rejected' || browserResult.status === 'rejected') {
    if (hostResult.status === 'fulfilled') await hostResult.value.stop();
    if (browserResult.status === 'fulfilled') await browserResult.value.close();
    throw hostResult.status === 'rejected' ? hostResult.reason : (browserResult as PromiseRejectedResult).reason;
  }
  let host = hostResult.value;
  const browser = browserResult.value;
  const port = Number(new URL(host.url).port);
  const cleanUp = async (): Promise<void> => {
    await browser.close().catch(() => undefined);
    await host.stop();
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
  };
  let opened: OpenedPage;
  try {
    opened = await openPage(browser, host.url, options);
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const { page, pageErrors, hostCalls } = opened;
  if (firstStart && (options.firstStart ?? 'sample') === 'sample') {
    try {
      await page.getByRole('button', { name: 'Öppna exempelplanen' }).click();
      await page.getByRole('button', { name: /Alla planer/ }).waitFor();
      // Loaded afresh, as the app opening on the sample: focus and the
      // keyboard's starting point at the top, not where the welcome's button was.
      const before = pageErrors.length;
      await page.reload();
      // A request the reload itself cut short (the search worker's script,
      // still loading) is the test's doing, not a failure of the app.
      for (let i = pageErrors.length - 1; i >= before; i--) if (pageErrors[i]?.endsWith('(net::ERR_ABORTED)') === true) pageErrors.splice(i, 1);
      await page.getByRole('button', { name: /Alla planer/ }).waitFor();
    } catch (error) {
      await cleanUp();
      throw error;
    }
  }

  return {
    dataDir,
    browser,
    page,
    pageErrors,
    hostCalls,
    get host() {
      return host;
    },
    async restartHost(how) {
      await (how === 'kill' ? host.kill() : host.stop());
      host = await startWebHostProcess(dataDir, port);
      await page.goto(host.url);
    },
    close: cleanUp,
  };
}

export interface OpenedPage {
  readonly page: Page;
  readonly pageErrors: string[];
  readonly hostCalls: string[];
}

/**
 * A second page (own browser context, as a second user's browser) on the
 * same running host, recording its errors like the first.
 */
export async function openAnotherPage(app: RunningApp, options: AppOptions = {}): Promise<OpenedPage> {
  return openPage(app.browser, app.host.url, options);
}

/** Opens the app in a new page that records its errors and its calls to the host. */
async function openPage(browser: Browser, url: string, options: AppOptions): Promise<OpenedPage> {
  // An explicit context (browser.newPage makes one that allows no second
  // page): a test can open another tab with the same cookies, as a user
  // opening the host's new link after a restart does.
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console.error: ${message.text()}`);
  });
  const hostCalls: string[] = [];
  page.on('websocket', (socket) =>
    socket.on('framesent', (frame) => hostCalls.push(/"method":"(\w+)"/.exec(String(frame.payload))?.[1] ?? '(unreadable frame)')),
  );
  // A page whose script or style failed to load stays blank; say so.
  page.on('requestfailed', (request) => pageErrors.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? '?'})`));
  page.on('response', (response) => {
    if (response.status() >= 400) pageErrors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(url);
  return { page, pageErrors, hostCalls };
}

/** The chapter editor, by its accessible name. */
export function chapterEditor(page: Page, chapterTitle: string, language: 'sv' | 'en' = 'sv'): Locator {
  const name = language === 'sv' ? `Text i kapitlet ${chapterTitle}` : `Text of the chapter ${chapterTitle}`;
  return page.getByRole('textbox', { name, exact: true });
}

export function toolbarButton(page: Page, name: string): Locator {
  return page.getByRole('toolbar', { name: 'Formatering' }).getByRole('button', { name, exact: true });
}

/**
 * Waits until the status bar says every change is saved on this computer.
 *
 * One animation frame first: React shows a new save state in the frame after
 * the edit, and a human glancing at the bar could not see the old text
 * either. After that the bar must tell the truth, and the persistence tests
 * hold it to that.
 */
export async function waitUntilSaved(page: Page, text = 'Allt sparat lokalt'): Promise<void> {
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
  await page.getByRole('contentinfo').getByRole('status').filter({ hasText: text }).waitFor();
}

/** From an open plan back to the list of plans; nothing to do if the list (or a first start's welcome) is shown. */
export async function goToPlanList(page: Page): Promise<void> {
  const back = page.getByRole('button', { name: /Alla planer/ });
  const list = page.getByRole('heading', { name: 'Planer', level: 1 });
  await back.or(list).first().waitFor();
  if (await back.isVisible()) await back.click();
  await list.waitFor();
}

/** "Ny plan" → title → "Skapa plan"; resolves when the new plan's first chapter is open. */
export async function createPlan(page: Page, title: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Ny plan', exact: true }).click();
  await page.getByRole('textbox', { name: 'Titel på den nya planen' }).fill('');
  await page.getByRole('textbox', { name: 'Titel på den nya planen' }).pressSequentially(title);
  await page.getByRole('button', { name: 'Skapa plan' }).click();
  const editor = chapterEditor(page, 'Kapitel 1');
  await editor.waitFor();
  return editor;
}

/**
 * A compact, readable picture of the chapter as shown: block structure,
 * marks and links, one block per line, e.g.
 *   h1: Mål
 *   p: Planen ska <b>öka</b> …
 *   ul > li > p: Första
 *   table > tr > th > p: Åtgärd
 * Only tags that carry meaning: wrappers, ProseMirror's helper nodes and
 * table resize handles are left out.
 */
export async function chapterStructure(editor: Locator): Promise<string> {
  return editor.evaluate((root) => {
    const lines: string[] = [];
    const blockTags = new Set(['H1', 'H2', 'H3', 'P', 'UL', 'OL', 'LI', 'TABLE', 'TBODY', 'TR', 'TH', 'TD']);
    const inline = (node: Node): string => {
      if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
      if (!(node instanceof HTMLElement)) return '';
      if (node.tagName === 'BR') return node.classList.contains('ProseMirror-trailingBreak') ? '' : '<br>';
      const inner = Array.from(node.childNodes).map(inline).join('');
      switch (node.tagName) {
        case 'STRONG':
          return `<b>${inner}</b>`;
        case 'EM':
          return `<i>${inner}</i>`;
        case 'U':
          return `<u>${inner}</u>`;
        case 'S':
          return `<s>${inner}</s>`;
        case 'A':
          return `<a ${node.getAttribute('href')}>${inner}</a>`;
        default:
          return inner;
      }
    };
    const walk = (element: Element, path: string[]): void => {
      for (const child of Array.from(element.children)) {
        // prosemirror-tables wraps each table in a div.tableWrapper.
        if (child.tagName === 'DIV') walk(child, path);
        if (!blockTags.has(child.tagName)) continue;
        const tag = child.tagName.toLowerCase();
        if (tag === 'tbody') {
          walk(child, path);
        } else if (['p', 'h1', 'h2', 'h3'].includes(tag)) {
          lines.push(`${[...path, tag].join(' > ')}: ${Array.from(child.childNodes).map(inline).join('')}`);
        } else {
          walk(child, [...path, tag]);
        }
      }
    };
    walk(root, []);
    return lines.join('\n');
  });
}

export interface AppSetUp {
  /** Runs before the app starts, e.g. to prepare the data directory it is given. */
  readonly prepare?: () => void | Promise<void>;
  readonly options?: AppOptions;
}

/**
 * The set-up every e2e file shares: starts the app before the file's tests,
 * hands it to `started` (which keeps it, and may wait for the first screen),
 * closes it after the tests and removes its data directory, also one the file
 * made itself, and describes the screen when a test fails. Call once per
 * file, at the top level.
 */
export function useApp(started: (app: RunningApp) => unknown, setUp: AppSetUp = {}): void {
  let app: RunningApp | undefined;
  beforeAll(async () => {
    await setUp.prepare?.();
    app = await startApp(setUp.options);
    await started(app);
  });
  afterAll(async () => {
    await app?.close();
    if (setUp.options?.dataDir !== undefined) rmSync(setUp.options.dataDir, { recursive: true, force: true });
  });
  describeScreenOnFailure(() => app);
}

/**
 * After a failed test, prints what the page showed (its accessibility tree)
 * and what it logged, so a failure on a CI machine can be understood without
 * re-running it. Call once per test file, at the top level.
 */
export function describeScreenOnFailure(getApp: () => RunningApp | undefined): void {
  afterEach(async (context) => {
    const app = getApp();
    if (context.task.result?.state !== 'fail' || app === undefined) return;
    const tree = await app.page
      .locator('body')
      .ariaSnapshot({ timeout: 5000 })
      .catch((error: unknown) => `(no snapshot: ${String(error)})`);
    // The start is what tells where the app was; a whole chapter is too much.
    const shown = tree.length > 3000 ? `${tree.slice(0, 3000)}\n  … (${tree.length - 3000} more characters)` : tree;
    const focus = await app.page
      .evaluate(() => {
        const el = document.activeElement;
        const selection = String(getSelection()).slice(0, 200);
        return `${el?.tagName ?? '(none)'}${el?.id ? `#${el.id}` : ''} ${el?.getAttribute('aria-label') ?? ''}; selected text: "${selection}"`;
      })
      .catch((error: unknown) => `(unknown: ${String(error)})`);
    console.log(
      `The screen when "${context.task.name}" failed:\n${shown}\nFocus: ${focus}\nPage errors: ${JSON.stringify(app.pageErrors, null, 2)}`,
    );
  });
}

/**
 * Presses keys that the browser itself handles (Home, End, Shift+arrows, …)
 * and waits until the editor has taken in where the cursor now is.
 *
 * ProseMirror learns of such a move from the asynchronous selectionchange
 * event, and Chromium runs queued input before it: a shortcut pressed right
 * after would act on the old selection. A person is never that fast; the wait
 * keeps the test as slow as a person, and no slower.
 */
export async function moveCursor(editor: Locator, ...keys: string[]): Promise<void> {
  const page = editor.page();
  for (const key of keys) await page.keyboard.press(key);
  await editor.evaluate(async (root) => {
    type View = { state: { selection: { anchor: number; head: number } }; posAtDOM(node: Node, offset: number): number };
    const view = (root as HTMLElement & { pmView?: View }).pmView;
    if (view === undefined) throw new Error('The editor does not expose its EditorView (pmView).');
    const caughtUp = (): boolean => {
      const selection = getSelection();
      if (selection?.anchorNode == null || selection.focusNode == null) return false;
      try {
        return (
          view.posAtDOM(selection.anchorNode, selection.anchorOffset) === view.state.selection.anchor &&
          view.posAtDOM(selection.focusNode, selection.focusOffset) === view.state.selection.head
        );
      } catch {
        return false;
      }
    };
    for (let frame = 0; frame < 120 && !caughtUp(); frame++) await new Promise((done) => requestAnimationFrame(done));
    if (!caughtUp()) throw new Error('The editor did not take in the new cursor position within 120 frames.');
  });
}

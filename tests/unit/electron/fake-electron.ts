/**
 * A small fake of the parts of the `electron` module Samskriv uses, so the
 * Electron glue can be tested under plain Node (DESIGN §9: the Electron binary
 * cannot run on our machines).
 *
 * It records what the glue asks Electron to do (handlers, windows, schemes,
 * external links, exposed APIs) and lets a test play Electron's part: make the
 * app ready, invoke an IPC channel from a chosen frame, navigate a page, open a
 * window, close it with unsaved changes. Where real Electron refuses a call (a BrowserWindow or protocol
 * handler before `ready`, a second handler on one IPC channel, a privileged
 * scheme after `ready`), the fake throws too, so wiring in the wrong order
 * fails here as it would in the app.
 *
 * Use one fake per test (`createFakeElectron()`), or hand one to
 * `vi.mock('electron', ...)` through `vi.hoisted` to import main.ts or the
 * preload against it.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type {
  BaseWindow,
  BrowserWindowConstructorOptions,
  MessageBoxOptions,
  MessageBoxReturnValue,
  SaveDialogOptions,
  OpenDialogOptions,
  OpenDialogReturnValue,
  SaveDialogReturnValue,
  CustomScheme,
  HandlerDetails,
  IpcMainInvokeEvent,
  PrintToPDFOptions,
  WebContents,
  WindowOpenHandlerResponse,
} from 'electron';

export type InvokeListener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;
export type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/** Which frame of a window an IPC message comes from, as Electron reports it. */
export interface SenderFrame {
  readonly frame: 'main' | 'subframe' | 'none';
  /** The URL of the document in that frame. */
  readonly url: string;
}

/**
 * Builds the event Electron hands an `ipcMain.handle` listener: `sender` is the
 * window's WebContents with its `mainFrame`, `senderFrame` the frame that sent
 * the message (the same object as `mainFrame` for the top document; null once
 * the frame has gone away).
 */
export function invokeEvent(sender: SenderFrame): IpcMainInvokeEvent {
  const mainFrame = { url: sender.url, parent: null };
  const subframe = { url: sender.url, parent: mainFrame };
  const senderFrame = sender.frame === 'main' ? mainFrame : sender.frame === 'subframe' ? subframe : null;
  return { sender: { mainFrame }, senderFrame, frameId: 1, processId: 1 } as unknown as IpcMainInvokeEvent;
}

/** A page's WebContents: navigation events, the window-open handler and printing to PDF. */
export class FakeWebContents {
  readonly #listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  #windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  /** The options of every printToPDF call, in order. */
  readonly printCalls: PrintToPDFOptions[] = [];
  /**
   * What printToPDF answers. Not a PDF: this fake cannot render, so a test
   * can only check that the glue asked for the right print and kept its
   * answer (tests/e2e/print-pdf.test.ts has Chromium print for real).
   */
  printResult: Uint8Array = new TextEncoder().encode('fake electron: not a PDF');

  printToPDF(options: PrintToPDFOptions): Promise<Buffer> {
    this.printCalls.push(options);
    return Promise.resolve(Buffer.from(this.printResult));
  }

  on(event: string, listener: (...args: unknown[]) => void): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }

  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.#windowOpenHandler = handler;
  }

  /** The page tries to navigate to `url` (a link, `location = ...`). Returns true when it was stopped. */
  navigate(url: string): boolean {
    return this.#emitPreventable('will-navigate', url);
  }

  /** A frame navigates; Electron passes one event object carrying url and isMainFrame. */
  navigateFrame(url: string, isMainFrame: boolean): boolean {
    let prevented = false;
    const event = { url, isMainFrame, preventDefault: () => void (prevented = true) };
    for (const listener of this.#listeners.get('will-frame-navigate') ?? []) listener(event);
    return prevented;
  }

  /** A navigation is redirected by the server to `url`. Returns true when it was stopped. */
  redirect(url: string): boolean {
    return this.#emitPreventable('will-redirect', url);
  }

  /**
   * The page's `beforeunload` asked to stay (e.g. unsaved changes) while the
   * window is being closed. Returns true when a listener called
   * preventDefault, which in Electron means "close anyway".
   */
  preventUnload(): boolean {
    return this.#emitPreventable('will-prevent-unload');
  }

  /** The page tries to attach a `<webview>`. Returns true when it was stopped. */
  attachWebview(): boolean {
    return this.#emitPreventable('will-attach-webview', {}, {});
  }

  /**
   * The page calls `window.open(url)` or a link has target=_blank. Without a
   * handler Electron would open a new window, hence 'allow'.
   */
  openWindow(url: string): WindowOpenHandlerResponse['action'] {
    if (this.#windowOpenHandler === null) return 'allow';
    const details = { url, frameName: '', features: '', disposition: 'foreground-tab', referrer: { url: '', policy: 'default' } };
    return this.#windowOpenHandler(details as HandlerDetails).action;
  }

  /** This object where Electron's WebContents type is expected. */
  asWebContents(): WebContents {
    return this as unknown as WebContents;
  }

  #emitPreventable(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const electronEvent = { preventDefault: () => void (prevented = true) };
    for (const listener of this.#listeners.get(event) ?? []) listener(electronEvent, ...args);
    return prevented;
  }
}

export interface RecordedSchemes {
  readonly schemes: readonly CustomScheme[];
  /** Real Electron ignores privileged schemes registered after `ready`. */
  readonly appWasReady: boolean;
}

export interface RecordedInvoke {
  readonly channel: string;
  readonly args: readonly unknown[];
}

export interface RecordedMessageBox {
  readonly window: unknown;
  readonly options: MessageBoxOptions;
}

export interface FakeElectron {
  readonly app: FakeApp;
  readonly dialog: FakeDialog;
  readonly BrowserWindow: FakeBrowserWindowClass;
  readonly ipcMain: FakeIpcMain;
  readonly ipcRenderer: FakeIpcRenderer;
  readonly protocol: FakeProtocol;
  readonly shell: FakeShell;
  readonly contextBridge: FakeContextBridge;
  readonly safeStorage: FakeSafeStorage;
  readonly session: FakeSessionModule;
  /** Every window the glue created, in order. */
  readonly windows: FakeBrowserWindow[];
}

/**
 * Electron's safeStorage: usable only once the app is ready, as the real one.
 * It really encrypts (AES-256-GCM with a key of this fake's own), so a test
 * can check that no token reaches the disk in plain text.
 */
export interface FakeSafeStorage {
  available: boolean;
  backend: string;
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend(): string;
}

export function createFakeSafeStorage(isReady: () => boolean = () => true): FakeSafeStorage {
  const key = randomBytes(32);
  const requireReady = (): void => {
    if (!isReady()) throw new Error('fake electron: safeStorage cannot be used before the app is ready');
  };
  return {
    available: true,
    backend: 'gnome_libsecret',
    isEncryptionAvailable() {
      requireReady();
      return this.available;
    },
    encryptString(plainText: string): Buffer {
      requireReady();
      if (!this.available) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted: Buffer): string {
      requireReady();
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    },
    getSelectedStorageBackend() {
      return this.backend;
    },
  };
}

/** Where a permission request or check comes from, as Electron reports it. */
export interface PermissionSource {
  /** The URL of the requesting frame's document. */
  readonly url: string;
  readonly isMainFrame: boolean;
}

/**
 * The default session's permission handlers. Without a handler real
 * Electron grants every permission, and so does this fake.
 */
export interface FakeSession {
  readonly requestHandlerSet: boolean;
  readonly checkHandlerSet: boolean;
  setPermissionRequestHandler(handler: ((...args: never[]) => void) | null): void;
  setPermissionCheckHandler(handler: ((...args: never[]) => boolean) | null): void;
  /** A page asks for `permission` (getUserMedia, Notification.requestPermission, …); resolves to the answer. */
  requestPermission(permission: string, source: PermissionSource): Promise<boolean>;
  /** Chromium checks `permission` for a page (navigator.permissions.query, …). */
  checkPermission(permission: string, source: PermissionSource): boolean;
}

export interface FakeSessionModule {
  /** Real Electron has no default session before `ready`. */
  readonly defaultSession: FakeSession;
}

export interface FakeApp extends EventEmitter {
  readonly isReadyNow: boolean;
  readonly quitCalls: number;
  /** What `getPath(name)` answers; unknown names throw. */
  readonly paths: Record<string, string>;
  whenReady(): Promise<void>;
  isReady(): boolean;
  getPath(name: string): string;
  quit(): void;
  isPackaged: boolean;
  /** Plays Electron's `ready`: emits it and resolves `whenReady()`. */
  becomeReady(): void;
}

/** Creating one emits the app's 'web-contents-created' for its page, as Electron does. */
export interface FakeBrowserWindow extends EventEmitter {
  readonly options: BrowserWindowConstructorOptions;
  readonly webContents: FakeWebContents;
  readonly loadedUrls: readonly string[];
  /** Files loaded with loadFile, with what each held when it was loaded. */
  readonly loadedFiles: readonly { readonly path: string; readonly content: string }[];
  readonly shown: boolean;
  readonly destroyed: boolean;
  loadURL(url: string): Promise<void>;
  loadFile(path: string): Promise<void>;
  show(): void;
  destroy(): void;
}

export type FakeBrowserWindowClass = new (options: BrowserWindowConstructorOptions) => FakeBrowserWindow;

export interface FakeIpcMain {
  readonly handlers: ReadonlyMap<string, InvokeListener>;
  /** How many times `handle` was called, over all channels. */
  readonly handleCalls: number;
  handle(channel: string, listener: InvokeListener): void;
  /** Plays a renderer's `ipcRenderer.invoke(channel, ...args)` from `sender`. */
  invoke(channel: string, sender: SenderFrame, ...args: unknown[]): Promise<unknown>;
}

export interface FakeIpcRenderer {
  readonly invocations: readonly RecordedInvoke[];
  /** Answers with `{ answeredBy: channel }` so callers can see the reply is passed through. */
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
}

export interface FakeProtocol {
  readonly privileged: readonly RecordedSchemes[];
  readonly handlers: ReadonlyMap<string, ProtocolHandler>;
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
  handle(scheme: string, handler: ProtocolHandler): void;
}

export interface FakeShell {
  readonly openedExternally: readonly string[];
  openExternal(url: string): Promise<void>;
  /** Paths given to openPath, in order. */
  readonly openedPaths: readonly string[];
  /** What openPath answers: '' for opened, else the system's error. */
  openPathResult: string;
  openPath(path: string): Promise<string>;
}

export interface FakeDialog {
  readonly shown: readonly RecordedMessageBox[];
  /** The button index the user will click in the next message boxes. */
  response: number;
  showMessageBox(window: BaseWindow, options: MessageBoxOptions): Promise<MessageBoxReturnValue>;
  /** Error boxes shown (title and text), in order. */
  readonly errorBoxes: readonly { readonly title: string; readonly content: string }[];
  showErrorBox(title: string, content: string): void;
  /** Save dialogs shown (their window, if any, and options), in order. */
  readonly saveDialogs: readonly { readonly window: BaseWindow | null; readonly options: SaveDialogOptions }[];
  /** What the user picks in the next save dialogs: a path, or null for Cancel. */
  savePath: string | null;
  showSaveDialog(window: BaseWindow, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  /** Open dialogs shown (their window, if any, and options), in order. */
  readonly openDialogs: readonly { readonly window: BaseWindow | null; readonly options: OpenDialogOptions }[];
  /** What the user picks in the next open dialogs: a path, or null for Cancel. */
  openPath: string | null;
  showOpenDialog(window: BaseWindow, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
}

export interface FakeContextBridge {
  readonly exposed: ReadonlyMap<string, unknown>;
  readonly exposeCalls: number;
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

export function createFakeElectron(): FakeElectron {
  const windows: FakeBrowserWindow[] = [];
  const ready = Promise.withResolvers<void>();

  const app = new (class extends EventEmitter implements FakeApp {
    isReadyNow = false;
    quitCalls = 0;
    /** Electron sets this for an installed app; tests flip it. */
    isPackaged = false;
    readonly paths: Record<string, string> = {};

    whenReady(): Promise<void> {
      return ready.promise;
    }

    isReady(): boolean {
      return this.isReadyNow;
    }

    getPath(name: string): string {
      const path = this.paths[name];
      if (path === undefined) throw new Error(`fake electron: app.getPath('${name}') has no path set`);
      return path;
    }

    quit(): void {
      this.quitCalls++;
    }

    becomeReady(): void {
      this.isReadyNow = true;
      this.emit('ready');
      ready.resolve();
    }
  })();

  const requireReady = (what: string): void => {
    if (!app.isReadyNow) throw new Error(`fake electron: ${what} cannot be used before the app is ready`);
  };

  const BrowserWindow = class extends EventEmitter implements FakeBrowserWindow {
    readonly options: BrowserWindowConstructorOptions;
    readonly webContents = new FakeWebContents();
    readonly loadedUrls: string[] = [];
    readonly loadedFiles: { path: string; content: string }[] = [];
    shown = false;
    destroyed = false;

    constructor(options: BrowserWindowConstructorOptions) {
      requireReady('BrowserWindow');
      super();
      this.options = options;
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }

    destroy(): void {
      this.destroyed = true;
    }

    loadURL(url: string): Promise<void> {
      this.loadedUrls.push(url);
      return Promise.resolve();
    }

    loadFile(path: string): Promise<void> {
      // Read now: the glue may remove the file once it is printed.
      this.loadedFiles.push({ path, content: readFileSync(path, 'utf8') });
      return Promise.resolve();
    }

    show(): void {
      this.shown = true;
    }
  };

  const ipcHandlers = new Map<string, InvokeListener>();
  const ipcMain = {
    handlers: ipcHandlers,
    handleCalls: 0,
    handle(channel: string, listener: InvokeListener): void {
      this.handleCalls++;
      if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      ipcHandlers.set(channel, listener);
    },
    async invoke(channel: string, sender: SenderFrame, ...args: unknown[]): Promise<unknown> {
      const listener = ipcHandlers.get(channel);
      if (listener === undefined) throw new Error(`No handler registered for '${channel}'`);
      return listener(invokeEvent(sender), ...args);
    },
  };

  const invocations: RecordedInvoke[] = [];
  const ipcRenderer = {
    invocations,
    invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      invocations.push({ channel, args });
      return Promise.resolve({ answeredBy: channel });
    },
  };

  const privileged: RecordedSchemes[] = [];
  const protocolHandlers = new Map<string, ProtocolHandler>();
  const protocol = {
    privileged,
    handlers: protocolHandlers,
    registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
      privileged.push({ schemes: [...schemes], appWasReady: app.isReadyNow });
    },
    handle(scheme: string, handler: ProtocolHandler): void {
      requireReady('protocol.handle');
      if (protocolHandlers.has(scheme)) throw new Error(`The scheme '${scheme}' is already handled`);
      protocolHandlers.set(scheme, handler);
    },
  };

  const shownMessageBoxes: RecordedMessageBox[] = [];
  const errorBoxes: { title: string; content: string }[] = [];
  const saveDialogs: { window: BaseWindow | null; options: SaveDialogOptions }[] = [];
  const openDialogs: { window: BaseWindow | null; options: OpenDialogOptions }[] = [];
  const dialog = {
    shown: shownMessageBoxes,
    response: 0,
    showMessageBox(window: BaseWindow, options: MessageBoxOptions): Promise<MessageBoxReturnValue> {
      shownMessageBoxes.push({ window, options });
      return Promise.resolve({ response: this.response, checkboxChecked: false });
    },
    errorBoxes,
    showErrorBox(title: string, content: string): void {
      errorBoxes.push({ title, content });
    },
    saveDialogs,
    savePath: null as string | null,
    showSaveDialog(first: BaseWindow | SaveDialogOptions, second?: SaveDialogOptions): Promise<SaveDialogReturnValue> {
      const [window, options] = second === undefined ? [null, first as SaveDialogOptions] : [first as BaseWindow, second];
      saveDialogs.push({ window, options });
      const path = this.savePath;
      return Promise.resolve(path === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: path });
    },
    openDialogs,
    openPath: null as string | null,
    showOpenDialog(first: BaseWindow | OpenDialogOptions, second?: OpenDialogOptions): Promise<OpenDialogReturnValue> {
      const [window, options] = second === undefined ? [null, first as OpenDialogOptions] : [first as BaseWindow, second];
      openDialogs.push({ window, options });
      const path = this.openPath;
      return Promise.resolve(path === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [path] });
    },
  };

  const openedExternally: string[] = [];
  const openedPaths: string[] = [];
  const shell = {
    openedExternally,
    openExternal(url: string): Promise<void> {
      openedExternally.push(url);
      return Promise.resolve();
    },
    openedPaths,
    openPathResult: '',
    openPath(path: string): Promise<string> {
      openedPaths.push(path);
      return Promise.resolve(this.openPathResult);
    },
  };

  const exposed = new Map<string, unknown>();
  const contextBridge = {
    exposed,
    exposeCalls: 0,
    exposeInMainWorld(apiKey: string, api: unknown): void {
      this.exposeCalls++;
      if (exposed.has(apiKey)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${apiKey}`);
      exposed.set(apiKey, api);
    },
  };

  const safeStorage = createFakeSafeStorage(() => app.isReadyNow);

  type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
  type CheckHandler = (contents: unknown, permission: string, requestingOrigin: string, details: unknown) => boolean;
  let requestHandler: RequestHandler | null = null;
  let checkHandler: CheckHandler | null = null;
  const defaultSession: FakeSession = {
    get requestHandlerSet() {
      return requestHandler !== null;
    },
    get checkHandlerSet() {
      return checkHandler !== null;
    },
    setPermissionRequestHandler(handler) {
      requestHandler = handler as unknown as RequestHandler | null;
    },
    setPermissionCheckHandler(handler) {
      checkHandler = handler as unknown as CheckHandler | null;
    },
    requestPermission(permission, { url, isMainFrame }) {
      if (requestHandler === null) return Promise.resolve(true);
      const answer = Promise.withResolvers<boolean>();
      requestHandler(new FakeWebContents(), permission, answer.resolve, { requestingUrl: url, isMainFrame });
      return answer.promise;
    },
    checkPermission(permission, { url, isMainFrame }) {
      if (checkHandler === null) return true;
      return checkHandler(new FakeWebContents(), permission, new URL(url).origin === 'null' ? url : new URL(url).origin, { requestingUrl: url, isMainFrame });
    },
  };
  const session: FakeSessionModule = {
    get defaultSession() {
      requireReady('session.defaultSession');
      return defaultSession;
    },
  };

  return { app, dialog, BrowserWindow, ipcMain, ipcRenderer, protocol, shell, contextBridge, safeStorage, session, windows };
}

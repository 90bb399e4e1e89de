/**
 * The save queue of one Y.Doc: sends every local change to the host and
 * tracks what is not yet saved. (Not to be confused with the sync server's
 * `DocPersistence`, its storage interface.)
 *
 * Updates are never dropped. A save starts one short tick (SAVE_DELAY_MS)
 * after the first unsaved update, and updates that arrive meanwhile, or while
 * a save is in flight, are merged (Y.mergeUpdates) into one save. So a burst
 * of typing costs one fsync'd commit per tick instead of one per keystroke,
 * and the encoding and sending happen outside the keystroke's own task,
 * where they would delay the text on screen. A failed save puts its update
 * back at the front of the queue and retries with backoff; the status bar
 * says so meanwhile.
 */
import * as Y from 'yjs';
import type { HostApi } from '../../shared/host-api/host-api.ts';

/** Origin of transactions that apply stored state: they are already saved. */
export const STORAGE_ORIGIN = Symbol('samskriv-storage');

export type SaveState =
  | { readonly kind: 'saved' }
  | { readonly kind: 'saving' }
  /** `message` is for logs and comparisons; `error` is what the status bar explains in words (host/host-error-text.ts). */
  | { readonly kind: 'failed'; readonly message: string; readonly error: unknown };

const RETRY_DELAYS_MS = [250, 1000, 3000, 10_000];

/** Short enough that nobody notices the wait; long enough to batch typing. */
export const SAVE_DELAY_MS = 20;

export class SaveQueue {
  readonly #doc: Y.Doc;
  readonly #docName: string;
  readonly #host: HostApi;
  readonly #onChange: () => void;
  #queue: Uint8Array[] = [];
  #inFlight: Uint8Array | null = null;
  #failures = 0;
  #lastError: { readonly message: string; readonly error: unknown } | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #saveTimer: ReturnType<typeof setTimeout> | null = null;
  #idleWaiters: (() => void)[] = [];
  readonly #onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === STORAGE_ORIGIN) return;
    const wasSaved = this.state.kind === 'saved';
    this.#queue.push(update);
    if (this.#saveTimer === null) {
      this.#saveTimer = setTimeout(() => {
        this.#saveTimer = null;
        this.#flush();
      }, SAVE_DELAY_MS);
    }
    if (wasSaved) this.#onChange();
  };

  constructor(doc: Y.Doc, docName: string, host: HostApi, onChange: () => void) {
    this.#doc = doc;
    this.#docName = docName;
    this.#host = host;
    this.#onChange = onChange;
    doc.on('update', this.#onUpdate);
  }

  get state(): SaveState {
    if (this.#lastError !== null) return { kind: 'failed', ...this.#lastError };
    return this.#inFlight !== null || this.#queue.length > 0 ? { kind: 'saving' } : { kind: 'saved' };
  }

  /** Resolves when every update made so far has been committed. */
  whenSaved(): Promise<void> {
    if (this.state.kind === 'saved') return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops listening. Pending updates are still saved. */
  destroy(): void {
    this.#doc.off('update', this.#onUpdate);
  }

  #flush(): void {
    if (this.#inFlight !== null || this.#retryTimer !== null || this.#queue.length === 0) return;
    const update = this.#queue.length === 1 ? this.#queue[0]! : Y.mergeUpdates(this.#queue);
    this.#queue = [];
    this.#inFlight = update;
    this.#host.saveUpdate({ docName: this.#docName, update }).then(
      () => {
        this.#inFlight = null;
        this.#failures = 0;
        this.#lastError = null;
        this.#settle();
      },
      (error: unknown) => {
        // Put it back first: the update must be saved before anything newer.
        this.#queue.unshift(update);
        this.#inFlight = null;
        this.#lastError = { message: error instanceof Error ? error.message : String(error), error };
        const delay = RETRY_DELAYS_MS[Math.min(this.#failures, RETRY_DELAYS_MS.length - 1)]!;
        this.#failures += 1;
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = null;
          this.#flush();
        }, delay);
        this.#onChange();
      },
    );
  }

  #settle(): void {
    if (this.#queue.length > 0) {
      this.#flush();
    } else {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
    this.#onChange();
  }
}

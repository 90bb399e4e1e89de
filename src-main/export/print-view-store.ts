/**
 * Print views waiting to be opened in the browser host (issue 15). The
 * browser makes the PDF with its own print dialog, so the host cannot hand
 * back a PDF; it builds the print view (print-view.ts) in the export worker,
 * keeps it here under a random ticket, and the renderer opens
 * `/print-view/<ticket>` in a new tab (src-main/web/web-host.ts serves it,
 * to the same cookie-holding browser as the app itself).
 *
 * A ticket is random (122 bits) so it names one export and nothing else,
 * and a view can be opened again (a reload, a second print) until it
 * expires. Only the newest few are kept: a 300-page plan's view is some
 * megabytes of memory.
 */
import { randomUUID } from 'node:crypto';

export const PRINT_VIEW_PATH = '/print-view/';
const TICKET = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export interface PrintViewStoreOptions {
  /** How long a view can be opened after the export; 30 minutes by default. */
  readonly lifetimeMs?: number;
  /** How many views are kept at most; the oldest goes first. */
  readonly maxViews?: number;
  readonly now?: () => number;
}

export class PrintViewStore {
  readonly #views = new Map<string, { readonly html: string; readonly expires: number }>();
  readonly #lifetimeMs: number;
  readonly #maxViews: number;
  readonly #now: () => number;

  constructor(options: PrintViewStoreOptions = {}) {
    this.#lifetimeMs = options.lifetimeMs ?? 30 * 60_000;
    this.#maxViews = options.maxViews ?? 4;
    this.#now = options.now ?? Date.now;
  }

  /** Keeps the view and answers the path the browser opens it at. */
  offer(html: string): string {
    this.#dropExpired();
    while (this.#views.size >= this.#maxViews) this.#views.delete(this.#views.keys().next().value!);
    const ticket = randomUUID();
    this.#views.set(ticket, { html, expires: this.#now() + this.#lifetimeMs });
    return `${PRINT_VIEW_PATH}${ticket}`;
  }

  /** The view at a request's path, or null for any other path, an unknown ticket or an expired one. */
  viewAt(pathname: string): string | null {
    if (!pathname.startsWith(PRINT_VIEW_PATH)) return null;
    const ticket = pathname.slice(PRINT_VIEW_PATH.length);
    if (!TICKET.test(ticket)) return null;
    this.#dropExpired();
    return this.#views.get(ticket)?.html ?? null;
  }

  #dropExpired(): void {
    const now = this.#now();
    for (const [ticket, view] of this.#views) if (view.expires <= now) this.#views.delete(ticket);
  }
}

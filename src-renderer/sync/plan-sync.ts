/**
 * The live connection of a shared plan to its sync server (DESIGN §5):
 * one multiplexed WebSocket (HocuspocusProviderWebsocket, reconnecting with
 * backoff) and one HocuspocusProvider per doc — the manifest and every
 * chapter, also chapters that arrive later through the manifest, also those
 * not on screen.
 *
 * Remote updates are applied to the session's own Y.Docs, whose
 * SaveQueue saves every update not from storage, so what arrives is
 * stored locally like any edit. Main does all HTTP; this file only opens
 * the WebSocket, with the token main hands out (getSyncCredentials).
 *
 * It also keeps the truth for the status bar (sync-status.ts, with one
 * AckLedger per doc), and presence: the manifest's awareness carries
 * `{ chapterId }` and the server adds `member` from the token; each chapter's
 * awareness carries the cursor of whoever has that chapter on screen.
 *
 * Everything from the server is untrusted: the provider decodes the content,
 * an update over the structural limits is not applied but reported
 * (limited-provider.ts; the server may not have the guard), presence is
 * validated (presence.ts), and a close that means "do not try again" (4403
 * denied, 4400/1009 refused) stops reconnecting instead of looping.
 *
 * An update the server's rules refuse closes that document only ("4422 rule
 * refused: …", close-codes.ts `documentCloseReason`): its provider is
 * dropped and the session sets the doc aside (`onDocRefused`: a chapter, the
 * plan's manifest or a source), while every other doc keeps syncing on the
 * socket.
 */
import { HocuspocusProviderWebsocket, type HocuspocusProvider } from '@hocuspocus/provider';
import { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { HostApi, ServerMember, SyncCredentials } from '../../shared/host-api/host-api.ts';
import { HostError } from '../../shared/host-api/host-error.ts';
import type { RemoteUpdateRefusal } from '../../shared/doc-limits/within-limits.ts';
import { CLOSE, DENIED_CLOSES, REFUSED_CLOSES, readDocumentClose } from '../../shared/sync-protocol/close-codes.ts';
import type { RefusedDocKind } from '../../shared/refused/refused-change.ts';
import { parseSourceDocName } from '../../shared/sources/source-doc.ts';
import { AckLedger } from './ack-ledger.ts';
import { localAckedStateStore, type AckedStateStore } from './acked-state-store.ts';
import { LimitedProvider } from './limited-provider.ts';
import { observedWebSocketClass, type SocketObserver } from './observed-websocket.ts';
import { readPresence, type Presence } from './presence.ts';
import { readSyncFrame } from './sync-frames.ts';
import { sameStatus, summarise, type RemoteRefused, type SyncStatus } from './sync-status.ts';

/** The docs of an open plan, as PlanSession offers them. */
export interface SyncedDocs {
  readonly manifestName: string;
  readonly manifestDoc: Y.Doc;
  /** Every chapter doc that may sync now (damaged ones are left out). */
  chapterDocs(): Iterable<{ readonly chapterId: string; readonly name: string; readonly doc: Y.Doc }>;
  /** Called when the manifest brings a chapter whose doc did not exist. */
  onChapterAdded(listener: () => void): () => void;
  /** Every source doc of the plan (issue 16): its text and original file, one doc per source the manifest lists. */
  sourceDocs(): Iterable<{ readonly name: string; readonly doc: Y.Doc }>;
  /** Called when the plan's list of sources changes. */
  onSourcesChanged(listener: () => void): () => void;
  /**
   * The server refused an update of this doc (a document close with 4422;
   * docs/decisions/refused-changes.md): it is no longer synced. `id` is the
   * chapter's or source's id, the plan's for the manifest. The session sets
   * the doc aside: a chapter gets a new doc through `chapterDocs` and
   * `onChapterAdded`, which then syncs the server's copy; the manifest or a
   * source is rebuilt by opening the plan again. Without it, a refusal stops
   * the plan's sync as before.
   */
  onDocRefused?(kind: RefusedDocKind, id: string, reason: string): void;
}

const SAVE_ACKED_DELAY_MS = 1000;

interface DocLink {
  readonly name: string;
  readonly chapterId: string | null;
  readonly provider: HocuspocusProvider;
  readonly ledger: AckLedger;
  readonly awareness: Awareness;
  authenticated: boolean;
}

export class PlanSync {
  readonly planId: string;
  readonly #host: HostApi;
  readonly #docs: SyncedDocs;
  readonly #store: AckedStateStore;
  readonly #links = new Map<string, DocLink>();
  readonly #statusListeners = new Set<() => void>();
  readonly #presenceListeners = new Set<() => void>();
  readonly #unsubscribe: () => void;
  #member: ServerMember;
  /** Set by a 4409 close: the next credentials are renewed at once, for the member's new role. */
  #roleChanged = false;
  #socket: HocuspocusProviderWebsocket | null = null;
  #currentWs: WebSocket | null = null;
  #socketState: 'never' | 'open' | 'closed' = 'never';
  #stop: { kind: 'denied' | 'refused'; reason: string } | null = null;
  #status: SyncStatus = { kind: 'connecting', pending: 0, reason: null, chapters: new Map(), remoteRefused: null };
  #remoteRefused: RemoteRefused | null = null;
  #statusQueued = false;
  #presence: readonly Presence[] = [];
  #credentials: Promise<SyncCredentials> | null = null;
  #lastToken: string | null = null;
  #dirtyAcked = new Set<string>();
  #saveTimer: ReturnType<typeof setTimeout> | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #retries = 0;
  #destroyed = false;
  #chapterId: string | null = null;
  readonly #onOnline = (): void => {
    if (this.#socket !== null && this.#stop === null && this.#socketState !== 'open') void this.#socket.connect();
  };
  readonly #onPageHide = (): void => this.#saveAcked();

  constructor(options: { planId: string; host: HostApi; member: ServerMember; docs: SyncedDocs; store?: AckedStateStore }) {
    this.planId = options.planId;
    this.#host = options.host;
    this.#member = options.member;
    this.#docs = options.docs;
    this.#store = options.store ?? localAckedStateStore();
    const stopChapters = this.#docs.onChapterAdded(() => this.#linkDocs());
    const stopSources = this.#docs.onSourcesChanged(() => this.#linkDocs());
    this.#unsubscribe = () => {
      stopChapters();
      stopSources();
    };
    window.addEventListener('online', this.#onOnline);
    window.addEventListener('pagehide', this.#onPageHide);
    void this.#start();
  }

  get member(): ServerMember {
    return this.#member;
  }

  get status(): SyncStatus {
    return this.#status;
  }

  /** Everyone else in the plan now, with the chapter on their screen. */
  get presence(): readonly Presence[] {
    return this.#presence;
  }

  subscribeStatus(listener: () => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  subscribePresence(listener: () => void): () => void {
    this.#presenceListeners.add(listener);
    return () => this.#presenceListeners.delete(listener);
  }

  /** The chapter's awareness, for the editor's remote cursors; null before the connection starts. */
  chapterAwareness(chapterId: string): Awareness | null {
    for (const link of this.#links.values()) if (link.chapterId === chapterId) return link.awareness;
    return null;
  }

  /** Tells the others which chapter is on this screen. */
  setCurrentChapter(chapterId: string | null): void {
    this.#chapterId = chapterId;
    this.#links.get(this.#docs.manifestName)?.awareness.setLocalStateField('chapterId', chapterId);
  }

  destroy(): void {
    this.#destroyed = true;
    this.#saveAcked();
    this.#unsubscribe();
    window.removeEventListener('online', this.#onOnline);
    window.removeEventListener('pagehide', this.#onPageHide);
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    for (const link of this.#links.values()) {
      link.ledger.destroy();
      link.provider.destroy();
    }
    this.#links.clear();
    this.#socket?.destroy();
    this.#socket = null;
    this.#statusListeners.clear();
    this.#presenceListeners.clear();
  }

  async #start(): Promise<void> {
    let credentials: SyncCredentials | null;
    try {
      credentials = await this.#host.getSyncCredentials({ planId: this.planId });
    } catch (error) {
      if (this.#destroyed) return;
      if (error instanceof HostError && error.code === 'server-refused') {
        this.#halt('denied', error.reason ?? 'server-refused');
        return;
      }
      // Main could not be asked, or failed: try again, with growing pauses.
      console.warn('[sync] no credentials yet', error);
      this.#socketState = 'closed';
      this.#queueStatus();
      const delay = Math.min(30_000, 1000 * 2 ** this.#retries++);
      this.#retryTimer = setTimeout(() => void this.#start(), delay);
      return;
    }
    if (this.#destroyed) return;
    if (credentials === null) {
      this.#halt('denied', 'not-shared');
      return;
    }
    this.#member = credentials.member;
    this.#credentials = Promise.resolve(credentials);
    this.#lastToken = credentials.token;
    const observer: SocketObserver = {
      opened: (ws) => this.#socketOpened(ws),
      closed: (ws, code, reason) => this.#socketClosed(ws, code, reason),
      outgoing: (ws, data) => {
        if (ws !== this.#currentWs) return;
        const frame = readSyncFrame(data);
        if (frame.kind !== 'unreadable') this.#links.get(frame.docName)?.ledger.outgoing(frame);
      },
      incoming: (ws, data) => {
        if (ws !== this.#currentWs) return;
        const frame = readSyncFrame(data);
        if (frame.kind !== 'unreadable') this.#links.get(frame.docName)?.ledger.incoming(frame);
      },
    };
    this.#socket = new HocuspocusProviderWebsocket({
      url: credentials.websocketUrl,
      WebSocketPolyfill: observedWebSocketClass(observer),
      // Backoff: 0.5 s, 1 s, 2 s … up to 15 s, with jitter so that six
      // agencies coming back from one outage do not knock at once.
      delay: 500,
      minDelay: 250,
      factor: 2,
      maxDelay: 15_000,
      jitter: true,
      maxAttempts: 0,
    });
    this.#link(this.#docs.manifestName, this.#docs.manifestDoc, null);
    this.#linkDocs();
  }

  #linkDocs(): void {
    if (this.#socket === null) return;
    for (const { chapterId, name, doc } of this.#docs.chapterDocs()) {
      if (!this.#links.has(name)) this.#link(name, doc, chapterId);
    }
    // Sources count with the plan's own doc in the status (no chapter of theirs).
    for (const { name, doc } of this.#docs.sourceDocs()) {
      if (!this.#links.has(name)) this.#link(name, doc, null);
    }
  }

  #link(name: string, doc: Y.Doc, chapterId: string | null): void {
    const socket = this.#socket!;
    const awareness = new Awareness(doc);
    const isManifest = name === this.#docs.manifestName;
    // Only the manifest says where we are; a chapter's awareness carries a
    // cursor only while that chapter is in an editor (see ChapterEditor).
    if (isManifest) awareness.setLocalState({ chapterId: this.#chapterId });
    else awareness.setLocalState(null);
    const provider = new LimitedProvider({
      websocketProvider: socket,
      name,
      document: doc,
      awareness,
      token: () => this.#token(),
      onAuthenticated: () => {
        link.authenticated = true;
        this.#queueStatus();
      },
      // Socket closes come here too (#socketClosed handles them); a document close has code 1000 and a typed reason.
      onClose: ({ event }) => {
        const closed = event.code === 1000 ? readDocumentClose(event.reason) : null;
        if (closed !== null) queueMicrotask(() => this.#documentClosed(link, closed.code, closed.reason));
      },
      onAuthenticationFailed: ({ reason }) => {
        link.authenticated = false;
        // Every reason the server gives (invalid-token, token-expired,
        // member-revoked, wrong-plan, unknown-document) means this member
        // cannot use this plan: stop instead of asking again and again.
        this.#halt('denied', typeof reason === 'string' && reason.length <= 100 ? reason : 'permission-denied');
      },
    }, (refused) => this.#refusedRemote(name, chapterId, refused));
    const ledger = new AckLedger(
      doc,
      this.#store.load(name),
      (origin) => origin === provider,
      () => {
        if (ledger.acked !== null) this.#markAcked(name);
        this.#queueStatus();
      },
    );
    const link: DocLink = { name, chapterId, provider, ledger, awareness, authenticated: false };
    this.#links.set(name, link);
    if (isManifest) awareness.on('change', () => this.#updatePresence());
    // A socket that is already open sends this doc's handshake right away.
    if (this.#socketState === 'open') ledger.socketOpened();
    provider.attach();
  }

  async #token(): Promise<string> {
    const refresh = this.#roleChanged;
    this.#credentials ??= this.#host.getSyncCredentials({ planId: this.planId, refresh }).then((c) => {
      if (c === null) throw new HostError('server-refused', 'The plan is no longer shared.', 'not-shared');
      if (refresh) this.#roleChanged = false;
      const roleChanged = c.member.role !== this.#member.role;
      this.#member = c.member;
      // The plan's controls follow the role: PlanView reads `member` when the
      // status changes, so a new status object tells it (the state is the same).
      if (roleChanged && !this.#destroyed) this.#publish({ ...this.#status });
      return c;
    });
    try {
      const credentials = await this.#credentials;
      this.#lastToken = credentials.token;
      return credentials.token;
    } catch (error) {
      this.#credentials = null;
      if (error instanceof HostError && error.code === 'server-refused') {
        this.#halt('denied', error.reason ?? 'server-refused');
        throw error;
      }
      // Main could not answer this time: the token we had still identifies us.
      if (this.#lastToken !== null) return this.#lastToken;
      throw error;
    }
  }

  #socketOpened(ws: WebSocket): void {
    this.#currentWs = ws;
    this.#socketState = 'open';
    for (const link of this.#links.values()) {
      link.authenticated = false;
      link.ledger.socketOpened();
    }
    this.#queueStatus();
  }

  #socketClosed(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.#currentWs && this.#currentWs !== null) return;
    this.#currentWs = null;
    this.#socketState = 'closed';
    // Ask main again on the next connection: it renews a token close to expiry.
    this.#credentials = null;
    for (const link of this.#links.values()) {
      link.authenticated = false;
      link.ledger.socketClosed();
    }
    // The coordinator changed this member's role (4409): reconnect with a
    // token renewed at once, which brings the new role; the server then
    // treats the connection by it (a reader's is read-only).
    if (code === CLOSE.roleChanged) this.#roleChanged = true;
    else if (DENIED_CLOSES.has(code)) this.#halt('denied', reason.slice(0, 100) || 'member-revoked');
    else if (REFUSED_CLOSES.has(code)) this.#halt('refused', reason.slice(0, 200) || String(code));
    this.#updatePresence();
    this.#queueStatus();
  }

  /**
   * The server closed one document. A refused update of a chapter, the
   * manifest or a source: that doc leaves the sync and is set aside by the
   * session; a close we do not expect for one document stops the plan's
   * sync, as a socket close would.
   */
  #documentClosed(link: DocLink, code: number, reason: string): void {
    if (this.#destroyed || this.#links.get(link.name) !== link) return;
    const onDocRefused = this.#docs.onDocRefused;
    const refused = this.#refusedDoc(link);
    if (code !== CLOSE.notPermitted || refused === null || onDocRefused === undefined) {
      this.#halt(DENIED_CLOSES.has(code) ? 'denied' : 'refused', reason.slice(0, 200) || String(code));
      return;
    }
    this.#links.delete(link.name);
    this.#dirtyAcked.delete(link.name);
    link.ledger.destroy();
    // Detaching tells the server the document is closed; what it still sends for it is dropped there.
    link.provider.destroy();
    this.#queueStatus();
    onDocRefused(refused.kind, refused.id, reason);
  }

  #refusedDoc(link: DocLink): { kind: RefusedDocKind; id: string } | null {
    if (link.chapterId !== null) return { kind: 'chapter', id: link.chapterId };
    if (link.name === this.#docs.manifestName) return { kind: 'manifest', id: this.planId };
    const source = parseSourceDocName(link.name);
    return source === null ? null : { kind: 'source', id: source.sourceId };
  }

  /** The session could not set a refused doc aside: stop the plan's sync, as before per-document refusals (the words stay in the local store). */
  stopForRefusal(reason: string): void {
    this.#halt('refused', reason.slice(0, 200));
  }

  #halt(kind: 'denied' | 'refused', reason: string): void {
    if (this.#stop === null) this.#stop = { kind, reason };
    // Runs before the provider's own close handler, so it sees shouldConnect = false.
    this.#socket?.disconnect();
    this.#queueStatus();
  }

  /**
   * A change from another member was not applied: it would have built more
   * than a plan can hold. Syncing goes on; the status bar says so until the
   * plan is closed, since the server sends the change again on every
   * reconnect and it is refused again.
   */
  #refusedRemote(name: string, chapterId: string | null, refused: RemoteUpdateRefusal): void {
    console.warn(`[sync] refused a remote update for ${name}: ${refused.refusal}: ${refused.detail} (Yjs clients ${refused.clients.join(', ')})`);
    this.#remoteRefused = { chapterId, refusal: refused.refusal };
    this.#queueStatus();
  }

  #markAcked(name: string): void {
    this.#dirtyAcked.add(name);
    if (this.#saveTimer === null) this.#saveTimer = setTimeout(() => this.#saveAcked(), SAVE_ACKED_DELAY_MS);
  }

  #saveAcked(): void {
    if (this.#saveTimer !== null) clearTimeout(this.#saveTimer);
    this.#saveTimer = null;
    for (const name of this.#dirtyAcked) {
      const acked = this.#links.get(name)?.ledger.acked;
      if (acked) this.#store.save(name, acked);
    }
    this.#dirtyAcked.clear();
  }

  #queueStatus(): void {
    if (this.#statusQueued || this.#destroyed) return;
    this.#statusQueued = true;
    queueMicrotask(() => {
      this.#statusQueued = false;
      if (this.#destroyed) return;
      const next = summarise({
        socket: this.#socketState,
        stop: this.#stop,
        docs: [...this.#links.values()].map((l) => ({ chapterId: l.chapterId, authenticated: l.authenticated, settled: l.ledger.settled, pending: l.ledger.pending })),
        remoteRefused: this.#remoteRefused,
      });
      if (!sameStatus(next, this.#status)) this.#publish(next);
    });
  }

  #publish(status: SyncStatus): void {
    this.#status = status;
    for (const listener of this.#statusListeners) listener();
  }

  #updatePresence(): void {
    const manifest = this.#links.get(this.#docs.manifestName);
    if (manifest === undefined) return;
    this.#presence = readPresence(manifest.awareness.getStates(), manifest.awareness.clientID, this.#member.id);
    for (const listener of this.#presenceListeners) listener();
  }
}

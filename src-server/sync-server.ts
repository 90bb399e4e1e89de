/**
 * The Samskriv sync server: Hocuspocus 4 behind our own HTTP server, with
 * member auth, durable per-update storage, a guard against hostile messages,
 * optional Redis scale-out, health endpoints and a graceful shutdown.
 *
 * How an update from a client travels (and why "synced" is the truth):
 *  1. `readAddress` checks the frame is addressed to one of our document
 *     names, before Hocuspocus queues or routes it.
 *     An awareness frame is counted against the awareness limits there too
 *     (`AwarenessLimiter`): over the rate it is dropped, before Hocuspocus
 *     spends anything on it.
 *  2. `beforeHandleMessage` (awaited by Hocuspocus before it applies the
 *     message) reads the message strictly (`readClientMessage`), and has the
 *     update decoded and summarised in a worker with time and memory limits
 *     (`UpdateChecker`); the summary is placed in the real document to check
 *     the structural limits (shared/doc-limits/), so an update that would
 *     nest too deep or grow the document too far is refused before anyone
 *     sees it.
 *     Then the semantic guard (`RuleGuard`, issue 13) checks the update
 *     against the member's rights on that document (shared/rules/, the
 *     table in docs/rules.md): a drafter rewriting the plan's chapter list
 *     or signing a comment with another member's name is refused with
 *     4422 and the rule, logged with the member. Only that document's
 *     connection is closed (its CLOSE message carries "4422 rule refused:
 *     …"): the socket's other documents keep syncing.
 *  3. For a writer, the same hook applies the update to the document (which
 *     broadcasts it to the other clients and to Redis), then appends it to
 *     durable storage and waits for the commit.
 *  4. Only then does Hocuspocus handle the message: applying it again is a
 *     no-op, and it answers with SyncStatus(applied), which is what makes the
 *     provider's `unsyncedChanges` drop. So an acknowledged update is always
 *     already committed; a crash before the commit means no acknowledgement,
 *     and the client sends the update again when it reconnects.
 * Applying before storing means a stored update is one the document accepted:
 * an update that decodes but fails against the real document is refused and
 * never reaches storage, so it cannot stop the document from loading later.
 *
 * A refused message closes the client's whole WebSocket (all documents it
 * multiplexes) with a close code from shared/sync-protocol/close-codes.ts and a short reason; the
 * document and every other client are unaffected. A rule refusal (4422)
 * closes that one document instead (`refuseDocument`).
 */
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import crossws from 'crossws/adapters/node';
import { Hocuspocus, type Connection, type Extension } from '@hocuspocus/server';
import { Redis as RedisExtension } from '@hocuspocus/extension-redis';
import * as Y from 'yjs';
import { parseDocName } from '../shared/plan/doc-names.ts';
import { parseSourceDocName } from '../shared/sources/source-doc.ts';
import { AccessError, checkAccess } from './auth/access.ts';
import { MemberTokens } from './auth/member-token.ts';
import { checkShape, pendingUpdate } from '../shared/doc-limits/doc-limits.ts';
import { CLOSE, documentCloseReason } from '../shared/sync-protocol/close-codes.ts';
import { FrameType, MalformedFrame } from '../shared/sync-protocol/frames.ts';
import type { AccessRefusal, AuthRefusal } from '../shared/sync-protocol/refusals.ts';
import { closeReason } from './close-reason.ts';
import { AwarenessLimiter } from './guard/awareness-limiter.ts';
import { readAddress, readAwarenessEntries, readClientMessage, readFrameType } from './guard/client-message.ts';
import { UpdateChecker } from './guard/update-checker.ts';
import { RuleGuard } from './guard/rule-guard.ts';
import { reopenForLateEdit } from './guard/late-edit-reopen.ts';
import { ExchangeRelay } from './exchange/exchange-relay.ts';
import { checkClientIds } from './guard/client-id-guard.ts';
import { migrateOnServer } from './guard/server-migration.ts';
import { DEFAULT_MERGE_LIMITS } from '../src-node/exchange/merge-runner.ts';
import { ruleCloseReason } from '../shared/rules/rule-refusal.ts';
import { correctFormatting } from '../shared/rules/formatting-correction.ts';
import { SERVER_WRITER } from './members/client-owners.ts';
import * as random from 'lib0/random';
import { chapterText } from '../shared/chapter-text/chapter-text.ts';
import { mayWritePresence } from '../shared/rules/presence-rule.ts';
import type { AgencyCode } from '../shared/agencies/agencies.ts';
import type { Role } from '../shared/plan/member.ts';
import { handleApiRequest, type ApiContext } from './http/api-routes.ts';
import { CodeSeal } from './members/code-seal.ts';
import { LocalMembershipChanges, REDIS_PREFIX, RedisMembershipChanges, type MembershipChange, type MembershipChanges } from './members/membership-changes.ts';
import type { DocPersistence } from './persistence/doc-persistence.ts';
import { RateLimiter } from './rate-limiter.ts';
import { DEFAULT_LIMITS, type ServerLimits } from './server-limits.ts';
import type { Logger } from './server-log.ts';
import { openDocPersistence, openMemberStorage, type ServerStorage } from './server-storage.ts';

export interface SyncServerOptions {
  readonly port: number;
  readonly host: string;
  /** SQLite files live here unless `databaseUrl` is set. */
  readonly dataDir?: string | undefined;
  readonly databaseUrl?: string | undefined;
  readonly redisUrl?: string | undefined;
  readonly secret: Buffer;
  readonly log: Logger;
  readonly limits?: Partial<ServerLimits>;
}

export interface SyncServer {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  /** Stores every document, closes every connection and the storage. Idempotent. */
  close(): Promise<void>;
}

/** What `onAuthenticate` puts into each connection's context. */
interface MemberContext {
  memberId: string;
  planId: string;
  name: string;
  agency: string;
  role: string;
  tokenId: string;
  expiresAt: number;
  /**
   * Set once the member's membership changed under this connection (removed,
   * or another role): the socket is being closed, and nothing it still sends
   * is applied or stored, not even an update whose check began before.
   */
  ended?: MembershipEnd;
  /**
   * The count of membership changes applied on this instance when the
   * member store was last read for this connection: a change of this member
   * counted later may not be in `role` yet (see `isStale`).
   */
  membershipVersion: number;
}

/** Why a member's open connections were closed: the close reason, and the code. */
type MembershipEnd = Extract<AccessRefusal, 'member-revoked' | 'token-expired'> | 'role-changed';


export async function startSyncServer(options: SyncServerOptions): Promise<SyncServer> {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const { log } = options;
  const tokens = new MemberTokens(options.secret);
  const storage: ServerStorage = await openMemberStorage(options, log);
  let docs: DocPersistence;
  try {
    docs = await openDocPersistence(options, storage);
  } catch (error) {
    await storage.close();
    throw error;
  }
  const checker = new UpdateChecker({
    workers: limits.guardWorkers,
    timeLimitMs: limits.guardTimeLimitMs,
    timeLimitMsPerMiB: limits.guardTimeLimitMsPerMiB,
    memoryLimitMb: limits.guardMemoryLimitMb,
  });
  const awareness = new AwarenessLimiter({
    framesPerSecond: limits.awarenessFramesPerSecond,
    burst: limits.awarenessBurst,
    maxClientIds: limits.awarenessMaxClientIds,
    maxRemovedClientIds: limits.awarenessMaxRemovedClientIds,
    maxStateBytes: limits.awarenessMaxStateBytes,
  });
  /** Membership changes applied on this instance so far, and the count at each member's last change. */
  let membershipVersion = 0;
  const changedAt = new Map<string, number>();
  /** Whether the member changed after this connection's context was read from the store. */
  const isStale = (context: MemberContext): boolean => (changedAt.get(context.memberId) ?? 0) > context.membershipVersion;
  const rules = limits.ruleGuard
    ? new RuleGuard({
        liveDoc: (name) => hocuspocus.documents.get(name),
        loadStored: (name) => docs.load(name),
        unlistedWaitMs: limits.unlistedChapterWaitMs,
      })
    : null;
  let live = false;

  /**
   * Documents closed on a socket for a refused update (`refuseDocument`),
   * per socket: what that socket still sends for one of them is dropped
   * until it authenticates the document again. Those frames are the refused
   * provider's, in flight or sent as it detached; Hocuspocus would otherwise
   * queue them for the next authentication and judge them then.
   */
  const refusedDocuments = new WeakMap<object, Set<string>>();

  /**
   * Closes only `connection` (one document of the socket) and stops
   * Hocuspocus from handling the message: Hocuspocus sends the document's
   * CLOSE message with the typed reason, and the socket's other documents
   * go on syncing. For an update whose resending would be refused again.
   */
  const refuseDocument = (connection: Connection, code: typeof CLOSE.notPermitted, reason: string, fields: Record<string, unknown>): never => {
    const context = connection.context as Partial<MemberContext>;
    log.warn('message-refused', { code, reason, memberId: context.memberId, document: connection.document.name, scope: 'document', ...fields });
    let refused = refusedDocuments.get(connection.webSocket);
    if (refused === undefined) refusedDocuments.set(connection.webSocket, (refused = new Set()));
    refused.add(connection.document.name);
    throw Object.assign(new Error(reason), { code, reason: documentCloseReason(code, closeReason(reason)) });
  };

  /** Closes `connection`'s WebSocket and stops Hocuspocus from handling the message. */
  const refuse = (connection: Connection, code: number, reason: string, fields: Record<string, unknown>): never => {
    const context = connection.context as Partial<MemberContext>;
    log.warn('message-refused', { code, reason, memberId: context.memberId, document: connection.document.name, ...fields });
    const text = closeReason(reason);
    // After Hocuspocus has sent its own CLOSE message for this document.
    setImmediate(() => connection.webSocket.close(code, text));
    throw Object.assign(new Error(reason), { code, reason: text });
  };

  /** Claims `document`'s Yjs client id as the server's in the plan, taking a fresh one if a member already writes under it. */
  const claimForServer = async (document: Y.Doc, planId: string): Promise<void> => {
    while ((await storage.clientOwners.claim(planId, SERVER_WRITER, [document.clientID])) !== null) document.clientID = random.uint32();
  };
  /** Migrates a version-1 chapter on this server and stores the migration; a failure to store is logged (the next load migrates again, identically). */
  const migrateStored = async (document: Y.Doc, documentName: string): Promise<void> => {
    try {
      const migrated = await migrateOnServer(document, documentName, (update) => docs.append(documentName, update));
      if (migrated !== null) log.info('chapter-migrated', { document: documentName, bytes: migrated.length });
    } catch (error) {
      log.error('chapter-migration-failed', { document: documentName, error });
    }
  };

  const samskriv: Extension<MemberContext> = {
    extensionName: 'samskriv',

    async onAuthenticate({ token, documentName, connectionConfig }) {
      // A plan's manifest, chapters and sources (issue 16) are all its members'.
      const ref = parseDocName(documentName) ?? parseSourceDocName(documentName);
      if (ref === null) throw Object.assign(new Error('unknown-document'), { reason: 'unknown-document' satisfies AuthRefusal });
      // Before the store is read: a change counted after this may not be in what it returns.
      const version = membershipVersion;
      try {
        const { member, claims } = await checkAccess(tokens, storage.members, token, ref.planId);
        connectionConfig.readOnly = member.role === 'reader';
        return {
          memberId: member.id,
          planId: member.planId,
          name: member.name,
          agency: member.agency,
          role: member.role,
          tokenId: claims.tokenId,
          expiresAt: claims.expiresAt,
          membershipVersion: version,
        } satisfies MemberContext;
      } catch (error) {
        if (error instanceof AccessError) {
          log.info('access-denied', { document: documentName, problem: error.problem });
          throw Object.assign(new Error(error.problem), { reason: error.problem });
        }
        throw error;
      }
    },

    async connected({ context, connection, documentName }) {
      log.debug('document-opened', { memberId: context.memberId, document: documentName });
      // Hocuspocus answers "authenticated" and only then loads the document
      // and adds the connection to it: a change applied meanwhile did not see
      // this connection.
      if (isStale(connection.context as MemberContext)) await applyMembership(context.memberId);
    },

    async onLoadDocument({ documentName }) {
      const stored = await docs.load(documentName);
      log.debug('document-loaded', { document: documentName, bytes: stored?.length ?? 0 });
      return stored ?? undefined;
    },

    // A version-1 chapter is migrated by the server before anyone syncs it (server-migration.ts).
    async afterLoadDocument({ document, documentName }) {
      await migrateStored(document, documentName);
    },

    async beforeHandleMessage({ connection, document, documentName, update: frame }) {
      let message;
      try {
        message = readClientMessage(frame);
      } catch (error) {
        if (error instanceof MalformedFrame) refuse(connection, CLOSE.badMessage, error.message, { bytes: frame.length });
        throw error;
      }
      if (message.kind !== 'sync-step2' && message.kind !== 'sync-update') return;
      const { update } = message;
      // Checked for readers too: Hocuspocus compares a reader's step 2 with
      // the document, which decodes it on this thread.
      if (update.length === 0) refuse(connection, CLOSE.badMessage, 'update rejected: empty update (yjs#498)', {});
      // The document's pending structs go along: the update may complete
      // them, and what they build together is what counts. If they changed
      // while the worker was busy, the summary is of the wrong pair: again.
      let checked;
      for (let attempt = 0; ; attempt++) {
        const pending = document.store.pendingStructs;
        checked = await checker.check(update, pending === null ? null : pendingUpdate(document));
        if (checked.problem !== null || (document.store.pendingStructs?.update ?? null) === (pending?.update ?? null)) break;
        if (attempt === 2) refuse(connection, CLOSE.tryAgainLater, 'update not checked: the document kept changing; resend it', {});
      }
      if (checked.problem !== null) {
        // A time-out means a busy server, not a bad update (issue 11, finding 6).
        const code = checked.retryable ? CLOSE.tryAgainLater : CLOSE.badMessage;
        return refuse(connection, code, `update rejected: ${checked.problem}`, { bytes: update.length });
      }
      // Hocuspocus answers a reader's update with SyncStatus(false) and drops it.
      if (connection.readOnly) return;
      const breach = limits.structuralLimits ? checkShape(document, checked.shape) : null;
      if (breach !== null) refuse(connection, CLOSE.badMessage, `update rejected: ${breach.refusal}: ${breach.detail}`, { bytes: update.length });
      /** The server's own formatting written with the update (`admit`), stored after it. */
      let correction: Uint8Array | null = null;
      /** Judges the update by the sender's rights and applies it; throws (through `refuse…`) if it may not be applied. */
      const admit = async (): Promise<void> => {
        if (rules !== null) {
          const context = connection.context as MemberContext;
          const member = { memberId: context.memberId, name: context.name, agency: context.agency as AgencyCode, role: context.role as Role };
          // First whose writing it is (the rules read authorship from Yjs client ids), then what it does.
          const ruleBreach = (await checkClientIds(storage.clientOwners, context.planId, member.memberId, document, checked.writes)) ?? (await rules.check(document, documentName, member, update));
          if (ruleBreach !== null) {
            refuseDocument(connection, CLOSE.notPermitted, ruleCloseReason(ruleBreach), { rule: ruleBreach.rule, detail: ruleBreach.detail, role: member.role, agency: member.agency });
          }
        }
        // The checks above wait; the member may have been removed meanwhile.
        if (isStale(connection.context as MemberContext)) await applyMembership((connection.context as MemberContext).memberId);
        const ended = (connection.context as MemberContext).ended;
        if (ended !== undefined) refuse(connection, ended === 'role-changed' ? CLOSE.roleChanged : CLOSE.forbidden, ended, {});
        // A suggester's direct formatting of others' words is given back in the same transaction: nobody sees it, and it is stored given back (text-format-rule.ts `directFormatting`).
        const corrections = rules?.takeCorrections(update) ?? [];
        // The server's writing is no member's: its client id is claimed as the server's first, so nobody can write under it later (client-owners.ts).
        if (corrections.length > 0) await claimForServer(document, (connection.context as MemberContext).planId);
        try {
          const origin = { source: 'connection', connection };
          Y.transact(
            document,
            () => {
              Y.applyUpdate(document, update, origin);
              if (corrections.length === 0) return;
              const applied = Y.encodeStateVector(document);
              correctFormatting(chapterText(document), corrections);
              correction = Y.encodeStateAsUpdate(document, applied);
            },
            origin,
            false,
          );
        } catch (error) {
          refuse(connection, CLOSE.badMessage, 'update rejected: it does not apply to the document', { error });
        }
        if (correction !== null) {
          const context = connection.context as MemberContext;
          log.warn('formatting-corrected', { memberId: context.memberId, role: context.role, agency: context.agency, document: documentName, runs: corrections.length, writer: document.clientID, rule: 'text-not-permitted' });
        }
      };
      // One update of a document at a time from its check to its apply (RuleGuard.exclusive).
      await (rules === null ? admit() : rules.exclusive(document, admit));
      try {
        await docs.append(documentName, update);
        if (correction !== null) await docs.append(documentName, correction);
      } catch (error) {
        log.error('store-failed', { document: documentName, error });
        refuse(connection, CLOSE.storageFailed, 'the server could not store the update; it was not acknowledged', {});
      }
      // An old app's update that leaves a version-1 chapter: the server migrates it at once.
      await migrateStored(document, documentName);
      const late = rules?.takeLateEdit(update);
      if (late !== undefined) {
        const context = connection.context as MemberContext;
        const by = { memberId: context.memberId, name: context.name, agency: context.agency as AgencyCode };
        try {
          if (await reopenForLateEdit(hocuspocus, docs, late, by)) log.info('chapter-reopened-late-edit', { memberId: by.memberId, document: documentName });
        } catch (error) {
          log.error('late-edit-reopen-failed', { document: documentName, error });
        }
      }
    },

    // Presence names come from the member store, not from what a client
    // claims, and nobody writes another member's entry (shared/rules/presence-rule.ts).
    async beforeHandleAwareness({ states, context, document, documentName }) {
      if (context === undefined) return;
      const held = document.awareness.getStates();
      for (const clientId of [...states.keys()]) {
        if (rules !== null && !mayWritePresence(context.memberId, held.get(clientId))) {
          states.delete(clientId);
          log.warn('presence-refused', { memberId: context.memberId, document: documentName, clientId, rule: 'presence-of-another-member' });
        }
      }
      for (const state of states.values()) {
        if (state !== null && typeof state === 'object' && Object.keys(state).length > 0) {
          (state as Record<string, unknown>)['member'] = { id: context.memberId, name: context.name, agency: context.agency, role: context.role };
        }
      }
    },

    async onStoreDocument({ documentName }) {
      // Every update is already in the log; this only keeps the log short.
      await docs.compactIfLong(documentName);
    },
  };

  const redisUrl = options.redisUrl !== undefined && options.redisUrl !== '' ? options.redisUrl : undefined;
  const redis = redisUrl === undefined ? null : new RedisExtension(redisConfiguration(redisUrl));
  const hocuspocus = new Hocuspocus<MemberContext>({
    name: `samskriv-${process.pid}`,
    quiet: true,
    timeout: limits.connectionTimeoutMs,
    // onStoreDocument only compacts (see above), so it may wait.
    debounce: 5_000,
    maxDebounce: 30_000,
    unloadImmediately: true,
    maxUnauthenticatedQueueSize: limits.maxUnauthenticatedBytes,
    maxUnauthenticatedQueueMessages: limits.maxUnauthenticatedMessages,
    maxPendingDocuments: limits.maxPendingDocuments,
    extensions: redis === null ? [samskriv] : [redis, samskriv],
  });

  /** This instance's open connections of `memberId`, on every document. */
  const connectionsOf = (memberId: string): Connection[] =>
    [...hocuspocus.documents.values()].flatMap((document) => document.getConnections().filter((connection) => (connection.context as MemberContext).memberId === memberId));

  /** Closes every open socket of the member (all its documents), marking each connection so nothing more it sends is applied. */
  const endConnections = (connections: readonly Connection[], memberId: string, why: MembershipEnd): void => {
    const sockets = new Set<Connection['webSocket']>();
    for (const connection of connections) {
      (connection.context as MemberContext).ended ??= why;
      sockets.add(connection.webSocket);
    }
    for (const socket of sockets) socket.close(why === 'role-changed' ? CLOSE.roleChanged : CLOSE.forbidden, why);
    if (sockets.size > 0) log.info('member-disconnected', { memberId, reason: why, sockets: sockets.size });
  };

  /**
   * Brings this instance's open connections of `memberId` in line with the
   * member store: a removed member's sockets close with 4403, a member whose
   * role or agency changed is closed with 4409 and reconnects with the new
   * rights (a drafter made reader gets a read-only connection). Run at once
   * for a change made here or announced by another instance, and
   * periodically for changes made with the admin CLI.
   */
  const applyMembership = async (memberId: string): Promise<void> => {
    if (connectionsOf(memberId).length === 0) return;
    const version = membershipVersion;
    const member = await storage.members.getMember(memberId);
    // Read after the store: connections opened meanwhile count too.
    const connections = connectionsOf(memberId);
    if (member === null || member.revokedAt !== null) return endConnections(connections, memberId, 'member-revoked');
    const changed = connections.filter((connection) => {
      const context = connection.context as MemberContext;
      return context.role !== member.role || context.agency !== member.agency;
    });
    endConnections(changed, memberId, 'role-changed');
    for (const connection of connections) {
      const context = connection.context as MemberContext;
      context.membershipVersion = Math.max(context.membershipVersion, version);
    }
  };
  /** A change of `memberId` made here or announced by another instance: counted, then applied. */
  const memberChanged = (memberId: string): Promise<void> => {
    changedAt.set(memberId, ++membershipVersion);
    return applyMembership(memberId);
  };

  // Changes made with the admin CLI (and any an instance missed), and expired tokens.
  const recheck = setInterval(() => {
    void (async () => {
      const seen = new Map<string, MemberContext>();
      for (const document of hocuspocus.documents.values()) {
        for (const connection of document.getConnections()) {
          const context = connection.context as MemberContext;
          if (context.memberId !== undefined) seen.set(context.memberId, context);
        }
      }
      const now = Date.now() / 1000;
      for (const [memberId, context] of seen) {
        if (context.expiresAt <= now) endConnections(connectionsOf(memberId), memberId, 'token-expired');
        else await applyMembership(memberId);
      }
    })().catch((error: unknown) => log.error('membership-recheck-failed', { error }));
  }, limits.membershipRecheckMs);
  recheck.unref();

  let membership: MembershipChanges = new LocalMembershipChanges();
  if (redis !== null) {
    const changes = RedisMembershipChanges.start({
      publisher: redis.pub,
      subscriber: redis.pub.duplicate(),
      prefix: REDIS_PREFIX,
      apply: (change) => memberChanged(change.memberId),
      ackTimeoutMs: limits.membershipAckTimeoutMs,
      log,
    });
    membership = changes;
    // Listening before the server says it has started, unless Redis is away:
    // then the server starts anyway and the periodic re-check covers the gap.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([changes.subscribed, new Promise<void>((resolve) => (timer = setTimeout(resolve, limits.membershipAckTimeoutMs)))]);
    clearTimeout(timer);
  }
  /** A change made through this instance's API: here at once, then on every other instance before the API answers. */
  const membershipChanged = async (change: MembershipChange): Promise<void> => {
    await memberChanged(change.memberId);
    const announced = await membership.announce(change);
    log.info('membership-changed', { ...change, instances: announced.instances, applied: announced.applied });
  };

  // The app's limits for the same check: it decodes the plan's documents
  // with the file, so the guard's per-update limits would be too tight.
  const exchange = new ExchangeRelay({ hocuspocus, docs, members: storage.members, clientOwners: storage.clientOwners, limits: DEFAULT_MERGE_LIMITS, log });
  const api: ApiContext = {
    members: storage.members,
    tokens,
    codeSeal: new CodeSeal(options.secret),
    tokenLifetimeSeconds: limits.tokenLifetimeSeconds,
    redeemLimiter: new RateLimiter(limits.redemptionsPerMinutePerAddress, 60_000),
    log,
    isLive: () => live,
    checkReady: async () => {
      await storage.probe();
      if (redis !== null && redis.pub.status !== 'ready') throw new Error(`Redis is ${redis.pub.status}`);
      return { storage: storage.kind, redis: redis === null ? 'off' : 'ready' };
    },
    membershipChanged,
    relayExchange: (planId, relayer, file) => exchange.relay(planId, relayer, file),
  };

  const peers = new Map<string, ReturnType<Hocuspocus['handleConnection']>>();
  /** Sockets being closed for a refused message: what they still send is ignored, so a flood stops costing at once. */
  const refusedSockets = new Set<string>();
  /** Closes `peer` for a refused frame and logs it. */
  const refusePeer = (peer: { id: string; remoteAddress?: string | undefined; close(code: number, reason: string): void }, reason: string, fields: Record<string, unknown>): void => {
    log.warn('message-refused', { code: CLOSE.badMessage, reason, address: peer.remoteAddress, ...fields });
    refusedSockets.add(peer.id);
    peer.close(CLOSE.badMessage, closeReason(reason));
  };
  const ws = crossws({
    serverOptions: { maxPayload: limits.maxPayloadBytes, perMessageDeflate: false },
    hooks: {
      open(peer) {
        peers.set(peer.id, hocuspocus.handleConnection(peer.websocket as never, peer.request as Request));
      },
      message(peer, message) {
        if (refusedSockets.has(peer.id)) return;
        const frame = message.uint8Array();
        if (frame.length === 1 && frame[0] === FrameType.Pong) return;
        try {
          const docName = readAddress(frame);
          const refused = refusedDocuments.get(peer.websocket);
          if (refused?.has(docName)) {
            if (readFrameType(frame) !== FrameType.Auth) return;
            refused.delete(docName);
          }
          if (readFrameType(frame) === FrameType.Awareness) {
            const now = performance.now();
            let verdict = awareness.admitFrame(peer.id, docName, now);
            if (verdict.kind === 'pass') verdict = awareness.admitEntries(peer.id, docName, readAwarenessEntries(frame), now);
            if (verdict.kind === 'refuse') return refusePeer(peer, `awareness refused: ${verdict.refusal}: ${verdict.detail}`, { document: docName });
            if (verdict.kind === 'drop') {
              if (verdict.log !== null) log.warn('awareness-dropped', { why: verdict.why, dropped: verdict.log.dropped, document: docName, address: peer.remoteAddress });
              return;
            }
          }
        } catch (error) {
          const reason = error instanceof MalformedFrame ? error.message : 'malformed message';
          return refusePeer(peer, reason, { bytes: frame.length });
        }
        peers.get(peer.id)?.handleMessage(frame);
      },
      close(peer, event) {
        peers.get(peer.id)?.handleClose({ code: event.code ?? 1000, reason: event.reason ?? '' });
        peers.delete(peer.id);
        refusedSockets.delete(peer.id);
        awareness.forget(peer.id);
      },
      error(peer, error) {
        // ws reports an oversized message here and closes the socket with 1009.
        log.warn('socket-error', { address: peer.remoteAddress, error: error.cause ?? error });
      },
    },
  });

  const upgradeLimiter = new RateLimiter(limits.connectionsPerMinutePerAddress, 60_000);
  const httpServer: HttpServer = createServer((request, response) => {
    void handleApiRequest(api, request, response);
  });
  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!live) return rejectUpgrade(socket, 503, 'Service Unavailable');
    if (!upgradeLimiter.allow(request.socket.remoteAddress ?? 'unknown')) return rejectUpgrade(socket, 429, 'Too Many Requests');
    if (peers.size >= limits.maxConnections) return rejectUpgrade(socket, 503, 'Service Unavailable');
    void ws.handleUpgrade(request, socket, head);
  });
  // Bounded header and request times: a slow client cannot hold sockets open.
  httpServer.headersTimeout = 10_000;
  httpServer.requestTimeout = 30_000;

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen({ port: options.port, host: options.host }, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    clearInterval(recheck);
    await membership.close();
    await checker.close();
    await docs.close();
    await storage.close();
    throw error;
  }
  const address = httpServer.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  live = true;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  log.info('server-started', { url, storage: storage.kind, redis: redis !== null, pid: process.pid });
  if (!limits.ruleGuard) log.warn('rule-guard-off', { note: 'test lab option: updates are not checked against the members\' roles' });
  if (!limits.structuralLimits) log.warn('structural-limits-off', { note: 'test lab option: updates over the structural limits reach the clients' });

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      live = false;
      clearInterval(recheck);
      httpServer.close();
      // Belt and braces: every acknowledged update is already in the log;
      // this also stores anything a document holds that is not (e.g. an
      // update applied just before its store failed).
      let stored = 0;
      for (const [name, document] of hocuspocus.documents) {
        try {
          await docs.append(name, Y.encodeStateAsUpdate(document));
          stored++;
        } catch (error) {
          log.error('store-on-shutdown-failed', { document: name, error });
        }
      }
      ws.closeAll(CLOSE.goingAway, 'server shutting down', false);
      hocuspocus.closeConnections();
      hocuspocus.flushPendingStores();
      await waitFor(() => hocuspocus.getDocumentsCount() === 0, 5_000);
      await membership.close();
      await hocuspocus.hooks('onDestroy', { instance: hocuspocus });
      await checker.close();
      await docs.close();
      await storage.close();
      httpServer.closeAllConnections();
      log.info('server-stopped', { documentsStored: stored });
    })();
    return closing;
  };

  return { url, port, close };
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** `redis://[user:password@]host:port[/db]` as @hocuspocus/extension-redis options. */
function redisConfiguration(url: string): ConstructorParameters<typeof RedisExtension>[0] {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new Error(`REDIS_URL must start with redis:// or rediss://, got ${parsed.protocol}`);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname,
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    prefix: REDIS_PREFIX,
    options: {
      username: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
      password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
      db,
      ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    },
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

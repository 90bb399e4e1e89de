/**
 * The server's limits, with the defaults `npm run server` uses. Each bounds
 * what one client can cost the others (DESIGN §5).
 */
export interface ServerLimits {
  /** Largest WebSocket message; bigger ones close the socket with 1009. `ws` would allow 100 MiB. */
  readonly maxPayloadBytes: number;
  /**
   * A socket that has not authenticated within this time, or is idle for
   * this long afterwards, is closed (4408). The provider's awareness renews
   * every 15 s, so a live client is never idle that long.
   */
  readonly connectionTimeoutMs: number;
  /** Bytes a socket may queue before its first document is authenticated. */
  readonly maxUnauthenticatedBytes: number;
  /** Messages a socket may queue before authentication. */
  readonly maxUnauthenticatedMessages: number;
  /** Documents a socket may try to open before one is authenticated. */
  readonly maxPendingDocuments: number;
  /** Open WebSockets on this instance; more are answered 503. */
  readonly maxConnections: number;
  /** WebSocket connection attempts per client address per minute (0: no limit). */
  readonly connectionsPerMinutePerAddress: number;
  /** Invitation/publish code redemptions per client address per minute (0: no limit). */
  readonly redemptionsPerMinutePerAddress: number;
  /** How long a member token is valid; the app renews it with POST /api/token. */
  readonly tokenLifetimeSeconds: number;
  /**
   * Worker threads that decode untrusted updates. Each checks one update at
   * a time and needs a round trip through the main thread per update, so
   * with one thread the checks queued up under load (bench/server-load.ts:
   * p99 roughly halved with two on the 300-client run).
   */
  readonly guardWorkers: number;
  /**
   * Longest an update may take to decode, plus `guardTimeLimitMsPerMiB` per
   * MiB of it, before it is refused; the refusal (4503) asks the client to
   * resend later, since under load a legitimate large paste can be slow.
   */
  readonly guardTimeLimitMs: number;
  /**
   * Decoding on this machine takes about 50 ms per MiB when idle
   * (a 7 MiB paste: 0.45 s); 1 s per MiB leaves room for a busy, slower
   * machine, and holds a worker at most 10 s for the largest message.
   */
  readonly guardTimeLimitMsPerMiB: number;
  /** Heap of each decoding worker; an update needing more is refused. */
  readonly guardMemoryLimitMb: number;
  /**
   * How often open connections are checked against the member store, so a
   * member removed on another instance or with the admin CLI is disconnected
   * (removal through this instance's API disconnects at once).
   */
  readonly membershipRecheckMs: number;
  /**
   * How long removing a member or changing a role waits for the other
   * instances (through Redis) to close the member's connections before the
   * API answers; one that has not answered by then catches up at its next
   * re-check, and the wait is logged (members/membership-changes.ts).
   */
  readonly membershipAckTimeoutMs: number;
  /** Awareness frames per second per socket and document, and the burst allowed above it (guard/awareness-limiter.ts). */
  readonly awarenessFramesPerSecond: number;
  readonly awarenessBurst: number;
  /** Client ids with a presence state per socket and document (a provider has one). */
  readonly awarenessMaxClientIds: number;
  /** Other client ids whose removal one socket may relay per document. */
  readonly awarenessMaxRemovedClientIds: number;
  /** Largest presence state, in bytes of JSON. */
  readonly awarenessMaxStateBytes: number;
  /**
   * Whether the guard refuses updates over the structural limits
   * (shared/doc-limits/). Off only in a test lab (`--lab-no-structural-limits`):
   * it is how the end-to-end tests deliver a hostile update to the app, to
   * prove the app refuses it on its own, as it must with a server that has
   * no such guard.
   */
  readonly structuralLimits: boolean;
  /**
   * Whether every update is checked against the member's rights on the
   * document (guard/rule-guard.ts, shared/rules/). Off only in a test lab
   * (`--lab-no-rule-guard`): the server tests of transport, storage and
   * structural limits write arbitrary documents, and bench/server-load.ts
   * measures what the guard costs.
   */
  readonly ruleGuard: boolean;
  /** How long a chapter's update waits for the manifest to list the chapter before it is refused (guard/rule-guard.ts). */
  readonly unlistedChapterWaitMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxPayloadBytes: 8 * 1024 * 1024,
  connectionTimeoutMs: 30_000,
  maxUnauthenticatedBytes: 8 * 1024 * 1024,
  maxUnauthenticatedMessages: 500,
  maxPendingDocuments: 100,
  maxConnections: 5_000,
  connectionsPerMinutePerAddress: 300,
  redemptionsPerMinutePerAddress: 20,
  tokenLifetimeSeconds: 30 * 24 * 3600,
  guardWorkers: 2,
  guardTimeLimitMs: 2_000,
  guardTimeLimitMsPerMiB: 1_000,
  guardMemoryLimitMb: 256,
  membershipRecheckMs: 10_000,
  membershipAckTimeoutMs: 2_000,
  awarenessFramesPerSecond: 20,
  awarenessBurst: 60,
  awarenessMaxClientIds: 4,
  awarenessMaxRemovedClientIds: 256,
  awarenessMaxStateBytes: 8 * 1024,
  structuralLimits: true,
  ruleGuard: true,
  unlistedChapterWaitMs: 5_000,
};

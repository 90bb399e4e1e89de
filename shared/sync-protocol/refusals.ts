/**
 * Why the sync server (or the desktop, on its behalf) refused something: the
 * `code` of an HTTP error body, the `reason` of a refused WebSocket
 * authentication, the reason of a 4403 close. One list for the server that
 * gives them and the app that explains them (src-renderer/sync/sync-errors.ts
 * turns each into a sentence); src-server/README.md lists which request gives
 * which.
 */

/** The access check refused a member token (HTTP 401/403, authentication, 4403). */
export const ACCESS_REFUSALS = ['invalid-token', 'token-expired', 'member-revoked', 'wrong-plan'] as const;
export type AccessRefusal = (typeof ACCESS_REFUSALS)[number];

/**
 * Why the server closed a member's open connections although their token is
 * fine: the coordinator changed their role (4409; a removal is
 * `member-revoked`, 4403).
 */
export const MEMBERSHIP_REFUSALS = ['role-changed'] as const;
export type MembershipRefusal = (typeof MEMBERSHIP_REFUSALS)[number];

/** A document's authentication was refused: the access check's reasons, or a document name that is not ours. */
export const AUTH_REFUSALS = [...ACCESS_REFUSALS, 'unknown-document'] as const;
export type AuthRefusal = (typeof AUTH_REFUSALS)[number];

/** An invitation or publish code was not redeemed. */
export const INVITATION_REFUSALS = ['invalid-code', 'code-used', 'code-expired', 'code-revoked', 'wrong-kind', 'plan-exists', 'plan-not-found'] as const;
export type InvitationRefusal = (typeof INVITATION_REFUSALS)[number];

/** The HTTP API's other error codes. */
export const REQUEST_REFUSALS = [
  'not-ready',
  'too-many-requests',
  'not-coordinator',
  'not-found',
  'cannot-remove-self',
  'cannot-change-own-role',
  /** `POST /api/plans/:planId/key`: the server holds another key for the member, and never replaces one on their word. */
  'key-exists',
  'invalid-request',
  'invalid-json',
  'body-too-large',
  'unsupported-media-type',
  'method-not-allowed',
  'internal',
] as const;
export type RequestRefusal = (typeof REQUEST_REFUSALS)[number];

/**
 * An update would build more than any Samskriv document can legitimately
 * hold (shared/doc-limits/doc-limits.ts has the limits and why). Sent as the
 * first word after "update rejected: " in a 4400 close, and returned by
 * `checkUpdateLimits` to clients that check a remote update before applying it.
 */
export const LIMIT_REFUSALS = ['too-deep', 'block-too-deep', 'value-too-deep', 'too-many-nodes', 'text-too-long'] as const;
export type LimitRefusal = (typeof LIMIT_REFUSALS)[number];

/**
 * Awareness (presence) a client may not send; a 4400 close with the reason
 * "awareness refused: <code> …". Frames over the rate limit are dropped
 * without a close, so they have no code here.
 */
export const AWARENESS_REFUSALS = ['awareness-too-many-clients', 'awareness-state-too-large'] as const;
export type AwarenessRefusal = (typeof AWARENESS_REFUSALS)[number];

/**
 * A rule of the member's role that an update breaks (shared/rules/; the
 * table is docs/rules.md). Sent in a 4422 close as "rule refused: <code>:
 * <detail>" (shared/rules/rule-refusal.ts), logged with the member.
 */
export const RULE_REFUSALS = [
  'plan-not-permitted',
  'unlisted-chapter',
  'thread-not-permitted',
  'suggestion-not-permitted',
  'schema-version',
  'unknown-part',
  'text-not-permitted',
  // New structs under a Yjs client id that another member writes under (src-server/members/client-owners.ts).
  'client-not-yours',
] as const;
export type RuleRefusal = (typeof RULE_REFUSALS)[number];

/**
 * An exchange file posted to `POST /api/plans/:planId/exchange` (issue 17)
 * was not applied; nothing of it was. The codes are the import's own
 * (shared/host-api/host-api.ts, EXCHANGE_PROBLEMS) where the meaning is the
 * same; `needs-base`: the file builds on changes the server does not have
 * yet (the relayer's own, not synced): sync, then post it again.
 */
export const EXCHANGE_REFUSALS = [
  'not-exchange-file',
  'newer-format',
  'damaged',
  'too-large',
  'too-costly',
  'bad-signature',
  'unknown-member',
  'removed-member',
  'unknown-key',
  'key-mismatch',
  'other-plan',
  'plan-not-changes',
  'rule-refused',
  'needs-base',
] as const;
export type ExchangeRefusalCode = (typeof EXCHANGE_REFUSALS)[number];

/** Every code the server sends. */
export type ServerRefusal = AuthRefusal | MembershipRefusal | InvitationRefusal | RequestRefusal | ExchangeRefusalCode;

/**
 * Reasons the desktop gives itself, in the same `HostError.reason` slot, when
 * it cannot connect a shared plan: the sealed token cannot be opened
 * (`token-unavailable`), the plan is no longer linked to a server
 * (`not-shared`), or the server's address is plain http/ws to another
 * computer, which would send codes and tokens unencrypted (`insecure-server`;
 * src-main/sync/server-url.ts).
 */
export const DESKTOP_REFUSALS = ['token-unavailable', 'not-shared', 'insecure-server'] as const;
export type DesktopRefusal = (typeof DESKTOP_REFUSALS)[number];

export type SyncRefusal = ServerRefusal | DesktopRefusal;

/**
 * The sync server's HTTP API as zod schemas, the one definition both sides
 * use: the server reads request bodies with the request schemas
 * (src-server/http/api-routes.ts) and types its answers with the response
 * types; the desktop (src-main/sync/sync-server-api.ts) validates every
 * answer with the response schemas before it believes a field. The prose
 * contract, with statuses and error codes, is src-server/README.md, "HTTP API".
 *
 * Request schemas are strict (an unknown field is an error), because the
 * server must not accept what it does not understand. Response schemas are
 * not, so that a newer server may add fields without breaking older apps.
 */
import { z } from 'zod';
import { AGENCY_CODES } from '../agencies/agencies.ts';
import { isUuid } from '../plan/doc-names.ts';
import { ROLES } from '../plan/member.ts';

export const API_PATHS = {
  join: '/api/join',
  publish: '/api/publish',
  token: '/api/token',
  invitations: (planId: string) => `/api/plans/${encodeURIComponent(planId)}/invitations`,
  members: (planId: string) => `/api/plans/${encodeURIComponent(planId)}/members`,
  member: (planId: string, memberId: string) => `/api/plans/${encodeURIComponent(planId)}/members/${encodeURIComponent(memberId)}`,
  invitation: (planId: string, invitationId: string) => `/api/plans/${encodeURIComponent(planId)}/invitations/${encodeURIComponent(invitationId)}`,
  /** The caller's own exchange-file public key, filed if the server has none (issue 17). */
  memberKey: (planId: string) => `/api/plans/${encodeURIComponent(planId)}/key`,
  /** A signed exchange file, applied in its signer's name (issue 17; body: the file's bytes). */
  exchange: (planId: string) => `/api/plans/${encodeURIComponent(planId)}/exchange`,
} as const;

// ---- Requests ----

const codeSchema = z.string().min(1).max(64);
const planIdSchema = z.string().refine(isUuid, 'must be a UUID');

/**
 * A member's Ed25519 public key (raw 32 bytes, base64), with which their
 * exchange files are signed (issue 17, docs/exchange-format.md). Optional, so
 * apps from before exchange by file still join.
 */
export const publicKeySchema = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be a raw Ed25519 public key in base64');
/** `POST /api/join`: an invitation code for a plan that exists on the server, and the new member's public key. */
export const joinRequestSchema = z.object({ code: codeSchema, publicKey: publicKeySchema.optional() }).strict();
/** `POST /api/publish`: a publish code and the id of the plan the app already has, and the coordinator's public key. */
export const publishRequestSchema = z.object({ code: codeSchema, planId: planIdSchema, publicKey: publicKeySchema.optional() }).strict();
/** `POST /api/plans/:planId/invitations` (coordinator). */
export const invitationRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    agency: z.enum(AGENCY_CODES),
    role: z.enum(ROLES),
    expiresInHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .optional(),
  })
  .strict();
export type InvitationRequest = z.input<typeof invitationRequestSchema>;
/** `PATCH /api/plans/:planId/members/:memberId` (coordinator): the member's new role. */
export const memberRoleRequestSchema = z.object({ role: z.enum(ROLES) }).strict();
export type MemberRoleRequest = z.input<typeof memberRoleRequestSchema>;
/** `POST /api/plans/:planId/key` (the member themself): their exchange-file public key. */
export const memberKeyRequestSchema = z.object({ publicKey: publicKeySchema }).strict();
/** `POST /api/token`: the bearer token is all it needs; a body, if any, is empty. */
export const emptyRequestSchema = z.object({}).strict();

// ---- Responses ----

/** A member of a plan as the server shows it (ISO 8601 times; `revokedAt` set once removed). */
export const memberSchema = z.object({
  id: z.string(),
  name: z.string(),
  agency: z.enum(AGENCY_CODES),
  role: z.enum(ROLES),
  joinedAt: z.string(),
  revokedAt: z.string().nullable(),
  /** The key the member's exchange files are signed with; null for a member who joined with an older app, absent from an older server. */
  publicKey: z.string().nullable().optional(),
});
export type ServerMember = Readonly<z.infer<typeof memberSchema>>;

/** The answer to join, publish and token renewal. */
export const tokenGrantSchema = z.object({ token: z.string().min(1), expiresAt: z.string(), planId: z.string(), member: memberSchema });
export type TokenGrant = z.infer<typeof tokenGrantSchema>;

/** A new invitation: the one-time code (shown once, stored hashed) and when it expires. */
export const invitationSchema = z.object({ code: z.string().min(1), expiresAt: z.string() });
export type IssuedInvitation = z.infer<typeof invitationSchema>;

/** An invitation id: the hex SHA-256 under which the server keeps the code (it redeems nothing). */
export const INVITATION_ID_PATTERN = /^[0-9a-f]{64}$/;

/**
 * An invitation not yet used or revoked (`GET /api/plans/:planId/invitations`,
 * coordinators only). `code` is the code itself for invitations made in the
 * app, so a coordinator can copy it again later; null for codes the admin CLI
 * printed. An invitation past `expiresAt` stays listed until revoked.
 */
export const pendingInvitationSchema = z.object({
  id: z.string().regex(INVITATION_ID_PATTERN),
  name: z.string(),
  agency: z.enum(AGENCY_CODES),
  role: z.enum(ROLES),
  createdAt: z.string(),
  expiresAt: z.string(),
  code: z.string().nullable(),
});
export type PendingInvitation = Readonly<z.infer<typeof pendingInvitationSchema>>;

export const invitationsResponseSchema = z.object({ invitations: z.array(pendingInvitationSchema) });
export type InvitationsResponse = z.infer<typeof invitationsResponseSchema>;

export const invitationRevokedSchema = z.object({ revoked: z.literal(true), invitationId: z.string() });
export type InvitationRevoked = z.infer<typeof invitationRevokedSchema>;

export const membersResponseSchema = z.object({ members: z.array(memberSchema) });
export type MembersResponse = z.infer<typeof membersResponseSchema>;

export const memberRemovedSchema = z.object({ revoked: z.literal(true), memberId: z.string() });
export type MemberRemoved = z.infer<typeof memberRemovedSchema>;

/** The answer to a role change: the member as they are now. */
export const memberChangedSchema = z.object({ member: memberSchema });
export type MemberChanged = z.infer<typeof memberChangedSchema>;

/** Every error: `code` is one of refusals.ts (a string here, so a newer server's codes still parse). */
export const errorResponseSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/**
 * What the server did with each document of a posted exchange file: a file
 * is applied whole or not at all, so `applied`/`unchanged` come together,
 * and `refused` (with the rule) with `not-applied`.
 */
export const exchangeDocResultSchema = z.object({
  name: z.string(),
  outcome: z.enum(['applied', 'unchanged', 'refused', 'not-applied']),
  rule: z.string().optional(),
});
export type ExchangeDocResult = z.infer<typeof exchangeDocResultSchema>;

/** A member named in an exchange answer. */
const exchangeSignerSchema = z.object({ id: z.string(), name: z.string(), agency: z.enum(AGENCY_CODES), role: z.enum(ROLES) });

/** `POST /api/plans/:planId/exchange`, accepted: applied in the signer's name (`nothing-new`: the server had it all). */
export const exchangeAppliedSchema = z.object({
  outcome: z.enum(['applied', 'nothing-new']),
  signer: exchangeSignerSchema,
  /** The signers of the files the sender passed on inside this one. */
  relayedFrom: z.array(exchangeSignerSchema),
  docs: z.array(exchangeDocResultSchema),
});
export type ExchangeApplied = z.infer<typeof exchangeAppliedSchema>;

/** `POST /api/plans/:planId/exchange`, refused: the error, and for a rule the member and documents it is about. */
export const exchangeRefusedSchema = errorResponseSchema.extend({
  signer: exchangeSignerSchema.optional(),
  rule: z.string().optional(),
  docs: z.array(exchangeDocResultSchema).optional(),
});
export type ExchangeRefused = z.infer<typeof exchangeRefusedSchema>;

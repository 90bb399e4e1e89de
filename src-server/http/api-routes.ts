/**
 * The server's HTTP endpoints (contract in ../README.md; request and answer
 * bodies are the schemas of shared/sync-protocol/http-api.ts):
 *   GET    /health                                  liveness + readiness of this process
 *   GET    /ready                                   storage (and Redis) answer
 *   POST   /api/join                 {code, publicKey?}         invitation code -> member token
 *   POST   /api/publish              {code, planId, publicKey?} publish code -> new plan + coordinator token
 *   POST   /api/token                (Bearer)       a fresh token for the same member
 *   POST   /api/plans/:planId/invitations   (Bearer, coordinator) {name, agency, role, expiresInHours?}
 *   GET    /api/plans/:planId/invitations   (Bearer, coordinator) pending invitations, with their codes
 *   DELETE /api/plans/:planId/invitations/:invitationId (Bearer, coordinator) revokes one
 *   GET    /api/plans/:planId/members       (Bearer, member)
 *   PATCH  /api/plans/:planId/members/:memberId (Bearer, coordinator) {role}
 *   DELETE /api/plans/:planId/members/:memberId (Bearer, coordinator)
 *   POST   /api/plans/:planId/exchange      (Bearer, member) a signed .samskriv file, applied in its signer's name (../exchange/)
 *   POST   /api/plans/:planId/key           (Bearer, member) {publicKey}   the caller's exchange key, if the server has none
 * Anything else is 404 in the same JSON error shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isUuid } from '../../shared/plan/doc-names.ts';
import {
  API_PATHS,
  INVITATION_ID_PATTERN,
  emptyRequestSchema,
  invitationRequestSchema,
  joinRequestSchema,
  memberKeyRequestSchema,
  memberRoleRequestSchema,
  publishRequestSchema,
  type InvitationRevoked,
  type InvitationsResponse,
  type MemberChanged,
  type MemberRemoved,
  type MembersResponse,
  type ServerMember,
  type TokenGrant,
} from '../../shared/sync-protocol/http-api.ts';
import { AccessError, checkAccess, type Access } from '../auth/access.ts';
import type { MemberTokens } from '../auth/member-token.ts';
import type { CodeSeal } from '../members/code-seal.ts';
import type { MembershipChange } from '../members/membership-changes.ts';
import { InvitationError, type Member, type MemberStore } from '../members/member-store.ts';
import type { RateLimiter } from '../rate-limiter.ts';
import type { Logger } from '../server-log.ts';
import { HttpError, readJsonBody, sendError, sendJson } from './json-http.ts';
import { handleExchangePost, type RelayExchange } from '../exchange/exchange-route.ts';

export interface ApiContext {
  readonly members: MemberStore;
  readonly tokens: MemberTokens;
  /** Seals the codes of invitations made here, so coordinators can list them again. */
  readonly codeSeal: CodeSeal;
  readonly tokenLifetimeSeconds: number;
  readonly redeemLimiter: RateLimiter;
  readonly log: Logger;
  /** False while starting or shutting down. */
  isLive(): boolean;
  /** Throws if storage (or Redis) does not answer. */
  checkReady(): Promise<Record<string, string>>;
  /**
   * Applies a member's removal or new role to their open WebSocket
   * connections, on this instance and (through Redis) every other one;
   * resolves once they have (sync-server.ts).
   */
  membershipChanged(change: MembershipChange): Promise<void>;
  /** Applies a posted exchange file in its signer's name (src-server/exchange/). */
  readonly relayExchange: RelayExchange;
}

export async function handleApiRequest(context: ApiContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    await route(context, request, response);
  } catch (error) {
    if (error instanceof HttpError) {
      sendError(response, error);
      return;
    }
    context.log.error('http-error', { method: request.method, path: pathOf(request), error });
    sendError(response, new HttpError(500, 'internal', 'The server could not handle the request.'));
  }
}

async function route(context: ApiContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const method = request.method ?? 'GET';
  const path = pathOf(request);
  const segments = path.split('/').filter((part) => part !== '');

  if (path === '/health' && method === 'GET') {
    if (!context.isLive()) throw new HttpError(503, 'not-ready', 'The server is starting or shutting down.');
    sendJson(response, 200, { status: 'ok' });
    return;
  }
  if (path === '/ready' && method === 'GET') {
    if (!context.isLive()) throw new HttpError(503, 'not-ready', 'The server is starting or shutting down.');
    let checks;
    try {
      checks = await context.checkReady();
    } catch (error) {
      context.log.warn('not-ready', { error });
      throw new HttpError(503, 'not-ready', `A dependency does not answer: ${error instanceof Error ? error.message : String(error)}`);
    }
    sendJson(response, 200, { status: 'ready', ...checks });
    return;
  }
  if (segments[0] !== 'api') throw new HttpError(404, 'not-found', `Nothing at ${path}.`);

  if (path === API_PATHS.join) {
    allowMethod(method, 'POST');
    limitRedeem(context, request);
    const body = await readJsonBody(request, joinRequestSchema);
    const member = await redeem(() => context.members.redeemJoinCode(body.code, body.publicKey ?? null));
    context.log.info('member-joined', { planId: member.planId, memberId: member.id, agency: member.agency, role: member.role });
    sendJson(response, 200, tokenResponse(context, member));
    return;
  }
  if (path === API_PATHS.publish) {
    allowMethod(method, 'POST');
    limitRedeem(context, request);
    const body = await readJsonBody(request, publishRequestSchema);
    const member = await redeem(() => context.members.redeemPublishCode(body.code, body.planId, body.publicKey ?? null));
    context.log.info('plan-published', { planId: member.planId, memberId: member.id, agency: member.agency });
    sendJson(response, 201, tokenResponse(context, member));
    return;
  }
  if (path === API_PATHS.token) {
    allowMethod(method, 'POST');
    const token = bearer(request);
    const planId = planOfToken(context, token);
    await readJsonBody(request, emptyRequestSchema).catch((error: unknown) => {
      // An empty POST is fine too.
      if (!(error instanceof HttpError && (error.code === 'unsupported-media-type' || error.code === 'invalid-json'))) throw error;
    });
    const access = await authorize(context, token, planId);
    sendJson(response, 200, tokenResponse(context, access.member));
    return;
  }

  // /api/plans/:planId/...
  const [, plans, planId, resource, memberId, ...rest] = segments;
  if (plans !== 'plans' || planId === undefined || !isUuid(planId) || rest.length > 0) {
    throw new HttpError(404, 'not-found', `Nothing at ${path}.`);
  }
  if (resource === 'invitations' && memberId === undefined && method === 'GET') {
    const access = await authorize(context, bearer(request), planId);
    requireCoordinator(access);
    sendJson(response, 200, { invitations: await context.members.listInvitations(planId, context.codeSeal) } satisfies InvitationsResponse);
    return;
  }
  if (resource === 'invitations' && memberId !== undefined) {
    const invitationId = memberId;
    allowMethod(method, 'DELETE');
    const access = await authorize(context, bearer(request), planId);
    requireCoordinator(access);
    if (!INVITATION_ID_PATTERN.test(invitationId) || !(await context.members.revokeInvitation(planId, invitationId))) {
      throw new HttpError(404, 'not-found', 'No such pending invitation in this plan.');
    }
    context.log.info('invitation-revoked', { planId, by: access.member.id });
    sendJson(response, 200, { revoked: true, invitationId } satisfies InvitationRevoked);
    return;
  }
  if (resource === 'invitations' && memberId === undefined) {
    allowMethod(method, 'POST');
    const access = await authorize(context, bearer(request), planId);
    requireCoordinator(access);
    const body = await readJsonBody(request, invitationRequestSchema);
    const ttlMs = body.expiresInHours === undefined ? undefined : body.expiresInHours * 3600_000;
    const invitation = await context.members.createInvitation(planId, body, access.member.id, ttlMs, context.codeSeal);
    context.log.info('invitation-created', { planId, by: access.member.id, agency: body.agency, role: body.role });
    sendJson(response, 201, invitation);
    return;
  }
  if (resource === 'exchange' && memberId === undefined) {
    allowMethod(method, 'POST');
    const access = await authorize(context, bearer(request), planId);
    await handleExchangePost(context.relayExchange, access.member, planId, request, response);
    return;
  }
  if (resource === 'key' && memberId === undefined) {
    allowMethod(method, 'POST');
    const access = await authorize(context, bearer(request), planId);
    const body = await readJsonBody(request, memberKeyRequestSchema);
    const member = await context.members.registerPublicKey(planId, access.member.id, body.publicKey);
    if (member === null) throw new HttpError(404, 'not-found', 'No such member in this plan.');
    if (member.publicKey !== body.publicKey) {
      throw new HttpError(409, 'key-exists', 'The server already holds another exchange key for you; it is not replaced on request. Join the plan again with a new invitation from the coordinator.');
    }
    if (access.member.publicKey === null) context.log.info('member-key-registered', { planId, memberId: member.id });
    sendJson(response, 200, { member: memberView(member) } satisfies MemberChanged);
    return;
  }
  if (resource === 'members' && memberId === undefined) {
    allowMethod(method, 'GET');
    await authorize(context, bearer(request), planId);
    sendJson(response, 200, { members: (await context.members.listMembers(planId)).map(memberView) } satisfies MembersResponse);
    return;
  }
  if (resource === 'members' && memberId !== undefined && method === 'PATCH') {
    const access = await authorize(context, bearer(request), planId);
    requireCoordinator(access);
    const body = await readJsonBody(request, memberRoleRequestSchema);
    if (!isUuid(memberId)) throw new HttpError(404, 'not-found', 'No such member.');
    // Also keeps a plan from losing its last coordinator by their own hand.
    if (memberId === access.member.id) throw new HttpError(409, 'cannot-change-own-role', 'A coordinator cannot change their own role; ask another coordinator or agency IT.');
    const member = await context.members.changeRole(planId, memberId, body.role);
    if (member === null) throw new HttpError(404, 'not-found', 'No such member in this plan.');
    await context.membershipChanged({ planId, memberId });
    context.log.info('member-role-changed', { planId, memberId, role: member.role, by: access.member.id });
    sendJson(response, 200, { member: memberView(member) } satisfies MemberChanged);
    return;
  }
  if (resource === 'members' && memberId !== undefined) {
    allowMethod(method, 'DELETE');
    const access = await authorize(context, bearer(request), planId);
    requireCoordinator(access);
    if (!isUuid(memberId)) throw new HttpError(404, 'not-found', 'No such member.');
    if (memberId === access.member.id) throw new HttpError(409, 'cannot-remove-self', 'A coordinator cannot remove themself; ask another coordinator or agency IT.');
    if (!(await context.members.revokeMember(planId, memberId))) throw new HttpError(404, 'not-found', 'No such member in this plan.');
    await context.membershipChanged({ planId, memberId });
    context.log.info('member-revoked', { planId, memberId, by: access.member.id });
    sendJson(response, 200, { revoked: true, memberId } satisfies MemberRemoved);
    return;
  }
  throw new HttpError(404, 'not-found', `Nothing at ${path}.`);
}

function tokenResponse(context: ApiContext, member: Member): TokenGrant {
  const { token, claims } = context.tokens.issue(member.id, member.planId, context.tokenLifetimeSeconds);
  return { token, expiresAt: new Date(claims.expiresAt * 1000).toISOString(), planId: member.planId, member: memberView(member) };
}

export function memberView(member: Member): ServerMember {
  return { id: member.id, name: member.name, agency: member.agency, role: member.role, joinedAt: member.joinedAt, revokedAt: member.revokedAt, publicKey: member.publicKey };
}

async function redeem(action: () => Promise<Member>): Promise<Member> {
  try {
    return await action();
  } catch (error) {
    if (!(error instanceof InvitationError)) throw error;
    const status = { 'invalid-code': 404, 'code-used': 410, 'code-expired': 410, 'code-revoked': 410, 'wrong-kind': 400, 'plan-exists': 409, 'plan-not-found': 404 }[error.problem];
    throw new HttpError(status, error.problem, error.message);
  }
}

async function authorize(context: ApiContext, token: string, planId: string): Promise<Access> {
  try {
    return await checkAccess(context.tokens, context.members, token, planId);
  } catch (error) {
    if (!(error instanceof AccessError)) throw error;
    throw new HttpError(error.problem === 'wrong-plan' ? 403 : 401, error.problem, error.message);
  }
}

function planOfToken(context: ApiContext, token: string): string {
  try {
    return context.tokens.verify(token).planId;
  } catch (error) {
    throw new HttpError(401, 'invalid-token', error instanceof Error ? error.message : 'Invalid token.');
  }
}

function requireCoordinator(access: Access): void {
  if (access.member.role !== 'coordinator') throw new HttpError(403, 'not-coordinator', 'Only a coordinator of the plan may do this.');
}

function bearer(request: IncomingMessage): string {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match) throw new HttpError(401, 'invalid-token', 'An Authorization: Bearer <token> header is required.');
  return match[1]!;
}

function allowMethod(method: string, allowed: string): void {
  if (method !== allowed) throw new HttpError(405, 'method-not-allowed', `Use ${allowed} here.`);
}

function limitRedeem(context: ApiContext, request: IncomingMessage): void {
  if (!context.redeemLimiter.allow(request.socket.remoteAddress ?? 'unknown')) {
    throw new HttpError(429, 'too-many-requests', 'Too many attempts from this address; wait a minute.');
  }
}

function pathOf(request: IncomingMessage): string {
  try {
    return new URL(request.url ?? '/', 'http://server').pathname;
  } catch {
    return '/';
  }
}

/**
 * The one access check, shared by the WebSocket (`onAuthenticate`, per
 * document) and the HTTP API (per request): a token this server signed, not
 * expired, naming a member who still belongs to the plan being accessed.
 * Membership is read from the member store every time, so a removed member
 * loses access at the next check; open connections are closed when the
 * member is removed (see sync-server.ts).
 */
import type { AccessRefusal } from '../../shared/sync-protocol/refusals.ts';
import type { Member, MemberStore } from '../members/member-store.ts';
import { Refusal } from '../refusal.ts';
import { TokenError, type MemberTokenClaims, type MemberTokens } from './member-token.ts';

/** `problem` is sent to the client as the Hocuspocus permission-denied reason or the HTTP error code. */
export class AccessError extends Refusal<AccessRefusal> {}

export interface Access {
  readonly member: Member;
  readonly claims: MemberTokenClaims;
}

export async function checkAccess(tokens: MemberTokens, members: MemberStore, token: unknown, planId: string): Promise<Access> {
  let claims: MemberTokenClaims;
  try {
    claims = tokens.verify(token);
  } catch (error) {
    if (error instanceof TokenError && error.problem === 'expired') throw new AccessError('token-expired', error.message);
    throw new AccessError('invalid-token', error instanceof Error ? error.message : 'Invalid token.');
  }
  if (claims.planId !== planId) throw new AccessError('wrong-plan', 'The token is for another plan.');
  const member = await members.getMember(claims.memberId);
  if (member === null || member.planId !== planId) throw new AccessError('member-revoked', 'The member is not in this plan.');
  if (member.revokedAt !== null) throw new AccessError('member-revoked', 'The member was removed from this plan.');
  return { member, claims };
}

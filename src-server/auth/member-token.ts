/**
 * Member tokens: what a desktop app presents to the sync server for every
 * document of its plan.
 *
 * Format: `smt1.<payload>.<signature>`, both parts base64url without padding.
 *   payload   = JSON {"v":1,"mid":member id,"pid":plan id,"iat":issued (s),"exp":expiry (s),"jti":token id}
 *   signature = HMAC-SHA256(server secret, "smt1." + payload)
 *
 * A valid signature proves that this server issued the token; it does not
 * prove that the member may still write. The caller (`onAuthenticate`, the
 * HTTP API) checks expiry here and membership/revocation in the member store
 * on every use, so removing a member ends access at once.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { isUuid } from '../../shared/plan/doc-names.ts';
import { Refusal } from '../refusal.ts';

const PREFIX = 'smt1';
/** Longer than any real token; a bigger string is refused before any work. */
const MAX_TOKEN_LENGTH = 1024;

export interface MemberTokenClaims {
  readonly memberId: string;
  readonly planId: string;
  /** Seconds since the epoch. */
  readonly issuedAt: number;
  /** Seconds since the epoch; the token is refused from this second on. */
  readonly expiresAt: number;
  readonly tokenId: string;
}

export type TokenProblem = 'malformed' | 'bad-signature' | 'expired';

export class TokenError extends Refusal<TokenProblem> {}

const payloadSchema = z.object({
  v: z.literal(1),
  mid: z.string().refine(isUuid),
  pid: z.string().refine(isUuid),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().positive(),
  jti: z.string().refine(isUuid),
});

export class MemberTokens {
  readonly #secret: Buffer;

  constructor(secret: Buffer) {
    if (secret.length < 32) throw new Error('The server secret must be at least 32 bytes.');
    this.#secret = Buffer.from(secret);
  }

  issue(memberId: string, planId: string, lifetimeSeconds: number, now = Date.now()): { token: string; claims: MemberTokenClaims } {
    const issuedAt = Math.floor(now / 1000);
    const claims: MemberTokenClaims = { memberId, planId, issuedAt, expiresAt: issuedAt + lifetimeSeconds, tokenId: randomUUID() };
    const payload = Buffer.from(
      JSON.stringify({ v: 1, mid: memberId, pid: planId, iat: claims.issuedAt, exp: claims.expiresAt, jti: claims.tokenId }),
    ).toString('base64url');
    return { token: `${PREFIX}.${payload}.${this.#sign(payload)}`, claims };
  }

  /** The claims of a token this server signed and that has not expired; throws TokenError otherwise. */
  verify(token: unknown, now = Date.now()): MemberTokenClaims {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      throw new TokenError('malformed', 'The token is missing or too long.');
    }
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== PREFIX) throw new TokenError('malformed', 'The token is not a Samskriv member token.');
    const [, payload = '', signature = ''] = parts;
    const expected = Buffer.from(this.#sign(payload), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    // Constant-time comparison, so the time taken leaks nothing about the signature.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new TokenError('bad-signature', 'The token was not issued by this server, or it was altered.');
    }
    let parsed;
    try {
      parsed = payloadSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch {
      throw new TokenError('malformed', 'The token payload is not valid.');
    }
    if (Math.floor(now / 1000) >= parsed.exp) throw new TokenError('expired', 'The token has expired.');
    return { memberId: parsed.mid, planId: parsed.pid, issuedAt: parsed.iat, expiresAt: parsed.exp, tokenId: parsed.jti };
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#secret).update(`${PREFIX}.${payload}`).digest('base64url');
  }
}

/**
 * The desktop's client for the sync server's HTTP API
 * (src-server/README.md, "HTTP API"; the bodies are the schemas of
 * shared/sync-protocol/http-api.ts, which the server uses too). It runs in main, not in the
 * renderer: the server has no CORS on purpose, and invitation codes and
 * tokens stay out of the page.
 *
 * Every answer is validated; anything unexpected is an error with a clear
 * message rather than a half-read object. Network failures become
 * `server-unreachable`, the server's own errors `server-refused` with its
 * error code as `reason`, so the UI can say "Koden är redan använd" rather
 * than a status number.
 */
import type { z } from 'zod';
import { HostError } from '../../shared/host-api/host-error.ts';
import type { Invitation, PendingInvitation, ServerMember } from '../../shared/host-api/host-api.ts';
import {
  API_PATHS,
  errorResponseSchema,
  exchangeAppliedSchema,
  exchangeRefusedSchema,
  invitationRevokedSchema,
  invitationSchema,
  invitationsResponseSchema,
  memberChangedSchema,
  memberRemovedSchema,
  membersResponseSchema,
  tokenGrantSchema,
  type ExchangeApplied,
  type ExchangeRefused,
  type InvitationRequest,
  type TokenGrant,
} from '../../shared/sync-protocol/http-api.ts';
import { EXCHANGE_MEDIA_TYPE } from '../../shared/exchange/exchange-file.ts';

const REQUEST_TIMEOUT_MS = 15_000;
/** Larger than any real answer (a member list of a few hundred people). */
const MAX_RESPONSE_BYTES = 1024 * 1024;

export class SyncServerApi {
  readonly #fetch: typeof fetch;

  constructor(fetchImpl: typeof fetch = fetch) {
    this.#fetch = fetchImpl;
  }

  /** `publicKey`: the new member's exchange-file key (issue 17), for the server's member list. */
  join(base: string, code: string, publicKey?: string): Promise<TokenGrant> {
    return this.#request(base, 'POST', API_PATHS.join, null, publicKey === undefined ? { code } : { code, publicKey }, tokenGrantSchema);
  }

  publish(base: string, code: string, planId: string, publicKey?: string): Promise<TokenGrant> {
    return this.#request(base, 'POST', API_PATHS.publish, null, publicKey === undefined ? { code, planId } : { code, planId, publicKey }, tokenGrantSchema);
  }

  renew(base: string, token: string): Promise<TokenGrant> {
    return this.#request(base, 'POST', API_PATHS.token, token, undefined, tokenGrantSchema);
  }

  invite(base: string, token: string, planId: string, input: InvitationRequest): Promise<Invitation> {
    return this.#request(base, 'POST', API_PATHS.invitations(planId), token, input, invitationSchema);
  }

  async members(base: string, token: string, planId: string): Promise<ServerMember[]> {
    return (await this.#request(base, 'GET', API_PATHS.members(planId), token, undefined, membersResponseSchema)).members;
  }

  /** Files the member's exchange-file public key on a server that has none for them (issue 17); the member as the server has them now. */
  async registerKey(base: string, token: string, planId: string, publicKey: string): Promise<ServerMember> {
    return (await this.#request(base, 'POST', API_PATHS.memberKey(planId), token, { publicKey }, memberChangedSchema)).member;
  }

  async remove(base: string, token: string, planId: string, memberId: string): Promise<void> {
    await this.#request(base, 'DELETE', API_PATHS.member(planId, memberId), token, undefined, memberRemovedSchema);
  }

  async invitations(base: string, token: string, planId: string): Promise<PendingInvitation[]> {
    return (await this.#request(base, 'GET', API_PATHS.invitations(planId), token, undefined, invitationsResponseSchema)).invitations;
  }

  async revokeInvitation(base: string, token: string, planId: string, invitationId: string): Promise<void> {
    await this.#request(base, 'DELETE', API_PATHS.invitation(planId, invitationId), token, undefined, invitationRevokedSchema);
  }

  /**
   * Posts a signed exchange file for the server to apply in its signer's
   * name (issue 17). The server's verdict on the file comes back as data
   * (`refused`: nothing of it was applied); only a failure to get a verdict
   * (network, a refused token, not a Samskriv server) is thrown.
   */
  async relayExchange(base: string, token: string, planId: string, file: Uint8Array): Promise<{ readonly applied: ExchangeApplied } | { readonly refused: ExchangeRefused }> {
    let response: Response;
    try {
      response = await this.#fetch(`${base}${API_PATHS.exchange(planId)}`, {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': EXCHANGE_MEDIA_TYPE, Authorization: `Bearer ${token}` },
        body: file.slice(),
        // A large file is checked against the whole plan in a worker; the server's limit is 5 s + 20 s per MiB.
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS + 20 * Math.ceil(file.length / 1024)),
        redirect: 'error',
      });
    } catch (error) {
      throw new HostError('server-unreachable', `The sync server at ${base} could not be reached: ${describe(error)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(await readLimited(response, base));
    } catch (error) {
      if (error instanceof HostError) throw error;
      throw new HostError('server-unreachable', `${base} answered ${response.status} with something that is not JSON; is it a Samskriv sync server?`);
    }
    if (response.ok) {
      const applied = exchangeAppliedSchema.safeParse(json);
      if (applied.success) return { applied: applied.data };
      throw new HostError('server-unreachable', `${base} answered the exchange file with data this version of Samskriv does not understand.`);
    }
    const refused = exchangeRefusedSchema.safeParse(json);
    if (!refused.success) throw new HostError('server-unreachable', `${base} answered ${response.status} without a Samskriv error; is it a Samskriv sync server?`);
    // The token or the address, not the file: the same errors as any request.
    if (response.status === 401 || response.status === 403 || response.status === 404 || response.status === 405 || response.status === 415) {
      throw new HostError('server-refused', refused.data.error.message, refused.data.error.code);
    }
    return { refused: refused.data };
  }

  async #request<T>(base: string, method: string, path: string, token: string | null, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token !== null) headers['Authorization'] = `Bearer ${token}`;
    let response: Response;
    try {
      response = await this.#fetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (error) {
      throw new HostError('server-unreachable', `The sync server at ${base} could not be reached: ${describe(error)}`);
    }
    const text = await readLimited(response, base);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new HostError('server-unreachable', `${base} answered ${response.status} with something that is not JSON; is it a Samskriv sync server?`);
    }
    if (!response.ok) {
      const parsed = errorResponseSchema.safeParse(json);
      if (parsed.success) throw new HostError('server-refused', parsed.data.error.message, parsed.data.error.code);
      throw new HostError('server-unreachable', `${base} answered ${response.status} without a Samskriv error; is it a Samskriv sync server?`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new HostError('server-unreachable', `${base} answered ${method} ${path} with data this version of Samskriv does not understand.`);
    }
    return parsed.data;
  }
}

async function readLimited(response: Response, base: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_RESPONSE_BYTES) throw new HostError('server-unreachable', `${base} sent an answer of ${declared} bytes, more than any real answer.`);
  const buffer = await response.arrayBuffer();
  if (buffer.byteLength > MAX_RESPONSE_BYTES) throw new HostError('server-unreachable', `${base} sent an answer of ${buffer.byteLength} bytes, more than any real answer.`);
  return new TextDecoder().decode(buffer);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

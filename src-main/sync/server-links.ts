/**
 * This computer's memberships of plans on sync servers: which server each
 * shared plan lives on, who the user is there, and the member token.
 *
 * Links are stored in the local database's settings (no secrets there);
 * the token is stored only sealed by the TokenVault, or kept in memory when
 * the vault is not persistent (see token-vault.ts). Tokens are renewed
 * when they are within a week of expiry and the server can be reached; an
 * unreachable server leaves the current token in use, because working
 * offline is normal.
 *
 * Nothing is sent to a server on another computer over plain http, neither
 * for a new address nor for a stored one (server-url.ts): the address is
 * checked before every request and before the renderer gets a token for
 * its WebSocket.
 */
import { z } from 'zod';
import { HostError } from '../../shared/host-api/host-error.ts';
import type { Invitation, PendingInvitation, ServerLink, ServerMember, SyncCredentials } from '../../shared/host-api/host-api.ts';
import { isUuid } from '../../shared/plan/doc-names.ts';
import { memberSchema, type InvitationRequest, type TokenGrant } from '../../shared/sync-protocol/http-api.ts';
import type { DocStore } from '../../src-node/storage/doc-store.ts';
import { parseServerUrl, requireSecureTransport } from './server-url.ts';
import type { SyncServerApi } from './sync-server-api.ts';
import type { TokenVault } from './token-vault.ts';
import type { TransportPolicy } from './transport-policy.ts';

const LINKS_SETTING = 'serverLinks';
const RENEW_WITHIN_MS = 7 * 24 * 60 * 60 * 1000;

const storedLinkSchema = z.object({
  serverUrl: z.string(),
  websocketUrl: z.string(),
  member: memberSchema,
  tokenExpiresAt: z.string(),
  sealedToken: z.string().nullable(),
});
type StoredLink = z.infer<typeof storedLinkSchema>;

export class ServerLinks {
  readonly #store: DocStore;
  readonly #vault: TokenVault;
  readonly #api: SyncServerApi;
  readonly #now: () => Date;
  readonly #policy: TransportPolicy;
  /** Tokens of this run; the only copy when the vault is not persistent. */
  readonly #tokens = new Map<string, string>();

  constructor(store: DocStore, vault: TokenVault, api: SyncServerApi, policy: TransportPolicy, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#vault = vault;
    this.#api = api;
    this.#policy = policy;
    this.#now = now;
  }

  /** Every stored link, by plan id. Entries that do not parse are skipped, not deleted. */
  all(): Map<string, ServerLink> {
    const result = new Map<string, ServerLink>();
    for (const [planId, link] of this.#readAll()) result.set(planId, this.#toPublic(planId, link));
    return result;
  }

  get(planId: string): ServerLink | null {
    const link = this.#readAll().get(planId);
    return link ? this.#toPublic(planId, link) : null;
  }

  /** `publicKey`: the member's exchange-file key, made before joining (src-main/exchange/member-keys.ts). */
  async join(serverUrl: string, code: string, publicKey?: string): Promise<ServerLink> {
    const address = parseServerUrl(serverUrl, this.#policy);
    const grant = await this.#api.join(address.base, code, publicKey);
    return this.#save(address.base, address.websocket, grant);
  }

  async publish(planId: string, serverUrl: string, code: string, publicKey?: string): Promise<ServerLink> {
    const existing = this.get(planId);
    if (existing) throw new HostError('invalid-argument', `publishPlan: this plan is already shared through ${existing.serverUrl}.`);
    const address = parseServerUrl(serverUrl, this.#policy);
    const grant = await this.#api.publish(address.base, code, planId, publicKey);
    return this.#save(address.base, address.websocket, grant);
  }

  /**
   * `refresh` renews the token now rather than when it is close to expiry:
   * the grant carries the member as the server has them, so a role the
   * coordinator changed reaches the app (the server closed the socket with
   * 4409 role-changed).
   */
  async credentials(planId: string, options: { readonly refresh?: boolean } = {}): Promise<SyncCredentials | null> {
    const link = this.#readAll().get(planId);
    if (!link) return null;
    this.#requireSecure(link);
    let token = this.#token(planId, link);
    if (options.refresh === true || Date.parse(link.tokenExpiresAt) - this.#now().getTime() < RENEW_WITHIN_MS) {
      try {
        const grant = await this.#api.renew(link.serverUrl, token);
        this.#save(link.serverUrl, link.websocketUrl, grant);
        token = grant.token;
      } catch (error) {
        // Offline, or the server is down: keep working with the current
        // token. A refusal (revoked, expired) is the user's business.
        if (!(error instanceof HostError && error.code === 'server-unreachable')) throw error;
      }
    }
    const current = this.#readAll().get(planId)!;
    return { planId, serverUrl: current.serverUrl, websocketUrl: current.websocketUrl, token, member: current.member };
  }

  async invite(planId: string, input: InvitationRequest): Promise<Invitation> {
    const { link, token } = this.#require(planId);
    return this.#api.invite(link.serverUrl, token, planId, input);
  }

  async members(planId: string): Promise<ServerMember[]> {
    const { link, token } = this.#require(planId);
    return this.#api.members(link.serverUrl, token, planId);
  }

  /** Posts a signed exchange file to the plan's server, to be applied in its signer's name (SyncServerApi.relayExchange). */
  async relayExchange(planId: string, file: Uint8Array): ReturnType<SyncServerApi['relayExchange']> {
    const { link, token } = this.#require(planId);
    return this.#api.relayExchange(link.serverUrl, token, planId, file);
  }

  /**
   * Files the member's exchange-file key on the server (SyncServerApi.registerKey)
   * and keeps the member the server answers with, so it is asked once.
   */
  async registerKey(planId: string, publicKey: string): Promise<void> {
    const { link, token } = this.#require(planId);
    const member = await this.#api.registerKey(link.serverUrl, token, planId, publicKey);
    // Edited in the raw setting, like #save.
    const raw = this.#store.getSetting(LINKS_SETTING);
    if (typeof raw !== 'object' || raw === null || !Object.hasOwn(raw, planId)) return;
    this.#store.setSetting(LINKS_SETTING, { ...(raw as Record<string, unknown>), [planId]: { ...link, member } });
  }

  async remove(planId: string, memberId: string): Promise<void> {
    const { link, token } = this.#require(planId);
    await this.#api.remove(link.serverUrl, token, planId, memberId);
  }

  async invitations(planId: string): Promise<PendingInvitation[]> {
    const { link, token } = this.#require(planId);
    return this.#api.invitations(link.serverUrl, token, planId);
  }

  async revokeInvitation(planId: string, invitationId: string): Promise<void> {
    const { link, token } = this.#require(planId);
    await this.#api.revokeInvitation(link.serverUrl, token, planId, invitationId);
  }

  /**
   * Forgets this computer's link to the plan: the stored entry with its
   * sealed token, and the token in memory. The membership on the server is
   * left as it is (a local delete is not leaving the plan), so the server
   * is not asked anything.
   */
  forget(planId: string): void {
    this.#tokens.delete(planId);
    // Edited in the raw setting, like #save, so entries this version cannot
    // read (written by a newer version) are kept as they are.
    const raw = this.#store.getSetting(LINKS_SETTING);
    if (typeof raw !== 'object' || raw === null || !Object.hasOwn(raw, planId)) return;
    const all = { ...(raw as Record<string, unknown>) };
    delete all[planId];
    this.#store.setSetting(LINKS_SETTING, all);
  }

  #require(planId: string): { link: StoredLink; token: string } {
    const link = this.#readAll().get(planId);
    if (!link) throw new HostError('not-found', `Plan ${planId} is not shared through a sync server.`);
    this.#requireSecure(link);
    return { link, token: this.#token(planId, link) };
  }

  /** A link stored by an older version, or with --insecure, may name plain http. */
  #requireSecure(link: StoredLink): void {
    requireSecureTransport(link.serverUrl, this.#policy);
    requireSecureTransport(link.websocketUrl, this.#policy);
  }

  #token(planId: string, link: StoredLink): string {
    const inMemory = this.#tokens.get(planId);
    if (inMemory !== undefined) return inMemory;
    if (link.sealedToken !== null) {
      try {
        const token = this.#vault.open(link.sealedToken);
        this.#tokens.set(planId, token);
        return token;
      } catch (error) {
        throw new HostError('server-refused', `The stored access to this plan cannot be unlocked on this computer (${error instanceof Error ? error.message : String(error)}); join the plan again with a new invitation.`, 'token-unavailable');
      }
    }
    throw new HostError('server-refused', 'Access to this plan was kept only until Samskriv closed; join the plan again with a new invitation.', 'token-unavailable');
  }

  #save(serverUrl: string, websocketUrl: string, grant: TokenGrant): ServerLink {
    if (!isUuid(grant.planId)) throw new HostError('server-unreachable', `${serverUrl} granted access to a plan id that is not a UUID.`);
    const stored: StoredLink = {
      serverUrl,
      websocketUrl,
      member: grant.member,
      tokenExpiresAt: grant.expiresAt,
      sealedToken: this.#vault.persistent ? this.#vault.seal(grant.token) : null,
    };
    // Written into the raw setting, so entries this version cannot read
    // (written by a newer version) are kept as they are.
    const raw = this.#store.getSetting(LINKS_SETTING);
    const all = typeof raw === 'object' && raw !== null ? { ...(raw as Record<string, unknown>) } : {};
    all[grant.planId] = stored;
    this.#store.setSetting(LINKS_SETTING, all);
    this.#tokens.set(grant.planId, grant.token);
    return this.#toPublic(grant.planId, stored);
  }

  #readAll(): Map<string, StoredLink> {
    const raw = this.#store.getSetting(LINKS_SETTING);
    const links = new Map<string, StoredLink>();
    if (typeof raw !== 'object' || raw === null) return links;
    for (const [planId, value] of Object.entries(raw as Record<string, unknown>)) {
      const parsed = storedLinkSchema.safeParse(value);
      if (isUuid(planId) && parsed.success) links.set(planId, parsed.data);
      else console.error(`[sync] the stored link for plan ${planId.slice(0, 60)} cannot be read; it is ignored`);
    }
    return links;
  }

  #toPublic(planId: string, link: StoredLink): ServerLink {
    return {
      planId,
      serverUrl: link.serverUrl,
      member: link.member,
      tokenExpiresAt: link.tokenExpiresAt,
      tokenPersisted: link.sealedToken !== null,
    };
  }
}

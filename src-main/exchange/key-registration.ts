/**
 * A member who joined a shared plan with an app from before exchange by
 * file (issue 17) has no public key on the server, so neither the server
 * nor the coordinator's app can check a file she signs (`unknown-key`). Her
 * app files its key the first time it connects, authenticated by her own
 * token. The server takes it only if it holds none: a key it has is never
 * replaced on a member's word (409 `key-exists`); a new key means joining
 * again with a new invitation from the coordinator.
 *
 * Best effort: a server that cannot be reached, or refuses, changes nothing,
 * and the next connect tries again. A server from before keys (no
 * `publicKey` in its member view) is not asked.
 */
import { HostError } from '../../shared/host-api/host-error.ts';
import type { SyncCredentials } from '../../shared/host-api/host-api.ts';
import type { ServerLinks } from '../sync/server-links.ts';
import type { MemberKeys } from './member-keys.ts';

export async function registerMissingKey(links: Pick<ServerLinks, 'registerKey'>, keys: Pick<MemberKeys, 'keyFor'>, credentials: SyncCredentials): Promise<void> {
  if (credentials.member.publicKey !== null) return;
  try {
    await links.registerKey(credentials.planId, keys.keyFor(credentials.member.id).publicKey);
  } catch (error) {
    if (!(error instanceof HostError)) throw error;
    console.warn(`[exchange] the signing key for plan ${credentials.planId} was not registered on the server: ${error.message}`);
  }
}

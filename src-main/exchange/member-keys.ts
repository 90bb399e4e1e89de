/**
 * Each member's Ed25519 key pair, with which their exchange files are
 * signed (issue 17). One pair per member id: a member of a shared plan gets
 * theirs when they join (its public half goes to the server's member list),
 * the local profile gets one for plans only on this computer.
 *
 * The private key is sealed like the member token (token-vault.ts: the OS
 * keychain through Electron's safeStorage) and stored only sealed, in the
 * local database's settings. Where the vault is not persistent (no keychain;
 * the browser host), the key lives in memory for this run only, as the token
 * does: after a restart a new pair is made, and partners who pinned the old
 * public key refuse the new one until they are told (docs/decisions/exchange.md).
 */
import { createHash, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { DocStore } from '../../src-node/storage/doc-store.ts';
import type { TokenVault } from '../sync/token-vault.ts';

const KEYS_SETTING = 'exchangeKeys';

export interface MemberKey {
  /** Raw 32-byte Ed25519 public key, base64. */
  readonly publicKey: string;
  sign(data: Uint8Array): Uint8Array;
}

interface StoredKey {
  readonly publicKey: string;
  readonly sealedPrivateKey: string;
}

export class MemberKeys {
  readonly #store: DocStore;
  readonly #vault: TokenVault;
  /** Keys of this run; the only copy when the vault is not persistent. */
  readonly #keys = new Map<string, { publicKey: string; privateKey: KeyObject }>();

  constructor(store: DocStore, vault: TokenVault) {
    this.#store = store;
    this.#vault = vault;
  }

  /** The member's key pair, made (and sealed, where possible) on first use. */
  keyFor(memberId: string): MemberKey {
    let key = this.#keys.get(memberId) ?? this.#openStored(memberId);
    if (key === null) {
      const pair = generateKeyPairSync('ed25519');
      key = { publicKey: rawPublicKey(pair.publicKey), privateKey: pair.privateKey };
      this.#keep(memberId, key);
    }
    this.#keys.set(memberId, key);
    const privateKey = key.privateKey;
    return { publicKey: key.publicKey, sign: (data) => new Uint8Array(sign(null, data, privateKey)) };
  }

  /**
   * A key pair for a member whose id is not known yet: joining sends the
   * public key, and the server answers with the id; `adopt` then files the
   * pair under it. A pair never adopted (the join failed) is forgotten.
   */
  prepare(): { readonly publicKey: string; adopt(memberId: string): void } {
    const pair = generateKeyPairSync('ed25519');
    const publicKey = rawPublicKey(pair.publicKey);
    return {
      publicKey,
      adopt: (memberId) => this.#keep(memberId, { publicKey, privateKey: pair.privateKey }),
    };
  }

  #keep(memberId: string, key: { publicKey: string; privateKey: KeyObject }): void {
    this.#keys.set(memberId, key);
    if (this.#vault.persistent) {
      const pem = key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      this.#write(memberId, { publicKey: key.publicKey, sealedPrivateKey: this.#vault.seal(pem) });
    }
  }

  #openStored(memberId: string): { publicKey: string; privateKey: KeyObject } | null {
    const stored = this.#readAll()[memberId];
    if (stored === undefined || !this.#vault.persistent) return null;
    try {
      return { publicKey: stored.publicKey, privateKey: createPrivateKey(this.#vault.open(stored.sealedPrivateKey)) };
    } catch (error) {
      // A reset keychain: the old key is gone for good. A new one is made;
      // partners who pinned the old public key will refuse files until told.
      console.error(`[exchange] the signing key of member ${memberId} cannot be unlocked; a new one is made`, error);
      return null;
    }
  }

  #readAll(): Record<string, StoredKey> {
    const raw = this.#store.getSetting(KEYS_SETTING);
    const result: Record<string, StoredKey> = {};
    if (typeof raw !== 'object' || raw === null) return result;
    for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
      const entry = value as Partial<StoredKey> | null;
      if (typeof entry?.publicKey === 'string' && typeof entry.sealedPrivateKey === 'string') result[id] = { publicKey: entry.publicKey, sealedPrivateKey: entry.sealedPrivateKey };
    }
    return result;
  }

  #write(memberId: string, key: StoredKey): void {
    const raw = this.#store.getSetting(KEYS_SETTING);
    const all = typeof raw === 'object' && raw !== null ? { ...(raw as Record<string, unknown>) } : {};
    all[memberId] = key;
    this.#store.setSetting(KEYS_SETTING, all);
  }
}

/** A short, readable form of a public key for people to compare: the first 16 hex digits of its SHA-256, in groups. */
export function keyFingerprint(publicKey: string): string {
  return (createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 16).match(/.{4}/g) ?? []).join(' ').toUpperCase();
}

function rawPublicKey(key: KeyObject): string {
  const x = key.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new Error('an Ed25519 public key exports its x coordinate');
  return Buffer.from(x, 'base64url').toString('base64');
}

/**
 * Checking an exchange file's Ed25519 signature (issue 17,
 * docs/exchange-format.md), for the two places that read files: the
 * desktop's import (src-main/exchange/) and the sync server's exchange
 * endpoint (src-server/exchange/). Signing stays with the key's owner
 * (src-main/exchange/member-keys.ts).
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** Whether `signature` is `publicKey`'s Ed25519 signature of `data`; false for a key that does not parse. */
export function verifySignature(publicKey: string, data: Uint8Array, signature: Uint8Array): boolean {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey, 'base64').toString('base64url') }, format: 'jwk' });
  } catch {
    return false;
  }
  return verify(null, data, key, signature);
}

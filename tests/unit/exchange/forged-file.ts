/**
 * Exchange files an attacker could make: a real file's content re-signed
 * with a key of their own, under a member id they choose. The format is
 * public (docs/exchange-format.md), so anyone can write a well-formed,
 * validly signed file; what they cannot do is sign with a member's key.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { decodeExchangeFile, encodeExchangeFile, encodeSignedPart, type ExchangeContent, type ExchangeSender } from '../../../shared/exchange/exchange-file.ts';

/**
 * `file`'s content, with `sender` changed as given, signed by `pair` (a
 * fresh key unless given: a test that registered its own key for a member
 * signs validly in that member's name) whose public half is in the header.
 */
export function forged(
  file: Uint8Array,
  sender: Partial<ExchangeSender> = {},
  change: (content: ExchangeContent) => ExchangeContent = (c) => c,
  pair: { readonly publicKey: KeyObject; readonly privateKey: KeyObject } = generateKeyPairSync('ed25519'),
): Uint8Array {
  const x = pair.publicKey.export({ format: 'jwk' }).x!;
  const content = decodeExchangeFile(file).content;
  const header = { ...content.header, sender: { ...content.header.sender, publicKey: Buffer.from(x, 'base64url').toString('base64'), ...sender } };
  const signed = encodeSignedPart(change({ ...content, header }));
  return encodeExchangeFile(signed, new Uint8Array(sign(null, signed, pair.privateKey)));
}

/** The raw Ed25519 public key of `pair`, base64, as the server's member list holds it. */
export function rawPublicKey(pair: { readonly publicKey: KeyObject }): string {
  return Buffer.from(pair.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
}

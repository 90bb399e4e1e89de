/**
 * One-time codes that a person types or pastes: 20 characters of Crockford
 * base32 (100 random bits) in groups of four, e.g. `7KQ2-M9XD-4HTR-0CWA-PB3N`.
 * Crockford's alphabet has no I, L, O or U, and reading treats I/L as 1 and O
 * as 0, so a code read aloud over the phone still works. Only the SHA-256 of
 * the normalised code is stored: a copy of the database redeems nothing.
 */
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 20;

export function generateInvitationCode(): string {
  const bytes = randomBytes(LENGTH);
  // 256 is a multiple of 32, so `byte % 32` is uniform.
  const chars = Array.from(bytes, (byte) => ALPHABET[byte % 32]!).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** The canonical form of what a person typed, or null if it cannot be a code. */
export function normalizeInvitationCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (cleaned.length !== LENGTH) return null;
  for (const char of cleaned) if (!ALPHABET.includes(char)) return null;
  return cleaned;
}

export function hashInvitationCode(normalized: string): string {
  return createHash('sha256').update(`samskriv-invitation:${normalized}`).digest('hex');
}

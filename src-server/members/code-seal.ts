/**
 * Keeps an invitation code retrievable by the plan's coordinators (issue 10:
 * "a code shown once is lost if the dialog closes") without giving a copy of
 * the database the power to redeem it. The code is stored AES-256-GCM sealed
 * under a key derived from the server's token-signing secret, which lives
 * outside the database (server-secret.ts); the database alone still holds
 * only the code's hash and this ciphertext. Only codes the server itself
 * issues (HTTP API) are sealed; the admin CLI prints its codes and does not
 * read the secret, so its invitations list without a code.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export class CodeSeal {
  readonly #key: Buffer;

  constructor(secret: Buffer) {
    this.#key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'samskriv-invitation-code', 32));
  }

  /** `v1.<iv>.<ciphertext>.<tag>`, base64url; `binding` (the code's hash) ties it to its row. */
  seal(code: string, binding: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(binding, 'utf8'));
    const body = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    return [VERSION, iv, body, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** The code, or null if `sealed` was not sealed under this secret for this row (e.g. the secret changed). */
  open(sealed: string, binding: string): string | null {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== VERSION || iv === undefined || body === undefined || tag === undefined) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(binding, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

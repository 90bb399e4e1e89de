/**
 * Where the server's token-signing secret comes from, in this order:
 *   1. the environment variable SAMSKRIV_SERVER_SECRET (at least 32 bytes of text),
 *   2. the file given with --secret-file,
 *   3. `<data-dir>/server-secret`, created with 32 random bytes (mode 0600) on
 *      first start, so a single embedded server needs no setup.
 * Every instance serving one plan must use the same secret: with several
 * instances, give them the same file or variable.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_ENV = 'SAMSKRIV_SERVER_SECRET';
const MIN_SECRET_BYTES = 32;

export interface SecretSource {
  readonly env?: string | undefined;
  readonly secretFile?: string | undefined;
  readonly dataDir?: string | undefined;
}

export function loadServerSecret(source: SecretSource): Buffer {
  if (source.env !== undefined && source.env !== '') return checked(Buffer.from(source.env, 'utf8'), `$${SECRET_ENV}`);
  if (source.secretFile !== undefined) return checked(readSecretFile(source.secretFile), source.secretFile);
  if (source.dataDir === undefined) {
    throw new Error(`No secret: set ${SECRET_ENV}, pass --secret-file, or give a --data-dir where one can be created.`);
  }
  const path = join(source.dataDir, 'server-secret');
  mkdirSync(source.dataDir, { recursive: true });
  if (!existsSync(path)) {
    // Written under a temporary name and linked into place: a hard link fails
    // if the name exists, so two instances starting at once never overwrite
    // each other's secret, and nobody ever reads a half-written file.
    const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(MIN_SECRET_BYTES).toString('base64url'));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(temporary, path);
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    } finally {
      unlinkSync(temporary);
    }
  }
  return checked(readSecretFile(path), path);
}

function readSecretFile(path: string): Buffer {
  // Editors add a trailing newline; it is not part of the secret.
  return Buffer.from(readFileSync(path, 'utf8').trim(), 'utf8');
}

function checked(secret: Buffer, where: string): Buffer {
  if (secret.length < MIN_SECRET_BYTES) throw new Error(`The secret in ${where} is shorter than ${MIN_SECRET_BYTES} bytes.`);
  return secret;
}

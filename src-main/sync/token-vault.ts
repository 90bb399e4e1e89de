/**
 * Where a member token rests between runs. The desktop app seals it with
 * Electron's `safeStorage` (the OS keychain: Keychain, DPAPI, libsecret /
 * kwallet) and stores only the sealed bytes; a token never reaches a plain
 * file (issue 3).
 *
 * If the OS offers no real protection — `safeStorage` unavailable, or on
 * Linux its `basic_text` fallback, which is a hard-coded key — the token is
 * kept in memory for this run only and the user has to join again after a
 * restart. The browser host, a development and test tool, always works that
 * way.
 */
export interface TokenVault {
  /** Whether sealed tokens may be written to disk. */
  readonly persistent: boolean;
  /** Seals a token for storage; base64 text. Only called when `persistent`. */
  seal(token: string): string;
  /** Opens what `seal` produced; throws when it cannot (another user, a reset keychain). */
  open(sealed: string): string;
}

/** The part of Electron's `safeStorage` the vault uses (also what tests fake). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

export function safeStorageVault(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): TokenVault {
  const available = safeStorage.isEncryptionAvailable();
  const weakLinuxBackend = platform === 'linux' && ['basic_text', 'unknown'].includes(safeStorage.getSelectedStorageBackend?.() ?? 'unknown');
  return {
    persistent: available && !weakLinuxBackend,
    seal: (token) => safeStorage.encryptString(token).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}

export function memoryOnlyVault(): TokenVault {
  return {
    persistent: false,
    seal: () => {
      throw new Error('memoryOnlyVault never writes a token to disk.');
    },
    open: () => {
      throw new Error('memoryOnlyVault has no sealed tokens.');
    },
  };
}

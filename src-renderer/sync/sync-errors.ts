/**
 * A failed join, publish, invitation or member call explained in words: the
 * server's own error code (`reason`) picks the sentence, so the user learns
 * what to do ("Be samordnaren om en ny inbjudan"), not an HTTP status.
 */
import type { useTranslation } from 'react-i18next';
import { HostError } from '../../shared/host-api/host-error.ts';
import type { SyncRefusal } from '../../shared/sync-protocol/refusals.ts';
import { hostErrorText } from '../host/host-error-text.ts';

/**
 * The refusals (shared/sync-protocol/refusals.ts) that have their own
 * sentence in `sync.errors`; any other code gets the general one with the
 * server's message.
 */
const EXPLAINED_REFUSALS: ReadonlySet<string> = new Set<SyncRefusal>([
  'invalid-code',
  'code-used',
  'code-expired',
  'code-revoked',
  'wrong-kind',
  'too-many-requests',
  'plan-exists',
  'not-coordinator',
  'wrong-plan',
  'member-revoked',
  'role-changed',
  'token-expired',
  'invalid-token',
  'unknown-document',
  'token-unavailable',
  'not-shared',
  'insecure-server',
  'not-found',
  'cannot-remove-self',
  'invalid-request',
]);

type TFunction = ReturnType<typeof useTranslation>['t'];

/** The sentence for a server reason code, or null when the code is not one we know. */
export function reasonText(t: TFunction, reason: string, message = ''): string | null {
  return EXPLAINED_REFUSALS.has(reason) ? (t as (key: string, options: object) => string)(`sync.errors.${reason}`, { message }) : null;
}

export function syncErrorText(t: TFunction, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof HostError) {
    if (error.code === 'server-unreachable') return t('sync.errors.unreachable');
    // The address and the code have the sync dialogs' own sentence; any other
    // field (an invitee's name) has the host's.
    if (error.code === 'invalid-argument') {
      return error.reason === undefined || SERVER_FIELDS.has(error.reason) ? t('sync.errors.invalid-argument', { message }) : hostErrorText(t, error);
    }
    const known = reasonText(t, error.reason ?? (error.code === 'not-found' ? 'not-found' : ''), message);
    if (known !== null) return known;
    // Not the server's answer (the host is gone, the store is damaged): the
    // host's sentence for it, never the developer's message (issue 10).
    if (error.code !== 'server-refused') return hostErrorText(t, error);
  }
  return t('sync.errors.other', { message });
}

const SERVER_FIELDS: ReadonlySet<string> = new Set(['serverUrl', 'code']);

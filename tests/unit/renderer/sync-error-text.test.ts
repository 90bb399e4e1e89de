/**
 * A failed join, publish, invitation or member call is explained in words
 * (issue 10, "Developer jargon reaches users"): the server's refusals have
 * their own sentences, and a failure that is not the server's answer (the
 * browser host gone, the local store damaged) gets the host's sentence,
 * never the developer's message.
 */
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { HostError } from '../../../shared/host-api/host-error.ts';
import { syncErrorText } from '../../../src-renderer/sync/sync-errors.ts';
import { translatorFor } from '../../support/translator.ts';

let t: TFunction;

beforeAll(async () => {
  t = await translatorFor('sv');
});

describe('sync errors in words', () => {
  it('a host that went away while joining is the host sentence, not "Lost the connection … (1006)"', () => {
    const text = syncErrorText(t, new HostError('host-disconnected', 'Lost the connection to the Samskriv host (1006 )'));
    expect(text).toBe(t('hostErrors.host-disconnected'));
    expect(text).not.toMatch(/1006|Lost the connection/);
  });

  it('a damaged local store is said as such', () => {
    expect(syncErrorText(t, new HostError('store-damaged', 'The stored document "plan/p" cannot be read: checksum mismatch', 'checksum'))).toBe(t('hostErrors.store-damaged'));
  });

  it('a bad server address keeps the sync dialog’s own sentence; a bad invitee name gets the host’s', () => {
    expect(syncErrorText(t, new HostError('invalid-argument', 'joinPlan: invalid argument — 0.serverUrl: must be a URL', 'serverUrl'))).toBe(t('sync.errors.invalid-argument', { message: '' }));
    const name = syncErrorText(t, new HostError('invalid-argument', 'createInvitation: invalid argument — 0.name: too long', 'name'));
    expect(name).toBe(t('hostErrors.field.name'));
    expect(name).not.toContain('createInvitation');
  });

  it('a refusal the server explains keeps its sentence', () => {
    expect(syncErrorText(t, new HostError('server-refused', 'code used', 'code-used'))).toBe(t('sync.errors.code-used', { message: 'code used' }));
  });
});

/**
 * Swedish wording that a proofreading found wrong, read the way the UI
 * reads it (through i18next, with plurals and values filled in).
 */
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { translatorFor } from '../../support/translator.ts';

let t: TFunction;

beforeAll(async () => {
  t = await translatorFor('sv');
});

describe('the Swedish interface', () => {
  it('says who a thread is assigned to as a state: "Tilldelad: Migrationsverket"', () => {
    expect(t('comments.assignedTo', { agency: 'Migrationsverket' })).toBe('Tilldelad: Migrationsverket');
  });

  it('counts one thread in the overview in the singular', () => {
    expect(t('comments.overview.count', { count: 1 })).toBe('1 tråd');
    expect(t('comments.overview.count', { count: 3 })).toBe('3 trådar');
  });

  it('says in a whole sentence which format this version reads', () => {
    expect(t('plan.readOnlyNewer', { docVersion: 2, appVersion: 1 })).toContain('(format 2; den här versionen kan läsa till och med format 1)');
  });

  it('says who started a thread, as the English does', () => {
    expect(t('comments.event.created', { name: 'Sara Lind (SOS)', time: 'i dag' })).toBe('Sara Lind (SOS) startade tråden i dag');
  });
});

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

  // Issue 10, item 5: a second proofreading of the whole file.
  it('calls a draft that was not sent just that, not "osänt"', () => {
    expect(t('comments.draftKept')).toBe('Ett utkast som inte har skickats finns kvar – öppna tråden för att skicka det.');
  });

  it('says a cancelled comment was not sent, not that it "avbröts"', () => {
    expect(t('comments.announce.cancelled')).toBe('Kommentaren skickades inte');
  });

  it('says where the note about the earlier database is, in idiomatic Swedish', () => {
    expect(t('store.startedEmpty', { path: '/x' })).toBe('En tom databas används från och med nu. En anteckning om att det fanns en tidigare databas ligger här: /x');
    expect(t('store.missing')).toContain('saknas, fast den fanns här tidigare.');
  });

  it('names the kinds of code and what each is for', () => {
    expect(t('sync.errors.wrong-kind')).toBe('Koden är av fel slag: en inbjudningskod används för att gå med i en plan, en publiceringskod för att dela en plan.');
  });

  it('says what a reader cannot do, and that a withdrawn invitation "har dragits tillbaka"', () => {
    expect(t('sync.readerNotice')).toMatch(/men inte ändra något själv\.$/);
    expect(t('sync.members.invitations.revoked', { name: 'Omar Said' })).toBe('Inbjudan till Omar Said har dragits tillbaka.');
  });

  it('names what to reinstall, and where something no longer is', () => {
    expect(t('hostErrors.unknown-method')).toMatch(/installera om Samskriv\.$/);
    expect(t('sync.errors.not-found')).toBe('Det finns inte längre på servern.');
  });
});

/**
 * Every HostError reaches a drafter as a sentence in their language that
 * says what happened and what to do: never the developer's message, a
 * method name, a field path or a WebSocket close code.
 */
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOST_METHODS } from '../../../shared/host-api/host-api.ts';
import { HOST_ERROR_CODES, HostError } from '../../../shared/host-api/host-error.ts';
import { hostErrorText } from '../../../src-renderer/host/host-error-text.ts';
import { IMPORT_REFUSAL_REASONS } from '../../../shared/import/import-refusal.ts';
import { translatorFor } from '../../support/translator.ts';

const translators: Record<'sv' | 'en', TFunction> = {} as Record<'sv' | 'en', TFunction>;

beforeAll(async () => {
  for (const lng of ['sv', 'en'] as const) {
    translators[lng] = await translatorFor(lng);
  }
});

/** What developers write and users must never see. */
function expectNoJargon(text: string): void {
  expect(text).not.toMatch(/invalid argument|Lost the connection|undefined|\{\{|hostErrors\.|\b1006\b/);
  for (const method of HOST_METHODS) expect(text).not.toContain(method);
  // A sentence: what happened, then what to do.
  expect(text).toMatch(/^[A-ZÅÄÖ].*\. .+\.$/);
}

// The developer messages as the host and the transport really write them.
const ERRORS: Record<(typeof HOST_ERROR_CODES)[number], HostError> = {
  'invalid-argument': new HostError('invalid-argument', 'createPlan: invalid argument — 0.planId: must be a lower-case UUID', 'planId'),
  'not-found': new HostError('not-found', 'No plan 0f8fad5b-d9cb-469f-a165-70867728950e'),
  'store-unavailable': new HostError('store-unavailable', 'SQLITE_BUSY: database is locked'),
  'store-damaged': new HostError(
    'store-damaged',
    'The stored document "plan/p/chapter/c" cannot be read: its update seq 7 has changed since it was written (checksum mismatch) (stored checksum 1, computed 2 over 40 bytes).',
    'checksum',
  ),
  'forbidden-sender': new HostError('forbidden-sender', 'IPC from a frame that is not ours'),
  'unknown-method': new HostError('unknown-method', 'Unknown HostApi method: deletePlan'),
  'server-unreachable': new HostError('server-unreachable', 'fetch failed: ECONNREFUSED'),
  'server-refused': new HostError('server-refused', 'HTTP 500', 'storage-failed'),
  'export-failed': new HostError('export-failed', 'LibreOffice (soffice) was not found: spawn soffice ENOENT', 'libreoffice-missing'),
  'import-failed': new HostError('import-failed', 'An OLE compound file: a password-protected .docx or an old .doc.', 'encrypted'),
  'submission-refused': new HostError('submission-refused', 'The plan is not ready: 3 things stand in the way (first: placeholder).', 'not-ready'),
  internal: new HostError('internal', 'saveUpdate failed: ENOSPC: no space left on device'),
  'host-disconnected': new HostError('host-disconnected', 'Lost the connection to the Samskriv host (close code 1006)'),
};

describe('every HostError in words', () => {
  for (const lng of ['sv', 'en'] as const) {
    it.each(HOST_ERROR_CODES.map((code) => [code] as const))(`${lng}: %s says what happened and what to do`, (code) => {
      expectNoJargon(hostErrorText(translators[lng], ERRORS[code]));
    });
  }

  it('a lost browser host says so in Swedish and asks to keep the window open, in the status bar', () => {
    const t = translators.sv;
    const text = t('status.failed', { reason: hostErrorText(t, ERRORS['host-disconnected']) });
    expect(text).toBe(
      'Kunde inte spara. Kontakten med Samskriv på den här datorn bröts, eftersom tjänsten som förvarar planerna stängdes. ' +
        'Starta den igen och stäng inte det här fönstret. Ändringarna finns kvar i fönstret och sparas så snart det går.',
    );
  });

  it('a PDF export by LibreOffice without LibreOffice says so in Swedish and what to do instead', () => {
    expect(hostErrorText(translators.sv, ERRORS['export-failed'])).toBe(
      'PDF-filen med sidnummer kunde inte skapas, eftersom LibreOffice inte finns på den här datorn. Välj PDF i stället (innehållsförteckningen får länkar men inga sidnummer), eller installera LibreOffice (libreoffice.org) och försök igen.',
    );
  });

  it('an export the system could not open says the file is saved and where to find it, in Swedish', () => {
    const text = hostErrorText(translators.sv, new HostError('export-failed', 'The system could not open /x.pdf: no app', 'open-failed'));
    expectNoJargon(text);
    expect(text).toBe('Filen är sparad, men datorn kunde inte öppna den. Öppna den från mappen där du sparade den.');
  });

  it('a submission refused for undecided suggestions says what to do, in Swedish', () => {
    const text = hostErrorText(translators.sv, new HostError('export-failed', 'Undecided suggestions in 1 chapter(s): Uppdraget', 'open-suggestions'));
    expectNoJargon(text);
    expect(text).toContain('det finns förslag som ingen har godtagit eller avvisat ännu');
    expect(text).toContain('granskningsversionen');
  });

  it.each(IMPORT_REFUSAL_REASONS.map((reason) => [reason] as const))('a Word file refused as %s is explained in Swedish, saying the plan is unchanged', (reason) => {
    const text = hostErrorText(translators.sv, new HostError('import-failed', 'developer detail', reason));
    expectNoJargon(text);
    expect(text).toMatch(/Ingenting i planen har ändrats\.$/);
  });

  it('a server address that cannot be used is explained with an example of one that can', () => {
    const error = new HostError('invalid-argument', 'publishPlan: invalid argument — 0.serverUrl: must be a URL such as https://samskriv.example.se', 'serverUrl');
    expect(hostErrorText(translators.sv, error)).toBe(
      'Serverns adress går inte att använda. Skriv den som server.myndighet.se:4470 eller https://server.myndighet.se:4470, utan mellanslag.',
    );
  });

  it('a server refusal the app has no sentence for names its code for support', () => {
    expect(hostErrorText(translators.sv, ERRORS['server-refused'])).toContain('nämn koden storage-failed');
  });

  it('an error that is no HostError gets the general sentence, not its message', () => {
    expect(hostErrorText(translators.sv, new TypeError("Cannot read properties of null (reading 'matchesNode')"))).toBe(
      'Något oväntat gick fel i Samskriv. Försök igen; kvarstår felet, starta om Samskriv.',
    );
  });
});

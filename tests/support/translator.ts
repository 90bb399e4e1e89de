/**
 * The interface's words in one language, read the way the UI reads them:
 * through i18next with the app's resources, plurals and values filled in,
 * without React or the app's global instance.
 */
import i18next, { type TFunction } from 'i18next';
import type { Language } from '../../shared/host-api/host-api.ts';
import { en } from '../../src-renderer/i18n/en.ts';
import { sv } from '../../src-renderer/i18n/sv.ts';

export async function translatorFor(language: Language): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({ resources: { sv: { translation: sv }, en: { translation: en } }, lng: language, interpolation: { escapeValue: false } });
  return instance.t;
}

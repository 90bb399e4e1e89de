/**
 * i18next set-up. Swedish is the default and the fallback: the plan is a
 * Swedish public-sector document and most users work in Swedish.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../shared/host-api/host-api.ts';
import { en } from './en.ts';
import { sv } from './sv.ts';

export const DEFAULT_LANGUAGE: Language = 'sv';

export async function initI18n(language: Language = DEFAULT_LANGUAGE): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { sv: { translation: sv }, en: { translation: en } },
    lng: language,
    fallbackLng: 'sv',
    interpolation: { escapeValue: false }, // React escapes.
    returnNull: false,
  });
  document.documentElement.lang = language;
  return i18next;
}

export async function changeLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

/**
 * The top bar: app name, the view's own controls, and the language switch,
 * which is available everywhere and remembered across restarts.
 */
import { useId, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../shared/host-api/host-api.ts';
import { changeLanguage } from '../i18n/i18n.ts';
import { useHost } from './host-context.ts';
import { ProfileButton } from '../profile/ProfileButton.tsx';

export function AppHeader({ children }: { readonly children?: ReactNode }): ReactElement {
  const { t, i18n } = useTranslation();
  const host = useHost();
  const languageId = useId();
  return (
    <header className="app-header">
      <span className="app-name">{t('app.name')}</span>
      <div className="app-header-main">{children}</div>
      <ProfileButton />
      <div className="language-switch">
        <label htmlFor={languageId}>{t('app.language')}</label>
        <select
          id={languageId}
          value={i18n.language}
          onChange={(e) => {
            const language: Language = e.target.value === 'en' ? 'en' : 'sv';
            void changeLanguage(language);
            host.setPreferences({ language }).catch((error: unknown) => console.warn("Could not remember the language", error));
          }}
        >
          <option value="sv" lang="sv">
            {t('app.languages.sv')}
          </option>
          <option value="en" lang="en">
            {t('app.languages.en')}
          </option>
        </select>
      </div>
    </header>
  );
}

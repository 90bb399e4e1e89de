/**
 * The top bar: app name, the view's own controls, and the language switch,
 * which is available everywhere and remembered across restarts.
 *
 * Two rows, so that a shared plan's buttons and the list of who is present
 * never squeeze the plan's title: the first row holds the app name, `start`
 * (the way back and the title) and who I am; the second, only when given,
 * holds the view's tools (`children`). Both rows wrap at narrow widths and
 * high zoom instead of scrolling sideways (WCAG 1.4.10).
 */
import { useId, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../shared/host-api/host-api.ts';
import { changeLanguage } from '../i18n/i18n.ts';
import { useHost } from './host-context.ts';
import { ProfileButton } from '../profile/ProfileButton.tsx';

interface Props {
  /** Beside the app name: grows to the row's free width. */
  readonly start?: ReactNode;
  /** The second row: the view's tools. */
  readonly children?: ReactNode;
}

export function AppHeader({ start, children }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const host = useHost();
  const languageId = useId();
  return (
    <header className="app-header">
      <div className="app-header-row">
        <span className="app-name">{t('app.name')}</span>
        <div className="app-header-start">{start}</div>
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
      </div>
      {children !== undefined && <div className="app-header-row app-header-tools">{children}</div>}
    </header>
  );
}

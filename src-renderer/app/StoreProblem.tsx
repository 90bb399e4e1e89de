/**
 * Shown when the local database cannot be opened. It explains what is wrong,
 * promises (truthfully) that the file has not been touched, and offers the
 * way out: move the file aside and start over. A missing file has nothing
 * to move: the way out is then to start with an empty database knowingly
 * (the host moves aside the marker that said a store was there).
 */
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoreStatus } from '../../shared/host-api/host-api.ts';
import { AppHeader } from './AppHeader.tsx';
import { hostErrorText } from '../host/host-error-text.ts';
import { useHost } from './host-context.ts';

interface Props {
  readonly status: Exclude<StoreStatus, { state: 'ok' }>;
  readonly onResolved: () => void;
}

export function StoreProblem({ status, onResolved }: Props): ReactElement {
  const { t } = useTranslation();
  const host = useHost();
  const [movedTo, setMovedTo] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const missing = status.state === 'missing';

  async function moveAside(): Promise<void> {
    try {
      const result = await host.moveStoreAside();
      setMovedTo(result.movedTo);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div className="store-problem-view">
      <AppHeader />
      <main className="store-problem" id="main">
        <h1>{t('store.title')}</h1>
        <p role="alert">{t(`store.${status.state}`)}</p>
        <p className="mono">{t('store.path', { path: status.path })}</p>
        <p className="mono">{t('store.detail', { detail: status.detail })}</p>
        {movedTo === null ? (
          <>
            {!missing && <p>{t('store.untouched')}</p>}
            <button type="button" className="button button--primary" onClick={() => void moveAside()}>
              {t(missing ? 'store.startEmpty' : 'store.moveAside')}
            </button>
          </>
        ) : (
          <>
            <p role="status">{t(missing ? 'store.startedEmpty' : 'store.movedTo', { path: movedTo })}</p>
            <button type="button" className="button button--primary" onClick={onResolved}>
              {t('plans.heading')}
            </button>
          </>
        )}
        {error !== null && (
          <p className="notice notice--error" role="alert">
            {hostErrorText(t, error)}
          </p>
        )}
      </main>
    </div>
  );
}

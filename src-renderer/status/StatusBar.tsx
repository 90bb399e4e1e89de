/**
 * The status bar: always tells the truth about whether every change is saved
 * on this computer. It is a polite live region, so screen readers hear
 * "Allt sparat lokalt" once saving finishes, without interrupting typing.
 * A shared plan adds the sync state beside it (SyncState), and which
 * chapters have changes the server did not accept (RefusedNotice).
 */
import { useSyncExternalStore, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorText } from '../host/host-error-text.ts';
import type { PlanSession } from '../plan/plan-session.ts';
import { RefusedNotice } from './RefusedNotice.tsx';
import { SyncState } from './SyncState.tsx';

export function StatusBar({ session }: { readonly session: PlanSession }): ReactElement {
  const { t } = useTranslation();
  const state = useSyncExternalStore(
    (listener) => session.subscribeSaveState(listener),
    () => session.saveState,
  );
  const text =
    state.kind === 'saved'
      ? t('status.saved')
      : state.kind === 'saving'
        ? t('status.saving')
        : t('status.failed', { reason: hostErrorText(t, state.error) });
  return (
    <footer className="status-bar" aria-label={t('status.label')}>
      <span role="status" className={`save-state save-state--${state.kind}`} data-save-state={state.kind}>
        <span className="save-dot" aria-hidden="true" />
        {text}
      </span>
      {session.sync && <SyncState sync={session.sync} />}
      {session.refusedChanges && <RefusedNotice session={session} refused={session.refusedChanges} />}
    </footer>
  );
}

/**
 * The sync half of the status bar for a shared plan: "Synkat", "Synkar …",
 * "Offline – N ändringar väntar", or why the server refuses. Always the
 * truth (sync-status.ts); a polite live region of its own.
 */
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanSync } from '../sync/plan-sync.ts';
import { reasonText } from '../sync/sync-errors.ts';
import { useSyncStatus } from '../sync/sync-hooks.ts';
import type { SyncStatus } from '../sync/sync-status.ts';

export function SyncState({ sync }: { readonly sync: PlanSync }): ReactElement {
  const { t } = useTranslation();
  const status = useSyncStatus(sync)!;
  return (
    <span role="status" className={`sync-state sync-state--${status.kind}`} data-sync-state={status.kind} data-pending={status.pending ?? 'unknown'}>
      <span className="save-dot" aria-hidden="true" />
      {syncText(t, status)}
    </span>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

export function syncText(t: T, status: SyncStatus): string {
  switch (status.kind) {
    case 'connecting':
      return t('sync.status.connecting');
    case 'synced':
      return t('sync.status.synced');
    case 'syncing':
      return t('sync.status.syncing');
    case 'offline':
      if (status.pending === null) return t('sync.status.offlineUnknown');
      if (status.pending === 0) return t('sync.status.offlineNone');
      return t('sync.status.offline', { count: status.pending });
    case 'denied':
      return t('sync.status.denied', { reason: reasonText(t, status.reason ?? '') ?? status.reason ?? '' });
    case 'refused':
      return t('sync.status.refused', { reason: status.reason ?? '' });
  }
}

/**
 * The sync half of the status bar for a shared plan: "Synkat", "Synkar …",
 * "Offline – ändringar i 2 kapitel väntar", or why the server refuses.
 * Always the truth (sync-status.ts); a polite live region of its own.
 *
 * What waits is told in chapters, not in the ledger's count (ack-ledger.ts):
 * that counts Yjs items, so one sentence and an Enter were "649 ändringar".
 *
 * A change from another member that this computer refused to apply is told
 * beside the state, which stays what it is: everything else still syncs.
 */
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanSync } from '../sync/plan-sync.ts';
import { ruleOfCloseReason } from '../../shared/rules/rule-refusal.ts';
import { reasonText } from '../sync/sync-errors.ts';
import { useSyncStatus } from '../sync/sync-hooks.ts';
import type { RemoteRefused, SyncStatus } from '../sync/sync-status.ts';

export function SyncState({ sync }: { readonly sync: PlanSync }): ReactElement {
  const { t } = useTranslation();
  const status = useSyncStatus(sync)!;
  return (
    <span role="status" className={`sync-state sync-state--${status.kind}`} data-sync-state={status.kind} data-pending={status.pending ?? 'unknown'}>
      <span className="save-dot" aria-hidden="true" />
      {syncText(t, status)}
      {status.remoteRefused !== null && <span className="sync-state__remote-refused" data-remote-refused={status.remoteRefused.refusal}>{` ${remoteRefusedText(t, status.remoteRefused)}`}</span>}
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
      // Only the plan's own doc (title, chapter list) has changes waiting.
      if (status.chapters.size === 0) return t('sync.status.offlinePlan');
      return t('sync.status.offlineChapters', { count: status.chapters.size });
    case 'denied':
      return t('sync.status.denied', { reason: reasonText(t, status.reason ?? '') ?? status.reason ?? '' });
    case 'refused': {
      // A change the member's role does not allow (4422): say which rule, not a code for support.
      const rule = ruleOfCloseReason(status.reason ?? '');
      if (rule !== null) return t('sync.status.ruleRefused', { why: t(`sync.status.ruleWhy.${rule}`) });
      return t('sync.status.refused', { reason: status.reason ?? '' });
    }
  }
}

/** Why another member's change was not applied, for the status bar. */
export function remoteRefusedText(t: T, refused: RemoteRefused): string {
  const why =
    refused.refusal === 'unreadable'
      ? t('sync.remoteRefused.why.unreadable')
      : refused.refusal === 'too-many-nodes' || refused.refusal === 'text-too-long'
        ? t('sync.remoteRefused.why.large')
        : t('sync.remoteRefused.why.deep');
  return t(refused.chapterId === null ? 'sync.remoteRefused.plan' : 'sync.remoteRefused.chapter', { why, refusal: refused.refusal });
}

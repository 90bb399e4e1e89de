/**
 * React hooks over PlanSync: the sync status, who is present, and whether a
 * chapter's content has arrived.
 */
import { useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import type { PlanSync } from './plan-sync.ts';
import type { Presence } from './presence.ts';
import type { SyncStatus } from './sync-status.ts';

const NO_PRESENCE: readonly Presence[] = [];
const noSubscription = (): (() => void) => () => undefined;

export function useSyncStatus(sync: PlanSync | null): SyncStatus | null {
  return useSyncExternalStore(
    (listener) => (sync === null ? () => undefined : sync.subscribeStatus(listener)),
    () => sync?.status ?? null,
  );
}

export function usePresence(sync: PlanSync | null): readonly Presence[] {
  return useSyncExternalStore(
    (listener) => (sync === null ? () => undefined : sync.subscribePresence(listener)),
    () => sync?.presence ?? NO_PRESENCE,
  );
}

/**
 * Whether a chapter doc holds its chapter yet. Every chapter is stamped with
 * its meta when it is created (initChapterMeta), so on a shared plan an
 * unstamped doc is one whose content is still on its way: showing an editor
 * on it would write an empty paragraph that then merges into everyone's text.
 */
export function useChapterArrived(doc: Y.Doc | null, shared: boolean): boolean {
  return useSyncExternalStore(
    (listener) => {
      if (doc === null || !shared) return noSubscription();
      doc.on('update', listener);
      return () => doc.off('update', listener);
    },
    () => !shared || doc === null || doc.getMap('meta').get('kind') === 'chapter',
  );
}

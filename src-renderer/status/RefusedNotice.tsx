/**
 * The status bar's word on changes the sync server did not accept
 * (src-renderer/refused/): which chapter ("Ändringar i kapitlet Migration
 * godtogs inte av servern."), and a button to the dialog that says what can
 * be done with them. It stays until the user has decided about every one;
 * the rest of the plan syncs meanwhile (the sync state beside it says so).
 */
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanSession } from '../plan/plan-session.ts';
import type { RefusedChanges } from '../refused/refused-changes.ts';
import { RefusedChangesDialog, useRefusedChanges } from '../refused/RefusedChangesDialog.tsx';

export function RefusedNotice({ session, refused }: { readonly session: PlanSession; readonly refused: RefusedChanges }): ReactElement | null {
  const { t } = useTranslation();
  const records = useRefusedChanges(refused);
  const [open, setOpen] = useState(false);
  if (records.length === 0 && !open) return null;
  const chapters = new Set(records.map((r) => r.chapterId));
  const first = records[0];
  const title = first === undefined ? '' : session.manifest.chapters.find((c) => c.id === first.chapterId)?.title || first.chapterTitle;
  return (
    <span className="refused-notice" data-refused-chapters={[...chapters].join(',')}>
      {records.length > 0 && (
        <>
          <span role="status">{t('refusedChanges.status', { count: chapters.size, title })}</span>{' '}
          <button type="button" className="link-button" onClick={() => setOpen(true)}>
            {t('refusedChanges.show')}
          </button>
        </>
      )}
      {open && <RefusedChangesDialog session={session} refused={refused} onClose={() => setOpen(false)} />}
    </span>
  );
}

/**
 * The status bar's word on changes the sync server did not accept
 * (src-renderer/refused/): which chapter ("Ändringar i kapitlet Migration
 * godtogs inte av servern."), the plan's details or which source, and a
 * button to the dialog that says what can be done with them. It stays until the user has decided about every one;
 * the rest of the plan syncs meanwhile (the sync state beside it says so).
 */
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanSession } from '../plan/plan-session.ts';
import type { RefusedChanges } from '../refused/refused-changes.ts';
import { RefusedChangesDialog, recordTitle, useRefusedChanges } from '../refused/RefusedChangesDialog.tsx';

export function RefusedNotice({ session, refused }: { readonly session: PlanSession; readonly refused: RefusedChanges }): ReactElement | null {
  const { t } = useTranslation();
  const records = useRefusedChanges(refused);
  const [open, setOpen] = useState(false);
  if (records.length === 0 && !open) return null;
  const docs = new Map(records.map((r) => [`${r.docKind}:${r.docId}`, r]));
  const first = records[0];
  const onlyChapters = records.every((r) => r.docKind === 'chapter');
  const status =
    first === undefined ? ''
    : docs.size > 1 ? (onlyChapters ? t('refusedChanges.status', { count: docs.size }) : t('refusedChanges.statusMixed', { count: docs.size }))
    : first.docKind === 'manifest' ? t('refusedChanges.statusManifest')
    : first.docKind === 'source' ? t('refusedChanges.statusSource', { title: recordTitle(session, first, t) })
    : t('refusedChanges.status', { count: 1, title: recordTitle(session, first, t) });
  const chapters = records.filter((r) => r.docKind === 'chapter').map((r) => r.docId);
  return (
    <span className="refused-notice" data-refused-chapters={[...new Set(chapters)].join(',')} data-refused-kinds={[...new Set(records.map((r) => r.docKind))].join(',')}>
      {records.length > 0 && (
        <>
          <span role="status">{status}</span>{' '}
          <button type="button" className="link-button" onClick={() => setOpen(true)}>
            {t('refusedChanges.show')}
          </button>
        </>
      )}
      {open && <RefusedChangesDialog session={session} refused={refused} onClose={() => setOpen(false)} />}
    </span>
  );
}

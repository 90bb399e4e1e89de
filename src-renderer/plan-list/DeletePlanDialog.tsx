/**
 * "Ta bort planen?": the one way to delete a plan from this computer. A
 * modal <dialog> that names the plan and says what happens: a shared plan
 * stays on its server, the sample can be opened afresh. Focus starts on
 * "Avbryt", and Escape cancels, so a habitual Enter or a stray key never
 * deletes anyone's words; only the clearly labelled "Ta bort planen" does.
 */
import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanSummary } from '../../shared/host-api/host-api.ts';
import { useHost } from '../app/host-context.ts';
import { useModalDialog } from '../app/use-modal-dialog.ts';
import { hostErrorText } from '../host/host-error-text.ts';

interface Props {
  readonly plan: PlanSummary;
  readonly serverHost: string | null;
  readonly onDeleted: () => void;
  readonly onClose: () => void;
}

export function DeletePlanDialog({ plan, serverHost, onDeleted, onClose }: Props): ReactElement {
  const { t } = useTranslation();
  const host = useHost();
  const dialogRef = useModalDialog({ restoreFocus: true });
  const titleId = useId();
  const introId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // After showModal (useModalDialog's effect), which focuses the first button.
  useEffect(() => cancelRef.current?.focus(), []);

  async function remove(): Promise<void> {
    setWorking(true);
    setError(null);
    try {
      await host.deletePlan({ planId: plan.id });
      onDeleted();
    } catch (e) {
      setError(e);
      setWorking(false);
    }
  }

  const title = plan.title || t('plans.untitled');
  return (
    <dialog
      ref={dialogRef}
      className="link-dialog delete-plan-dialog"
      aria-labelledby={titleId}
      aria-describedby={introId}
      onCancel={(e) => {
        e.preventDefault();
        if (!working) onClose();
      }}
    >
      <h2 id={titleId}>{t('plans.delete.title')}</h2>
      <div id={introId}>
        <p className="dialog-intro">{t('plans.delete.intro', { title })}</p>
        {plan.server !== null && <p>{t('plans.delete.shared', { server: serverHost ?? plan.server.serverUrl })}</p>}
        {plan.isSample && <p>{t('plans.delete.sample')}</p>}
      </div>
      {error !== null && (
        <p className="notice notice--error" role="alert">
          {hostErrorText(t, error)}
        </p>
      )}
      <div className="dialog-actions">
        <button ref={cancelRef} type="button" className="button" onClick={onClose} disabled={working}>
          {t('plans.delete.cancel')}
        </button>
        <button type="button" className="button button--danger delete-plan-confirm" onClick={() => void remove()} disabled={working}>
          {working ? t('plans.delete.working') : t('plans.delete.confirm')}
        </button>
      </div>
    </dialog>
  );
}

/**
 * The end of a sync form: the host call's error (announced, and named by
 * the fields' aria-describedby through `errorId`), then the submit button,
 * disabled and relabelled while the call is under way, and Cancel.
 */
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostCall } from './host-call.ts';

interface Props {
  readonly call: HostCall;
  readonly submitLabel: string;
  readonly workingLabel: string;
  readonly onCancel: () => void;
}

export function CallActions({ call, submitLabel, workingLabel, onCancel }: Props): ReactElement {
  const { t } = useTranslation();
  return (
    <>
      {call.error && (
        <p id={call.errorId} className="notice notice--error" role="alert">
          {call.error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="submit" className="button button--primary" disabled={call.working}>
          {call.working ? workingLabel : submitLabel}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('sync.cancel')}
        </button>
      </div>
    </>
  );
}

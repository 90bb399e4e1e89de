/**
 * Server address + one-time code, the form shared by "Anslut till server"
 * (an invitation code) and "Dela via server" (a publish code). Errors are
 * explained in words (sync-errors.ts) and announced (role=alert); what the
 * user typed stays in the fields so they can correct it.
 */
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useHostCall } from './host-call.ts';
import { CallActions } from './CallActions.tsx';

interface Props {
  readonly intro: string;
  readonly codeLabel: string;
  readonly submitLabel: string;
  readonly workingLabel: string;
  readonly onSubmit: (serverUrl: string, code: string) => Promise<void>;
  readonly onCancel: () => void;
}

export function ServerCodeForm({ intro, codeLabel, submitLabel, workingLabel, onSubmit, onCancel }: Props): ReactElement {
  const { t } = useTranslation();
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const call = useHostCall();
  const { error, errorId } = call;
  const urlId = useId();
  const codeId = useId();
  const introId = useId();

  function submit(event: FormEvent): void {
    // On success the dialog goes on to the plan: the form stays busy until then.
    void call.submit(event, serverUrl.trim() === '' || code.trim() === '' ? t('sync.join.required') : null, () => onSubmit(serverUrl.trim(), code.trim()), { stayBusy: true });
  }

  return (
    <form onSubmit={submit} aria-describedby={introId} noValidate>
      <p id={introId} className="dialog-intro">
        {intro}
      </p>
      <label htmlFor={urlId}>{t('sync.join.serverUrl')}</label>
      <input
        id={urlId}
        type="url"
        value={serverUrl}
        onChange={(e) => setServerUrl(e.target.value)}
        placeholder="https://samskriv.example.se"
        autoComplete="url"
        autoFocus
        aria-describedby={error ? errorId : undefined}
        maxLength={2000}
      />
      <label htmlFor={codeId}>{codeLabel}</label>
      <input
        id={codeId}
        type="text"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        className="mono"
        aria-describedby={error ? errorId : undefined}
        maxLength={200}
      />
      <CallActions call={call} submitLabel={submitLabel} workingLabel={workingLabel} onCancel={onCancel} />
    </form>
  );
}

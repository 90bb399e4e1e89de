/**
 * Server address + one-time code, the form shared by "Anslut till server"
 * (an invitation code) and "Dela via server" (a publish code). Errors are
 * explained in words (sync-errors.ts) and announced (role=alert); what the
 * user typed stays in the fields so they can correct it.
 */
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { syncErrorText } from './sync-errors.ts';

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
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const urlId = useId();
  const codeId = useId();
  const introId = useId();
  const errorId = useId();

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (serverUrl.trim() === '' || code.trim() === '') {
      setError(t('sync.join.required'));
      return;
    }
    setWorking(true);
    setError(null);
    try {
      await onSubmit(serverUrl.trim(), code.trim());
    } catch (e) {
      setError(syncErrorText(t, e));
      setWorking(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-describedby={introId} noValidate>
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
      {error && (
        <p id={errorId} className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="submit" className="button button--primary" disabled={working}>
          {working ? workingLabel : submitLabel}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('sync.cancel')}
        </button>
      </div>
    </form>
  );
}

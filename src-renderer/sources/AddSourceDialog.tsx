/**
 * "Lägg till underlag": a file (PDF, Word, text) or pasted text, with a
 * title, the issuing organisation and a date. The host reads the file
 * (HostApi.readSourceFile, src-main/sources/); only when it has the text is
 * anything written, in one go (SourceShelf.add), so a refused file leaves
 * nothing behind. A refusal is said in Swedish with what to do instead.
 */
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_SOURCE_FILE_BYTES, MAX_SOURCE_TITLE_LENGTH, type SourceFileProblem } from '../../shared/sources/source-format.ts';
import { useHost } from '../app/host-context.ts';
import { useModalDialog } from '../app/use-modal-dialog.ts';
import { hostErrorText } from '../host/host-error-text.ts';
import type { NewSourceInput } from './source-shelf.ts';

interface Props {
  readonly onAdd: (input: NewSourceInput) => void;
  readonly onClose: () => void;
}

export function AddSourceDialog({ onAdd, onClose }: Props): ReactElement {
  const { t } = useTranslation();
  const host = useHost();
  const dialogRef = useModalDialog({ restoreFocus: true });
  const titleId = useId();
  const errorId = useId();
  const [kind, setKind] = useState<'file' | 'text'>('file');
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [title, setTitle] = useState('');
  const [issuer, setIssuer] = useState('');
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (title.trim() === '') return setError(t('sources.add.needTitle'));
    let fileName: string;
    let data: Uint8Array;
    if (kind === 'file') {
      if (file === null) return setError(t('sources.add.needFile'));
      if (file.size > MAX_SOURCE_FILE_BYTES) return setError(t('sources.problem.too-large', { mib: MAX_SOURCE_FILE_BYTES / 1024 / 1024 }));
      fileName = file.name;
      data = new Uint8Array(await file.arrayBuffer());
    } else {
      if (pasted.trim() === '') return setError(t('sources.add.needText'));
      fileName = `${title.trim().slice(0, 100)}.txt`;
      data = new TextEncoder().encode(pasted);
    }
    setBusy(true);
    setError(null);
    try {
      const reading = await host.readSourceFile({ fileName, data });
      if (!reading.ok) {
        setError(problemText(reading.problem));
        return;
      }
      onAdd({ title: title.trim(), issuer: issuer.trim(), date: date === '' ? null : date, fileName, format: reading.format, text: reading.text, data });
    } catch (failure) {
      setError(hostErrorText(t, failure));
    } finally {
      setBusy(false);
    }
  };

  const problemText = (problem: SourceFileProblem): string => t(`sources.problem.${problem}`, { mib: MAX_SOURCE_FILE_BYTES / 1024 / 1024 });

  return (
    <dialog
      ref={dialogRef}
      className="link-dialog source-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={(event) => void submit(event)} aria-describedby={error === null ? undefined : errorId}>
        <h2 id={titleId}>{t('sources.add.title')}</h2>
        <fieldset className="source-dialog-kind">
          <legend>{t('sources.add.what')}</legend>
          <label>
            <input type="radio" name="source-kind" checked={kind === 'file'} onChange={() => setKind('file')} /> {t('sources.add.fromFile')}
          </label>
          <label>
            <input type="radio" name="source-kind" checked={kind === 'text'} onChange={() => setKind('text')} /> {t('sources.add.fromText')}
          </label>
        </fieldset>
        {kind === 'file' ? (
          <label className="field">
            <span>{t('sources.add.file')}</span>
            <input type="file" accept=".pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            <small>{t('sources.add.fileHint', { mib: MAX_SOURCE_FILE_BYTES / 1024 / 1024 })}</small>
          </label>
        ) : (
          <label className="field">
            <span>{t('sources.add.text')}</span>
            <textarea rows={8} value={pasted} onChange={(e) => setPasted(e.target.value)} />
          </label>
        )}
        <label className="field">
          <span>{t('sources.add.sourceTitle')}</span>
          <input type="text" required maxLength={MAX_SOURCE_TITLE_LENGTH} value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('sources.add.issuer')}</span>
          <input type="text" maxLength={MAX_SOURCE_TITLE_LENGTH} value={issuer} onChange={(e) => setIssuer(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('sources.add.date')}</span>
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        {error !== null && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('sources.add.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('sources.add.reading') : t('sources.add.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

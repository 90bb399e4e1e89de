/**
 * "Importera från Word": choose where the text goes (a new chapter, or the
 * end of the chapter on screen), choose the file (the system's open dialog
 * on the desktop; a file field in the browser, where the host says
 * `choose-file`), see what the file holds (paragraphs, headings, tables,
 * comments, replies, tracked changes, their Word authors, and what is left
 * out), then import or cancel. Nothing in the plan changes before
 * "Importera"; a refused file is explained in Swedish and changes nothing.
 *
 * A modal <dialog> like the others: focus stays inside, Escape cancels,
 * focus returns to "Importera från Word" afterwards. While the file is read,
 * a progress bar says how far (the host's phases: opening, reading,
 * checking); the outcome is said in a polite live region, a refusal as an
 * alert.
 */
import { useId, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportResult } from '../../shared/host-api/host-api.ts';
import { HostError } from '../../shared/host-api/host-error.ts';
import { summarizeImport, type ImportedDocument } from '../../shared/import/imported-document.ts';
import { MAX_IMPORT_BYTES } from '../../shared/import/import-refusal.ts';
import { useHost } from '../app/host-context.ts';
import { useModalDialog } from '../app/use-modal-dialog.ts';
import { hostErrorText } from '../host/host-error-text.ts';
import { TaskProgressBar } from '../progress/TaskProgressBar.tsx';
import { useTaskProgress } from '../progress/use-task-progress.ts';
import type { ImportTarget } from './import-into-plan.ts';


interface Props {
  /** The chapter on screen, if the user may write into it directly. */
  readonly currentChapter: { readonly id: string; readonly title: string } | null;
  readonly canAddChapter: boolean;
  /** Applies the import; returns what was made, or throws. */
  readonly onImport: (document: ImportedDocument, target: ImportTarget) => { readonly threads: number; readonly suggestions: number };
  readonly onClose: () => void;
}

type Step =
  | { readonly kind: 'choose'; readonly upload: boolean }
  | { readonly kind: 'reading' }
  | { readonly kind: 'preview'; readonly document: ImportedDocument };

export function ImportDialog({ currentChapter, canAddChapter, onImport, onClose }: Props): ReactElement {
  const { t } = useTranslation();
  const host = useHost();
  const dialogRef = useModalDialog({ restoreFocus: true });
  const [step, setStep] = useState<Step>({ kind: 'choose', upload: false });
  const [target, setTarget] = useState<'new-chapter' | 'end-of-chapter'>(canAddChapter || currentChapter === null ? 'new-chapter' : 'end-of-chapter');
  const [error, setError] = useState<string | null>(null);
  const reading = useTaskProgress();
  const fileInput = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const introId = useId();
  const fileId = useId();
  const errorId = useId();

  const received = (result: ImportResult): void => {
    if (result.outcome === 'read') setStep({ kind: 'preview', document: result.document });
    else if (result.outcome === 'cancelled') setStep({ kind: 'choose', upload: false });
    else {
      setStep({ kind: 'choose', upload: true });
      // The host has no open dialog (the browser host): the browser's own, through the file field.
      requestAnimationFrame(() => {
        fileInput.current?.focus();
        fileInput.current?.click();
      });
    }
  };

  const read = async (request: (progressId: string) => Promise<ImportResult>, upload: boolean): Promise<void> => {
    setError(null);
    setStep({ kind: 'reading' });
    try {
      received(await reading.track(request));
    } catch (caught) {
      setStep({ kind: 'choose', upload });
      setError(caught instanceof HostError ? hostErrorText(t, caught) : t('importWord.failed'));
    }
  };

  const uploadFile = async (file: File): Promise<void> => {
    if (file.size > MAX_IMPORT_BYTES) {
      setError(hostErrorText(t, new HostError('import-failed', 'too large', 'too-large')));
      return;
    }
    const data = new Uint8Array(await file.arrayBuffer());
    await read((progressId) => host.importDocx({ upload: { fileName: file.name, data }, progressId }), true);
  };

  const apply = (document: ImportedDocument): void => {
    try {
      const chapterTarget: ImportTarget =
        target === 'end-of-chapter' && currentChapter !== null ? { kind: 'end-of-chapter', chapterId: currentChapter.id } : { kind: 'new-chapter' };
      onImport(document, chapterTarget);
      onClose();
    } catch {
      setError(t('importWord.failed'));
    }
  };

  const targetChoice = (
    <fieldset className="import-targets">
      <legend>{t('importWord.where')}</legend>
      <label>
        <input type="radio" name="import-target" value="new-chapter" checked={target === 'new-chapter'} disabled={!canAddChapter} onChange={() => setTarget('new-chapter')} />
        {t('importWord.newChapter')}
      </label>
      <label>
        <input
          type="radio"
          name="import-target"
          value="end-of-chapter"
          checked={target === 'end-of-chapter'}
          disabled={currentChapter === null}
          onChange={() => setTarget('end-of-chapter')}
        />
        {currentChapter === null ? t('importWord.noChapter') : t('importWord.endOfChapter', { title: currentChapter.title })}
      </label>
    </fieldset>
  );

  return (
    <dialog
      ref={dialogRef}
      className="link-dialog import-dialog"
      aria-labelledby={titleId}
      aria-describedby={introId}
      onCancel={(event) => {
        // A file field's own `cancel` (its chooser closed without a file) bubbles up to here; only the dialog's is Escape.
        if (event.target !== event.currentTarget) return;
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{t('importWord.title')}</h2>
      <p id={introId} className="dialog-intro">
        {t('importWord.intro')}
      </p>
      {step.kind === 'preview' ? (
        <Preview document={step.document} />
      ) : (
        <>
          {targetChoice}
          {step.kind === 'choose' && step.upload && (
            <>
              <label htmlFor={fileId}>{t('importWord.file')}</label>
              <input
                ref={fileInput}
                id={fileId}
                type="file"
                accept=".docx,.docm,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                aria-describedby={error === null ? undefined : errorId}
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  if (file !== undefined) void uploadFile(file);
                }}
              />
            </>
          )}
        </>
      )}
      {step.kind === 'reading' && <TaskProgressBar label={t('taskProgress.importLabel')} progress={reading.progress} />}
      <p role="status" className="dialog-intro">
        {step.kind === 'reading' ? t('importWord.reading') : step.kind === 'preview' ? t('taskProgress.importRead', { fileName: step.document.fileName }) : ''}
      </p>
      {error !== null && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        {step.kind === 'preview' ? (
          <button type="button" className="button button--primary" onClick={() => apply(step.document)}>
            {t('importWord.import')}
          </button>
        ) : (
          <button type="button" className="button button--primary" disabled={step.kind === 'reading' || (!canAddChapter && currentChapter === null)} onClick={() => void read((progressId) => host.importDocx({ progressId }), false)}>
            {t('importWord.chooseFile')}
          </button>
        )}
        <button type="button" className="button" onClick={onClose}>
          {t('importWord.cancel')}
        </button>
      </div>
    </dialog>
  );
}

function Preview({ document }: { readonly document: ImportedDocument }): ReactElement {
  const { t } = useTranslation();
  const summary = summarizeImport(document);
  const { losses } = document;
  const left: string[] = [];
  if (losses.images > 0) left.push(t('importWord.losses.images', { count: losses.images }));
  if (losses.footnotes) left.push(t('importWord.losses.footnotes'));
  if (losses.macros) left.push(t('importWord.losses.macros'));
  if (losses.formatChanges > 0) left.push(t('importWord.losses.formatChanges', { count: losses.formatChanges }));
  if (losses.deepHeadings > 0) left.push(t('importWord.losses.deepHeadings', { count: losses.deepHeadings }));
  return (
    <section aria-label={t('importWord.preview', { fileName: document.fileName })}>
      <h3>{t('importWord.preview', { fileName: document.fileName })}</h3>
      <dl className="import-summary">
        <dt>{t('importWord.counts.paragraphs')}</dt>
        <dd>{summary.paragraphs}</dd>
        <dt>{t('importWord.counts.headings')}</dt>
        <dd>{summary.headings}</dd>
        <dt>{t('importWord.counts.tables')}</dt>
        <dd>{summary.tables}</dd>
        <dt>{t('importWord.counts.comments')}</dt>
        <dd>{t('importWord.counts.commentsValue', { count: summary.comments, replies: summary.replies })}</dd>
        <dt>{t('importWord.counts.changes')}</dt>
        <dd>{summary.changes}</dd>
        <dt>{t('importWord.counts.authors')}</dt>
        <dd>{summary.authors.length === 0 ? '–' : summary.authors.join(', ')}</dd>
      </dl>
      {(summary.comments > 0 || summary.changes > 0) && <p>{t('importWord.signedBy')}</p>}
      {left.length > 0 && (
        <>
          <h4>{t('importWord.losses.title')}</h4>
          <ul>
            {left.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

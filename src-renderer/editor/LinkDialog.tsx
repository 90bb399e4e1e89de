/**
 * A small dialog for adding, changing or removing a link. It is a real
 * <dialog> opened modally, so focus is trapped inside and Escape closes it;
 * on close focus returns to the editor.
 */
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { useModalDialog } from '../app/use-modal-dialog.ts';
import { useTranslation } from 'react-i18next';
import type { EditorView } from 'prosemirror-view';
import { isSafeHref } from '../../shared/schema/schema.ts';
import { linkAtSelection, setLink } from './commands.ts';

interface Props {
  readonly view: EditorView;
  readonly onClose: () => void;
}

export function LinkDialog({ view, onClose }: Props): ReactElement {
  const { t } = useTranslation();
  const dialogRef = useModalDialog();
  const existing = linkAtSelection(view.state);
  const [href, setHref] = useState(existing ?? 'https://');
  const [error, setError] = useState(false);
  const inputId = useId();
  const errorId = useId();
  const titleId = useId();

  function submit(event: FormEvent): void {
    event.preventDefault();
    const value = href.trim();
    if (!isSafeHref(value)) {
      setError(true);
      return;
    }
    setLink(value)(view.state, view.dispatch);
    onClose();
  }

  return (
    <dialog ref={dialogRef} className="link-dialog" aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      <form onSubmit={submit}>
        <h2 id={titleId}>{t('link.dialog')}</h2>
        <label htmlFor={inputId}>{t('link.url')}</label>
        <input
          id={inputId}
          type="url"
          value={href}
          autoFocus
          aria-invalid={error}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => {
            setHref(e.target.value);
            setError(false);
          }}
        />
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {t('link.invalid')}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" className="button button--primary">
            {t('link.apply')}
          </button>
          {existing !== null && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setLink(null)(view.state, view.dispatch);
                onClose();
              }}
            >
              {t('link.remove')}
            </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            {t('link.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/**
 * A small dialog for adding, changing or removing a link. It is a real
 * <dialog> opened modally, so focus is trapped inside and Escape closes it;
 * on close focus returns to the editor. Opened with nothing selected and not
 * at a link, it also asks for the text to show, and types the new link.
 */
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { useModalDialog } from '../app/use-modal-dialog.ts';
import { useTranslation } from 'react-i18next';
import type { EditorView } from 'prosemirror-view';
import { isSafeHref } from '../../shared/schema/schema.ts';
import { insertLink, linkAtSelection, setLink } from './commands.ts';

interface Props {
  readonly view: EditorView;
  readonly onClose: () => void;
}

export function LinkDialog({ view, onClose }: Props): ReactElement {
  const { t } = useTranslation();
  const dialogRef = useModalDialog();
  const existing = linkAtSelection(view.state);
  // Decided once, when the dialog opens: a new link typed at the cursor needs its text.
  const [asksForText] = useState(() => view.state.selection.empty && existing === null);
  const [text, setText] = useState('');
  const [href, setHref] = useState(existing ?? 'https://');
  const [error, setError] = useState<'text' | 'url' | null>(null);
  const inputId = useId();
  const textId = useId();
  const errorId = useId();
  const titleId = useId();

  function submit(event: FormEvent): void {
    event.preventDefault();
    const value = href.trim();
    if (asksForText && text.trim() === '') {
      setError('text');
      return;
    }
    if (!isSafeHref(value)) {
      setError('url');
      return;
    }
    if (asksForText) insertLink(text.trim(), value)(view.state, view.dispatch);
    else setLink(value)(view.state, view.dispatch);
    onClose();
  }

  return (
    <dialog ref={dialogRef} className="link-dialog" aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      <form onSubmit={submit}>
        <h2 id={titleId}>{t('link.dialog')}</h2>
        {asksForText && (
          <>
            <label htmlFor={textId}>{t('link.text')}</label>
            <input
              id={textId}
              type="text"
              value={text}
              autoFocus
              aria-invalid={error === 'text'}
              aria-describedby={error === 'text' ? errorId : undefined}
              onChange={(e) => {
                setText(e.target.value);
                setError(null);
              }}
            />
          </>
        )}
        <label htmlFor={inputId}>{t('link.url')}</label>
        <input
          id={inputId}
          type="url"
          value={href}
          autoFocus={!asksForText}
          aria-invalid={error === 'url'}
          aria-describedby={error === 'url' ? errorId : undefined}
          onChange={(e) => {
            setHref(e.target.value);
            setError(null);
          }}
        />
        {error !== null && (
          <p id={errorId} className="field-error" role="alert">
            {error === 'text' ? t('link.textRequired') : t('link.invalid')}
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

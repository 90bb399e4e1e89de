/**
 * The modal frame both exchange dialogs share: a native <dialog> with its
 * heading and intro, Escape and "Stäng" closing it unless something is
 * under way (a half-read file is never abandoned by a stray key).
 */
import { useId, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalDialog } from '../app/use-modal-dialog.ts';

export function ExchangeFrame({ title, intro, busy, onClose, children }: { readonly title: string; readonly intro: string; readonly busy: boolean; readonly onClose: () => void; readonly children: ReactNode }): ReactElement {
  const { t } = useTranslation();
  const dialogRef = useModalDialog({ restoreFocus: true });
  const titleId = useId();
  return (
    <dialog
      ref={dialogRef}
      className="link-dialog exchange-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <p className="dialog-intro">{intro}</p>
      {children}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          {t('exchange.close')}
        </button>
      </div>
    </dialog>
  );
}

/**
 * "Öppna länken?": shows the whole address of a link in a chapter before it
 * is opened (link-open-plugin.ts says why). A modal <dialog>: Escape and
 * "Avbryt" close it without opening anything, and focus starts on "Avbryt",
 * so Enter pressed by habit does not open an unread address.
 */
import { useEffect, useId, useRef, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalDialog } from '../app/use-modal-dialog.ts';

interface Props {
  readonly href: string;
  readonly onClose: () => void;
}

export function LinkOpenDialog({ href, onClose }: Props): ReactElement {
  const { t } = useTranslation();
  const dialogRef = useModalDialog();
  const titleId = useId();
  const introId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  // After showModal (the effect above), which focuses the first button, and
  // React's autoFocus is not the attribute showModal looks for.
  useEffect(() => cancelRef.current?.focus(), []);

  return (
    <dialog ref={dialogRef} className="link-dialog" aria-labelledby={titleId} aria-describedby={introId} onClose={onClose} onCancel={onClose}>
      <h2 id={titleId}>{t('linkOpen.title')}</h2>
      <p id={introId} className="dialog-intro">
        {t('linkOpen.intro')}
      </p>
      <p className="mono link-open-address">{href}</p>
      <div className="dialog-actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            // Electron hands it to the system browser (navigation.ts); a browser opens a tab.
            window.open(href, '_blank', 'noopener,noreferrer');
            onClose();
          }}
        >
          {t('linkOpen.open')}
        </button>
        <button ref={cancelRef} type="button" className="button" onClick={onClose}>
          {t('linkOpen.cancel')}
        </button>
      </div>
    </dialog>
  );
}

/**
 * The modal shell of the sync dialogs (join, publish, invite, members), like
 * the link and profile dialogs: a native <dialog> shown modal, so focus stays
 * inside and Escape closes it; focus goes back where it was afterwards.
 */
import { useId, type ReactElement, type ReactNode } from 'react';
import { useModalDialog } from '../app/use-modal-dialog.ts';

interface Props {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly className?: string;
}

export function SyncDialog({ title, onClose, children, className }: Props): ReactElement {
  const dialogRef = useModalDialog({ restoreFocus: true });
  const titleId = useId();

  return (
    <dialog
      ref={dialogRef}
      className={`link-dialog sync-dialog ${className ?? ''}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

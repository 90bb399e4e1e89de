/**
 * The modal shell of the sync dialogs (join, publish, invite, members), like
 * the link and profile dialogs: a native <dialog> shown modal, so focus stays
 * inside and Escape closes it; focus goes back where it was afterwards.
 */
import { useEffect, useId, useRef, type ReactElement, type ReactNode } from 'react';

interface Props {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly className?: string;
}

export function SyncDialog({ title, onClose, children, className }: Props): ReactElement {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const returnFocus = useRef<Element | null>(null);

  useEffect(() => {
    returnFocus.current = document.activeElement;
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      const target = returnFocus.current;
      requestAnimationFrame(() => {
        const lost = document.activeElement === null || document.activeElement === document.body;
        if (lost && target instanceof HTMLElement && target.isConnected) target.focus();
      });
    };
  }, []);

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

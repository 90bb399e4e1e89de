/**
 * A native <dialog> shown modal as soon as it mounts: focus stays inside,
 * Escape fires `cancel`, and the rest of the page is inert.
 *
 * With `restoreFocus`, focus goes back to where it was when the dialog
 * opened, once the dialog has left the page (while it is open everything
 * outside is inert, so an earlier focus() would do nothing). It goes back
 * only if nothing else took it, e.g. a comment composer the dialog was
 * opened for, which focuses its own field.
 */
import { useEffect, useRef, type RefObject } from 'react';

export function useModalDialog(options: { readonly restoreFocus?: boolean } = {}): RefObject<HTMLDialogElement | null> {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const restoreFocus = options.restoreFocus ?? false;

  useEffect(() => {
    const returnTo = restoreFocus ? document.activeElement : null;
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    if (!restoreFocus) return undefined;
    return () => {
      requestAnimationFrame(() => {
        const lost = document.activeElement === null || document.activeElement === document.body;
        if (lost && returnTo instanceof HTMLElement && returnTo.isConnected) returnTo.focus();
      });
    };
  }, [restoreFocus]);

  return dialogRef;
}

/**
 * A form's call to the host (join a server, create an invitation): whether
 * it is under way, and the error to show, in the user's words
 * (sync-errors.ts). One place for the busy flag and the error, so every
 * sync form disables its button and says what went wrong alike.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { syncErrorText } from './sync-errors.ts';

export interface HostCall {
  readonly error: string | null;
  /** The id of the element that shows the error, for the fields' aria-describedby. */
  readonly errorId: string;
  readonly working: boolean;
  /** Shows a message of the form's own (a field left empty). */
  readonly setError: (message: string | null) => void;
  /**
   * Runs `action`, busy meanwhile. With `stayBusy`, the form stays busy
   * after a success (the dialog is about to close or move on).
   */
  readonly run: (action: () => Promise<void>, options?: { readonly stayBusy?: boolean }) => Promise<void>;
  /** A form's submit: shows `invalid` if there is one, else runs `action` as `run` does. */
  readonly submit: (event: FormEvent, invalid: string | null, action: () => Promise<void>, options?: { readonly stayBusy?: boolean }) => Promise<void>;
}

export function useHostCall(): HostCall {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const errorId = useId();
  const run = async (action: () => Promise<void>, options: { readonly stayBusy?: boolean } = {}): Promise<void> => {
    setWorking(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(syncErrorText(t, e));
      setWorking(false);
      return;
    }
    if (options.stayBusy !== true) setWorking(false);
  };
  const submit = async (event: FormEvent, invalid: string | null, action: () => Promise<void>, options: { readonly stayBusy?: boolean } = {}): Promise<void> => {
    event.preventDefault();
    if (invalid !== null) setError(invalid);
    else await run(action, options);
  };
  return { error, errorId, working, setError, run, submit };
}

/**
 * The steps of reading an exchange file, shared by "Importera ändringar"
 * (into the open plan) and "Öppna planfil" (a new plan): ask the host for
 * the file (the desktop's open dialog), or let the user pick it here when
 * the host has no dialog (the browser host answers `upload`); then show
 * what the host found, and import only when the user says so. Importing
 * into a shared plan can still be refused (by its sync server, or because
 * the server is out of reach): that shows as a refusal, and nothing is stored.
 */
import { useState } from 'react';
import type { ExchangeFileChoice, ImportOutcome } from '../../shared/host-api/host-api.ts';
import { useHost } from '../app/host-context.ts';

export type ImportStep =
  | { readonly kind: 'idle' }
  | { readonly kind: 'working' }
  | { readonly kind: 'upload' }
  | { readonly kind: 'checked'; readonly choice: Extract<ExchangeFileChoice, { outcome: 'ready' | 'refused' }> }
  /** `sentToServer`: a shared plan's sync server took the file first, in its signer's name. */
  | { readonly kind: 'imported'; readonly choice: Extract<ExchangeFileChoice, { outcome: 'ready' }>; readonly sentToServer: boolean }
  | { readonly kind: 'failed'; readonly error: unknown };

export interface ImportFlow {
  readonly step: ImportStep;
  /** Asks the host for a file (its dialog), or switches to picking one here. */
  choose(): Promise<void>;
  /** The file the user picked here. */
  read(file: File): Promise<void>;
  /** Imports the checked file; `onImported` gets what the host stored. */
  confirm(): Promise<void>;
  reset(): void;
}

export function useImportFlow(planId: string | null, onImported: (outcome: ImportOutcome) => void): ImportFlow {
  const host = useHost();
  const [step, setStep] = useState<ImportStep>({ kind: 'idle' });

  const inspect = async (data?: Uint8Array): Promise<void> => {
    setStep({ kind: 'working' });
    try {
      const choice = await host.inspectExchangeFile(data === undefined ? { planId } : { planId, data });
      if (choice.outcome === 'cancelled') setStep({ kind: 'idle' });
      else if (choice.outcome === 'upload') setStep({ kind: 'upload' });
      else setStep({ kind: 'checked', choice });
    } catch (error) {
      setStep({ kind: 'failed', error });
    }
  };

  return {
    step,
    choose: () => inspect(),
    read: async (file) => inspect(new Uint8Array(await file.arrayBuffer())),
    confirm: async () => {
      if (step.kind !== 'checked' || step.choice.outcome !== 'ready') return;
      const choice = step.choice;
      setStep({ kind: 'working' });
      try {
        const result = await host.importExchangeFile({ fileId: choice.fileId });
        // A shared plan's sync server refused the file, or was out of reach
        // for one only it can take: shown like a refusal at inspection.
        if (result.outcome === 'refused') {
          setStep({ kind: 'checked', choice: result });
          return;
        }
        onImported(result);
        setStep({ kind: 'imported', choice, sentToServer: result.sentToServer });
      } catch (error) {
        setStep({ kind: 'failed', error });
      }
    },
    reset: () => setStep({ kind: 'idle' }),
  };
}

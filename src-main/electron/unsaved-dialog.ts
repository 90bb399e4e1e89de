/**
 * The question asked when a window is closed while some changes have not
 * reached the disk yet. The renderer signals this with `beforeunload`
 * (PlanView); Electron then emits `will-prevent-unload`, and only main can
 * show a native dialog. Saves take milliseconds, so this is rare, but when it
 * happens the user decides: nothing is dropped silently.
 */
import type { Language } from '../../shared/host-api/host-api.ts';

const TEXT = {
  sv: {
    message: 'Alla ändringar är inte sparade ännu.',
    detail: 'Om du stänger nu kan de senaste ändringarna gå förlorade. Vänta ett ögonblick och försök igen.',
    stay: 'Stanna kvar',
    leave: 'Stäng ändå',
  },
  en: {
    message: 'Not all changes have been saved yet.',
    detail: 'If you close now, the latest changes may be lost. Wait a moment and try again.',
    stay: 'Stay',
    leave: 'Close anyway',
  },
} as const;

export interface UnsavedDialogOptions {
  readonly type: 'warning';
  readonly buttons: string[];
  readonly defaultId: number;
  readonly cancelId: number;
  readonly message: string;
  readonly detail: string;
  readonly noLink: true;
}

/** Button 0 stays (the default and the Escape answer); button 1 leaves. */
export const LEAVE_BUTTON = 1;

export function unsavedDialogOptions(language: Language): UnsavedDialogOptions {
  const text = TEXT[language];
  return { type: 'warning', buttons: [text.stay, text.leave], defaultId: 0, cancelId: 0, message: text.message, detail: text.detail, noLink: true };
}

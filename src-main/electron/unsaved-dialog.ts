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
    message: 'Alla ändringar är inte sparade eller skickade ännu.',
    detail:
      'Ändringar som ännu inte är sparade på datorn kan gå förlorade om du stänger nu. Ändringar som är sparade men inte skickade till servern skickas nästa gång du öppnar planen med nätverk. Vänta ett ögonblick och försök igen.',
    stay: 'Stanna kvar',
    leave: 'Stäng ändå',
  },
  en: {
    message: 'Not all changes have been saved or sent yet.',
    detail:
      'Changes not yet saved on this computer may be lost if you close now. Changes that are saved but not yet sent to the server are sent the next time you open the plan with a network. Wait a moment and try again.',
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

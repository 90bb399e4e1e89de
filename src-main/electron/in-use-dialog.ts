/**
 * What the desktop app says when its plans are already open in another
 * Samskriv (src-main/host/data-dir-lock.ts). It is shown before the store is
 * read, so the language preference is unknown: Swedish first, then English.
 */
export interface InUseMessage {
  readonly title: string;
  readonly content: string;
}

export function dataDirInUseMessage(): InUseMessage {
  return {
    title: 'Samskriv är redan öppet – Samskriv is already open',
    content:
      'Planerna på den här datorn är redan öppna i ett annat Samskriv-fönster eller i Samskriv i webbläsaren. ' +
      'Använd det, eller stäng det och starta Samskriv igen.\n\n' +
      'The plans on this computer are already open in another Samskriv window or in Samskriv in a browser. ' +
      'Use that one, or close it and start Samskriv again.',
  };
}

/**
 * One polite live region for the whole app: screen readers hear
 * "Kommentaren skickades" after the current sentence, without losing their
 * place. Repeating the same words is announced again (the text is cleared
 * first), so a second reply is heard as well as the first.
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react';

type Announce = (message: string) => void;

const AnnouncerContext = createContext<Announce | null>(null);

export function useAnnounce(): Announce {
  const announce = useContext(AnnouncerContext);
  if (announce === null) throw new Error('useAnnounce() outside <AnnouncerProvider>');
  return announce;
}

export function AnnouncerProvider({ children }: { readonly children: ReactNode }): ReactElement {
  const [message, setMessage] = useState('');
  const frame = useRef(0);
  const announce = useCallback<Announce>((next) => {
    setMessage('');
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => setMessage(next));
  }, []);
  const value = useMemo(() => announce, [announce]);
  return (
    <AnnouncerContext.Provider value={value}>
      {children}
      <div className="visually-hidden" role="status" aria-live="polite" data-announcer="">
        {message}
      </div>
    </AnnouncerContext.Provider>
  );
}

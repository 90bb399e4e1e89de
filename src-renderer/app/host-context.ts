/** Makes the HostApi available to components without threading it through props. */
import { createContext, useContext } from 'react';
import type { HostApi } from '../../shared/host-api/host-api.ts';

export const HostContext = createContext<HostApi | null>(null);

export function useHost(): HostApi {
  const host = useContext(HostContext);
  if (host === null) throw new Error('useHost() outside <HostContext.Provider>');
  return host;
}

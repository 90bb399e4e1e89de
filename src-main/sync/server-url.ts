/**
 * The sync server's address as the user typed it, checked and normalised.
 * The same server must always get the same string, because it keys the
 * stored link: `https://Samskriv.example.se/` and `https://samskriv.example.se`
 * are one server.
 */
import { HostError } from '../../shared/host-api/host-error.ts';

export interface ServerAddress {
  /** `https://host[:port][/path]`, without a trailing slash. */
  readonly base: string;
  /** The same server as `ws:`/`wss:`. */
  readonly websocket: string;
}

export function parseServerUrl(input: string): ServerAddress {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new HostError('invalid-argument', 'serverUrl: must be a URL such as https://samskriv.example.se', 'serverUrl');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HostError('invalid-argument', 'serverUrl: must start with https:// or http://', 'serverUrl');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new HostError('invalid-argument', 'serverUrl: must not contain a user name, password, query or fragment', 'serverUrl');
  }
  const path = url.pathname.replace(/\/+$/, '');
  const base = `${url.origin}${path}`;
  const websocket = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}${path}`;
  return { base, websocket };
}

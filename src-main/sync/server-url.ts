/**
 * The sync server's address as the user typed it, checked and normalised.
 * The same server must always get the same string, because it keys the
 * stored link: `https://Samskriv.example.se/` and `https://samskriv.example.se`
 * are one server.
 *
 * Invitation codes, publish codes and member tokens travel to this address,
 * so a server on another computer must be reached over TLS (issue 11,
 * finding 7): `http:` is accepted only for a server on this computer
 * (127.0.0.0/8, ::1, localhost), which is how `npm run server` serves it,
 * unless Samskriv was started with `--insecure` for a test lab
 * (transport-policy.ts).
 */
import { HostError } from '../../shared/host-api/host-error.ts';
import type { TransportPolicy } from './transport-policy.ts';

export interface ServerAddress {
  /** `https://host[:port][/path]`, without a trailing slash. */
  readonly base: string;
  /** The same server as `ws:`/`wss:`. */
  readonly websocket: string;
}

const SECURE: TransportPolicy = { allowInsecure: false };

export function parseServerUrl(input: string, policy: TransportPolicy = SECURE): ServerAddress {
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
  requireSecureTransport(url, policy);
  const path = url.pathname.replace(/\/+$/, '');
  const base = `${url.origin}${path}`;
  const websocket = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}${path}`;
  return { base, websocket };
}

/**
 * Refuses a plain `http:`/`ws:` address of another computer, before anything
 * is sent to it. Also used for the addresses stored with a plan's link, which
 * may predate this rule or have been written by hand.
 */
export function requireSecureTransport(address: string | URL, policy: TransportPolicy): void {
  let url: URL;
  try {
    url = typeof address === 'string' ? new URL(address) : address;
  } catch {
    throw new HostError('invalid-argument', 'serverUrl: must be a URL such as https://samskriv.example.se', 'serverUrl');
  }
  if (url.protocol === 'https:' || url.protocol === 'wss:') return;
  if ((url.protocol === 'http:' || url.protocol === 'ws:') && (policy.allowInsecure || isLoopback(url.hostname))) return;
  throw new HostError(
    'server-refused',
    `${url.protocol}//${url.host} is not encrypted: a sync server on another computer must be reached with https:// (start Samskriv with --insecure only in a test lab).`,
    'insecure-server',
  );
}

/** The WHATWG URL parser has already normalised `127.1`, `0x7f.0.0.1` and `[0:0::1]`. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

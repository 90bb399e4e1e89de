/**
 * A drafter types the server's address as IT wrote it in an e-mail, often
 * without "https://". The host adds the scheme (https, or http for a server
 * on this computer) instead of refusing the address, and when it does refuse
 * one, the error names the field so the app can say which one in words.
 */
import { describe, expect, it } from 'vitest';
import { createHostDispatch } from '../../../src-main/host/host-dispatch.ts';
import { parseServerUrl } from '../../../src-main/sync/server-url.ts';
import type { HostApi } from '../../../shared/host-api/host-api.ts';
import { HOST_ARG_SCHEMAS, withDefaultScheme } from '../../../shared/host-api/host-api-schema.ts';

const CODE = 'ABCD-EFGH';

function joinArgs(serverUrl: string): unknown {
  return HOST_ARG_SCHEMAS.joinPlan.parse([{ serverUrl, code: CODE }])[0].serverUrl;
}

describe('a server address without a scheme', () => {
  it('"server.myndighet.se:4470" is taken as https, and its WebSocket as wss', () => {
    expect(joinArgs('server.myndighet.se:4470')).toBe('https://server.myndighet.se:4470');
    expect(parseServerUrl(withDefaultScheme('server.myndighet.se:4470'))).toEqual({
      base: 'https://server.myndighet.se:4470',
      websocket: 'wss://server.myndighet.se:4470',
    });
  });

  it('a server on this computer is taken as http, as `npm run server` serves it', () => {
    expect(joinArgs('localhost:4470')).toBe('http://localhost:4470');
    expect(joinArgs('127.0.0.1:4470')).toBe('http://127.0.0.1:4470');
  });

  it('keeps a path and surrounding spaces do not matter', () => {
    expect(joinArgs('  samskriv.myndighet.se/plan-server ')).toBe('https://samskriv.myndighet.se/plan-server');
  });

  it('leaves an address with its own scheme as typed', () => {
    expect(joinArgs('http://server.myndighet.se:4470')).toBe('http://server.myndighet.se:4470');
    expect(joinArgs('https://server.myndighet.se')).toBe('https://server.myndighet.se');
  });

  it('still refuses what is no address: a single word, spaces inside, another scheme', () => {
    for (const serverUrl of ['samskriv', 'server myndighet.se', 'ftp://server.myndighet.se']) {
      expect(HOST_ARG_SCHEMAS.joinPlan.safeParse([{ serverUrl, code: CODE }]).success, serverUrl).toBe(false);
    }
  });
});

describe('a refused argument', () => {
  const dispatch = createHostDispatch({} as HostApi, () => undefined);

  it('names the field in `reason`, for the app to explain in words', async () => {
    const response = await dispatch('publishPlan', [{ planId: '0f8fad5b-d9cb-469f-a165-70867728950e', serverUrl: 'server myndighet', code: CODE }]);
    expect(response).toMatchObject({ ok: false, error: { code: 'invalid-argument', reason: 'serverUrl' } });
  });

  it('from the server address check in main names the field too', () => {
    expect(() => parseServerUrl('https://anna:hemligt@server.myndighet.se')).toThrow(expect.objectContaining({ code: 'invalid-argument', reason: 'serverUrl' }));
  });
});

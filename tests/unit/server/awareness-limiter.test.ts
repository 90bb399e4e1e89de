/**
 * The awareness limits of one socket (src-server/guard/awareness-limiter.ts),
 * with the clock in the test's hand. The flood against a real server is
 * awareness-flood.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { AwarenessLimiter, type AwarenessEntry, type AwarenessLimits } from '../../../src-server/guard/awareness-limiter.ts';

const LIMITS: AwarenessLimits = { framesPerSecond: 20, burst: 60, maxClientIds: 4, maxRemovedClientIds: 256, maxStateBytes: 8 * 1024 };
const DOC = 'plan/a';

const state = (clientId: number, stateBytes = 40): AwarenessEntry => ({ clientId, stateBytes, removal: false });
const removal = (clientId: number): AwarenessEntry => ({ clientId, stateBytes: 4, removal: true });

describe('awareness limits', () => {
  it('let a burst of 60 frames through, drop the next, and let one more through every 50 ms', () => {
    const limiter = new AwarenessLimiter(LIMITS);
    const kinds = Array.from({ length: 61 }, () => limiter.admitFrame('s', DOC, 0).kind);
    expect(kinds.filter((kind) => kind === 'pass')).toHaveLength(60);
    expect(kinds.at(-1)).toBe('drop');
    expect(limiter.admitFrame('s', DOC, 50).kind).toBe('pass');
    expect(limiter.admitFrame('s', DOC, 50).kind).toBe('drop');
  });

  it('count each socket and document on its own', () => {
    const limiter = new AwarenessLimiter(LIMITS);
    for (let i = 0; i < 60; i++) limiter.admitFrame('s', DOC, 0);
    expect(limiter.admitFrame('s', DOC, 0).kind).toBe('drop');
    expect(limiter.admitFrame('s', 'plan/b', 0).kind).toBe('pass');
    expect(limiter.admitFrame('t', DOC, 0).kind).toBe('pass');
  });

  it('log a run of drops once a second, with how many were dropped', () => {
    const limiter = new AwarenessLimiter({ ...LIMITS, burst: 1, framesPerSecond: 0 });
    limiter.admitFrame('s', DOC, 0);
    const logs = [0, 100, 200, 1_100].map((now) => limiter.admitFrame('s', DOC, now)).map((verdict) => (verdict.kind === 'drop' ? verdict.log : 'passed'));
    expect(logs).toEqual([{ dropped: 1 }, null, null, { dropped: 3 }]);
  });

  it('refuse states for a fifth client id on one document', () => {
    const limiter = new AwarenessLimiter(LIMITS);
    expect(limiter.admitEntries('s', DOC, [state(1), state(2), state(3), state(4)], 0).kind).toBe('pass');
    expect(limiter.admitEntries('s', DOC, [state(1)], 0).kind).toBe('pass');
    expect(limiter.admitEntries('s', DOC, [state(5)], 0)).toMatchObject({ kind: 'refuse', refusal: 'awareness-too-many-clients' });
  });

  it('refuse a state above 8 KiB', () => {
    const limiter = new AwarenessLimiter(LIMITS);
    expect(limiter.admitEntries('s', DOC, [state(1, 8 * 1024 + 1)], 0)).toMatchObject({ kind: 'refuse', refusal: 'awareness-state-too-large' });
  });

  it('pass removals of other clients a provider timed out, and drop them past 256 ids', () => {
    const limiter = new AwarenessLimiter(LIMITS);
    expect(limiter.admitEntries('s', DOC, [state(1), ...Array.from({ length: 256 }, (_, i) => removal(100 + i))], 0).kind).toBe('pass');
    expect(limiter.admitEntries('s', DOC, [removal(1)], 0).kind).toBe('pass');
    expect(limiter.admitEntries('s', DOC, [removal(9_999)], 0)).toMatchObject({ kind: 'drop', why: 'removals' });
  });
});

/** Who is in the plan, from untrusted awareness states, and the status summary. */
import { describe, expect, it } from 'vitest';
import { isRemoteCursorState, readPresence } from '../../../src-renderer/sync/presence.ts';
import { summarise } from '../../../src-renderer/sync/sync-status.ts';

const anna = { id: 'm-anna', name: 'Anna Berg', agency: 'af', role: 'coordinator' };
const omar = { id: 'm-omar', name: 'Omar Said', agency: 'migr', role: 'drafter' };

describe('presence', () => {
  it('lists the others once each, by name, with their chapter, and leaves out malformed states', () => {
    const states = new Map<number, unknown>([
      [1, { member: anna, chapterId: null }],
      [2, { member: omar, chapterId: 'c1' }],
      [3, { member: omar, chapterId: 'c2' }], // Omar's second computer
      [4, { member: { ...anna, id: 'me' }, chapterId: 'c1' }], // my other window
      [5, { member: { ...omar, agency: 'nasa' } }],
      [6, { member: { ...omar, name: '' } }],
      [7, 'not an object'],
      [8, { chapterId: 'c1' }],
      [9, { member: anna, chapterId: 'c9' }], // me, this window
    ]);
    expect(readPresence(states, 9, 'me')).toEqual([
      { member: anna, chapterId: null },
      { member: omar, chapterId: 'c1' },
    ]);
  });

  it('draws only cursors with a member and well-formed positions', () => {
    const cursor = { anchor: { type: { client: 1, clock: 2 }, tname: null, item: { client: 1, clock: 3 }, assoc: 0 }, head: { item: null } };
    expect(isRemoteCursorState({ member: anna, cursor })).toBe(true);
    expect(isRemoteCursorState({ member: anna, cursor: null })).toBe(true);
    expect(isRemoteCursorState({ cursor })).toBe(false);
    expect(isRemoteCursorState({ member: anna, cursor: { anchor: null, head: null } })).toBe(false);
    expect(isRemoteCursorState({ member: anna, cursor: { anchor: { item: { client: 'x', clock: 1 } }, head: {} } })).toBe(false);
  });
});

describe('sync status', () => {
  const doc = (pending: number | null, settled = true, chapterId: string | null = null) => ({ chapterId, authenticated: true, settled, pending });
  it('is synced only when connected, settled everywhere and nothing waits', () => {
    expect(summarise({ socket: 'open', stop: null, docs: [doc(0), doc(0)] }).kind).toBe('synced');
    expect(summarise({ socket: 'open', stop: null, docs: [doc(0), doc(0, false)] }).kind).toBe('syncing');
    expect(summarise({ socket: 'open', stop: null, docs: [doc(0), doc(2)] })).toMatchObject({ kind: 'syncing', pending: 2, reason: null });
  });
  it('is offline with the sum waiting, or unknown when any doc is unknown', () => {
    expect(summarise({ socket: 'closed', stop: null, docs: [doc(3), doc(4)] })).toMatchObject({ kind: 'offline', pending: 7, reason: null });
    expect(summarise({ socket: 'closed', stop: null, docs: [doc(3), doc(null)] }).pending).toBeNull();
  });
  it('tells, per chapter, what waits there, leaving out the manifest and chapters with nothing waiting', () => {
    const status = summarise({ socket: 'closed', stop: null, docs: [doc(2), doc(5, true, 'c1'), doc(0, true, 'c2'), doc(null, true, 'c3')] });
    expect([...status.chapters]).toEqual([
      ['c1', 5],
      ['c3', null],
    ]);
  });
  it('says denied over everything else', () => {
    expect(summarise({ socket: 'open', stop: { kind: 'denied', reason: 'member-revoked' }, docs: [doc(0)] }).kind).toBe('denied');
  });
});

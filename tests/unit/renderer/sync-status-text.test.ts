/**
 * The status bar of a shared plan, offline: it says in how many chapters
 * changes wait, not how many Yjs items — one sentence and an Enter used to
 * read "Offline – 649 ändringar väntar".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { remoteRefusedText, syncText } from '../../../src-renderer/status/SyncState.tsx';
import type { SyncStatus } from '../../../src-renderer/sync/sync-status.ts';
import { translatorFor } from '../../support/translator.ts';

let t: Parameters<typeof syncText>[0];

beforeAll(async () => {
  t = (await translatorFor('sv')) as unknown as typeof t;
});

function offline(pending: number | null, chapters: [string, number | null][]): SyncStatus {
  return { kind: 'offline', pending, reason: null, chapters: new Map(chapters), remoteRefused: null };
}

describe('offline, the status bar says', () => {
  it('in how many chapters changes wait, however many Yjs items they are', () => {
    expect(syncText(t, offline(649, [['kapitel-1', 600], ['kapitel-2', 49]]))).toBe('Offline – ändringar i 2 kapitel väntar');
  });

  it('one chapter', () => {
    expect(syncText(t, offline(12, [['kapitel-1', 12]]))).toBe('Offline – ändringar i 1 kapitel väntar');
  });

  it('the plan title or chapter list, when only they wait', () => {
    expect(syncText(t, offline(3, []))).toBe('Offline – ändringar i planens titel eller kapitellista väntar');
  });

  it('that nothing waits', () => {
    expect(syncText(t, offline(0, []))).toBe('Offline – inga ändringar väntar');
  });

  it('never a number of changes', () => {
    for (const status of [offline(649, [['a', 649]]), offline(null, [['a', null]]), offline(5, [])]) expect(syncText(t, status)).not.toMatch(/\d+ ändring/);
  });
});

describe('after refusing another member\'s change, the status bar says', () => {
  it('that a change in a chapter nested too deep was not taken in, and that the rest syncs', () => {
    expect(remoteRefusedText(t, { chapterId: 'kapitel-1', refusal: 'block-too-deep' })).toBe(
      'En ändring från en annan medlem i ett kapitel togs inte emot: den var nästlad djupare än någon plan kan vara. Allt annat synkas som vanligt. Kontakta support och nämn: block-too-deep',
    );
  });

  it('the same in English', async () => {
    const english = (await translatorFor('en')) as unknown as typeof t;
    expect(remoteRefusedText(english, { chapterId: null, refusal: 'too-many-nodes' })).toBe(
      'A change from another member to the plan title or chapter list was not accepted: it was larger than any plan can be. Everything else syncs as usual. Contact support and mention: too-many-nodes',
    );
  });
});

describe('after the server refused a change the role does not allow (4422), the status bar says', () => {
  const refused = (reason: string): SyncStatus => ({ kind: 'refused', pending: 1, reason, chapters: new Map(), remoteRefused: null });

  it('in Swedish what the role does not allow, and that the change is kept', () => {
    expect(syncText(t, refused('rule refused: thread-not-permitted: Fia Karlsson (drafter, fk) may not edit or delete another member’s message'))).toBe(
      'Servern tog inte emot en ändring: din roll får inte göra så med kommentaren. Bara den som skrev ett inlägg kan ändra eller ta bort det. Synkningen har stoppats, och ändringen finns kvar på den här datorn. Be samordnaren om hjälp om ändringen behövs.',
    );
  });

  it('any other refusal still with the reason for support', () => {
    expect(syncText(t, refused('update rejected: too-deep: 40 levels'))).toContain('Kontakta support och nämn: update rejected: too-deep');
  });
});

describe('after the coordinator changed the member’s role while connected (4409), the status bar says', () => {
  it('in Swedish that the role changed, that syncing stopped and that the changes are kept', () => {
    const status: SyncStatus = { kind: 'denied', pending: 0, reason: 'role-changed', chapters: new Map(), remoteRefused: null };
    expect(syncText(t, status)).toBe(
      'Ingen åtkomst till servern: Samordnaren har ändrat din roll i planen, så synkningen har stoppats. Fråga samordnaren vad du nu får göra i planen. Ändringarna finns kvar på den här datorn.',
    );
  });
});

/**
 * Issue 11, finding 1: one drafter's update must not be able to build what
 * breaks everyone else's editor. The server's guard places each update in
 * the real document (shared/doc-limits/) and refuses one that nests deeper
 * than any Samskriv document does; the refused update never reaches the
 * other clients, who keep syncing.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOC_LIMITS } from '../../../shared/doc-limits/doc-limits.ts';
import { chapterDocName } from '../../../shared/plan/doc-names.ts';
import { CLOSE } from '../../../shared/sync-protocol/close-codes.ts';
import { authAnswer, authFrame, connectClient, isSettled, openRawClient, updateFrame, waitUntil, type TestClient } from '../../support/sync-client.ts';
import { serverWithPlanForTests } from '../../support/server-with-plan.ts';

const sync = serverWithPlanForTests('limits', { args: ['--lab-no-rule-guard'] });
let drafterToken: string;

beforeAll(async () => {
  drafterToken = (await sync.plan.addMember('Omar Said', 'migr', 'drafter')).token;
});

/** The updates of `levels` Y.Maps nested under the root map `m`, each level its own update unless `oneUpdate`. */
function nestedMaps(levels: number, oneUpdate: boolean): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const build = (): void => {
    let map = doc.getMap('m');
    for (let i = 0; i < levels; i++) {
      const child = new Y.Map<unknown>();
      map.set('x', child);
      map = child;
    }
  };
  if (oneUpdate) doc.transact(build);
  else build();
  return updates;
}

/** How deep the maps under `m` go in `doc` (the root map is 1). */
function mapDepth(doc: Y.Doc): number {
  let depth = 1;
  for (let map = doc.getMap('m').get('x'); map instanceof Y.Map; map = map.get('x')) depth++;
  return depth;
}

/** A chapter with another member (the bystander) in it. */
async function bystanderIn(doc: string): Promise<TestClient> {
  const bystander = connectClient(sync.server.wsUrl, doc, sync.plan.coordinatorToken);
  bystander.doc.getText('t').insert(0, 'Orörd text.');
  await waitUntil(() => isSettled(bystander), 'the bystander is synced');
  return bystander;
}

/** Sends `updates` in order as the drafter; resolves with the close, or null if the socket stayed open. */
async function sendAsDrafter(doc: string, updates: readonly Uint8Array[]): Promise<{ code: number; reason: string } | null> {
  const raw = await openRawClient(sync.server.wsUrl);
  raw.send(authFrame(doc, drafterToken));
  expect(await authAnswer(raw)).toBe('authenticated');
  for (const update of updates) raw.send(updateFrame(doc, update));
  const closed = await Promise.race([raw.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 3_000))]);
  raw.socket.close();
  return closed;
}

/** A later edit still reaches the bystander, so its sync did not stop. */
async function expectStillSyncing(doc: string, bystander: TestClient): Promise<void> {
  const other = connectClient(sync.server.wsUrl, doc, drafterToken);
  await waitUntil(() => isSettled(other), 'a new client is synced');
  other.doc.getText('t').insert(0, 'Efteråt: ');
  await waitUntil(() => bystander.doc.getText('t').toString() === 'Efteråt: Orörd text.', 'a later edit reaches the bystander');
  other.destroy();
}

describe('sync server: structural limits', () => {
  it('10,000 nested maps in one update are refused with the reason, and never reach the bystander', async () => {
    const doc = chapterDocName(sync.plan.planId, randomUUID());
    const bystander = await bystanderIn(doc);
    const closed = await sendAsDrafter(doc, nestedMaps(10_000, true));
    expect(closed?.code).toBe(CLOSE.badMessage);
    expect(closed?.reason).toMatch(/^update rejected: too-deep: /);
    await expectStillSyncing(doc, bystander);
    expect(bystander.doc.getMap('m').size).toBe(0);
    expect(sync.server.logs().some((record) => record['event'] === 'message-refused' && String(record['reason']).includes('too-deep'))).toBe(true);
    bystander.destroy();
  });

  it('nesting one level per update stops at the limit: the bystander never holds a deeper document', async () => {
    const doc = chapterDocName(sync.plan.planId, randomUUID());
    const bystander = await bystanderIn(doc);
    const closed = await sendAsDrafter(doc, nestedMaps(DOC_LIMITS.maxTypeDepth + 10, false));
    expect(closed?.code).toBe(CLOSE.badMessage);
    expect(closed?.reason).toMatch(/^update rejected: too-deep: /);
    await expectStillSyncing(doc, bystander);
    expect(mapDepth(bystander.doc)).toBe(DOC_LIMITS.maxTypeDepth);
    bystander.destroy();
  });
});

/**
 * Issue 11, finding 2: an awareness flood from any member, a reader too,
 * must not stall the server. The flood of the probe (2,000 frames × 1,000
 * client ids) closes the sender at its first frame; a flood of well-formed
 * frames is dropped above the rate and logged; /health keeps answering
 * quickly throughout, and the others' edits keep arriving.
 * bench/awareness-flood.ts measures the same flood in detail.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { chapterDocName } from '../../../shared/plan/doc-names.ts';
import { CLOSE } from '../../../shared/sync-protocol/close-codes.ts';
import { floodAwareness } from '../../support/awareness-flood.ts';
import { connectClient, isSettled, waitUntil } from '../../support/sync-client.ts';
import { serverWithPlanForTests } from '../../support/server-with-plan.ts';

/**
 * The budget is 100 ms (bench/awareness-flood.ts reports the figure); the
 * test allows five times that for a loaded CI machine. Without the limits
 * the probe saw 5.7 s.
 */
const HEALTH_BOUND_MS = 500;

const sync = serverWithPlanForTests('flood', { args: ['--lab-no-rule-guard'] });
let readerToken: string;

beforeAll(async () => {
  readerToken = (await sync.plan.addMember('Lena Ek', 'fk', 'reader')).token;
});

describe('sync server: awareness flood', () => {
  it('2,000 frames × 1,000 client ids from a reader close the reader, and /health stays fast', async () => {
    const doc = chapterDocName(sync.plan.planId, randomUUID());
    const bystander = connectClient(sync.server.wsUrl, doc, sync.plan.coordinatorToken);
    await waitUntil(() => isSettled(bystander), 'the bystander is synced');
    const result = await floodAwareness({ wsUrl: sync.server.wsUrl, httpUrl: sync.server.url, docName: doc, token: readerToken, frames: 2_000, clientIds: 1_000 });
    console.log(`flood of 1,000 ids: ${result.framesSent} frames sent, /health max ${Math.round(Math.max(...result.healthMs))} ms over ${result.healthMs.length} requests`);
    expect(Math.max(...result.healthMs)).toBeLessThan(HEALTH_BOUND_MS);
    expect(result.closed?.code).toBe(CLOSE.badMessage);
    expect(result.closed?.reason).toMatch(/^awareness refused: awareness-too-many-clients/);
    // The bystander never saw the flood's states.
    expect(bystander.provider.awareness!.getStates().size).toBeLessThanOrEqual(2);
    bystander.doc.getText('t').insert(0, 'Efter floden');
    await waitUntil(() => isSettled(bystander), 'the bystander still syncs');
    bystander.destroy();
  });

  it('2,000 well-formed frames are dropped above the rate and logged, without closing the sender', async () => {
    const doc = chapterDocName(sync.plan.planId, randomUUID());
    const result = await floodAwareness({ wsUrl: sync.server.wsUrl, httpUrl: sync.server.url, docName: doc, token: readerToken, frames: 2_000, clientIds: 1 });
    console.log(`flood of 1 id: /health max ${Math.round(Math.max(...result.healthMs))} ms over ${result.healthMs.length} requests`);
    expect(result.closed).toBeNull();
    expect(Math.max(...result.healthMs)).toBeLessThan(HEALTH_BOUND_MS);
    const dropped = sync.server.logs().filter((record) => record['event'] === 'awareness-dropped' && record['document'] === doc);
    // Logged at most once a second per document, so a short flood shows as its first drop.
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped[0]).toMatchObject({ why: 'rate' });
  });
});

/**
 * Malformed and hostile messages from an authenticated writer: each one
 * closes that client's connection with a clear reason, while the document
 * and the other clients carry on unharmed.
 */
import { randomUUID } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { chapterDocName } from '../../../shared/plan/doc-names.ts';
import { UpdateChecker } from '../../../src-server/guard/update-checker.ts';
import { authAnswer, authFrame, connectClient, isSettled, openRawClient, updateFrame, waitUntil, type TestClient } from '../../support/sync-client.ts';
import { serverWithPlanForTests } from '../../support/server-with-plan.ts';
import { runLengthBomb } from '../../support/hostile-updates.ts';
import { seededRandom } from '../../support/seeded-random.ts';

const sync = serverWithPlanForTests('hostile', { args: ['--lab-no-rule-guard'] });

function randomBytes(seed: number, length: number): Uint8Array {
  const next = seededRandom(seed);
  return Uint8Array.from({ length }, () => Math.floor(next() * 256));
}

function realUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'en helt vanlig mening som blir avklippt');
  return Y.encodeStateAsUpdate(doc);
}

interface Scene {
  doc: string;
  bystander: TestClient;
}

/** A chapter with content, and another drafter (a bystander) working in it. */
async function scene(): Promise<Scene> {
  const doc = chapterDocName(sync.plan.planId, randomUUID());
  const bystander = connectClient(sync.server.wsUrl, doc, sync.plan.coordinatorToken);
  bystander.doc.getText('t').insert(0, 'Orörd text.');
  await waitUntil(() => isSettled(bystander), 'the bystander is synced');
  return { doc, bystander };
}

/** Sends `message` as an authenticated writer and returns how the server closed the connection. */
async function sendHostile(doc: string, message: (doc: string) => Uint8Array): Promise<{ code: number; reason: string }> {
  const raw = await openRawClient(sync.server.wsUrl);
  raw.send(authFrame(doc, sync.plan.coordinatorToken));
  expect(await authAnswer(raw)).toBe('authenticated');
  raw.send(message(doc));
  return raw.closed;
}

/** The document still holds exactly the bystander's text, and a new edit still reaches everyone. */
async function expectUnharmed({ doc, bystander }: Scene): Promise<void> {
  expect(bystander.socket.status).toBe('connected');
  const other = connectClient(sync.server.wsUrl, doc, sync.plan.coordinatorToken);
  await waitUntil(() => isSettled(other), 'a new client is synced');
  expect(other.doc.getText('t').toString()).toBe('Orörd text.');
  other.doc.getText('t').insert(0, 'Efteråt: ');
  await waitUntil(() => bystander.doc.getText('t').toString() === 'Efteråt: Orörd text.', 'a later edit reaches the bystander');
  other.destroy();
  bystander.destroy();
  const health = await fetch(`${sync.server.url}/health`);
  expect(health.status).toBe(200);
}

describe('sync server: hostile input', () => {
  it('a zero-length update (yjs#498) closes only that connection', async () => {
    const s = await scene();
    expect(await sendHostile(s.doc, (doc) => updateFrame(doc, new Uint8Array()))).toEqual({ code: 4400, reason: 'update rejected: empty update (yjs#498)' });
    await expectUnharmed(s);
  });

  it('a truncated update closes only that connection', async () => {
    const s = await scene();
    const update = realUpdate();
    const closed = await sendHostile(s.doc, (doc) => updateFrame(doc, update.slice(0, update.length - 5)));
    expect(closed.code).toBe(4400);
    expect(closed.reason).toMatch(/^update rejected: update cannot be (decoded|applied)/);
    await expectUnharmed(s);
  });

  it('random bytes as an update close only that connection', async () => {
    const seed = 20251123;
    console.log(`random update bytes, seed ${seed}`);
    const s = await scene();
    const closed = await sendHostile(s.doc, (doc) => updateFrame(doc, randomBytes(seed, 200)));
    expect(closed.code).toBe(4400);
    expect(closed.reason).toMatch(/^update rejected: /);
    await expectUnharmed(s);
  });

  it('a frame of random bytes closes only that connection', async () => {
    const seed = 77;
    console.log(`random frame bytes, seed ${seed}`);
    const s = await scene();
    const closed = await sendHostile(s.doc, () => randomBytes(seed, 300));
    expect(closed.code).toBe(4400);
    expect(closed.reason).toMatch(/^malformed message: /);
    await expectUnharmed(s);
  });

  it('a run-length bomb claiming 2^52 operations (yjs#687) closes only that connection', async () => {
    const s = await scene();
    expect(await sendHostile(s.doc, (doc) => updateFrame(doc, runLengthBomb()))).toEqual({
      code: 4400,
      reason: 'update rejected: update claims a run beyond clock 2^31 (run-length bomb, yjs#687)',
    });
    await expectUnharmed(s);
  });

  it('the v2 run-length payload from yjs#687 does no harm on the v1 wire', async () => {
    // Hocuspocus decodes v1 only; read as v1 these bytes are an empty update.
    const s = await scene();
    const raw = await openRawClient(sync.server.wsUrl);
    raw.send(authFrame(s.doc, sync.plan.coordinatorToken));
    expect(await authAnswer(raw)).toBe('authenticated');
    raw.send(updateFrame(s.doc, Buffer.from('00010000000001000100010200001602000001fdffffffff7f0000', 'hex')));
    await new Promise((resolve) => setTimeout(resolve, 300));
    raw.socket.close();
    await expectUnharmed(s);
  });

  it('a message above the size limit closes that connection with 1009 (message too big)', async () => {
    const s = await scene();
    const closed = await sendHostile(s.doc, (doc) => updateFrame(doc, new Uint8Array(9 * 1024 * 1024).fill(7)));
    expect(closed.code).toBe(1009);
    await expectUnharmed(s);
  });

  it('an awareness message that is not JSON closes only that connection', async () => {
    const s = await scene();
    const awareness = encoding.createEncoder();
    encoding.writeVarUint(awareness, 1);
    encoding.writeVarUint(awareness, 99);
    encoding.writeVarUint(awareness, 1);
    encoding.writeVarString(awareness, '{not json');
    const closed = await sendHostile(s.doc, (doc) => {
      const e = encoding.createEncoder();
      encoding.writeVarString(e, doc);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, encoding.toUint8Array(awareness));
      return encoding.toUint8Array(e);
    });
    expect(closed).toEqual({ code: 4400, reason: 'malformed message: awareness state is not JSON' });
    await expectUnharmed(s);
  });
});

describe('update checker', () => {
  it('refuses an update that takes longer than the time limit to decode, and keeps working afterwards', async () => {
    const big = new Y.Doc();
    const text = big.getText('t');
    for (let i = 0; i < 6_000; i++) text.insert(Math.floor(i / 2), `${i % 10}`, i % 3 === 0 ? { bold: true } : {});
    const update = Y.encodeStateAsUpdate(big);
    const strict = new UpdateChecker({ workers: 1, timeLimitMs: 1, memoryLimitMb: 64 });
    try {
      expect((await strict.check(update)).problem).toBe('update took too long to decode');
    } finally {
      await strict.close();
    }
    const normal = new UpdateChecker({ workers: 1, timeLimitMs: 5_000, memoryLimitMb: 64 });
    try {
      expect((await normal.check(update)).problem).toBeNull();
      expect((await normal.check(new Uint8Array([1, 2, 3]))).problem).toMatch(/^update cannot be decoded/);
      expect((await normal.check(update)).problem).toBeNull();
    } finally {
      await normal.close();
    }
  });
});

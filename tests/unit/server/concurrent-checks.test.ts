/**
 * Issue 13: the guard judges one update of a document at a time
 * (RuleGuard.exclusive). A refused update sent twice at once, over two
 * sockets, must be refused twice: the second may not pass as "nothing new"
 * because the first one's check had put it in the guard's scratch copy.
 * Real server process, raw sockets with a drafter's valid token.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initChapterMeta } from '../../../shared/plan/chapter.ts';
import { chapterDocName, manifestDocName } from '../../../shared/plan/doc-names.ts';
import { initManifest } from '../../../shared/plan/manifest.ts';
import { ruleOfCloseReason } from '../../../shared/rules/rule-refusal.ts';
import { CLOSE } from '../../../shared/sync-protocol/close-codes.ts';
import { authAnswer, authFrame, connectClient, documentClosed, isSettled, openRawClient, updateFrame, waitUntil } from '../../support/sync-client.ts';
import { serverWithPlanForTests } from '../../support/server-with-plan.ts';

const setup = serverWithPlanForTests('concurrent-checks');

describe('sync server: one update of a document is judged at a time', () => {
  it('the same refused update, sent at once over two sockets, is refused on both and never stored', async () => {
    const { server, plan } = setup;
    const fia = await plan.addMember('Fia Karlsson', 'fk', 'drafter');
    const manifest = connectClient(server.wsUrl, manifestDocName(plan.planId), plan.coordinatorToken);
    await waitUntil(() => isSettled(manifest), 'the coordinator has the manifest');
    initManifest(manifest.doc, { planId: plan.planId, title: 'Gemensam plan', deadline: null, createdAt: '2026-01-01T00:00:00Z', chapters: [] });
    await waitUntil(() => isSettled(manifest), 'the manifest is stored');

    // A chapter the manifest never lists: the guard waits for its entry (5 s), then refuses.
    const chapterId = randomUUID();
    const unlisted = chapterDocName(plan.planId, chapterId);
    const doc = new Y.Doc();
    initChapterMeta(doc, plan.planId, chapterId);
    doc.getText('text').insert(0, 'Smugglad text.');
    const update = Y.encodeStateAsUpdate(doc);

    const sockets = await Promise.all([openRawClient(server.wsUrl), openRawClient(server.wsUrl)]);
    for (const raw of sockets) raw.send(authFrame(unlisted, fia.token));
    for (const raw of sockets) expect(await authAnswer(raw)).toBe('authenticated');
    for (const raw of sockets) raw.send(updateFrame(unlisted, update));
    for (const raw of sockets) await waitUntil(() => documentClosed(raw.received) !== null, 'the server answers the update', 20_000);
    const closes = sockets.map((raw) => documentClosed(raw.received)!);
    for (const raw of sockets) raw.socket.close();
    expect(closes.map((c) => c.code)).toEqual([CLOSE.notPermitted, CLOSE.notPermitted]);
    expect(closes.map((c) => ruleOfCloseReason(c.reason))).toEqual(['unlisted-chapter', 'unlisted-chapter']);

    const coordinator = connectClient(server.wsUrl, unlisted, plan.coordinatorToken);
    try {
      await waitUntil(() => isSettled(coordinator), 'the coordinator reads the chapter');
      expect(coordinator.doc.getText('text').toString()).toBe('');
    } finally {
      coordinator.destroy();
      manifest.destroy();
    }
  }, 60_000);
});

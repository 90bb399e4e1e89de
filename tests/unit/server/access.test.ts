/**
 * Members, invitations, tokens and roles, against a real server process:
 * who gets data, who may write, and what the HTTP API answers.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { chapterDocName, manifestDocName } from '../../../shared/plan/doc-names.ts';
import { MemberTokens } from '../../../src-server/auth/member-token.ts';
import { authAnswer, authFrame, connectClient, frame, isSettled, openRawClient, receivedSyncData, updateFrame, waitUntil } from '../../support/sync-client.ts';
import { postJson, runAdmin, runAdminRaw, setUpPlan } from '../../support/sync-server-process.ts';
import { serverWithPlanForTests } from '../../support/server-with-plan.ts';

const SECRET = randomBytes(32).toString('base64url');
const sync = serverWithPlanForTests('access', { env: { SAMSKRIV_SERVER_SECRET: SECRET }, args: ['--lab-no-rule-guard'] });

/** Seeds `doc` with some text through the coordinator and returns it. */
async function seededDoc(): Promise<string> {
  const doc = chapterDocName(sync.plan.planId, randomUUID());
  const writer = connectClient(sync.server.wsUrl, doc, sync.plan.coordinatorToken);
  writer.doc.getText('t').insert(0, 'Hemligt utkast');
  await waitUntil(() => isSettled(writer), 'the seed is stored');
  writer.destroy();
  return doc;
}

async function tryToRead(doc: string, token: string): Promise<{ answer: string; gotData: boolean }> {
  const raw = await openRawClient(sync.server.wsUrl);
  raw.send(authFrame(doc, token));
  const answer = await authAnswer(raw);
  // Ask for the document as a provider would (SyncStep1 with an empty state vector).
  raw.send(frame(doc, 0, (e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
  }));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const gotData = receivedSyncData(raw);
  raw.socket.close();
  return { answer, gotData };
}

describe('sync server: access', () => {
  it('GET /health answers 200 when the server is ready', async () => {
    const response = await fetch(`${sync.server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${sync.server.url}/ready`);
    expect(await ready.json()).toEqual({ status: 'ready', storage: 'sqlite', redis: 'off' });
  });

  it('a member with a valid token gets the document', async () => {
    const doc = await seededDoc();
    const drafter = await sync.plan.addMember('Omar Said', 'migr', 'drafter');
    const c = connectClient(sync.server.wsUrl, doc, drafter.token);
    await waitUntil(() => isSettled(c), 'the drafter is synced');
    expect(c.doc.getText('t').toString()).toBe('Hemligt utkast');
    c.destroy();
  });

  it('a bad token, a token for another plan, an expired token and a forged one get no data', async () => {
    const doc = await seededDoc();
    const tokens = new MemberTokens(Buffer.from(SECRET));
    const coordinator = tokens.verify(sync.plan.coordinatorToken);
    const otherPlan = await setUpPlan(sync.server, sync.dataDir);
    const cases = {
      garbage: 'not-a-token',
      'other plan': otherPlan.coordinatorToken,
      expired: tokens.issue(coordinator.memberId, sync.plan.planId, -10).token,
      forged: new MemberTokens(randomBytes(32)).issue(coordinator.memberId, sync.plan.planId, 3600).token,
    };
    const answers: Record<string, string> = {};
    for (const [name, token] of Object.entries(cases)) {
      const c = connectClient(sync.server.wsUrl, doc, token);
      await waitUntil(() => c.denied.length > 0, `${name} is denied`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      answers[name] = c.denied[0]!;
      expect(c.doc.getText('t').toString()).toBe('');
      c.destroy();
    }
    expect(answers).toEqual({ garbage: 'invalid-token', 'other plan': 'wrong-plan', expired: 'token-expired', forged: 'invalid-token' });
  });

  it('a document name that is not one of ours is refused before authentication', async () => {
    const raw = await openRawClient(sync.server.wsUrl);
    raw.send(authFrame('../etc/passwd', sync.plan.coordinatorToken));
    expect(await raw.closed).toEqual({ code: 4400, reason: 'malformed message: not a Samskriv document name' });
  });

  it("a reader gets the document, but the server refuses the reader's changes even from a client that sends them anyway", async () => {
    const doc = await seededDoc();
    const reader = await sync.plan.addMember('Rita Läsare', 'sos', 'reader');
    const readerClient = connectClient(sync.server.wsUrl, doc, reader.token);
    await waitUntil(() => readerClient.provider.isSynced && readerClient.doc.getText('t').length > 0, 'the reader has the document');
    expect(readerClient.provider.authorizedScope).toBe('readonly');

    // A raw client with the reader's token sends an update regardless.
    const raw = await openRawClient(sync.server.wsUrl);
    raw.send(authFrame(doc, reader.token));
    expect(await authAnswer(raw)).toBe('authenticated');
    const forged = new Y.Doc();
    forged.getText('t').insert(0, 'Läsaren skrev ');
    raw.send(updateFrame(doc, Y.encodeStateAsUpdate(forged)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    raw.socket.close();

    const check = connectClient(sync.server.wsUrl, doc, sync.plan.coordinatorToken);
    await waitUntil(() => isSettled(check), 'a writer is synced');
    expect(check.doc.getText('t').toString()).toBe('Hemligt utkast');
    expect(readerClient.doc.getText('t').toString()).toBe('Hemligt utkast');
    check.destroy();
    readerClient.destroy();
  });

  it('removing a member closes their open connection and their token stops working', async () => {
    const doc = await seededDoc();
    const drafter = await sync.plan.addMember('Dan Drafter', 'jamy', 'drafter');
    const raw = await openRawClient(sync.server.wsUrl);
    raw.send(authFrame(doc, drafter.token));
    expect(await authAnswer(raw)).toBe('authenticated');

    const removed = await fetch(`${sync.server.url}/api/plans/${sync.plan.planId}/members/${drafter.memberId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${sync.plan.coordinatorToken}` },
    });
    expect(removed.status).toBe(200);
    expect(await raw.closed).toEqual({ code: 4403, reason: 'member-revoked' });

    const again = connectClient(sync.server.wsUrl, doc, drafter.token);
    await waitUntil(() => again.denied.length > 0, 'the removed member is denied');
    expect(again.denied[0]).toBe('member-revoked');
    again.destroy();
    const members = await fetch(`${sync.server.url}/api/plans/${sync.plan.planId}/members`, { headers: { authorization: `Bearer ${sync.plan.coordinatorToken}` } });
    const list = ((await members.json()) as { members: { id: string; revokedAt: string | null }[] }).members;
    expect(list.find((m) => m.id === drafter.memberId)?.revokedAt).not.toBeNull();
  });

  it('a member removed with the admin CLI is disconnected by the running server', async () => {
    const doc = manifestDocName(sync.plan.planId);
    const drafter = await sync.plan.addMember('Cli Removed', 'lst', 'drafter');
    const raw = await openRawClient(sync.server.wsUrl);
    raw.send(authFrame(doc, drafter.token));
    expect(await authAnswer(raw)).toBe('authenticated');
    runAdmin(sync.dataDir, ['revoke', '--plan-id', sync.plan.planId, '--member-id', drafter.memberId]);
    expect(await raw.closed).toEqual({ code: 4403, reason: 'member-revoked' });
  }, 30_000);

  it('an invitation code works exactly once, even when redeemed many times at once', async () => {
    const invited = await postJson(`${sync.server.url}/api/plans/${sync.plan.planId}/invitations`, { name: 'Eva Ett', agency: 'fk', role: 'drafter' }, sync.plan.coordinatorToken);
    expect(invited.status).toBe(201);
    const attempts = await Promise.all(Array.from({ length: 8 }, () => postJson(`${sync.server.url}/api/join`, { code: invited.body['code'] })));
    expect(attempts.map((a) => a.status).sort()).toEqual([200, 410, 410, 410, 410, 410, 410, 410]);
    const winner = attempts.find((a) => a.status === 200)!;
    expect(winner.body['planId']).toBe(sync.plan.planId);
    expect(winner.body['member']).toMatchObject({ name: 'Eva Ett', agency: 'fk', role: 'drafter' });
    expect(attempts.find((a) => a.status === 410)!.body).toEqual({ error: { code: 'code-used', message: 'This invitation code has already been used.' } });
  });

  it('only a coordinator may invite or remove members', async () => {
    const drafter = await sync.plan.addMember('Nils Ny', 'af', 'drafter');
    const invite = await postJson(`${sync.server.url}/api/plans/${sync.plan.planId}/invitations`, { name: 'X', agency: 'af', role: 'drafter' }, drafter.token);
    expect(invite.status).toBe(403);
    expect((invite.body['error'] as Record<string, unknown>)['code']).toBe('not-coordinator');
    const anonymous = await postJson(`${sync.server.url}/api/plans/${sync.plan.planId}/invitations`, { name: 'X', agency: 'af', role: 'drafter' });
    expect(anonymous.status).toBe(401);
  });

  it('bad request bodies get a JSON error naming the problem', async () => {
    const badAgency = await postJson(`${sync.server.url}/api/plans/${sync.plan.planId}/invitations`, { name: 'X', agency: 'nasa', role: 'drafter' }, sync.plan.coordinatorToken);
    expect(badAgency.status).toBe(400);
    expect(badAgency.body['error']).toMatchObject({ code: 'invalid-request' });
    expect(String((badAgency.body['error'] as Record<string, unknown>)['message'])).toMatch(/^agency:/);
    const tooBig = await postJson(`${sync.server.url}/api/join`, { code: 'x'.repeat(20_000) });
    expect(tooBig.status).toBe(413);
    const notJson = await fetch(`${sync.server.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('invalid-json');
    const unknownCode = await postJson(`${sync.server.url}/api/join`, { code: 'AAAA-AAAA-AAAA-AAAA-AAAA' });
    expect(unknownCode.status).toBe(404);
  });

  it('a coordinator publishes a local plan with a publish code; the plan keeps the app’s id', async () => {
    const { code } = runAdmin(sync.dataDir, ['publish-code', '--coordinator-name', 'Petra Pub', '--agency', 'af']);
    const planId = randomUUID();
    const published = await postJson(`${sync.server.url}/api/publish`, { code, planId });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ planId, member: { name: 'Petra Pub', agency: 'af', role: 'coordinator' } });
    // Pushing the local manifest is ordinary sync.
    const local = connectClient(sync.server.wsUrl, manifestDocName(planId), String(published.body['token']));
    local.doc.getMap('plan').set('title', 'Handlingsplan');
    await waitUntil(() => isSettled(local), 'the local plan is pushed');
    local.destroy();
    const again = await postJson(`${sync.server.url}/api/publish`, { code, planId: randomUUID() });
    expect(again.status).toBe(410);
    const members = runAdmin(sync.dataDir, ['members', '--plan-id', planId]);
    expect((members['members'] as unknown[]).length).toBe(1);
  });

  it('the admin CLI explains bad input and exits with 2', () => {
    const result = runAdminRaw(sync.dataDir, ['invite', '--plan-id', sync.plan.planId, '--name', 'X', '--agency', 'nasa', '--role', 'drafter']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--agency must be one of lst, af, fk, jamy, migr, sos.');
    expect(runAdminRaw(sync.dataDir, ['frobnicate']).stderr).toContain('Unknown admin command "frobnicate".');
  });

  it('a raw client with a bad token that asks for the document anyway gets no document data', async () => {
    const doc = await seededDoc();
    const { answer, gotData } = await tryToRead(doc, 'nope');
    expect(answer).toBe('invalid-token');
    expect(gotData).toBe(false);
  });
});

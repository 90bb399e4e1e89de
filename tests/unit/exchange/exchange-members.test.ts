/**
 * Exchange by file on a plan shared through a sync server (issue 17): the
 * server's member list, with the public keys members sent when they joined,
 * says whose files are trusted and with which role. Everything here is real:
 * a sync server process, and one HostService per member's computer, each
 * joined with an invitation the coordinator made in the app.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { HostService } from '../../../src-main/host/host-service.ts';
import { safeStorageVault } from '../../../src-main/sync/token-vault.ts';
import { initChapterMeta } from '../../../shared/plan/chapter.ts';
import { chapterDocName, manifestDocName } from '../../../shared/plan/doc-names.ts';
import { initManifest } from '../../../shared/plan/manifest.ts';
import type { Member, Role } from '../../../shared/plan/member.ts';
import type { AgencyCode } from '../../../shared/agencies/agencies.ts';
import { createFakeSafeStorage } from '../electron/fake-electron.ts';
import { runAdmin, startSyncServerProcess, type SyncServerProcess } from '../../support/sync-server-process.ts';
import { changesFile, importFile, inspect, paragraphsOf, planState, writeChapter, type Peer } from './exchange-peers.ts';
import { forged } from './forged-file.ts';

let server: SyncServerProcess;
let serverDir: string;
const dirs: string[] = [];
const hosts: HostService[] = [];

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'samskriv-exchange-server-'));
  server = await startSyncServerProcess({ dataDir: serverDir });
});

afterAll(async () => {
  for (const host of hosts) host.close();
  await server.stop();
  rmSync(serverDir, { recursive: true, force: true });
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function computer(): HostService {
  const dir = mkdtempSync(join(tmpdir(), 'samskriv-exchange-'));
  dirs.push(dir);
  // The desktop's vault, so keys are sealed as they are for real users.
  const host = new HostService(dir, { vault: safeStorageVault(createFakeSafeStorage(), 'linux') });
  hosts.push(host);
  return host;
}

function asPeer(host: HostService, member: { id: string; name: string; agency: AgencyCode; role: Role }): Peer {
  const m: Member = { memberId: member.id, name: member.name, agency: member.agency, role: member.role };
  return { host, member: m };
}

/** A plan on the server with its coordinator (who wrote its first docs) and members joined from their own computers. */
async function sharedPlan(): Promise<{ coordinator: Peer; planId: string; join: (name: string, agency: AgencyCode, role: Role) => Promise<Peer> }> {
  const created = runAdmin(serverDir, ['create-plan', '--coordinator-name', 'Anna Ek', '--agency', 'af']);
  const host = computer();
  const link = await host.joinPlan({ serverUrl: server.url, code: String(created['code']) });
  const planId = link.planId;
  // The coordinator's app writes the plan's first docs, as it does after publishing.
  const chapterId = randomUUID();
  const chapter = new Y.Doc();
  initChapterMeta(chapter, planId, chapterId);
  await host.saveUpdate({ docName: chapterDocName(planId, chapterId), update: Y.encodeStateAsUpdate(chapter) });
  const manifest = new Y.Doc();
  initManifest(manifest, { planId, title: 'Delad plan', deadline: null, createdAt: new Date().toISOString(), chapters: [{ id: chapterId, title: 'Kapitel 1', owner: 'fk' }] });
  await host.saveUpdate({ docName: manifestDocName(planId), update: Y.encodeStateAsUpdate(manifest) });
  const coordinator = asPeer(host, link.member);
  return {
    coordinator,
    planId,
    async join(name, agency, role) {
      const invitation = await host.createInvitation({ planId, name, agency, role });
      const theirs = computer();
      const joined = await theirs.joinPlan({ serverUrl: server.url, code: invitation.code });
      const member = asPeer(theirs, joined.member);
      // The plan reaches them by file: everything the coordinator has.
      await importFile(member, planId, (await changesFile(coordinator, planId, null))!);
      return member;
    },
  };
}

describe('exchange by file on a plan shared through a sync server', () => {
  it('the server lists each member’s public key, sent when they joined', async () => {
    const { coordinator, planId, join } = await sharedPlan();
    await join('Björn Berg', 'fk', 'drafter');
    const members = await coordinator.host.listMembers({ planId });
    expect(members).toHaveLength(2);
    for (const member of members) expect(member.publicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('a drafter’s file is checked against the server’s list and merges: her text, by her', async () => {
    const { coordinator, planId, join } = await sharedPlan();
    const drafter = await join('Björn Berg', 'fk', 'drafter');
    await writeChapter(drafter.host, planId, ['Björns kapiteltext.']);
    const { ready } = await importFile(coordinator, planId, (await changesFile(drafter, planId, coordinator))!);
    expect(ready.sender).toMatchObject({ name: 'Björn Berg', agency: 'fk', role: 'drafter', newKeyFingerprint: null });
    expect(ready.preview.chapters).toMatchObject([{ title: 'Kapitel 1', authors: [{ name: 'Björn Berg' }] }]);
    expect(await paragraphsOf(coordinator.host, planId)).toEqual(['Björns kapiteltext.']);
  });

  it('a reader’s file carries no content changes: one that does is refused by the role rules', async () => {
    const { coordinator, planId, join } = await sharedPlan();
    const reader = await join('Rut Läsare', 'sos', 'reader');
    // A reader's app writes nothing; this one was made to.
    await writeChapter(reader.host, planId, ['Läsaren skriver ändå.']);
    const before = await planState(coordinator.host, planId);
    expect(await inspect(coordinator, planId, (await changesFile(reader, planId, coordinator))!)).toMatchObject({
      outcome: 'refused',
      refusal: { problem: 'rule-refused', sender: { name: 'Rut Läsare', role: 'reader' } },
    });
    expect(await planState(coordinator.host, planId)).toEqual(before);
  });

  it('a drafter who changes the plan’s title in a file is refused, as the server would refuse it online', async () => {
    const { coordinator, planId, join } = await sharedPlan();
    const drafter = await join('Björn Berg', 'fk', 'drafter');
    const name = manifestDocName(planId);
    const stored = (await drafter.host.loadPlan({ planId })).manifest.update;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored);
    const sv = Y.encodeStateVector(doc);
    doc.getMap('plan').set('title', 'Björns plan');
    await drafter.host.saveUpdate({ docName: name, update: Y.encodeStateAsUpdate(doc, sv) });
    expect(await inspect(coordinator, planId, (await changesFile(drafter, planId, coordinator))!)).toMatchObject({
      outcome: 'refused',
      refusal: { problem: 'rule-refused', rule: 'plan-not-permitted' },
    });
  });

  it('a removed member’s file is refused', async () => {
    const { coordinator, planId, join } = await sharedPlan();
    const drafter = await join('Björn Berg', 'fk', 'drafter');
    await writeChapter(drafter.host, planId, ['Skrivet före borttagningen.']);
    const file = (await changesFile(drafter, planId, coordinator))!;
    await coordinator.host.removeMember({ planId, memberId: drafter.member.memberId });
    expect(await inspect(coordinator, planId, file)).toMatchObject({ outcome: 'refused', refusal: { problem: 'removed-member', sender: { name: 'Björn Berg' } } });
  });

  it('a file from someone who is not a member of the plan is refused, however well it is signed', async () => {
    const { coordinator, planId, join } = await sharedPlan();
    const drafter = await join('Björn Berg', 'fk', 'drafter');
    await writeChapter(drafter.host, planId, ['Text.']);
    const file = (await changesFile(drafter, planId, coordinator))!;
    expect(await inspect(coordinator, planId, forged(file, { memberId: randomUUID(), name: 'Mallory' }))).toMatchObject({
      outcome: 'refused',
      refusal: { problem: 'unknown-member' },
    });
    // And Björn's id with another key.
    expect(await inspect(coordinator, planId, forged(file))).toMatchObject({ outcome: 'refused', refusal: { problem: 'key-mismatch' } });
  });
});

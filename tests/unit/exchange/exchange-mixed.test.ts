/**
 * One member only by file, two on the sync server (issue 17): Cecilia's
 * agency network reaches no WebSocket, so she exchanges files with the
 * coordinator, whose app is online; Björn is online too. Everything is
 * real: a sync server process, Hocuspocus clients standing in for the two
 * online apps' renderers (every update they see is saved to their host, as
 * the app's save queue does), and a HostService per computer.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { HostService } from '../../../src-main/host/host-service.ts';
import { readChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { createThread, readThreads } from '../../../shared/comments/threads.ts';
import { initChapterMeta } from '../../../shared/plan/chapter.ts';
import { chapterDocName, manifestDocName } from '../../../shared/plan/doc-names.ts';
import { initManifest } from '../../../shared/plan/manifest.ts';
import type { Member } from '../../../shared/plan/member.ts';
import type { ServerLink } from '../../../shared/host-api/host-api.ts';
import { runAdmin, startSyncServerProcess, type SyncServerProcess } from '../../support/sync-server-process.ts';
import { connectClient, isSettled, waitUntil, type TestClient } from '../../support/sync-client.ts';
import { editChapter, paragraphs } from '../host/chapter-doc.ts';
import { changesFile, comment, commentsOf, importFile, inspect, paragraphsOf, writeChapter, type Peer } from './exchange-peers.ts';

let server: SyncServerProcess;
let serverDir: string;
const dirs: string[] = [];
const cleanUps: (() => void)[] = [];

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'samskriv-mixed-server-'));
  server = await startSyncServerProcess({ dataDir: serverDir });
});

afterAll(async () => {
  for (const cleanUp of cleanUps.splice(0)) cleanUp();
  await server.stop();
  rmSync(serverDir, { recursive: true, force: true });
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function computer(): HostService {
  const dir = mkdtempSync(join(tmpdir(), 'samskriv-mixed-'));
  dirs.push(dir);
  const host = new HostService(dir);
  cleanUps.push(() => host.close());
  return host;
}

const FROM_FILE = Symbol('imported from a file');

/** An online member's app: their host, and their plan's docs kept in sync with the server and saved to the host. */
interface Online extends Peer {
  readonly manifest: TestClient;
  readonly chapter: TestClient;
}

async function goOnline(host: HostService, link: ServerLink, chapterId: string): Promise<Online> {
  const credentials = (await host.getSyncCredentials({ planId: link.planId }))!;
  const connect = (name: string): TestClient => {
    const client = connectClient(credentials.websocketUrl, name, credentials.token);
    client.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== FROM_FILE) void host.saveUpdate({ docName: name, update });
    });
    cleanUps.push(() => client.destroy());
    return client;
  };
  const manifest = connect(manifestDocName(link.planId));
  const chapter = connect(chapterDocName(link.planId, chapterId));
  await waitUntil(() => isSettled(manifest) && isSettled(chapter), `${link.member.name} is synced`);
  const member: Member = { memberId: link.member.id, name: link.member.name, agency: link.member.agency, role: link.member.role };
  return { host, member, manifest, chapter };
}

function textOf(doc: Y.Doc): string[] {
  const texts: string[] = [];
  readChapterDoc(doc).forEach((block) => texts.push(block.textContent));
  return texts;
}

describe('one member by file, two on the sync server', () => {
  it('all three converge, with each one’s paragraph and comment', async () => {
    const created = runAdmin(serverDir, ['create-plan', '--coordinator-name', 'Anna Ek', '--agency', 'af']);
    const annaHost = computer();
    const annaLink = await annaHost.joinPlan({ serverUrl: server.url, code: String(created['code']) });
    const planId = annaLink.planId;
    const chapterId = randomUUID();
    const anna = await goOnline(annaHost, annaLink, chapterId);
    // The coordinator's app writes the plan: a chapter no agency owns.
    anna.chapter.doc.transact(() => initChapterMeta(anna.chapter.doc, planId, chapterId));
    initManifest(anna.manifest.doc, { planId, title: 'Blandad plan', deadline: null, createdAt: new Date().toISOString(), chapters: [{ id: chapterId, title: 'Kapitel 1', owner: null }] });
    editChapter(anna.chapter.doc, paragraphs('Inledning.'));
    await waitUntil(() => isSettled(anna.manifest) && isSettled(anna.chapter), 'the plan is on the server');

    const join = async (name: string, agency: 'fk' | 'jamy'): Promise<{ host: HostService; link: ServerLink }> => {
      const invitation = await annaHost.createInvitation({ planId, name, agency, role: 'drafter' });
      const host = computer();
      return { host, link: await host.joinPlan({ serverUrl: server.url, code: invitation.code }) };
    };
    const björnJoined = await join('Björn Berg', 'fk');
    const björn = await goOnline(björnJoined.host, björnJoined.link, chapterId);
    const ceciliaJoined = await join('Cecilia Dahl', 'jamy');
    const cecilia: Peer = {
      host: ceciliaJoined.host,
      member: { memberId: ceciliaJoined.link.member.id, name: 'Cecilia Dahl', agency: 'jamy', role: 'drafter' },
    };
    // Cecilia never connects: the plan reaches her as a file from the coordinator.
    await importFile(cecilia, planId, (await changesFile(anna, planId, null))!);

    // All three write, Cecilia offline; Björn comments too.
    await writeChapter(cecilia.host, planId, ['Inledning.', 'Cecilia skriver.']);
    editChapter(björn.chapter.doc, paragraphs('Inledning.', 'Björn skriver.'));
    createThread(björn.chapter.doc, björn.member, { id: randomUUID(), messageId: randomUUID(), text: 'Björns fråga', quote: '', assignedAgency: null });
    await waitUntil(() => isSettled(björn.chapter) && readThreads(anna.chapter.doc).length === 1, 'Björn’s work reaches Anna');

    // Cecilia's file to Anna; Anna's app applies it, and the server passes it on to Björn.
    const imported = await importFile(anna, planId, (await changesFile(cecilia, planId, anna))!);
    for (const { name, update } of imported.outcome.updates) {
      Y.applyUpdate(name === manifestDocName(planId) ? anna.manifest.doc : anna.chapter.doc, update, FROM_FILE);
    }
    await waitUntil(() => textOf(björn.chapter.doc).includes('Cecilia skriver.'), 'Cecilia’s text reaches Björn through the server');

    // Anna's answer carries Björn's work, which reached her from the server,
    // to Cecilia: his comment is checked against him, not against Anna.
    await waitUntil(() => isSettled(anna.chapter), 'Anna is synced');
    await importFile(cecilia, planId, (await changesFile(anna, planId, cecilia))!);

    const expected = textOf(anna.chapter.doc);
    expect(textOf(björn.chapter.doc)).toEqual(expected);
    expect(await paragraphsOf(cecilia.host, planId)).toEqual(expected);
    for (const written of ['Cecilia skriver.', 'Björn skriver.']) expect(expected.join('\n')).toContain(written);
    const comments = ['Björn Berg: Björns fråga'];
    expect(await commentsOf(cecilia.host, planId)).toEqual(comments);
    expect(await commentsOf(annaHost, planId)).toEqual(comments);
    expect(readThreads(björn.chapter.doc).map((t) => `${t.author.name}: ${t.messages[0]?.text ?? ''}`).sort()).toEqual(comments);

    // Not yet: a comment of Cecilia's cannot reach the server through Anna's
    // connection (the server checks records against the connection's member),
    // so a file carrying one is refused with that explanation, and nothing of
    // it is stored (docs/decisions/exchange.md).
    await comment(cecilia, planId, 'Cecilias fråga');
    const before = await paragraphsOf(annaHost, planId);
    expect(await inspect(anna, planId, (await changesFile(cecilia, planId, anna))!)).toMatchObject({
      outcome: 'refused',
      refusal: { problem: 'server-would-refuse', sender: { name: 'Cecilia Dahl' }, rule: 'thread-not-permitted' },
    });
    expect(await paragraphsOf(annaHost, planId)).toEqual(before);
    expect(await commentsOf(annaHost, planId)).toEqual(comments);
  });
});

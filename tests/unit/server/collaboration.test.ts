/**
 * Co-writing through a real sync server process with real providers:
 * propagation, offline work that merges on reconnect, and "nothing
 * acknowledged is lost" across kill -9.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { chapterDocName } from '../../../shared/plan/doc-names.ts';
import { connectClient, isSettled, waitUntil, type TestClient } from '../../support/sync-client.ts';
import { setUpPlan, startSyncServerProcess, type SyncServerProcess } from '../../support/sync-server-process.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(dataDir: string, port = 0): Promise<SyncServerProcess> {
  const server = await startSyncServerProcess({ dataDir, port });
  cleanups.push(() => server.kill());
  return server;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samskriv-sync-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function client(wsUrl: string, docName: string, token: string): TestClient {
  const c = connectClient(wsUrl, docName, token);
  cleanups.push(() => c.destroy());
  return c;
}

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

function findTable(fragment: Y.XmlFragment): Y.XmlElement {
  return fragment.toArray().find((node) => node instanceof Y.XmlElement && node.nodeName === 'table') as Y.XmlElement;
}

function cellText(fragment: Y.XmlFragment, row: number, cell: number): Y.XmlText {
  const table = findTable(fragment);
  const tr = table.get(row) as Y.XmlElement;
  const td = tr.get(cell) as Y.XmlElement;
  return (td.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

describe('sync server: co-writing', () => {
  it('an edit by one drafter reaches the two others', async () => {
    const dataDir = tempDir();
    const server = await startServer(dataDir);
    const plan = await setUpPlan(server, dataDir);
    const migr = await plan.addMember('Omar Said', 'migr', 'drafter');
    const fk = await plan.addMember('Frida Ek', 'fk', 'drafter');
    const doc = chapterDocName(plan.planId, randomUUID());
    const clients = [client(server.wsUrl, doc, plan.coordinatorToken), client(server.wsUrl, doc, migr.token), client(server.wsUrl, doc, fk.token)];
    await waitUntil(() => clients.every(isSettled), 'all three are synced');

    clients[0]!.doc.getText('t').insert(0, 'Från AF. ');
    clients[1]!.doc.getText('t').insert(0, 'Från Migrationsverket. ');
    clients[2]!.doc.getText('t').insert(0, 'Från FK. ');

    await waitUntil(() => clients.every((c) => c.doc.getText('t').length === clients[0]!.doc.getText('t').length && c.doc.getText('t').toString().includes('Från FK.') && c.doc.getText('t').toString().includes('Från AF.') && c.doc.getText('t').toString().includes('Från Migrationsverket.')), 'every edit is everywhere');
    const texts = clients.map((c) => c.doc.getText('t').toString());
    expect(new Set(texts).size).toBe(1);
  });

  it('three drafters editing the same paragraph and table while the server is down merge on reconnect, losing nothing', async () => {
    const dataDir = tempDir();
    const server = await startServer(dataDir);
    const plan = await setUpPlan(server, dataDir);
    const others = [await plan.addMember('Omar Said', 'migr', 'drafter'), await plan.addMember('Frida Ek', 'fk', 'drafter')];
    const doc = chapterDocName(plan.planId, randomUUID());
    const clients = [plan.coordinatorToken, ...others.map((o) => o.token)].map((token) => client(server.wsUrl, doc, token));
    await waitUntil(() => clients.every(isSettled), 'all three are synced');

    // The chapter before the train leaves: two paragraphs and a 2x2 table.
    const seed = clients[0]!.doc.getXmlFragment('prosemirror');
    const table = new Y.XmlElement('table');
    for (let r = 0; r < 2; r++) {
      const tr = new Y.XmlElement('table_row');
      for (let c = 0; c < 2; c++) {
        const td = new Y.XmlElement('table_cell');
        td.insert(0, [paragraph(`cell ${r}${c}`)]);
        tr.insert(c, [td]);
      }
      table.insert(r, [tr]);
    }
    seed.insert(0, [paragraph('Regeringen ger myndigheterna i uppdrag att samordna insatserna.'), paragraph('Andra stycket.'), table]);
    await waitUntil(() => clients.every((c) => c.doc.getXmlFragment('prosemirror').length === 3 && isSettled(c)), 'the chapter reached everyone');

    await server.stop();
    await waitUntil(() => clients.every((c) => c.provider.isSynced === false || c.socket.status !== 'connected'), 'everyone is offline');

    const edits: string[] = [];
    clients.forEach((c, i) => {
      const fragment = c.doc.getXmlFragment('prosemirror');
      const first = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      // Typing in the same paragraph, at the start, the middle and the end.
      const mark = `<edit-${i}>`;
      first.insert(i === 0 ? 0 : i === 1 ? 20 : first.length, mark);
      edits.push(mark);
      // Deleting a word that nobody else touches.
      if (i === 0) first.delete(mark.length + 11, 3); // "ger"
      // Splitting the second paragraph: the tail moves into a new paragraph.
      if (i === 1) {
        const second = (fragment.get(1) as Y.XmlElement).get(0) as Y.XmlText;
        const tail = second.toString().slice(6);
        second.delete(6, tail.length);
        fragment.insert(2, [paragraph(`${tail}<split-1>`)]);
        edits.push('<split-1>');
      }
      // Editing the table: everyone writes into cell 0,0; client 2 also into 1,1.
      cellText(fragment, 0, 0).insert(0, `<cell-${i}>`);
      edits.push(`<cell-${i}>`);
      if (i === 2) {
        const t = findTable(fragment);
        (((t.get(1) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlElement).insert(1, [paragraph('<cell-11-2>')]);
        edits.push('<cell-11-2>');
      }
    });

    const restarted = await startServer(dataDir, server.port);
    await waitUntil(() => clients.every(isSettled), 'everyone is synced again', 30_000);
    const fresh = client(restarted.wsUrl, doc, plan.coordinatorToken);
    await waitUntil(() => isSettled(fresh), 'a new client is synced');
    await waitUntil(
      () => clients.every((c) => c.doc.getXmlFragment('prosemirror').toString() === fresh.doc.getXmlFragment('prosemirror').toString()),
      'all docs are identical',
    );

    const result = fresh.doc.getXmlFragment('prosemirror').toString();
    for (const edit of edits) expect(result).toContain(edit);
    expect(result).not.toContain(' ger ');
    for (const c of clients) expect(Y.encodeStateVector(c.doc)).toEqual(Y.encodeStateVector(fresh.doc));
  });

  it('after kill -9 during a burst of typing, every update the server acknowledged is still there', async () => {
    const dataDir = tempDir();
    const server = await startServer(dataDir);
    const plan = await setUpPlan(server, dataDir);
    const doc = chapterDocName(plan.planId, randomUUID());
    const writer = connectClient(server.wsUrl, doc, plan.coordinatorToken);
    await waitUntil(() => isSettled(writer), 'the writer is synced');

    let acknowledged = 0;
    let previous = 0;
    writer.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number < previous) acknowledged += previous - number;
      previous = number;
    });
    const text = writer.doc.getText('t');
    let typed = 0;
    const typing = setInterval(() => {
      for (let k = 0; k < 3; k++) text.insert(text.length, `[${typed++}]`);
    }, 2);
    await waitUntil(() => acknowledged >= 150, 'a good part of the burst is acknowledged');
    await server.kill();
    clearInterval(typing);
    const acknowledgedAtKill = acknowledged;
    // The writer goes away with whatever was not acknowledged: only the server's copy counts now.
    writer.destroy();

    const restarted = await startServer(dataDir, server.port);
    const reader = client(restarted.wsUrl, doc, plan.coordinatorToken);
    await waitUntil(() => isSettled(reader), 'a new client is synced');
    const stored = reader.doc.getText('t').toString();
    const missing: number[] = [];
    for (let i = 0; i < acknowledgedAtKill; i++) if (!stored.includes(`[${i}]`)) missing.push(i);
    expect({ typed, acknowledgedAtKill, missing }).toEqual({ typed, acknowledgedAtKill, missing: [] });
    expect(typed).toBeGreaterThan(acknowledgedAtKill);
  });
});

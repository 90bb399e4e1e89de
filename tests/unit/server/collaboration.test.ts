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
import type { Node as PmNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import { ChapterBinding } from '../../../shared/chapter-text/chapter-binding.ts';
import { chapterText, readChapterDoc, writeChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { chapterDocName } from '../../../shared/plan/doc-names.ts';
import { schema } from '../../../shared/schema/schema.ts';
import { connectClient, isSettled, waitUntil, type TestClient } from '../../support/sync-client.ts';
import { setUpPlan, startSyncServerProcess, type SyncServerProcess } from '../../support/sync-server-process.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(dataDir: string, port = 0): Promise<SyncServerProcess> {
  const server = await startSyncServerProcess({ dataDir, port, args: ['--lab-no-rule-guard'] });
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

/** The chapter as ProseMirror JSON, read the way the editor reads it. */
function chapterJSON(doc: Y.Doc): unknown {
  return readChapterDoc(doc).toJSON();
}

/** The chapter's text, blocks separated by newlines. */
function chapterString(doc: Y.Doc): string {
  const pm = readChapterDoc(doc);
  return pm.textBetween(0, pm.content.size, '\n');
}

/** Edits the chapter as an editor does: ProseMirror steps, written to the chapter text by the binding. */
function edit(doc: Y.Doc, change: (tr: Transform) => void): void {
  const binding = new ChapterBinding(chapterText(doc), schema);
  const tr = new Transform(binding.doc);
  change(tr);
  if (!binding.writeTransaction(tr)) throw new Error('the binding refused the edit');
}

/** The position of the start of the text in cell (row, cell) of the chapter's table. */
function cellStart(doc: PmNode, row: number, cell: number): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.type.name !== 'table') return true;
    const rowNode = node.child(row);
    let at = pos + 1;
    for (let r = 0; r < row; r++) at += node.child(r).nodeSize;
    at += 1;
    for (let c = 0; c < cell; c++) at += rowNode.child(c).nodeSize;
    found = at + 2; // into the cell, into its paragraph
    return false;
  });
  if (found < 0) throw new Error('the chapter has no table');
  return found;
}

const p = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

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
    const seed = schema.nodeFromJSON({
      type: 'doc',
      content: [
        p('Regeringen ger myndigheterna i uppdrag att samordna insatserna.'),
        p('Andra stycket.'),
        {
          type: 'table',
          content: [0, 1].map((r) => ({
            type: 'table_row',
            content: [0, 1].map((c) => ({ type: 'table_cell', content: [p(`cell ${r}${c}`)] })),
          })),
        },
      ],
    });
    writeChapterDoc(clients[0]!.doc, seed);
    await waitUntil(() => clients.every((c) => readChapterDoc(c.doc).eq(seed) && isSettled(c)), 'the chapter reached everyone');

    await server.stop();
    await waitUntil(() => clients.every((c) => c.provider.isSynced === false || c.socket.status !== 'connected'), 'everyone is offline');

    const edits: string[] = [];
    clients.forEach((c, i) => {
      // Typing in the same paragraph, at the start, the middle and the end.
      const mark = `<edit-${i}>`;
      edit(c.doc, (tr) => {
        const first = tr.doc.child(0);
        tr.insert(1 + (i === 0 ? 0 : i === 1 ? 20 : first.content.size), schema.text(mark));
      });
      edits.push(mark);
      // Deleting a word that nobody else touches.
      if (i === 0) edit(c.doc, (tr) => tr.delete(1 + mark.length + 11, 1 + mark.length + 14)); // "ger"
      // Splitting the second paragraph: the tail moves into a new paragraph.
      if (i === 1) {
        edit(c.doc, (tr) => {
          const secondStart = tr.doc.child(0).nodeSize + 1;
          tr.split(secondStart + 6);
          tr.insert(tr.doc.child(0).nodeSize + tr.doc.child(1).nodeSize + tr.doc.child(2).nodeSize - 1, schema.text('<split-1>'));
        });
        edits.push('<split-1>');
      }
      // Editing the table: everyone writes into cell 0,0; client 2 also adds a paragraph to 1,1.
      edit(c.doc, (tr) => tr.insert(cellStart(tr.doc, 0, 0), schema.text(`<cell-${i}>`)));
      edits.push(`<cell-${i}>`);
      if (i === 2) {
        edit(c.doc, (tr) => {
          const start = cellStart(tr.doc, 1, 1);
          const paragraphEnd = start + tr.doc.resolve(start).parent.nodeSize - 1;
          tr.insert(paragraphEnd, schema.nodeFromJSON(p('<cell-11-2>')));
        });
        edits.push('<cell-11-2>');
      }
    });

    const restarted = await startServer(dataDir, server.port);
    await waitUntil(() => clients.every(isSettled), 'everyone is synced again', 30_000);
    const fresh = client(restarted.wsUrl, doc, plan.coordinatorToken);
    await waitUntil(() => isSettled(fresh), 'a new client is synced');
    await waitUntil(
      () => clients.every((c) => JSON.stringify(chapterJSON(c.doc)) === JSON.stringify(chapterJSON(fresh.doc))),
      'all docs are identical',
    );

    const result = chapterString(fresh.doc);
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

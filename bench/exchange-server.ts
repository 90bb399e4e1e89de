/**
 * `node bench/exchange-server.ts [--trace sveltecomponent] [--runs 5] [--out FILE]`
 *
 * Exchange by file on a plan shared through a sync server (issue 17): what
 * the server's exchange endpoint costs for a week of one drafter's work. A
 * real sync server process; the coordinator (a HostService) publishes the
 * sample plan (12 chapters) and uploads it; a drafter joins, gets the plan
 * as a file, types a week offline (bench/exchange-week.ts) and exports her
 * changes. Then:
 * - the coordinator's import, once: read and check in the app's worker,
 *   then "Importera", which posts the file to the server (its own check in
 *   its worker, the apply through Hocuspocus, the log) and stores it here;
 * - the same file posted again `runs` times: the server's whole check with
 *   nothing left to apply (`nothing-new`), as the HTTP round trip measures it.
 *
 * Output: JSON on stdout (and in --out), a table on stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { EXCHANGE_MEDIA_TYPE } from '../shared/exchange/exchange-file.ts';
import { API_PATHS } from '../shared/sync-protocol/http-api.ts';
import { HostService } from '../src-main/host/host-service.ts';
import { connectClient, isSettled, waitUntil } from '../tests/support/sync-client.ts';
import { runAdmin, startSyncServerProcess } from '../tests/support/sync-server-process.ts';
import { report, typeAWeek } from './exchange-week.ts';
import { describeMachine } from './machine.ts';
import { distribution } from './statistics.ts';

const { values } = parseArgs({ options: { trace: { type: 'string', default: 'sveltecomponent' }, runs: { type: 'string', default: '5' }, out: { type: 'string' } } });
const runs = Number(values.runs);
const loadAtStart = os.loadavg();
const log = (message: string): void => void process.stderr.write(`${message}\n`);

const dirs = ['server', 'coordinator', 'drafter'].map((label) => mkdtempSync(join(os.tmpdir(), `samskriv-bench-exchange-${label}-`)));
const server = await startSyncServerProcess({ dataDir: dirs[0]! });
const coordinator = new HostService(dirs[1]!);
const drafter = new HostService(dirs[2]!);
try {
  // The coordinator publishes the sample plan and uploads every doc, the manifest first.
  const plan = await coordinator.openSamplePlan();
  const publishCode = String(runAdmin(dirs[0]!, ['publish-code', '--coordinator-name', 'Anna Ek', '--agency', 'af'])['code']);
  const annaLink = await coordinator.publishPlan({ planId: plan.id, serverUrl: server.url, code: publishCode });
  const credentials = (await coordinator.getSyncCredentials({ planId: plan.id }))!;
  const stored = await coordinator.loadPlan({ planId: plan.id });
  for (const group of [[stored.manifest], stored.chapters]) {
    const clients = group.map(({ name, update }) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, update);
      return connectClient(credentials.websocketUrl, name, credentials.token, doc);
    });
    await waitUntil(() => clients.every(isSettled), 'the plan is on the server', 120_000);
    for (const client of clients) client.destroy();
  }

  // The drafter joins, gets the plan by file, and types her week offline.
  const invitation = await coordinator.createInvitation({ planId: plan.id, name: 'Björn Berg', agency: 'fk', role: 'drafter' });
  await drafter.joinPlan({ serverUrl: server.url, code: invitation.code });
  const handover = await coordinator.exportChanges({ planId: plan.id, recipientId: null });
  if (handover.outcome !== 'download') throw new Error(`expected a download, got ${handover.outcome}`);
  const opened = await drafter.inspectExchangeFile({ planId: plan.id, data: handover.data });
  if (opened.outcome !== 'ready') throw new Error(`the plan was refused: ${JSON.stringify(opened)}`);
  await drafter.importExchangeFile({ fileId: opened.fileId });
  const { title, patches } = await typeAWeek(drafter, plan.id, 'fk', values.trace);
  log(`replayed ${patches} patches of ${values.trace} into "${title}"`);
  const written = await drafter.exportChanges({ planId: plan.id, recipientId: annaLink.member.id });
  if (written.outcome !== 'download') throw new Error(`expected a download, got ${written.outcome}`);
  const file = written.data;

  // The coordinator's import, as the user sees it.
  let start = performance.now();
  const inspected = await coordinator.inspectExchangeFile({ planId: plan.id, data: file });
  const inspectMs = performance.now() - start;
  if (inspected.outcome !== 'ready') throw new Error(`the file was refused: ${JSON.stringify(inspected)}`);
  start = performance.now();
  const imported = await coordinator.importExchangeFile({ fileId: inspected.fileId });
  const importMs = performance.now() - start;
  if (imported.outcome !== 'imported' || !imported.sentToServer) throw new Error(`not imported through the server: ${JSON.stringify(imported)}`);

  // The server's check alone: the same file again, nothing left to apply.
  const reposts: number[] = [];
  for (let i = 0; i < runs; i++) {
    start = performance.now();
    const response = await fetch(`${server.url}${API_PATHS.exchange(plan.id)}`, {
      method: 'POST',
      headers: { 'content-type': EXCHANGE_MEDIA_TYPE, authorization: `Bearer ${credentials.token}` },
      body: file.slice(),
    });
    const body = (await response.json()) as { outcome?: string };
    reposts.push(performance.now() - start);
    if (response.status !== 200 || body.outcome !== 'nothing-new') throw new Error(`re-post: ${response.status} ${JSON.stringify(body)}`);
  }
  const applied = server.logs().find((r) => r['event'] === 'exchange-applied' && r['outcome'] === 'applied');
  const result = {
    benchmark: 'exchange-server',
    date: new Date().toISOString(),
    trace: values.trace,
    patches,
    fileBytes: file.length,
    docsApplied: applied?.['applied'] ?? null,
    inspectMs: Math.round(inspectMs),
    importWithServerMs: Math.round(importMs),
    repostMs: distribution(reposts),
    machine: describeMachine(loadAtStart, 'n/a'),
  };
  report(result, values.out, { bytes: file.length, patches, trace: values.trace }, [
    ["coordinator: read and check (app's worker)", `${result.inspectMs} ms`],
    ['coordinator: Importera (post, server check and apply, store here)', `${result.importWithServerMs} ms`],
    [`server: the same file again, median of ${runs} (check only)`, `${Math.round(result.repostMs.p50)} ms`],
    ['load average at start / end', `${result.machine.loadAverageAtStart.join(', ')} / ${result.machine.loadAverageAtEnd.join(', ')}`],
  ]);
} finally {
  coordinator.close();
  drafter.close();
  await server.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

/**
 * Progress of long exports and Word imports (issue 15): the worker says each
 * phase it reaches, in order, before its answer (the desktop's PDF adds
 * `printing` while Chromium prints the print view); the host keeps the latest
 * under the renderer's progress id (HostApi.getTaskProgress), ends it
 * `finished` or `failed`, and never goes back a phase.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostResponse } from '../../../shared/host-api/host-error.ts';
import type { TaskPhase, TaskProgress } from '../../../shared/progress/task-progress.ts';
import { exportPlanFile } from '../../../src-main/export/plan-export.ts';
import { runExport } from '../../../src-main/export/run-export.ts';
import { createHostDispatch } from '../../../src-main/host/host-dispatch.ts';
import { HostService } from '../../../src-main/host/host-service.ts';
import { runImport } from '../../../src-main/import/run-import.ts';
import { ProgressBoard } from '../../../src-main/progress/progress-board.ts';
import { PLAN } from './fixture-plan.ts';

const NOW = new Date('2026-12-07T09:00:00Z');

describe('the phases a worker reports', () => {
  it('an export in the worker reports reading, building, page layout and writing, in that order, all before it answers', async () => {
    const heard: TaskPhase[] = [];
    let answered = false;
    const file = await runExport(PLAN, 'review', { now: NOW, onPhase: (phase) => heard.push(answered ? ('late' as TaskPhase) : phase) }).finally(() => {
      answered = true;
    });
    expect(file.fileName).toMatch(/granskningsversion\.docx$/);
    expect(heard).toEqual(['reading-plan', 'building', 'page-layout', 'writing']);
  });

  it('a Word import in the worker reports unpacking, then reading the document', async () => {
    const docx = (await exportPlanFile(PLAN, 'review', { now: NOW })).data;
    const heard: TaskPhase[] = [];
    const document = await runImport(docx, 'plan.docx', undefined, (phase) => heard.push(phase));
    expect(document.blocks.length).toBeGreaterThan(0);
    expect(heard).toEqual(['unpacking', 'reading-document']);
  });

  it('a refused file reports how far it got, and no more', async () => {
    const heard: TaskPhase[] = [];
    await expect(runImport(new TextEncoder().encode('inte en zip'), 'x.docx', undefined, (phase) => heard.push(phase))).rejects.toMatchObject({ reason: 'not-docx' });
    expect(heard).toEqual(['unpacking']);
  });
});

describe('progress through the HostApi', () => {
  let dir = '';
  const services: HostService[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'samskriv-progress-'));
  });
  afterEach(async () => {
    await new Promise((resolve) => setImmediate(resolve));
    for (const service of services.splice(0)) service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is readable while the export runs, only moves forward, and ends finished', async () => {
    const service = new HostService(dir, {});
    services.push(service);
    const dispatch = createHostDispatch(service);
    const sample = await service.openSamplePlan();
    const progressId = randomUUID();
    expect(await service.getTaskProgress({ progressId })).toBeNull();

    const seen: TaskProgress[] = [];
    let done = false;
    const exported = service.exportPlan({ planId: sample.id, kind: 'word', progressId }).finally(() => {
      done = true;
    });
    while (!done) {
      const response = (await dispatch('getTaskProgress', [{ progressId }])) as HostResponse<TaskProgress | null>;
      if (!response.ok) throw new Error(response.error.message);
      if (response.value !== null && seen.at(-1)?.phase !== response.value.phase) seen.push(response.value);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect((await exported).outcome).toBe('download');
    const last = await service.getTaskProgress({ progressId });
    expect(last).toEqual({ phase: 'finished', fraction: 1 });
    // Whatever the polling caught, it never went back.
    const fractions = [...seen, last!].map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(seen.length).toBeGreaterThan(0);
  });

  it('says the desktop is printing the PDF while Chromium prints the print view', async () => {
    const progressId = randomUUID();
    let duringPrint: TaskProgress | null = null;
    const service = new HostService(dir, {
      printPdf: async () => {
        duringPrint = await service.getTaskProgress({ progressId });
        return new TextEncoder().encode('%PDF-1.7');
      },
      saveExport: async () => '/home/anna/Dokument/plan.pdf',
    });
    services.push(service);
    const sample = await service.openSamplePlan();
    expect((await service.exportPlan({ planId: sample.id, kind: 'pdf', progressId })).outcome).toBe('saved');
    expect(duringPrint).toEqual({ phase: 'printing', fraction: 0.25 });
    expect(await service.getTaskProgress({ progressId })).toEqual({ phase: 'finished', fraction: 1 });
  });

  it('ends failed when the export is refused', async () => {
    const service = new HostService(dir, {});
    services.push(service);
    const progressId = randomUUID();
    await expect(service.exportPlan({ planId: randomUUID(), kind: 'word', progressId })).rejects.toThrow();
    expect(await service.getTaskProgress({ progressId })).toEqual({ phase: 'failed', fraction: 1 });
  });

  it('refuses a progress id that is not a UUID before anything runs', async () => {
    const service = new HostService(dir, {});
    services.push(service);
    const dispatch = createHostDispatch(service);
    const sample = await service.openSamplePlan();
    const response = await dispatch('exportPlan', [{ planId: sample.id, kind: 'word', progressId: '../../etc' }]);
    expect(response).toMatchObject({ ok: false, error: { code: 'invalid-argument', reason: 'progressId' } });
    expect(await dispatch('getTaskProgress', [{ progressId: 'x' }])).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});

describe('the progress board', () => {
  it('ignores a phase the task is past, and anything after it ended', () => {
    const board = new ProgressBoard();
    board.report('a', 'page-layout');
    board.report('a', 'building');
    expect(board.read('a')?.phase).toBe('page-layout');
    board.report('a', 'failed');
    board.report('a', 'writing');
    expect(board.read('a')).toEqual({ phase: 'failed', fraction: 1 });
  });

  it('forgets a task a minute after its last change', () => {
    let now = 0;
    const board = new ProgressBoard(() => now);
    board.report('a', 'finished');
    now = 59_000;
    expect(board.read('a')?.phase).toBe('finished');
    now = 61_000;
    expect(board.read('a')).toBeNull();
  });
});

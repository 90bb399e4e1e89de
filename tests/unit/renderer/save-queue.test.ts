/**
 * The renderer's save queue: every local change reaches the host, in order,
 * batched, and nothing is dropped when a save fails. The host here is an
 * in-memory recorder of saveUpdate calls that can be told to fail; the real
 * host is covered by tests/unit/host and the end-to-end tests.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { HostApi, SaveReceipt } from '../../../shared/host-api/host-api.ts';
import { HostError } from '../../../shared/host-api/host-error.ts';
import { SAVE_DELAY_MS, SaveQueue, STORAGE_ORIGIN } from '../../../src-renderer/plan/save-queue.ts';

const DOC_NAME = 'plan/6f1c2b9e-3d4a-4c5b-8e7f-0a1b2c3d4e5f';

class RecordingHost {
  readonly saved: Uint8Array[] = [];
  failNext = 0;

  saveUpdate = async ({ update }: { docName: string; update: Uint8Array }): Promise<SaveReceipt> => {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new HostError('internal', 'disk full');
    }
    this.saved.push(update);
    return { seq: this.saved.length };
  };

  /** What the host has, as a fresh Y.Doc would see it. */
  text(): string {
    const doc = new Y.Doc();
    for (const update of this.saved) Y.applyUpdate(doc, update);
    return doc.getText('t').toString();
  }

  asHost(): HostApi {
    return this as unknown as HostApi;
  }
}

function type(doc: Y.Doc, text: string): void {
  for (const char of text) doc.getText('t').insert(doc.getText('t').length, char);
}

describe('saving a document', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a burst of typing is saved as one update, shortly after it starts', async () => {
    const host = new RecordingHost();
    const doc = new Y.Doc();
    const queue = new SaveQueue(doc, DOC_NAME, host.asHost(), () => undefined);
    type(doc, 'Arbetsförmedlingen');
    expect(queue.state.kind).toBe('saving');
    expect(host.saved).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    await queue.whenSaved();
    expect(host.saved).toHaveLength(1);
    expect(host.text()).toBe('Arbetsförmedlingen');
    expect(queue.state.kind).toBe('saved');
  });

  it('changes applied from storage are not saved again', async () => {
    const host = new RecordingHost();
    const source = new Y.Doc();
    type(source, 'redan sparat');
    const doc = new Y.Doc();
    const queue = new SaveQueue(doc, DOC_NAME, host.asHost(), () => undefined);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source), STORAGE_ORIGIN);
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 5);
    expect(host.saved).toHaveLength(0);
    expect(queue.state.kind).toBe('saved');
  });

  it('keeps every change through failed saves and saves them, in order, once the host recovers', async () => {
    const host = new RecordingHost();
    host.failNext = 2;
    const doc = new Y.Doc();
    const queue = new SaveQueue(doc, DOC_NAME, host.asHost(), () => undefined);
    type(doc, 'Första ');
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(queue.state).toMatchObject({ kind: 'failed', message: 'disk full' });

    type(doc, 'andra');
    await vi.advanceTimersByTimeAsync(20_000);
    await queue.whenSaved();
    expect(host.text()).toBe('Första andra');
    expect(queue.state.kind).toBe('saved');
  });

  it('changes made while a save is on its way go out in the next save', async () => {
    const host = new RecordingHost();
    let release: () => void = () => undefined;
    const slow = host.saveUpdate;
    host.saveUpdate = async (input) => {
      await new Promise<void>((resolve) => (release = resolve));
      return slow(input);
    };
    const doc = new Y.Doc();
    const queue = new SaveQueue(doc, DOC_NAME, host.asHost(), () => undefined);
    type(doc, 'ett ');
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    type(doc, 'två ');
    type(doc, 'tre');
    release();
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    release();
    await queue.whenSaved();
    expect(host.saved).toHaveLength(2);
    expect(host.text()).toBe('ett två tre');
  });

  it('reports a change of save state once per change, not once per keystroke', async () => {
    const host = new RecordingHost();
    const doc = new Y.Doc();
    const onChange = vi.fn();
    const queue = new SaveQueue(doc, DOC_NAME, host.asHost(), onChange);
    type(doc, 'Socialstyrelsen');
    expect(onChange).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    await queue.whenSaved();
    expect(onChange).toHaveBeenCalledTimes(2);
  });
});

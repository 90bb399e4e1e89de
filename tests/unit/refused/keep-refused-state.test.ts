/**
 * Setting a refused chapter aside (src-renderer/refused/keep-refused-state.ts)
 * keeps every word, also what is typed while the host writes the record:
 * the record is written again with the later state, and the earlier one,
 * which the later holds, is let go.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { NewRefusedChange, RefusedChange } from '../../../shared/host-api/host-api.ts';
import { keepRefusedState } from '../../../src-renderer/refused/keep-refused-state.ts';

const fields = {
  planId: '0b6f3c1e-2d4a-4c8e-9f10-3a5b7c9d1e2f',
  docKind: 'chapter',
  docId: '5d2e8a41-7b3c-4f96-8e0d-1c2b3a4d5e6f',
  docTitle: 'Migration',
  rule: 'text-not-permitted',
  detail: 'rule refused: text-not-permitted: …',
  by: { memberId: 'm-omar', name: 'Omar Said', agency: 'migr' },
} as const;

/** A host that keeps records in memory; `during` runs while the first write is under way. */
function fakeHost(during: () => void = () => {}) {
  const records = new Map<string, RefusedChange>();
  let writes = 0;
  return {
    records,
    async setAsideRefusedChange(input: NewRefusedChange): Promise<RefusedChange> {
      writes++;
      if (writes === 1) during();
      await new Promise((resolve) => setTimeout(resolve, 1));
      const record: RefusedChange = { ...input, id: String(writes).padStart(32, '0'), refusedAt: '2026-12-07T05:00:00Z' };
      records.set(record.id, record);
      return record;
    },
    async discardRefusedChange(input: { planId: string; changeId: string }): Promise<void> {
      records.delete(input.changeId);
    },
  };
}

function textOf(update: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc.getText('text').toString();
}

describe('keeping a refused chapter', () => {
  it('keeps the doc as it stands in one record', async () => {
    const doc = new Y.Doc();
    doc.getText('text').insert(0, 'Omars ord.');
    const host = fakeHost();
    const record = await keepRefusedState(host, doc, fields);
    expect([...host.records.keys()]).toEqual([record.id]);
    expect(textOf(record.update)).toBe('Omars ord.');
    expect(record).toMatchObject({ docId: fields.docId, rule: 'text-not-permitted', by: fields.by });
  });

  it('keeps what is typed while the record is written, in one record', async () => {
    const doc = new Y.Doc();
    doc.getText('text').insert(0, 'Omars ord.');
    const host = fakeHost(() => doc.getText('text').insert(doc.getText('text').length, ' Och lite till.'));
    const record = await keepRefusedState(host, doc, fields);
    expect(textOf(record.update)).toBe('Omars ord. Och lite till.');
    expect([...host.records.keys()]).toEqual([record.id]);
  });
});

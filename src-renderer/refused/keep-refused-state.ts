/**
 * Keeps a refused chapter's state as a record in the host's store
 * (HostApi `setAsideRefusedChange`), whole: what is typed while the host
 * writes it is not lost, because the record is written again until the doc
 * stays still, and the earlier record (whose state the later one holds) is
 * let go. The caller has stopped saving the doc, so from here on the record
 * is where these words live (docs/decisions/refused-changes.md).
 */
import * as Y from 'yjs';
import type { HostApi, NewRefusedChange, RefusedChange } from '../../shared/host-api/host-api.ts';

export async function keepRefusedState(
  host: Pick<HostApi, 'setAsideRefusedChange' | 'discardRefusedChange'>,
  doc: Y.Doc,
  fields: Omit<NewRefusedChange, 'update'>,
  /** The record kept before for this doc, which the new one replaces (edits made after it was kept). */
  previous: RefusedChange | null = null,
): Promise<RefusedChange> {
  let changed = true;
  const onUpdate = (): void => void (changed = true);
  doc.on('update', onUpdate);
  try {
    let record: RefusedChange | null = previous;
    while (changed || record === null) {
      changed = false;
      const next = await host.setAsideRefusedChange({ ...fields, update: Y.encodeStateAsUpdate(doc) });
      // A later state holds everything the earlier one did.
      if (record !== null && record.id !== next.id) await host.discardRefusedChange({ planId: fields.planId, changeId: record.id });
      record = next;
    }
    return record;
  } finally {
    doc.off('update', onUpdate);
  }
}

/**
 * What a partner is known to have, per document, and whether we have
 * anything beyond it (issue 17).
 *
 * A partner's state is a Yjs snapshot: its state vector *and* its delete
 * set. The state vector alone is not enough to say "nothing new": deleting
 * text adds no struct, so a deletion leaves the state vector as it was.
 * What we know a partner has only grows (Yjs state never shrinks), so two
 * snapshots from the same partner combine by union, and files that arrive
 * out of order still leave the larger knowledge.
 */
import * as Y from 'yjs';

/** The union of what two snapshots of one partner say they have. */
export function unionSnapshots(a: Y.Snapshot, b: Y.Snapshot): Y.Snapshot {
  const sv = new Map(a.sv);
  for (const [client, clock] of b.sv) sv.set(client, Math.max(clock, sv.get(client) ?? 0));
  return Y.createSnapshot(Y.mergeDeleteSets([a.ds, b.ds]), sv);
}

/** Whether `doc` holds a struct or a deletion that `known` does not (`null`: nothing is known). */
export function hasNewContent(doc: Y.Doc, known: Y.Snapshot | null): boolean {
  return snapshotHasNew(Y.snapshot(doc), known);
}

/** Whether the state `ours` holds a struct or a deletion that `known` does not. */
export function snapshotHasNew(ours: Y.Snapshot, known: Y.Snapshot | null): boolean {
  if (known === null) return ours.sv.size > 0 || ours.ds.clients.size > 0;
  for (const [client, clock] of ours.sv) if (clock > (known.sv.get(client) ?? 0)) return true;
  for (const [client, ranges] of ours.ds.clients) {
    const theirs = known.ds.clients.get(client) ?? [];
    for (const range of ranges) if (!covered(theirs, range.clock, range.clock + range.len)) return true;
  }
  return false;
}

/**
 * Whether `[from, to)` lies within the union of `ranges`. Delete sets from
 * `Y.snapshot` and `Y.mergeDeleteSets` are sorted and merged, but a
 * snapshot read from a file may not be: sort a copy.
 */
function covered(ranges: readonly { clock: number; len: number }[], from: number, to: number): boolean {
  let reached = from;
  for (const range of [...ranges].sort((x, y) => x.clock - y.clock)) {
    if (range.clock > reached) return false;
    reached = Math.max(reached, range.clock + range.len);
    if (reached >= to) return true;
  }
  return reached >= to;
}

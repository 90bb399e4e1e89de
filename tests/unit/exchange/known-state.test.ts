/**
 * What a partner is known to have (shared/exchange/known-state.ts): "nothing
 * new" must see a deletion, which adds no struct and leaves the state vector
 * as it was, and knowledge from files read out of order must add up.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { hasNewContent, snapshotHasNew, unionSnapshots } from '../../../shared/exchange/known-state.ts';

function docWith(text: string, clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  doc.getText('text').insert(0, text);
  return doc;
}

describe('what a partner is known to have', () => {
  it('nothing is known: anything in the doc is new, and an empty doc has nothing new', () => {
    expect(hasNewContent(docWith('Hej', 1), null)).toBe(true);
    expect(hasNewContent(new Y.Doc(), null)).toBe(false);
  });

  it('the partner’s own snapshot of the same state: nothing new', () => {
    const doc = docWith('Hej', 1);
    expect(hasNewContent(doc, Y.snapshot(doc))).toBe(false);
  });

  it('a deletion alone is new, though the state vector did not change', () => {
    const doc = docWith('Hej hopp', 1);
    const theirs = Y.snapshot(doc);
    const before = Y.encodeStateVector(doc);
    doc.getText('text').delete(3, 5);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(hasNewContent(doc, theirs)).toBe(true);
  });

  it('typing is new', () => {
    const doc = docWith('Hej', 1);
    const theirs = Y.snapshot(doc);
    doc.getText('text').insert(3, '!');
    expect(hasNewContent(doc, theirs)).toBe(true);
  });

  it('two snapshots read in either order add up to what the partner has', () => {
    const partner = docWith('Ett', 7);
    const first = Y.snapshot(partner);
    partner.getText('text').insert(3, ' två');
    partner.getText('text').delete(0, 1);
    const second = Y.snapshot(partner);
    const ours = new Y.Doc();
    Y.applyUpdate(ours, Y.encodeStateAsUpdate(partner));
    for (const known of [unionSnapshots(first, second), unionSnapshots(second, first)]) {
      expect(hasNewContent(ours, known)).toBe(false);
      expect(snapshotHasNew(Y.snapshot(ours), known)).toBe(false);
    }
    // The older snapshot alone misses both the typing and the deletion.
    expect(hasNewContent(ours, first)).toBe(true);
  });
});

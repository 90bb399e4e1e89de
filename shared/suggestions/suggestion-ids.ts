/**
 * Suggestion ids that no two peers generate alike, offline too.
 *
 * An id is the Yjs id of the next item this doc will write: its client id
 * and its clock (`<client>.<clock>`). Yjs already requires client ids to be
 * unique among the peers of a doc (it picks a new one when it meets its own
 * in an update from elsewhere), and one client's clock only ever grows, so
 * two peers cannot produce the same pair. This is why the ids of
 * @handlewithcare/prosemirror-suggest-changes (the highest number in the
 * document plus one) are not used: two agencies offline both got id 1, and
 * rejecting one rejected both (docs/decisions/suggestions.md).
 *
 * Creating a suggestion writes to the doc and so advances the clock. Two
 * calls without a write in between would see the same clock; a counter per
 * doc and clock tells them apart. shared/ has no crypto (no DOM, no Node),
 * so randomness is not an option here, and it is not needed.
 */
import * as Y from 'yjs';

const lastIssued = new WeakMap<Y.Doc, { readonly client: number; readonly clock: number; count: number }>();

export function nextSuggestionId(doc: Y.Doc): string {
  const client = doc.clientID;
  const clock = Y.getState(doc.store, client);
  const last = lastIssued.get(doc);
  if (last && last.client === client && last.clock === clock) {
    last.count++;
    return `${client.toString(36)}.${clock.toString(36)}.${last.count.toString(36)}`;
  }
  lastIssued.set(doc, { client, clock, count: 0 });
  return `${client.toString(36)}.${clock.toString(36)}`;
}

/** Ids are short printable strings; anything else in a mark or marker is ignored. */
export function isSuggestionId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-z]{1,16}\.[0-9a-z]{1,16}(\.[0-9a-z]{1,16})?$/.test(value);
}

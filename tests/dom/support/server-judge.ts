/**
 * The sync server's copy of a chapter for the suggestion tests: it takes
 * each peer's updates one by one, as they were made, when the test
 * delivers that peer's changes, and judges them as the server's guard
 * does (doc-rules.ts), plus the formatting rules measured before they are
 * enforced (docs/rules.md). An honest editor must pass both.
 */
import { expect } from 'vitest';
import * as Y from 'yjs';
import { defineRoots, recordChanges, type TextChange } from '../../../shared/rules/doc-changes.ts';
import { checkDocChanges } from '../../../shared/rules/doc-rules.ts';
import { directFormattingBreach } from '../../../shared/rules/text-format-rule.ts';
import { migrChapter, type SuggestingPeer } from './suggestion-peers.ts';

export interface ServerJudge {
  readonly doc: Y.Doc;
  /** Applies `from`'s updates made since the last delivery; returns what the server refused and what the measured rules found, one line each. */
  receive(from: SuggestingPeer): string[];
}

export function serverJudge(peers: readonly SuggestingPeer[]): ServerJudge {
  const doc = new Y.Doc();
  defineRoots(doc, 'chapter');
  Y.applyUpdate(doc, Y.encodeStateAsUpdate((peers[0] as SuggestingPeer).doc));
  const held = new Map(peers.map((peer) => [peer, [] as Uint8Array[]]));
  for (const peer of peers) {
    peer.doc.on('update', (update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (transaction.local) held.get(peer)?.push(update);
    });
  }
  const chapter = { owner: migrChapter.owner, status: 'draft' as const };
  return {
    doc,
    receive: (from) => {
      const found: string[] = [];
      for (const update of held.get(from)?.splice(0) ?? []) {
        const changes = recordChanges(doc, 'chapter', () => Y.applyUpdate(doc, update), { deletedText: true });
        const refused = checkDocChanges(from.member, { kind: 'chapter', planId: 'plan', chapterId: 'chapter', chapter }, changes);
        if (refused !== null) found.push(`refused: ${refused.detail}`);
        const text = changes.filter((c): c is TextChange => c.kind === 'text');
        const measured = directFormattingBreach(from.member, { chapter }, text);
        if (measured !== null) found.push(`measured: ${measured.detail}`);
      }
      return found;
    },
  };
}

/** The two orders in which the owner's and the suggester's offline updates can reach the server. */
export const DELIVERIES = ['Maja first', 'Bo first'] as const;

/** Maja's and Bo's offline updates reach the server in `order`; it takes both. */
export function deliver(server: ServerJudge, order: (typeof DELIVERIES)[number], maja: SuggestingPeer, bo: SuggestingPeer): void {
  const [first, second] = order === 'Maja first' ? [maja, bo] : [bo, maja];
  expect(server.receive(first)).toEqual([]);
  expect(server.receive(second)).toEqual([]);
}

/**
 * What a client applies of a remote update (shared/doc-limits/within-limits.ts):
 * everything when it is within the limits, nothing of a hostile writer's
 * part, and every other member's part of the same sync step 2.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMarker, readMarker, type ContainerRef } from '../../../shared/chapter-text/block-marker.ts';
import { chapterText, readChapterDoc, writeChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { keepWithinLimits } from '../../../shared/doc-limits/within-limits.ts';
import { schema } from '../../../shared/schema/schema.ts';

/** A chapter with one paragraph, and a copy of it for each peer named. */
function chapterWithPeers(count: number): { victim: Y.Doc; peers: Y.Doc[] } {
  const victim = new Y.Doc();
  writeChapterDoc(victim, schema.nodes.doc.create(null, [schema.nodes.paragraph.create(null, schema.text('Början.'))]));
  const peers = Array.from({ length: count }, () => {
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(victim));
    return peer;
  });
  return { victim, peers };
}

/** A paragraph inside `depth` containers (list, item, list, item …) at the end of `peer`'s chapter. */
function appendNestedParagraph(peer: Y.Doc, depth: number, words: string): void {
  const path: ContainerRef[] = Array.from({ length: depth }, (_, i) => ({ type: i % 2 === 0 ? 'bullet_list' : 'list_item', id: `n${i}`, attrs: {} }));
  const text = chapterText(peer);
  peer.transact(() => {
    text.insertEmbed(text.length, createMarker({ type: 'paragraph', attrs: {}, path }));
    text.insert(text.length, words);
  });
}

function appendWords(peer: Y.Doc, words: string): void {
  const text = chapterText(peer);
  text.insert(text.length, words);
}

function deepestPath(doc: Y.Doc): number {
  let deepest = 0;
  for (const op of chapterText(doc).toDelta() as { insert: unknown }[]) {
    if (op.insert instanceof Y.Map) deepest = Math.max(deepest, readMarker(op.insert).path.length);
  }
  return deepest;
}

describe('a remote update screened against the limits', () => {
  it('is applied whole when it is within them', () => {
    const { victim, peers } = chapterWithPeers(1);
    const before = Y.encodeStateVector(victim);
    appendNestedParagraph(peers[0]!, 4, 'I en lista.');
    const update = Y.encodeStateAsUpdate(peers[0]!, before);
    const screened = keepWithinLimits(victim, update);
    expect(screened).toEqual({ update, refused: null });
  });

  it('a paragraph in 10,000 containers is refused whole, with the limit it breaks and its writer', () => {
    const { victim, peers } = chapterWithPeers(1);
    const before = Y.encodeStateVector(victim);
    appendNestedParagraph(peers[0]!, 10_000, 'djup');
    const screened = keepWithinLimits(victim, Y.encodeStateAsUpdate(peers[0]!, before));
    expect(screened.update).toBeNull();
    expect(screened.refused).toMatchObject({ refusal: 'block-too-deep', clients: [peers[0]!.clientID] });
  });

  it('a step 2 carrying a hostile writer and a colleague applies the colleague and nothing of the writer', () => {
    const { victim, peers } = chapterWithPeers(2);
    const [hostile, colleague] = peers as [Y.Doc, Y.Doc];
    appendNestedParagraph(hostile, 10_000, 'djup');
    appendWords(colleague, ' Kollegans mening.');
    // The server holds both; the victim was offline and gets them in one step 2.
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(victim));
    Y.applyUpdate(server, Y.encodeStateAsUpdate(hostile));
    Y.applyUpdate(server, Y.encodeStateAsUpdate(colleague));
    const step2 = Y.encodeStateAsUpdate(server, Y.encodeStateVector(victim));

    const screened = keepWithinLimits(victim, step2);
    expect(screened.refused).toMatchObject({ refusal: 'block-too-deep', clients: [hostile.clientID] });
    Y.applyUpdate(victim, screened.update!);
    expect(chapterText(victim).toString()).toContain('Kollegans mening.');
    expect(chapterText(victim).toString()).not.toContain('djup');
    expect(deepestPath(victim)).toBe(0);
    expect(readChapterDoc(victim).textContent).toBe('Början. Kollegans mening.');
  });

  it('an update that does not decode is refused as unreadable instead of throwing', () => {
    const { victim } = chapterWithPeers(0);
    const screened = keepWithinLimits(victim, new Uint8Array([1, 1, 200, 200, 200, 200, 200]));
    expect(screened).toMatchObject({ update: null, refused: { refusal: 'unreadable' } });
  });
});

/**
 * The structural limits (shared/doc-limits/) against the real document:
 * everything Samskriv writes passes, and a document cannot be made to nest
 * deeper, hold more nodes or more text than the limits, whether the update
 * does it in one go, one level at a time, or tip first.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdateLimits, DOC_LIMITS, type DocLimits } from '../../../shared/doc-limits/doc-limits.ts';
import { createMarker } from '../../../shared/chapter-text/block-marker.ts';
import { chapterText, writeChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { createThread, replyToThread, threadsMap } from '../../../shared/comments/threads.ts';
import type { Member } from '../../../shared/plan/member.ts';
import { schema } from '../../../shared/schema/schema.ts';

const ANNA: Member = { memberId: 'anna', name: 'Anna Berg', agency: 'af', role: 'coordinator' };
const SMALL: DocLimits = { ...DOC_LIMITS, maxNodes: 50, maxTextLength: 1_000 };

/** The updates `doc` emits while `act` runs. */
function updatesOf(doc: Y.Doc, act: () => void): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const listener = (update: Uint8Array): void => void updates.push(update);
  doc.on('update', listener);
  act();
  doc.off('update', listener);
  return updates;
}

/** Applies each update to `target` after checking it; returns the first breach's refusal. */
function applyChecked(target: Y.Doc, updates: readonly Uint8Array[], limits: DocLimits = DOC_LIMITS): string | null {
  for (const update of updates) {
    const breach = checkUpdateLimits(target, update, limits);
    if (breach !== null) return breach.refusal;
    Y.applyUpdate(target, update);
  }
  return null;
}

/** A Y.Map nested `depth` levels under the root map `m`, each level its own update. */
function nestOneLevelAtATime(depth: number): { source: Y.Doc; updates: Uint8Array[] } {
  const source = new Y.Doc();
  const updates = updatesOf(source, () => {
    let map = source.getMap('m');
    for (let i = 0; i < depth; i++) {
      const child = new Y.Map<unknown>();
      map.set('x', child);
      map = child;
    }
  });
  return { source, updates };
}

describe('structural limits', () => {
  it('pass a chapter with lists, a table, comments and a thread with replies', () => {
    const source = new Y.Doc();
    const updates = updatesOf(source, () => {
      writeChapterDoc(
        source,
        schema.nodes.doc.create(null, [
          schema.nodes.heading.create({ level: 1 }, schema.text('Rubrik')),
          schema.nodes.bullet_list.create(null, [
            schema.nodes.list_item.create(null, [
              schema.nodes.paragraph.create(null, schema.text('ett')),
              schema.nodes.bullet_list.create(null, [schema.nodes.list_item.create(null, schema.nodes.paragraph.create(null, schema.text('två')))]),
            ]),
          ]),
        ]),
      );
    });
    const threadUpdates = updatesOf(source, () => {
      createThread(source, ANNA, { id: 't1', messageId: 'm1', text: 'Första', quote: 'ett', assignedAgency: 'migr' });
      replyToThread(source, ANNA, 't1', { id: 'm2', text: 'Svar' });
    });
    expect(threadsMap(source).size).toBe(1);
    expect(applyChecked(new Y.Doc(), [...updates, ...threadUpdates])).toBeNull();
  });

  it('refuse the update that nests a type one level deeper than the limit, one level at a time', () => {
    const { updates } = nestOneLevelAtATime(DOC_LIMITS.maxTypeDepth + 5);
    const target = new Y.Doc();
    expect(applyChecked(target, updates)).toBe('too-deep');
    // Every level up to the limit was accepted: the root map is depth 1.
    let depth = 1;
    for (let map = target.getMap('m').get('x'); map instanceof Y.Map; map = map.get('x')) depth++;
    expect(depth).toBe(DOC_LIMITS.maxTypeDepth);
  });

  it('refuse 10,000 nested maps sent in one update', () => {
    const source = new Y.Doc();
    const [update] = updatesOf(source, () =>
      source.transact(() => {
        let map = source.getMap('m');
        for (let i = 0; i < 10_000; i++) {
          const child = new Y.Map<unknown>();
          map.set('x', child);
          map = child;
        }
      }),
    );
    expect(checkUpdateLimits(new Y.Doc(), update!)?.refusal).toBe('too-deep');
  });

  it('refuse a nested chain sent tip first, when its base arrives, however it is cut', () => {
    const { updates } = nestOneLevelAtATime(DOC_LIMITS.maxTypeDepth + 5);
    const target = new Y.Doc();
    // Tip first: each update waits in the pending structs for the one before it.
    expect(applyChecked(target, [...updates].reverse())).toBe('too-deep');
    expect(target.getMap('m').size).toBe(0);
  });

  it('refuse a block marker inside more containers than the limit', () => {
    const source = new Y.Doc();
    const path = Array.from({ length: DOC_LIMITS.maxBlockNesting + 1 }, (_, i) => ({ type: i % 2 === 0 ? 'bullet_list' : 'list_item', id: `c${i}`, attrs: {} }));
    const [update] = updatesOf(source, () => chapterText(source).insertEmbed(0, createMarker({ type: 'paragraph', attrs: {}, path })));
    expect(checkUpdateLimits(new Y.Doc(), update!)?.refusal).toBe('block-too-deep');
  });

  it('refuse a value nested deeper than the limit', () => {
    const source = new Y.Doc();
    let value: unknown = 1;
    for (let i = 0; i < DOC_LIMITS.maxValueDepth + 1; i++) value = [value];
    const [update] = updatesOf(source, () => source.getMap('m').set('v', value));
    expect(checkUpdateLimits(new Y.Doc(), update!)?.refusal).toBe('value-too-deep');
  });

  it('count nodes and text of the real document, and not what was deleted', () => {
    const source = new Y.Doc();
    const target = new Y.Doc();
    const text = source.getText('t');
    const fill = updatesOf(source, () => text.insert(0, 'x'.repeat(900)));
    expect(applyChecked(target, fill, SMALL)).toBeNull();
    expect(applyChecked(target, updatesOf(source, () => text.insert(0, 'y'.repeat(200))), SMALL)).toBe('text-too-long');
    // Deleted text no longer counts: the same insert fits after a deletion.
    expect(applyChecked(target, updatesOf(source, () => text.delete(0, 500)), SMALL)).toBeNull();
    const again = new Y.Doc();
    Y.applyUpdate(again, Y.encodeStateAsUpdate(target));
    expect(applyChecked(again, updatesOf(new Y.Doc(), () => undefined), SMALL)).toBeNull();
    const maps = new Y.Doc();
    const many = updatesOf(maps, () => maps.transact(() => {
      for (let i = 0; i < 60; i++) maps.getMap('m').set(`k${i}`, new Y.Map());
    }));
    expect(applyChecked(new Y.Doc(), many, SMALL)).toBe('too-many-nodes');
  });
});

/**
 * The anchor index (shared/comments/anchors.ts): where each thread's
 * `comment` marks are. The incremental update must always give what a full
 * scan gives; these tests check it on the edits that trip up diff-based
 * updates (an edit that repeats its surroundings, a change of marks only,
 * deletions across blocks) and on a seeded stream of random edits.
 */
import { describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import type { Node as PmNode } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import { schema } from '../../../shared/schema/schema.ts';
import {
  anchoredText,
  buildAnchorIndex,
  rangesByThread,
  threadsAt,
  updateAnchorIndex,
  type AnchorIndex,
} from '../../../shared/comments/anchors.ts';
import { doc, p } from '../../support/doc-builders.ts';

const { marks } = schema;
const comment = (threadId: string) => marks.comment.create({ threadId });
const text = (t: string, ...threadIds: string[]) => schema.text(t, threadIds.map(comment));

/** Types `t` at `pos` the way the editor does: with the marks the position carries (not a non-inclusive mark at its edge). */
function typeAt(tr: Transform, pos: number, t: string): void {
  tr.insert(pos, schema.text(t, tr.doc.resolve(pos).marks()));
}

/** Applies `edit` and checks the incremental index against a full scan; returns both for further checks. */
function step(before: PmNode, edit: (tr: Transform) => void): { after: PmNode; index: AnchorIndex } {
  const tr = new Transform(before);
  edit(tr);
  const index = updateAnchorIndex(buildAnchorIndex(before), before, tr.doc);
  expect(index).toEqual(buildAnchorIndex(tr.doc));
  return { after: tr.doc, index };
}

describe('the anchor index', () => {
  const sample = doc(p(text('Andelen '), text('ökade till ', 't1'), text('68', 't1', 't2'), text(' procent', 't2'), text(' år 2022.')), p(text('Slut', 't3')));

  it('lists each anchored range once, ordered by position, with overlaps as separate ranges', () => {
    expect(buildAnchorIndex(sample).ranges).toEqual([
      { threadId: 't1', from: 9, to: 22 },
      { threadId: 't2', from: 20, to: 30 },
      { threadId: 't3', from: 41, to: 45 },
    ]);
  });

  it('merges text split by other marks into one range', () => {
    const d = doc(p(text('a', 't1'), schema.text('b', [marks.bold.create(), comment('t1')]), text('c', 't1')));
    expect(buildAnchorIndex(d).ranges).toEqual([{ threadId: 't1', from: 1, to: 4 }]);
  });

  it('groups ranges by thread, finds the threads at a position (edges included), and reads the anchored text', () => {
    const index = buildAnchorIndex(sample);
    expect([...rangesByThread(index).keys()]).toEqual(['t1', 't2', 't3']);
    expect(threadsAt(index, 9)).toEqual(['t1']);
    expect(threadsAt(index, 21)).toEqual(['t1', 't2']);
    expect(threadsAt(index, 22)).toEqual(['t1', 't2']);
    expect(threadsAt(index, 8)).toEqual([]);
    expect(threadsAt(index, 35)).toEqual([]);
    expect(anchoredText(sample, rangesByThread(index).get('t2') ?? [])).toBe('68 procent');
  });

  it('joins the parts of a thread anchored in two paragraphs with a space', () => {
    const d = doc(p(text('första', 't1')), p(text('andra', 't1')));
    expect(anchoredText(d, rangesByThread(buildAnchorIndex(d)).get('t1') ?? [])).toBe('första andra');
  });

  it('follows typing that repeats the text around it', () => {
    const d = doc(p(text('aa'), text('aa', 't1'), text('aa')));
    step(d, (tr) => typeAt(tr, 3, 'a'));
    step(d, (tr) => typeAt(tr, 1, 'a'));
    step(d, (tr) => typeAt(tr, 5, 'a'));
    step(d, (tr) => typeAt(tr, 4, 'aa'));
    step(d, (tr) => tr.delete(2, 4));
  });

  it('follows a change of marks only', () => {
    const { after } = step(sample, (tr) => tr.addMark(1, 8, comment('t4')));
    step(after, (tr) => tr.removeMark(1, 45, marks.comment));
    step(sample, (tr) => tr.addMark(9, 22, marks.bold.create()));
  });

  it('follows deletions and splits across paragraphs, and unchanged docs keep the index', () => {
    step(sample, (tr) => tr.delete(15, 43));
    step(sample, (tr) => tr.split(20));
    step(sample, (tr) => tr.join(sample.child(0).nodeSize));
    step(sample, (tr) => tr.insert(0, p(text('Ny', 't9'))));
    step(sample, (tr) => tr.insert(sample.content.size, p(text('Sist', 't1'))));
    const index = buildAnchorIndex(sample);
    expect(updateAnchorIndex(index, sample, sample)).toBe(index);
  });

  it('matches a full scan after each of a seeded stream of random edits', () => {
    const seed = 4242;
    const gen = prng.create(seed);
    let current = sample;
    let index = buildAnchorIndex(current);
    const words = ['a', 'aa', ' ', 'ö', 'procent'];
    let applied = 0;
    for (let i = 0; i < 400; i++) {
      const tr = new Transform(current);
      const size = current.content.size;
      const a = prng.int32(gen, 0, size);
      const b = Math.min(size, a + prng.int32(gen, 0, 12));
      const kind = prng.int32(gen, 0, 5);
      try {
        if (kind === 0) typeAt(tr, a, prng.oneOf(gen, words));
        else if (kind === 1) tr.delete(a, b);
        else if (kind === 2) tr.addMark(a, b, comment(`t${prng.int32(gen, 1, 6)}`));
        else if (kind === 3) tr.removeMark(a, b, comment(`t${prng.int32(gen, 1, 6)}`));
        else if (kind === 4) tr.split(a);
        else tr.insert(a, p(text(prng.oneOf(gen, words), `t${prng.int32(gen, 1, 6)}`)));
      } catch (error) {
        // A step that does not fit at this position: ProseMirror refuses it.
        if (error instanceof RangeError || (error instanceof Error && ['ReplaceError', 'TransformError'].includes(error.name))) continue;
        throw error;
      }
      const next = tr.doc;
      index = updateAnchorIndex(index, current, next);
      expect(index, `seed ${seed}, edit ${i} (kind ${kind} at ${a}–${b})`).toEqual(buildAnchorIndex(next));
      current = next;
      applied++;
    }
    expect(applied, 'most random edits fit where they were made').toBeGreaterThan(300);
    expect(index.ranges.length).toBeGreaterThan(0);
  });
});

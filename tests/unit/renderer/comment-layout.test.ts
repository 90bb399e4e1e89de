/**
 * The two pure decisions behind the comment sidebar's layout: where cards go
 * (placeCards) and whether a transaction stayed inside one block, which lets
 * typing skip the full layout (changedTopLevelBlock).
 */
import { describe, expect, it } from 'vitest';
import { EditorState, TextSelection } from 'prosemirror-state';
import { placeCards } from '../../../src-renderer/comments/card-layout.ts';
import { changedTopLevelBlock } from '../../../shared/comments/anchors.ts';
import { schema } from '../../../shared/schema/schema.ts';

describe('placing cards beside their anchors', () => {
  it('puts each card at its anchor when there is room', () => {
    expect(placeCards([{ top: 10, height: 50 }, { top: 200, height: 50 }], -1)).toEqual([10, 200]);
  });

  it('pushes a card down below the one before it instead of overlapping', () => {
    expect(placeCards([{ top: 10, height: 100 }, { top: 50, height: 50 }], -1)).toEqual([10, 118]);
  });

  it('keeps the active card exactly beside its anchor and moves the ones above it up', () => {
    const ys = placeCards([{ top: 100, height: 80 }, { top: 120, height: 80 }], 1);
    expect(ys[1]).toBe(120);
    expect(ys[0]).toBe(120 - 8 - 80);
  });

  it('never moves a card above the top of the list, even for the active card', () => {
    const ys = placeCards([{ top: 0, height: 80 }, { top: 20, height: 80 }], 1);
    expect(ys[0]).toBe(0);
    expect(ys[1]).toBe(88);
  });

  it('keeps cards without an anchor (detached threads) after the others', () => {
    const ys = placeCards([{ top: 40, height: 30 }, { top: null, height: 30 }], -1);
    expect(ys[1]).toBeGreaterThanOrEqual(ys[0]! + 30);
  });
});

describe('telling whether a transaction stayed inside one block', () => {
  const doc = schema.node('doc', null, [
    schema.node('paragraph', null, schema.text('Första stycket.')),
    schema.node('paragraph', null, schema.text('Andra stycket, aa.')),
    schema.node('bullet_list', null, [schema.node('list_item', null, [schema.node('paragraph', null, schema.text('Punkt'))])]),
  ]);
  const state = EditorState.create({ schema, doc });
  const secondStart = doc.child(0).nodeSize;

  it('names the block typed in', () => {
    const tr = state.tr.insertText('x', secondStart + 3);
    expect(changedTopLevelBlock(state.doc, tr.doc)).toBe(secondStart);
  });

  it('handles typing that repeats the letters around it ("aa" → "aaa")', () => {
    const at = secondStart + 1 + 'Andra stycket, a'.length;
    const tr = state.tr.insertText('a', at);
    expect(changedTopLevelBlock(state.doc, tr.doc)).toBe(secondStart);
  });

  it('names the list when an item inside it changes', () => {
    const listStart = doc.child(0).nodeSize + doc.child(1).nodeSize;
    const tr = state.tr.insertText('!', listStart + 3);
    expect(changedTopLevelBlock(state.doc, tr.doc)).toBe(listStart);
  });

  it('gives null for Enter (a block split in two), a change across blocks, and a removed block', () => {
    const split = state.tr.setSelection(TextSelection.create(state.doc, secondStart + 3)).split(secondStart + 3);
    expect(changedTopLevelBlock(state.doc, split.doc)).toBeNull();
    const across = state.tr.delete(3, secondStart + 3);
    expect(changedTopLevelBlock(state.doc, across.doc)).toBeNull();
    const removed = state.tr.delete(0, secondStart);
    expect(changedTopLevelBlock(state.doc, removed.doc)).toBeNull();
  });

  it('gives null when nothing changed', () => {
    expect(changedTopLevelBlock(state.doc, state.doc)).toBeNull();
  });
});

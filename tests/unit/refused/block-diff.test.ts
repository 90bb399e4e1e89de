/**
 * "Gör om till förslag" replays the difference between the chapter now and
 * the refused chapter (src-renderer/refused/block-diff.ts). Applying the
 * hunks must give the refused text, and each hunk must cover only what
 * differs: a word changed in one paragraph is that word, not the chapter.
 */
import { describe, expect, it } from 'vitest';
import { Transform } from 'prosemirror-transform';
import type { Node as PmNode } from 'prosemirror-model';
import { diffBlocks } from '../../../src-renderer/refused/block-diff.ts';
import { schema } from '../../../shared/schema/schema.ts';
import { doc, h2, li, p, ul } from '../../support/doc-builders.ts';

function applied(now: PmNode, wanted: PmNode): { result: PmNode; changed: string[] } {
  const tr = new Transform(now);
  const hunks = diffBlocks(now, wanted);
  const changed = hunks.map((h) => `${now.textBetween(h.from, h.to, '|')}→${h.slice.content.textBetween(0, h.slice.content.size, '|')}`);
  for (const hunk of [...hunks].reverse()) tr.replace(hunk.from, hunk.to, hunk.slice);
  return { result: tr.doc, changed };
}

describe('the difference between the chapter now and a refused chapter', () => {
  it('is the changed words of each paragraph, apart', () => {
    const now = doc(h2('Mål'), p('Kvinnor ska komma i arbete snabbare.'), p('Mitten.'), p('Uppföljning sker årligen.'));
    const wanted = doc(h2('Mål'), p('Kvinnor ska komma i arbete mycket snabbare.'), p('Mitten.'), p('Uppföljning sker varje kvartal.'));
    const { result, changed } = applied(now, wanted);
    expect(result.eq(wanted)).toBe(true);
    expect(changed).toEqual(['→mycket ', 'årligen→varje kvartal']);
  });

  it('is whole blocks where blocks were added or removed', () => {
    const now = doc(p('Ett.'), p('Två.'), p('Tre.'));
    const wanted = doc(p('Ett.'), p('Nytt stycke.'), p('Tre.'), ul(li(p('Punkt'))));
    const { result, changed } = applied(now, wanted);
    expect(result.eq(wanted)).toBe(true);
    expect(changed).toEqual(['Två→Nytt stycke', '→Punkt']);
  });

  it('does not count a comment made meanwhile as a difference, and carries no comment into the suggestion', () => {
    const comment = schema.marks.comment!.create({ threadId: 't1' });
    const now = doc(p(schema.text('Kommenterad text.', [comment])), p('Annat.'));
    const wanted = doc(p(schema.text('Kommenterad text.', [comment])), p('Annat och mer.'));
    const { changed } = applied(now, wanted);
    expect(changed).toEqual(['→ och mer']);
    expect(diffBlocks(doc(p('A')), doc(p('A'), p(schema.text('Ny', [comment]))))[0]!.slice.content.firstChild!.firstChild!.marks).toEqual([]);
  });

  it('is nothing when the texts are the same', () => {
    expect(diffBlocks(doc(p('Samma.')), doc(p('Samma.')))).toEqual([]);
  });
});

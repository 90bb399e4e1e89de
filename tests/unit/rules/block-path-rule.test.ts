/**
 * A block's containers (`path`: list, list item, table, row, cell) under
 * the block-field rule (shared/rules/block-field-rule.ts): a drafter of
 * another agency changes the containers of the owner's blocks only as her
 * own suggested change. Containers compare by type and attrs as the
 * chapter shows them, not by id: her editor gives them new ids when it
 * regroups blocks after colleagues' concurrent changes. Each update is
 * applied to the server's copy as the guard does.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Member } from '../../../shared/plan/member.ts';
import { defineRoots, recordChanges, type TextChange } from '../../../shared/rules/doc-changes.ts';
import { checkChapterText, type ChapterTextContext } from '../../../shared/rules/chapter-text-rule.ts';
import { createSuggestion, noteWriting } from '../../../shared/suggestions/suggestions.ts';
import { decideSuggestions } from '../../../shared/suggestions/decide.ts';
import { updateMarker } from '../../../shared/chapter-text/block-marker.ts';

const fia: Member = { memberId: 'm-fia', name: 'Fia', agency: 'fk', role: 'drafter' };
const omar: Member = { memberId: 'm-omar', name: 'Omar', agency: 'migr', role: 'drafter' };
const context: ChapterTextContext = { chapter: { owner: 'migr', status: 'draft', coWriters: [] } };

type Path = { type: string; id: string; attrs: Record<string, unknown> }[];
const list = (id: string, item: string, type = 'bullet_list', attrs: Record<string, unknown> = {}): Path => [{ type, id, attrs }, { type: 'list_item', id: item, attrs: {} }];
const cell = (id: string, attrs: Record<string, unknown>, row = 'r'): Path => [{ type: 'table', id: 't', attrs: {} }, { type: 'table_row', id: row, attrs: {} }, { type: 'table_cell', id, attrs: { colspan: 1, rowspan: 1, colwidth: null, ...attrs } }];

interface Chapter {
  readonly server: Y.Doc;
  readonly fiaDoc: Y.Doc;
  /** The `n`th block marker of a copy. */
  marker(doc: Y.Doc, n: number): Y.Map<unknown>;
}

/** Omar's paragraphs, one in each of `paths`' containers, the server's copy of them, and Fia's client on a copy. */
function setUp(paths: Path[] = [[], []]): Chapter {
  const omarDoc = new Y.Doc();
  omarDoc.clientID = 1;
  const text = omarDoc.getText('text');
  paths.forEach((path, i) => {
    text.insertEmbed(text.length, new Y.Map<unknown>([['type', 'paragraph'], ['attrs', {}], ['path', path]]));
    text.insert(text.length, `Stycke ${i + 1}.`);
  });
  const server = copyOf(omarDoc, 'server');
  const fiaDoc = copyOf(omarDoc, 2);
  const marker = (doc: Y.Doc, n: number): Y.Map<unknown> => (doc.getText('text').toDelta() as { insert: unknown }[]).filter((op) => op.insert instanceof Y.Map)[n]?.insert as Y.Map<unknown>;
  return { server, fiaDoc, marker };
}

/** A copy of `source`: the server's (its roots defined, as the guard's), or a client's with its Yjs client id. */
function copyOf(source: Y.Doc, who: 'server' | number): Y.Doc {
  const copy = new Y.Doc();
  if (who === 'server') defineRoots(copy, 'chapter');
  else copy.clientID = who;
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(source));
  return copy;
}

/** Fia's change as the server's copy takes it: the refusal's detail, or null. */
function judge({ server, fiaDoc }: Chapter, change: (doc: Y.Doc) => void): string | null {
  const before = Y.encodeStateVector(fiaDoc);
  fiaDoc.transact(() => change(fiaDoc));
  const update = Y.encodeStateAsUpdate(fiaDoc, before);
  const changes = recordChanges(server, 'chapter', () => Y.applyUpdate(server, update), { deletedText: true });
  return checkChapterText(fia, context, changes.filter((c): c is TextChange => c.kind === 'text'))?.detail ?? null;
}

/** Applies Fia's change to the server's copy without judging it. */
function unjudged({ server, fiaDoc }: Chapter, change: (doc: Y.Doc) => void): void {
  const before = Y.encodeStateVector(fiaDoc);
  fiaDoc.transact(() => change(fiaDoc));
  Y.applyUpdate(server, Y.encodeStateAsUpdate(fiaDoc, before));
}

/** A change by someone who may make it (client `clientID`), applied to the server's copy only: Fia has not seen it. */
function othersChange(server: Y.Doc, change: (doc: Y.Doc) => void, clientID = 3): void {
  const other = copyOf(server, clientID);
  const before = Y.encodeStateVector(other);
  other.transact(() => change(other));
  Y.applyUpdate(server, Y.encodeStateAsUpdate(other, before));
}

/**
 * The owner accepts Fia's suggestion 2.4 on the server's copy while hers
 * still shows it, and she withdraws it: the refusal's detail, or null.
 * Accept ∥ withdraw ends as rejected (docs/decisions/suggestions.md §3).
 */
function acceptMeetsWithdrawal(chapter: Chapter): string | null {
  othersChange(chapter.server, (d) => decideSuggestions(d, d.getText('text'), omar, { owner: 'migr' }, ['2.4'], 'accept'));
  expect(chapter.marker(chapter.server, 0).get('suggestion')).toBeUndefined();
  return judge(chapter, (d) => decideSuggestions(d, d.getText('text'), fia, { owner: 'migr' }, ['2.4'], 'withdraw'));
}

/** Fia suggests a bullet list of the first paragraph, as her editor writes it: the containers with her change suggestion, the block as it was in `before`. */
function suggestList(chapter: Chapter, was: Path = []): (doc: Y.Doc) => void {
  return (d) => {
    createSuggestion(d, fia, { id: '2.4', kind: 'block' });
    noteWriting(d, '2.4', false);
    const m = chapter.marker(d, 0);
    m.set('before', { type: 'paragraph', attrs: {}, path: was });
    m.set('path', list('l2', 'i2'));
    m.set('suggestion', { id: '2.4', kind: 'change' });
  };
}

const DIRECT = 'a suggester changes the containers of others’ blocks only as her own suggested change';
const RECORD = 'a suggester records the containers a block had as her copy showed them';

/** Fia's editor regrouping block `n`'s containers (new ids, or the same value again, as it does near every change) after she suggested something elsewhere: from her first suggestion on, what her client writes is her own writing (own-text.ts). Passes the rule: no container changes. */
function regroupAfterSuggesting(chapter: Chapter, n: number, path: Path): void {
  expect(judge(chapter, (d) => {
    createSuggestion(d, fia, { id: '2.1', kind: 'insert' });
    noteWriting(d, '2.1', false);
    chapter.marker(d, n).set('path', path);
  })).toBeNull();
}

describe('a block’s containers, changed by a drafter who may only suggest', () => {
  it('refuses her wrapping the owner’s paragraphs in a list without suggesting it', () => {
    const chapter = setUp();
    expect(judge(chapter, (d) => {
      chapter.marker(d, 0).set('path', list('l', 'i1'));
      chapter.marker(d, 1).set('path', list('l', 'i2'));
    })).toBe(DIRECT);
    expect(chapter.marker(chapter.server, 0).get('path')).toEqual(list('l', 'i1'));
  });

  it('refuses her taking the owner’s paragraph out of his list, and turning his bullet list into a numbered one', () => {
    const out = setUp([list('l', 'i1'), list('l', 'i2')]);
    expect(judge(out, (d) => out.marker(d, 1).set('path', []))).toBe(DIRECT);
    const numbered = setUp([list('l', 'i1'), list('l', 'i2')]);
    expect(judge(numbered, (d) => numbered.marker(d, 0).set('path', list('l', 'i1', 'ordered_list', { order: 1 })))).toBe(DIRECT);
  });

  it('refuses her changing how many columns the owner’s table cell spans', () => {
    const chapter = setUp([cell('c1', {}), cell('c2', {})]);
    expect(judge(chapter, (d) => chapter.marker(d, 0).set('path', cell('c1', { colspan: 2 })))).toBe(DIRECT);
  });

  it('refuses her change suggestion whose record of the block names other containers than her copy showed (a reject would take the owner’s list away)', () => {
    const chapter = setUp([list('l', 'i1'), []]);
    expect(judge(chapter, suggestList(chapter, []))).toBe('a suggester records the containers a block had as her copy showed them');
  });

  it('lets her suggest a list of the owner’s paragraph, and withdraw it', () => {
    const chapter = setUp();
    expect(judge(chapter, suggestList(chapter))).toBeNull();
    expect(judge(chapter, (d) => decideSuggestions(d, d.getText('text'), fia, { owner: 'migr' }, ['2.4'], 'withdraw'))).toBeNull();
    expect(chapter.marker(chapter.server, 0).toJSON()).toEqual({ type: 'paragraph', attrs: {}, path: [] });
  });

  it('lets her editor give the owner’s list new ids when it regroups blocks: no container changes', () => {
    const chapter = setUp([list('l', 'i1'), list('l', 'i2')]);
    expect(judge(chapter, (d) => {
      chapter.marker(d, 0).set('path', list('l-new', 'i1'));
      chapter.marker(d, 1).set('path', list('l-new', 'i2-new'));
    })).toBeNull();
  });

  it('lets her editor write into a block the attrs its table cell shows, where concurrent writes left the cell’s blocks differing (fuzz seed 557), but not change what the cell shows', () => {
    // One cell (id c) holding both paragraphs: the first opens it and its rowspan of 2 shows; the second's copy says 1.
    const chapter = setUp([cell('c', { rowspan: 2 }), cell('c', {})]);
    expect(judge(chapter, (d) => chapter.marker(d, 1).set('path', cell('c', { rowspan: 2 })))).toBeNull();
    expect(judge(chapter, (d) => chapter.marker(d, 0).set('path', cell('c', { rowspan: 3 })))).toBe(DIRECT);
  });

  it('lets her editor write into the block that opens a cell the attrs the cell’s other blocks carry, where a merge of cells left them differing (fuzz seed 7908), but no attrs the cell has nowhere', () => {
    const chapter = setUp([cell('c', {}), cell('c', { colspan: 2, rowspan: 2 }), cell('c', { colspan: 2, rowspan: 2 })]);
    expect(judge(chapter, (d) => chapter.marker(d, 0).set('path', cell('c', { colspan: 2, rowspan: 2 })))).toBeNull();
    const other = setUp([cell('c', {}), cell('c', { colspan: 2, rowspan: 2 })]);
    expect(judge(other, (d) => other.marker(d, 0).set('path', cell('c', { colspan: 3 })))).toBe(DIRECT);
  });

  it('judges what a cell showed before her update by its blocks then: her own suggested block that opened it, deleted in the same update, hands the cell to the owner’s block after it', () => {
    const chapter = setUp([cell('c', {}), cell('d', {})]);
    // Fia's suggested paragraph at the start of the owner's cell c, carrying the cell's rowspan as her editor saw it.
    unjudged(chapter, (d) => {
      createSuggestion(d, fia, { id: '2.9', kind: 'insert' });
      noteWriting(d, '2.9', false);
      d.getText('text').insertEmbed(0, new Y.Map<unknown>([['type', 'paragraph'], ['attrs', {}], ['path', cell('c', { rowspan: 2 })], ['suggestion', { id: '2.9', kind: 'insert' }]]));
    });
    // She deletes it; her binding writes the cell as it shows into the owner's block, now the first.
    expect(judge(chapter, (d) => {
      d.getText('text').delete(0, 1);
      chapter.marker(d, 0).set('path', cell('c', { rowspan: 2 }));
    })).toBeNull();
  });

  it('lets her editor make the owner’s table cell span less, as every editor’s table repair does against its own copy of the table (fuzz seeds 6338, 8690), but not more', () => {
    const overlong = setUp([cell('c1', {}, 'r1'), cell('c2', {}, 'r1'), cell('c3', { rowspan: 2 }, 'r2'), cell('c4', {}, 'r2')]);
    expect(judge(overlong, (d) => overlong.marker(d, 2).set('path', cell('c3', {}, 'r2')))).toBeNull();
    // On the server's copy the span fits (a row added meanwhile): her editor trimmed it on hers.
    const fits = setUp([cell('c1', { rowspan: 2 }, 'r1'), cell('c2', {}, 'r1'), cell('c4', {}, 'r2')]);
    expect(judge(fits, (d) => fits.marker(d, 0).set('path', cell('c1', {}, 'r1')))).toBeNull();
    expect(judge(fits, (d) => fits.marker(d, 1).set('path', cell('c2', { rowspan: 2 }, 'r1')))).toBe(DIRECT);
  });

  it('lets her change again the containers her own suggestion made, though the owner accepted it meanwhile (as her accepted words are hers to delete)', () => {
    const chapter = setUp();
    unjudged(chapter, suggestList(chapter));
    othersChange(chapter.server, (d) => decideSuggestions(d, d.getText('text'), omar, { owner: 'migr' }, ['2.4'], 'accept'));
    expect(chapter.marker(chapter.server, 0).get('suggestion')).toBeUndefined();
    expect(judge(chapter, (d) => chapter.marker(d, 0).set('path', list('l2', 'i2', 'ordered_list', { order: 1 })))).toBeNull();
  });

  it('refuses her taking the owner’s paragraph out of his list once her editor has regrouped the list', () => {
    const chapter = setUp([list('l', 'i1'), list('l', 'i2')]);
    regroupAfterSuggesting(chapter, 1, list('l', 'i2-new'));
    expect(judge(chapter, (d) => chapter.marker(d, 1).set('path', []))).toBe(DIRECT);
  });

  it('refuses her turning the owner’s bullet list into a numbered one once her editor has regrouped it', () => {
    const chapter = setUp([list('l', 'i1'), list('l', 'i2')]);
    regroupAfterSuggesting(chapter, 0, list('l-new', 'i1'));
    expect(judge(chapter, (d) => chapter.marker(d, 0).set('path', list('l-new', 'i1', 'ordered_list', { order: 1 })))).toBe(DIRECT);
  });

  it('refuses her wrapping the owner’s paragraph in a list once her editor has written its containers (none) again', () => {
    const chapter = setUp();
    regroupAfterSuggesting(chapter, 0, []);
    expect(judge(chapter, (d) => chapter.marker(d, 0).set('path', list('l', 'i1')))).toBe(DIRECT);
  });

  it('refuses her making the owner’s table cell span more once her editor has written the cell again', () => {
    const chapter = setUp([cell('c1', {}), cell('c2', {})]);
    regroupAfterSuggesting(chapter, 0, cell('c1', {}));
    expect(judge(chapter, (d) => chapter.marker(d, 0).set('path', cell('c1', { colspan: 2 })))).toBe(DIRECT);
  });

  it('refuses her change suggestion whose record of the block names other containers than her copy showed, though her editor regrouped them before (a reject would take the owner’s list away)', () => {
    const chapter = setUp([list('l', 'i1'), []]);
    regroupAfterSuggesting(chapter, 0, list('l', 'i1-new'));
    expect(judge(chapter, suggestList(chapter, []))).toBe(RECORD);
  });

  it('lets her withdraw her list suggestion that the owner accepted meanwhile: his paragraph gets back the containers her record of it holds (fuzz seeds 9, 92 and 53 more of 1,000)', () => {
    const chapter = setUp();
    expect(judge(chapter, suggestList(chapter))).toBeNull();
    // The owner accepts on the server's copy; her copy still shows her suggestion as she withdraws it.
    expect(acceptMeetsWithdrawal(chapter)).toBeNull();
    expect(chapter.marker(chapter.server, 0).get('path')).toEqual([]);
  });

  it('recognises her suggested containers after the server restarts: the places of her decided suggestion’s items are stored with the chapter', () => {
    const chapter = setUp();
    expect(judge(chapter, suggestList(chapter))).toBeNull();
    othersChange(chapter.server, (d) => decideSuggestions(d, d.getText('text'), omar, { owner: 'migr' }, ['2.4'], 'accept'));
    const restarted = { ...chapter, server: copyOf(chapter.server, 'server') };
    expect(judge(restarted, (d) => decideSuggestions(d, d.getText('text'), fia, { owner: 'migr' }, ['2.4'], 'withdraw'))).toBeNull();
    expect(chapter.marker(restarted.server, 0).get('path')).toEqual([]);
  });

  it('lets her withdraw her list suggestion she changed again (a numbered list) that the owner accepted meanwhile (fuzz seeds 285, 655)', () => {
    const chapter = setUp();
    expect(judge(chapter, suggestList(chapter))).toBeNull();
    // Her binding writes the containers, then her suggestion and its record again (block-marker.ts `updateMarker`).
    expect(judge(chapter, (d) => updateMarker(chapter.marker(d, 0), { type: 'paragraph', attrs: { suggestion: { id: '2.4', kind: 'change' } }, path: list('l2', 'i2', 'ordered_list', { order: 1 }) }))).toBeNull();
    expect(acceptMeetsWithdrawal(chapter)).toBeNull();
    expect(chapter.marker(chapter.server, 0).get('path')).toEqual([]);
  });

  it('lets her withdraw her list suggestion that the owner accepted meanwhile, though her editor regrouped the list while her suggestion was on it (fuzz seed 1009)', () => {
    const chapter = setUp();
    expect(judge(chapter, suggestList(chapter))).toBeNull();
    // Near a later change her editor regroups the blocks: the second paragraph's containers (none) written again, then new ids for her suggested list.
    expect(judge(chapter, (d) => {
      chapter.marker(d, 1).set('path', []);
      chapter.marker(d, 0).set('path', list('l2-new', 'i2'));
    })).toBeNull();
    expect(acceptMeetsWithdrawal(chapter)).toBeNull();
    expect(chapter.marker(chapter.server, 0).get('path')).toEqual([]);
  });

  it('refuses her taking the owner’s paragraph out of the numbered list he made of her suggested one, though her editor regrouped it since', () => {
    const chapter = setUp();
    expect(judge(chapter, suggestList(chapter))).toBeNull();
    othersChange(chapter.server, (d) => {
      decideSuggestions(d, d.getText('text'), omar, { owner: 'migr' }, ['2.4'], 'accept');
      chapter.marker(d, 0).set('path', list('l2', 'i2', 'ordered_list', { order: 1 }));
    });
    Y.applyUpdate(chapter.fiaDoc, Y.encodeStateAsUpdate(chapter.server));
    expect(judge(chapter, (d) => chapter.marker(d, 0).set('path', list('l3', 'i2', 'ordered_list', { order: 1 })))).toBeNull();
    expect(judge(chapter, (d) => chapter.marker(d, 0).set('path', []))).toBe(DIRECT);
  });

  it('judges what her update does to the server’s copy: her regrouping that loses to the owner’s concurrent numbered list changes nothing there', () => {
    const chapter = setUp([list('l', 'i1'), []]);
    // The owner's client 3: Yjs keeps its write over client 2's.
    othersChange(chapter.server, (d) => chapter.marker(d, 0).set('path', list('l', 'i1', 'ordered_list', { order: 1 })));
    expect(judge(chapter, (d) => chapter.marker(d, 0).set('path', list('l-new', 'i1')))).toBeNull();
    expect(chapter.marker(chapter.server, 0).get('path')).toEqual(list('l', 'i1', 'ordered_list', { order: 1 }));
  });
});

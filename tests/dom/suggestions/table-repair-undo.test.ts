/**
 * Undo after an editor repaired a table (prosemirror-tables' fixTables,
 * src-renderer/editor/binding/table-fixes.ts). Anna merges two cells of a
 * column while Karin, offline, deletes the second row: the merge has
 * Anna's cell spanning two rows of a table that has one. The next member
 * to edit the table gets it trimmed by their editor. Undo takes back what
 * they wrote, never the trim: given back, Anna's span would again reach
 * past the table, and from a suggester it is a widening of someone else's
 * cell that the server refuses (fuzz seed 8120). A trim of what one's own
 * change broke is still undone with it, so undo gives back the table.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Node as PmNode } from 'prosemirror-model';
import { CellSelection, deleteRow, mergeCells, TableMap } from 'prosemirror-tables';
import type { Member } from '../../../shared/plan/member.ts';
import { schema } from '../../../shared/schema/schema.ts';
import { pendingSuggestionIds } from '../../../shared/suggestions/decide.ts';
import { undoCommand } from '../../../src-renderer/editor/commands.ts';
import { doc, p, table, td, tr } from '../../support/doc-builders.ts';
import { serverJudge, type ServerJudge } from '../support/server-judge.ts';
import { anna, bo, maja, markup, posOf, select, send, suggestingPeers, syncAll, type, type SuggestingPeer } from '../support/suggestion-peers.ts';

/** A drafter of the owner agency, like Maja: edits directly. */
const karin: Member = { memberId: 'm-karin', name: 'Karin Ny', agency: 'migr', role: 'drafter' };

const chapter = doc(p('Insatser'), table(tr(td(p('Myndighet')), td(p('Åtgärd'))), tr(td(p('Migrationsverket')), td(p('Kartläggning')))), p('Slut.'));

const ORDERS = ['merge first', 'row deletion first'] as const;
/** Bo's Yjs client id below and above his colleagues' (2, 3, 4): which of two concurrent map writes wins. */
const BO_IDS = [1, 9] as const;

let open: SuggestingPeer[] = [];
afterEach(() => {
  for (const peer of open) peer.destroy();
  open = [];
});

/** Each row's cells: their paragraphs joined by " / ", and a span other than 1×1 as "(rows×columns)". */
function tableRows(node: PmNode): string[][] {
  const rows: string[][] = [];
  node.descendants((child) => {
    if (child.type.name === 'table_row') {
      const cells: string[] = [];
      child.forEach((cell) => {
        const texts: string[] = [];
        cell.forEach((block) => texts.push(block.textContent));
        const { rowspan, colspan } = cell.attrs as { rowspan: number; colspan: number };
        cells.push(texts.join(' / ') + (rowspan === 1 && colspan === 1 ? '' : ` (${rowspan}×${colspan})`));
      });
      rows.push(cells);
      return false;
    }
    return true;
  });
  return rows;
}

function wellFormed(node: PmNode): boolean {
  let ok = true;
  node.descendants((child) => {
    if (child.type.name !== 'table') return true;
    ok &&= TableMap.get(child).problems === null;
    return false;
  });
  return ok;
}

interface Scene {
  readonly peers: SuggestingPeer[];
  readonly server: ServerJudge;
  /** What the server refused or measured of every update so far, by member. */
  refusals(): string[];
}

/**
 * Maja, Bo, Anna and Karin on the chapter; Anna merges the first column's
 * two cells while Karin deletes the second row, and both reach `receiver`
 * in `order` (the merge is its own update, Karin's deletion another).
 */
function mergedTableAt(receiver: Member, order: (typeof ORDERS)[number], boId: number): Scene & { readonly at: SuggestingPeer } {
  const peers = suggestingPeers(
    chapter,
    [{ member: maja, mode: 'edit' }, { member: bo }, { member: anna, mode: 'edit' }, { member: karin, mode: 'edit' }],
    [2, boId, 3, 4],
  );
  open = peers;
  const server = serverJudge(peers);
  const byMember = (member: Member): SuggestingPeer => peers.find((peer) => peer.member === member)!;
  const [a, k, at] = [byMember(anna), byMember(karin), byMember(receiver)];
  {
    const d = a.view.state.doc;
    const first = d.resolve(posOf(d, 'Myndighet', true)).before();
    const second = d.resolve(posOf(d, 'Migrationsverket', true)).before();
    a.view.dispatch(a.view.state.tr.setSelection(CellSelection.create(d, d.resolve(first).before(), d.resolve(second).before())));
    expect(mergeCells(a.view.state, a.view.dispatch)).toBe(true);
  }
  select(k, posOf(k.view.state.doc, 'Kartläggning'));
  expect(deleteRow(k.view.state, k.view.dispatch)).toBe(true);
  const found: string[] = [];
  const judge = (peer: SuggestingPeer): void => {
    found.push(...server.receive(peer).map((line) => `${peer.member.name}: ${line}`));
  };
  // The server has both before anything that depends on them.
  for (const from of order === 'merge first' ? [a, k] : [k, a]) {
    send(from, at);
    judge(from);
  }
  at.newUndoStep();
  return {
    peers,
    server,
    at,
    refusals: () => {
      peers.forEach(judge);
      return found;
    },
  };
}

/** Everyone gets everything; every copy must then show `rows`. */
function expectEveryCopy(peers: readonly SuggestingPeer[], rows: string[][]): void {
  syncAll(peers);
  for (const peer of peers) {
    expect(tableRows(peer.view.state.doc), `${peer.member.name}'s copy`).toEqual(rows);
    expect(wellFormed(peer.view.state.doc), `${peer.member.name}'s table is well-formed`).toBe(true);
  }
}

describe('undo after an editor repaired a table that colleagues’ concurrent changes left malformed', () => {
  for (const order of ORDERS) {
    for (const boId of BO_IDS) {
      it(`a suggester's undo takes back his words, not the repair of Anna's merged cell, and the server accepts every update (${order}, Bo's client id ${boId})`, () => {
        const scene = mergedTableAt(bo, order, boId);
        const b = scene.at;
        expect(tableRows(b.view.state.doc), 'the merge left Anna’s cell spanning past the table').toEqual([['Myndighet / Migrationsverket (2×1)', 'Åtgärd']]);

        // Bo, in Föreslå, suggests words in the other cell; his editor trims
        // Anna's cell to the table's one row.
        select(b, posOf(b.view.state.doc, 'Åtgärd'));
        type(b, ' nu');
        expect(markup(b.view.state.doc)).toBe('Insatser | ‖Myndighet | ‖Migrationsverket | ‖Åtgärd[+ nu] | Slut.');
        expect(tableRows(b.view.state.doc)).toEqual([['Myndighet / Migrationsverket', 'Åtgärd nu']]);

        b.newUndoStep();
        expect(undoCommand(b.view.state, b.view.dispatch)).toBe(true);
        expect(markup(b.view.state.doc)).toBe('Insatser | ‖Myndighet | ‖Migrationsverket | ‖Åtgärd | Slut.');
        expect(tableRows(b.view.state.doc), 'the repair stays').toEqual([['Myndighet / Migrationsverket', 'Åtgärd']]);
        expect(scene.refusals()).toEqual([]);
        expect([...pendingSuggestionIds(b.doc)], 'his emptied suggestion is withdrawn').toEqual([]);
        expectEveryCopy(scene.peers, [['Myndighet / Migrationsverket', 'Åtgärd']]);
      });
    }

    it(`the owner's undo in Redigera takes back her words and leaves the table repaired (${order})`, () => {
      const scene = mergedTableAt(maja, order, 1);
      const m = scene.at;
      expect(tableRows(m.view.state.doc)).toEqual([['Myndighet / Migrationsverket (2×1)', 'Åtgärd']]);
      select(m, posOf(m.view.state.doc, 'Åtgärd'));
      type(m, ' nu');
      expect(tableRows(m.view.state.doc)).toEqual([['Myndighet / Migrationsverket', 'Åtgärd nu']]);
      m.newUndoStep();
      expect(undoCommand(m.view.state, m.view.dispatch)).toBe(true);
      expect(tableRows(m.view.state.doc), 'undo does not give back the malformed table').toEqual([['Myndighet / Migrationsverket', 'Åtgärd']]);
      expect(scene.refusals()).toEqual([]);
      expectEveryCopy(scene.peers, [['Myndighet / Migrationsverket', 'Åtgärd']]);
    });
  }
});

describe('undo after an editor repaired a table that one’s own change broke', () => {
  it('gives back the table as it was: the span the repair trimmed is whole again', () => {
    const start = doc(p('Insatser'), table(tr(schema.nodes.table_cell.create({ rowspan: 2 }, p('Myndighet')), td(p('Åtgärd'))), tr(td(p('Kartläggning')))), p('Slut.'));
    const [m] = (open = suggestingPeers(start, [{ member: maja, mode: 'edit' }, { member: bo }]));
    m!.newUndoStep();
    // From inside "Åtgärd" to inside "Slut.": the second row goes, and the
    // repair trims "Myndighet" to the one row left.
    select(m!, posOf(m!.view.state.doc, 'Åtg'), posOf(m!.view.state.doc, 'Slu'));
    m!.view.dispatch(m!.view.state.tr.deleteSelection());
    expect(tableRows(m!.view.state.doc)).toEqual([['Myndighet', 'Åtgt.']]);
    m!.newUndoStep();
    expect(undoCommand(m!.view.state, m!.view.dispatch)).toBe(true);
    expect(m!.view.state.doc.eq(start), markup(m!.view.state.doc)).toBe(true);
    expect(tableRows(m!.view.state.doc)).toEqual([['Myndighet (2×1)', 'Åtgärd'], ['Kartläggning']]);
  });
});

/**
 * Tables after a merge.
 *
 * prosemirror-tables' `tableEditing()` fixes tables after every change
 * (`fixTables`: pad short rows with cells, trim overlapping spans). Here it
 * does so only after this member's own changes, never after a remote one.
 * A fix made in answer to a remote change is written to the chapter text like
 * any local change, and padding is not idempotent across peers: two members
 * who each receive the same lopsided table pad the same short row, the merge
 * has that row two cells too long, so each pads every other row, and so on.
 * On a network that delivers their fixes to each other concurrently this
 * never stops, and the table grows without bound (the comment-convergence
 * fuzz, seed 2, grew a two-row table by a row of empty cells per exchange).
 * Fixing only after a local change bounds it to one fix per edit.
 *
 * So a merged table may show a short row until someone edits it. That renders
 * fine (TableMap tolerates it) and loses nothing, but prosemirror-tables'
 * commands compute positions from a TableMap that assumes a well-formed
 * table, and on a lopsided one `addRowAfter` can put a row inside a row. Every
 * table command therefore runs through `onWellFormedTables`, which fixes the
 * tables first, in the same transaction (one undo step).
 *
 * Undo and the fixes. A fix of what the member's own change broke (a range
 * deleted across cells) is part of that change's undo step, so undo gives
 * back the table as it was. A fix of a table that was malformed before the
 * change (a merge left it so) is not: it is written as its own Yjs
 * transaction that undo does not track (`addToHistory: false`, which the
 * binding writes with its `untrackedOrigin`). Undoing the change then takes
 * back the member's words and leaves the table repaired. Taken back with
 * the change, the fix would give back the malformed table, and with it a
 * span on someone else's cell that only a merge had left too long: a
 * widening the server refuses from a suggester (shared/rules/table-repair.ts
 * lets any trim through, no widening; fuzz seed 8120).
 */
import type { Node as PmNode } from 'prosemirror-model';
import { EditorState, Plugin, Selection, type Command, type Transaction } from 'prosemirror-state';
import { Mapping, type StepMap } from 'prosemirror-transform';
import { fixTables, fixTablesKey, tableEditing, TableMap } from 'prosemirror-tables';
import { isRemote } from './sync-plugin.ts';

export function localTableEditing(): Plugin {
  const plugin = tableEditing();
  const append = plugin.spec.appendTransaction;
  if (append === undefined) return plugin;
  return new Plugin({
    ...plugin.spec,
    appendTransaction(transactions: readonly Transaction[], oldState: EditorState, state: EditorState) {
      const local = transactions.some((tr) => tr.docChanged && !isRemote(tr));
      // With no local change, fixTables compares the doc with itself and fixes
      // nothing; the selection is still normalised.
      const fix = append.call(this, transactions, local ? oldState : state, state);
      if (fix?.getMeta(fixTablesKey) !== undefined && changedMalformedTable(transactions, oldState.doc)) fix.setMeta('addToHistory', false);
      return fix;
    },
  });
}

/**
 * Whether the local ones of `transactions` (consecutive, from `before`)
 * changed a table that was already malformed in `before`: its fix is then
 * not theirs to undo. Each step's range is mapped back to `before` and the
 * tables it falls in are checked (TableMap caches each table's map).
 */
function changedMalformedTable(transactions: readonly Transaction[], before: PmNode): boolean {
  const maps: StepMap[] = [];
  const size = before.content.size;
  let malformed = false;
  const check = (from: number, to: number): void => {
    const back = new Mapping(maps).invert();
    const start = Math.max(0, Math.min(size, back.map(from, -1)));
    const end = Math.max(start, Math.min(size, back.map(to, 1)));
    before.nodesBetween(start, end, (node) => {
      if (malformed || node.isTextblock) return false;
      if (node.type.spec.tableRole !== 'table') return true;
      malformed = TableMap.get(node).problems !== null;
      return false;
    });
  };
  for (const tr of transactions) {
    for (const step of tr.steps) {
      if (!isRemote(tr)) {
        // Mark and attribute steps map nothing: their own range says where they are.
        const { from, to, pos } = step as { from?: unknown; to?: unknown; pos?: unknown };
        if (typeof from === 'number' && typeof to === 'number') check(from, to);
        if (typeof pos === 'number') check(pos, pos + 1);
        step.getMap().forEach((oldStart, oldEnd) => check(oldStart, oldEnd));
        if (malformed) return true;
      }
      maps.push(step.getMap());
    }
  }
  return false;
}

/**
 * `command` run on the document with its tables fixed, the fix and the
 * command dispatched as one transaction. The command sees a state with only
 * the document and selection: it must not rely on plugin state (none of
 * prosemirror-tables' commands do), and applying the fix to the real state
 * would make the plugins write it on their own.
 */
export function onWellFormedTables(command: Command): Command {
  return (state, dispatch, view) => {
    // Asked only whether it applies (the toolbar, on every update): the
    // table commands answer from where the cursor is, which padding does not
    // change, so the walk over the whole document is saved.
    if (dispatch === undefined) return command(state, undefined, view);
    const fix = fixTables(state);
    if (fix === undefined) return command(state, dispatch, view);
    const fixed = EditorState.create({ schema: state.schema, doc: fix.doc, selection: fix.selection, storedMarks: state.storedMarks });
    return command(
      fixed,
      (tr) => {
        for (const step of tr.steps) fix.step(step);
        fix.setSelection(Selection.fromJSON(fix.doc, tr.selection.toJSON()));
        if (tr.scrolledIntoView) fix.scrollIntoView();
        dispatch(fix);
      },
      view,
    );
  };
}

/**
 * Keeps every container holding at least one textblock.
 *
 * The chapter text has a place only for textblocks (each behind its marker),
 * and containers exist through the markers of the blocks inside them. A
 * container with no textblock — a table row left empty by prosemirror-tables'
 * mergeCells when a merged cell spans it, a list emptied by a merge — has no
 * place there, so the editor must not keep one. This plugin fixes such
 * containers right after the transaction that made them, without changing
 * what the reader sees and without touching any text:
 *
 * - an empty table row is removed, and the rowspans reaching into it shrink
 *   by one (the table looks the same);
 * - a container that can hold a paragraph gets an empty one (a list item or
 *   a cell);
 * - any other (an empty list or table) is removed: it holds no text.
 */
import type { Node as PmNode } from 'prosemirror-model';
import { Plugin, type EditorState, type Transaction } from 'prosemirror-state';
import { schema } from '../../../shared/schema/schema.ts';

export function textlessContainersPlugin(): Plugin {
  return new Plugin({
    appendTransaction(transactions, _old, state) {
      if (!transactions.some((tr) => tr.docChanged)) return null;
      return fixTextlessContainers(state);
    },
  });
}

export function fixTextlessContainers(state: EditorState): Transaction | null {
  const found: { node: PmNode; pos: number; parent: PmNode; parentPos: number; index: number }[] = [];
  const visit = (node: PmNode, pos: number): boolean => {
    // true when `node` holds a textblock
    if (node.isTextblock) return true;
    if (node.isInline) return false;
    let any = false;
    node.forEach((child, offset, index) => {
      const childPos = pos + 1 + offset;
      if (child.isInline) return;
      if (visit(child, childPos)) any = true;
      else found.push({ node: child, pos: childPos, parent: node, parentPos: pos, index });
    });
    return any;
  };
  state.doc.forEach((child, offset, index) => {
    if (!visit(child, offset)) found.push({ node: child, pos: offset, parent: state.doc, parentPos: -1, index });
  });
  if (found.length === 0) return null;
  const tr = state.tr;
  // Outermost containers only (an empty table is removed as a whole), last first so positions stay valid.
  const outer = found.filter((f) => !found.some((g) => g !== f && g.pos < f.pos && f.pos < g.pos + g.node.nodeSize));
  for (const { node, pos, parent, parentPos, index } of outer.sort((a, b) => b.pos - a.pos)) {
    if (node.type.spec.tableRole === 'row' && parent.childCount > 1) {
      // Rowspans from rows above that reach into this row shrink by one.
      let rowPos = parentPos + 1;
      for (let r = 0; r < index; r++) {
        const row = parent.child(r);
        row.forEach((cell, cellOffset) => {
          const rowspan = Number(cell.attrs.rowspan ?? 1);
          if (rowspan > 1 && r + rowspan - 1 >= index) {
            tr.setNodeMarkup(rowPos + 1 + cellOffset, null, { ...cell.attrs, rowspan: rowspan - 1 });
          }
        });
        rowPos += row.nodeSize;
      }
      tr.delete(pos, pos + node.nodeSize);
    } else if (node.type.contentMatch.matchType(schema.nodes.paragraph) !== null) {
      tr.insert(pos + node.nodeSize - 1, schema.nodes.paragraph.create());
    } else {
      tr.delete(pos, pos + node.nodeSize);
    }
  }
  if (!tr.docChanged) return null;
  return tr.setMeta('addToHistory', transactionsAddToHistory(tr));
}

function transactionsAddToHistory(tr: Transaction): boolean {
  return tr.getMeta('addToHistory') !== false;
}

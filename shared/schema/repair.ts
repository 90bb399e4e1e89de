/**
 * Keeps every editor's document valid and equal to what Yjs holds, after
 * merges and local edits alike: by adding empty nodes, by removing only
 * nodes that hold no text, and by dropping marks that Yjs cannot store.
 *
 * What y-prosemirror 1.3.7 does with remote content (src/plugins/sync-plugin.js):
 *
 * - It builds each changed Y element bottom-up in `createNodeFromYElement`
 *   with `schema.node(name, attrs, children)`. In prosemirror-model 1.25 that
 *   is `NodeType.createChecked`: content that breaks the content expression
 *   throws. y-prosemirror catches the error and deletes the Y element, with
 *   its whole subtree and all text in it, in a `ySyncPluginKey` transaction
 *   that syncs to every peer (y-prosemirror #39, #275). So a merged node that
 *   breaks a content expression never reaches this plugin: it is gone first.
 *   With `list_item: 'paragraph block*'` that lost text (one drafter deletes
 *   an item's first paragraph while another turns its second into a heading;
 *   see tests/dom/known-binding-bugs.test.ts). Only content expressions that
 *   every merge satisfies (`*`) avoid it; this plugin then restores what the
 *   editor wants on top (a cursor place in every cell, no empty lists).
 * - Unknown node or mark names and attributes that fail `validate` throw in
 *   the same place and are deleted the same way (DESIGN §3: never edit a doc
 *   with a newer schema).
 * - The top-level nodes go into the editor with one
 *   `tr.replace(0, doc.content.size, slice)`; ProseMirror checks only the
 *   doc's own content there, and `block*` accepts any blocks.
 * - `createTypeFromElementNode` stores a node's attributes but not its marks
 *   (y-prosemirror #47), and remote nodes are built without marks. A mark on
 *   a hard break therefore exists only in the editor that put it there:
 *   other peers and a reload never see it, and the editors disagree for
 *   good. ProseMirror puts such marks there routinely: `toggleMark` marks
 *   every inline node in its range, and `replaceSelectionWith` gives an
 *   inserted hard break the marks around it. The convergence fuzz found this
 *   (tests/dom/convergence.test.ts, seed 17).
 * - With the chapter-text binding (issue 8), a repair appended to a remote
 *   change is written to the chapter text at once, like any local change.
 *   Every peer repairs the same merged doc to the same result, and two peers
 *   that both write their repair before seeing the other's add two empty
 *   nodes: harmless, and the reason repairs add empty nodes (concurrent
 *   additions never lose anything) and remove only empty shells (concurrent
 *   removals of the same Y item are idempotent). A repair done twice leaves
 *   a stable document, so peers never answer each other's repairs forever;
 *   prosemirror-tables' row padding does not have that property, which is
 *   why it runs only after local changes (src-renderer/editor/binding/table-fixes.ts).
 *
 * What it guarantees, for every document:
 * - It never removes text, hard breaks or any other inline content: the only
 *   nodes it deletes contain no inline node at all.
 * - Afterwards every node outside textblocks matches its content expression,
 *   unless the only fix would remove inline content (then the node is left as
 *   it is; merges never produce such a node in our schema, see below).
 * - No container is left with no children: an empty list and an empty list
 *   item are removed (they hold nothing); an empty table cell gets an empty
 *   paragraph, and so does an empty doc. Such containers are valid in our
 *   schema (`block*`, `list_item*`), but nobody can put a cursor into them.
 * - No inline node other than text carries a mark, except a suggestion's
 *   (a suggested hard break is a suggestion like a suggested word: the flat
 *   chapter text stores an embed's formatting, and without the mark the
 *   break would be a direct edit by someone who may only suggest). A hard
 *   break in bold text looks the same without the mark; text keeps all its
 *   marks.
 *
 * What it leaves alone:
 * - Table shape (rows of different width, collisions, rows with no cells,
 *   tables with no rows or columns) is prosemirror-tables' `fixTables`, run by
 *   `tableEditing()`. We only give an empty cell its paragraph, and we never
 *   remove or add table parts, so the two never fight.
 * - Textblock content. In our schema it is `inline*` with every mark allowed,
 *   and y-prosemirror builds textblock children only from Y.XmlText and inline
 *   elements, so a merge cannot make it invalid.
 * - Children of the wrong type (a paragraph directly in a list). Yjs keeps
 *   each child inside the parent it was inserted into, and y-prosemirror
 *   only inserts children it took from a parent of the same type, so merges
 *   only produce too few or misordered children, never foreign ones.
 *
 * Cost: one walk per doc-changing transaction over the non-textblock nodes
 * and the children of textblocks; text is never read. A full walk rather
 * than only the subtrees that changed: it is cheap, and it also repairs nodes
 * that were already invalid in a state this plugin never saw (an editor
 * created from an invalid doc).
 */
import { Fragment, Slice, type Mark, type Node as PmNode, type NodeType } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { ReplaceStep } from 'prosemirror-transform';

/** Marks the transactions this plugin appends, so others can tell their origin. */
export const repairPluginKey = new PluginKey<null>('samskrivRepair');

/**
 * Repairs every doc that a transaction changed. Put it after `tableEditing()`,
 * so that it sees tables that fixTables has already reshaped.
 */
export function repairPlugin(): Plugin {
  return new Plugin({
    key: repairPluginKey,
    appendTransaction(transactions, _oldState, state) {
      if (!transactions.some((tr) => tr.docChanged)) return null;
      const tr = repairTransaction(state);
      if (tr === null) return null;
      // y-prosemirror (and prosemirror-history) read `addToHistory` from the
      // last transaction of a batch only. Mirroring the triggering batch keeps
      // a user's edit in their undo history and a remote change out of it.
      const last = transactions[transactions.length - 1];
      if (last?.getMeta('addToHistory') === false) tr.setMeta('addToHistory', false);
      return tr;
    },
  });
}

/**
 * A transaction that makes `state.doc` valid, or null when it already is (or
 * when nothing can be fixed without removing text).
 *
 * Fixes cascade (removing an empty list can empty the cell that held it), so
 * they are applied in rounds until a round finds nothing or changes nothing.
 */
export function repairTransaction(state: EditorState): Transaction | null {
  let targets = findTargets(state.doc);
  if (targets.length === 0) return null;
  const tr = state.tr;
  for (let round = 0; targets.length > 0 && round < MAX_ROUNDS; round++) {
    const before = tr.steps.length;
    for (const target of targets) applyFix(tr, target);
    if (tr.steps.length === before) break;
    targets = findTargets(tr.doc);
  }
  return tr.docChanged ? tr.setMeta(repairPluginKey, true) : null;
}

/** Marks a repair takes off an inline node that is not text: all but a suggestion's. */
function unmarkable(mark: Mark): boolean {
  return !mark.type.name.startsWith('suggestion_');
}

/** A cascade is at most as deep as the doc; this only guards against bugs. */
const MAX_ROUNDS = 64;

interface Target {
  readonly kind: 'fill' | 'remove' | 'unmark';
  /** Position of the node in the doc the target was found in; -1 is the doc. */
  readonly pos: number;
  readonly type: NodeType;
}

/** Nodes to fix, in document order (parents before their children). */
function findTargets(doc: PmNode): Target[] {
  const targets: Target[] = [];
  const visit = (node: PmNode, pos: number): boolean => {
    if (node.isTextblock) {
      node.forEach((child, offset) => {
        if (!child.isText && child.marks.some(unmarkable)) targets.push({ kind: 'unmark', pos: pos + 1 + offset, type: child.type });
      });
      return false;
    }
    if (node.isLeaf) return false;
    // The common case, checked once: a container with valid, non-empty content.
    if (node.childCount > 0 && node.type.validContent(node.content)) return true;
    if (fillFor(node)) targets.push({ kind: 'fill', pos, type: node.type });
    else if (isRemovable(node)) targets.push({ kind: 'remove', pos, type: node.type });
    return true;
  };
  visit(doc, -1);
  doc.descendants(visit);
  return targets;
}

/**
 * Applies one fix to the current doc. Targets were found in the doc before
 * this round, so the node is looked up again through the steps taken since
 * (assoc 1: a fill inserted just before a node leaves the node after it), and
 * every step is checked: ProseMirror rejects a step that leaves the changed
 * node's content invalid, and then this fix is skipped rather than forced.
 */
function applyFix(tr: Transaction, target: Target): void {
  const pos = target.pos < 0 ? -1 : tr.mapping.map(target.pos, 1);
  const node = pos < 0 ? tr.doc : tr.doc.nodeAt(pos);
  if (node?.type !== target.type) return;
  if (target.kind === 'unmark') {
    for (const mark of node.marks) if (unmarkable(mark)) tr.removeNodeMark(pos, mark);
    return;
  }
  if (target.kind === 'fill') {
    const fill = fillFor(node);
    if (fill) tr.maybeStep(new ReplaceStep(pos + 1, pos + 1, new Slice(fill, 0, 0)));
    return;
  }
  if (!isRemovable(node)) return;
  const $pos = tr.doc.resolve(pos);
  const parent = $pos.parent;
  const rest = parent.content.cut(0, $pos.parentOffset).append(parent.content.cut($pos.parentOffset + node.nodeSize));
  if (parent.type.validContent(rest)) {
    tr.maybeStep(new ReplaceStep(pos, pos + node.nodeSize, Slice.empty));
    return;
  }
  // Removing the node would empty a parent that must hold something (a list
  // item or a cell that held only an empty list): swap it for the fill the
  // parent needs, in one step, so that no step leaves the parent invalid.
  const fill = $pos.index() === 0 ? parent.type.contentMatch.fillBefore(rest, true) : null;
  if (fill && containsTextblock(fill)) tr.maybeStep(new ReplaceStep(pos, pos + node.nodeSize, new Slice(fill, 0, 0)));
}

/**
 * What to insert at the start of `node` to make it valid and usable, or null
 * if it needs nothing (or only a fix that would remove inline content).
 * A fill is only used if it holds a textblock, i.e. gives the user a place to
 * type; structural shells (an empty table row) are prosemirror-tables' job.
 */
function fillFor(node: PmNode): Fragment | null {
  const valid = node.type.validContent(node.content);
  if (valid && node.childCount > 0) return null;
  const required = node.type.contentMatch.fillBefore(node.content, true);
  if (required && containsTextblock(required)) return required;
  // An empty node that may not be removed (the doc, a table cell whose
  // content is `block*`) gets one default textblock so that a cursor fits.
  // An empty list is removed instead (see isRemovable): an empty list item
  // would be a bullet that nobody wrote.
  if (valid && mustStay(node)) {
    const textblock = node.type.contentMatch.defaultType?.createAndFill();
    if (textblock?.isTextblock) return Fragment.from(textblock);
  }
  return null;
}

/**
 * A node that may go: never the doc, never a table part (table shape belongs
 * to fixTables), never one holding inline content. Either an empty container
 * (an empty list), or an invalid node that no fill can make valid.
 */
function isRemovable(node: PmNode): boolean {
  if (mustStay(node)) return false;
  if (node.childCount > 0 && node.type.validContent(node.content)) return false;
  return fillFor(node) === null && !hasInlineContent(node);
}

function containsTextblock(fragment: Fragment): boolean {
  let found = false;
  fragment.descendants((node) => {
    if (node.isTextblock) found = true;
    return !found;
  });
  return found;
}

function hasInlineContent(node: PmNode): boolean {
  let found = false;
  node.descendants((child) => {
    if (child.isInline) found = true;
    return !found;
  });
  return found;
}

/**
 * The doc, and table parts: table, row and cell nodes from prosemirror-tables
 * carry a `tableRole`, and removing one would change the table's shape.
 */
function mustStay(node: PmNode): boolean {
  return node.type === node.type.schema.topNodeType || node.type.spec.tableRole !== undefined;
}

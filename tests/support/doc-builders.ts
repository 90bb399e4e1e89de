/**
 * Documents built literally, as prosemirror-test-builder does:
 * `doc(h2('Mål'), p('Text'), table(tr(td(p('A')))))`. Strings become text
 * nodes. `NodeType.create` does not check content, like a merge of the chapter text, so
 * tests can also build what only a merge makes (a cell with no block).
 */
import { Fragment, type Node as PmNode } from 'prosemirror-model';
import { canonicalOrder } from '../../shared/chapter-text/text-attributes.ts';
import { schema } from '../../shared/schema/schema.ts';

export type Child = PmNode | string;

const { nodes } = schema;
const kids = (children: Child[]): PmNode[] => children.map((c) => (typeof c === 'string' ? schema.text(c) : c));

export const doc = (...c: Child[]): PmNode => nodes.doc.create(null, kids(c));
export const p = (...c: Child[]): PmNode => nodes.paragraph.create(null, kids(c));
export const h2 = (...c: Child[]): PmNode => nodes.heading.create({ level: 2 }, kids(c));
export const ul = (...c: Child[]): PmNode => nodes.bullet_list.create(null, kids(c));
export const ol = (...c: Child[]): PmNode => nodes.ordered_list.create(null, kids(c));
export const li = (...c: Child[]): PmNode => nodes.list_item.create(null, kids(c));
export const table = (...c: Child[]): PmNode => nodes.table.create(null, kids(c));
export const tr = (...c: Child[]): PmNode => nodes.table_row.create(null, kids(c));
export const th = (...c: Child[]): PmNode => nodes.table_header.create(null, kids(c));
export const td = (...c: Child[]): PmNode => nodes.table_cell.create(null, kids(c));
export const br = (): PmNode => nodes.hard_break.create();

/**
 * `node` with every inline node's marks in the canonical order the chapter
 * text reads them in (text-attributes.ts): what a doc looks like after a
 * trip through Yjs when it has text in two comment threads at once.
 */
export function withCanonicalMarks(node: PmNode): PmNode {
  if (node.isInline) return node.mark(canonicalOrder(node.marks));
  const children: PmNode[] = [];
  node.forEach((child) => children.push(withCanonicalMarks(child)));
  return node.copy(Fragment.from(children));
}

/**
 * Documents built literally with prosemirror-test-builder on the chapter
 * schema: `doc(h2('Mål'), p('Text'), table(tr(td(p('A')))))`. Strings
 * become text nodes. The builders use `NodeType.create`, which does not
 * check content, like a merge of the chapter text, so tests can also build
 * what only a merge makes (a cell with no block). These names are the
 * short ones our tests use; test-builder gives the schema's own names too.
 */
import { Fragment, type Node as PmNode } from 'prosemirror-model';
import { builders } from 'prosemirror-test-builder';
import { canonicalOrder } from '../../shared/chapter-text/text-attributes.ts';
import { schema } from '../../shared/schema/schema.ts';

export type Child = PmNode | string;

const built = builders(schema, {
  p: { nodeType: 'paragraph' },
  h2: { nodeType: 'heading', level: 2 },
  ul: { nodeType: 'bullet_list' },
  ol: { nodeType: 'ordered_list' },
  li: { nodeType: 'list_item' },
  tr: { nodeType: 'table_row' },
  th: { nodeType: 'table_header' },
  td: { nodeType: 'table_cell' },
  br: { nodeType: 'hard_break' },
});

type Builder = (...children: Child[]) => PmNode;
const builder =
  (name: string): Builder =>
  (...children) =>
    (built[name] as (...c: Child[]) => PmNode)(...children);

export const doc = builder('doc');
export const p = builder('p');
export const h2 = builder('h2');
export const ul = builder('ul');
export const ol = builder('ol');
export const li = builder('li');
export const table = builder('table');
export const tr = builder('tr');
export const th = builder('th');
export const td = builder('td');
export const br = (): PmNode => builder('br')();
/** Text in bold, to put among a paragraph's strings: `p('Det ', bold('ska'), ' följas upp.')`. */
export const bold = (text: string): PmNode => schema.text(text, [schema.marks.bold.create()]);

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

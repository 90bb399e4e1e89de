/**
 * Tiny builders that write chapter content as ProseMirror JSON, so that
 * sample text reads like the document it makes:
 *
 *   doc(h(2, 'Bakgrund'), p('Text med ', b('fetstil'), '.'), ul('en', 'två'))
 *
 * What they guarantee: the JSON they produce is exactly what
 * `schema.nodeFromJSON(json).toJSON()` gives back for the chapter schema in
 * shared/schema/schema.ts. That is, every attribute is spelled out with its
 * default, marks are listed in the schema's order, adjacent text with the same
 * marks is merged and empty text nodes are dropped. Loading the sample into
 * an editor and saving it again therefore changes nothing, and no peer sees a
 * spurious first edit.
 *
 * The builders are plain data functions: they import nothing, not even the
 * schema, so the sample stays pure data that any layer may read.
 */

export interface PmJsonMark {
  readonly type: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
}

export interface PmJsonNode {
  readonly type: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly content?: readonly PmJsonNode[];
  readonly marks?: readonly PmJsonMark[];
  readonly text?: string;
}

export interface PmJsonDoc {
  readonly type: 'doc';
  readonly content: readonly PmJsonNode[];
}

export interface ListItemNode extends PmJsonNode {
  readonly type: 'list_item';
}

/** Inline content: a string is plain text; a node is text with marks or a hard break. */
export type Inline = string | PmJsonNode;

/** A list item given as plain text, as a run of inline content, or built with `li`. */
export type ListItemInput = string | readonly Inline[] | ListItemNode;

/** A table cell given as plain text or as a run of inline content. */
export type CellInput = string | readonly Inline[];

/**
 * The order in which the schema declares its marks. ProseMirror keeps a
 * node's marks sorted by this rank, so JSON listing them in another order
 * would not survive a round trip unchanged.
 */
const MARK_RANK: readonly string[] = ['link', 'bold', 'italic', 'underline', 'strike', 'comment'];

/** prosemirror-tables' cell attributes with their defaults. */
const CELL_ATTRS = { colspan: 1, rowspan: 1, colwidth: null } as const;

/**
 * Textblocks carry a block suggestion (schema version 3); a paragraph or
 * heading without one has `suggestion: null`, which ProseMirror writes into
 * its JSON, so the shipped JSON has it too and loading it changes nothing.
 */
const NO_SUGGESTION = { suggestion: null } as const;

export function doc(...blocks: readonly PmJsonNode[]): PmJsonDoc {
  return { type: 'doc', content: blocks };
}

export function p(...parts: readonly Inline[]): PmJsonNode {
  return withContent({ type: 'paragraph', attrs: { ...NO_SUGGESTION } }, inline(parts));
}

export function h(level: 1 | 2 | 3, ...parts: readonly Inline[]): PmJsonNode {
  return withContent({ type: 'heading', attrs: { level, ...NO_SUGGESTION } }, inline(parts));
}

/** A list item: inline parts become its first paragraph; further blocks (e.g. a nested list) follow. */
export function li(first: readonly Inline[] | string, ...blocks: readonly PmJsonNode[]): ListItemNode {
  const paragraph = typeof first === 'string' ? p(first) : p(...first);
  return { type: 'list_item', content: [paragraph, ...blocks] };
}

export function ul(...items: readonly ListItemInput[]): PmJsonNode {
  return withContent({ type: 'bullet_list' }, items.map(listItem));
}

export function ol(...items: readonly ListItemInput[]): PmJsonNode {
  return withContent({ type: 'ordered_list', attrs: { order: 1 } }, items.map(listItem));
}

/** A table whose first row is a header row; every cell holds one paragraph. */
export function table(header: readonly CellInput[], ...rows: readonly (readonly CellInput[])[]): PmJsonNode {
  return {
    type: 'table',
    content: [
      { type: 'table_row', content: header.map((c) => cell('table_header', c)) },
      ...rows.map((row) => ({ type: 'table_row', content: row.map((c) => cell('table_cell', c)) })),
    ],
  };
}

export function br(): PmJsonNode {
  return { type: 'hard_break' };
}

export function b(text: Inline): PmJsonNode {
  return addMark(text, { type: 'bold' });
}

export function em(text: Inline): PmJsonNode {
  return addMark(text, { type: 'italic' });
}

/** A link; `title` is spelled out as null because that is the schema's default. */
export function a(href: string, text: Inline): PmJsonNode {
  return addMark(text, { type: 'link', attrs: { href, title: null } });
}

function listItem(item: ListItemInput): ListItemNode {
  if (typeof item === 'string') return li(item);
  if (isListItem(item)) return item;
  return li(item);
}

function isListItem(item: readonly Inline[] | ListItemNode): item is ListItemNode {
  return !Array.isArray(item);
}

function cell(type: 'table_header' | 'table_cell', content: CellInput): PmJsonNode {
  const paragraph = typeof content === 'string' ? p(content) : p(...content);
  return { type, attrs: CELL_ATTRS, content: [paragraph] };
}

/** ProseMirror leaves `content` out of the JSON of an empty node. */
function withContent(node: PmJsonNode, content: readonly PmJsonNode[]): PmJsonNode {
  return content.length > 0 ? { ...node, content } : node;
}

function addMark(part: Inline, mark: PmJsonMark): PmJsonNode {
  const node: PmJsonNode = typeof part === 'string' ? { type: 'text', text: part } : part;
  if (node.type !== 'text') return node;
  const others = (node.marks ?? []).filter((m) => m.type !== mark.type);
  const marks = [...others, mark].sort((x, y) => MARK_RANK.indexOf(x.type) - MARK_RANK.indexOf(y.type));
  return { ...node, marks };
}

/** Strings become text nodes; empty text is dropped and neighbours with equal marks are merged. */
function inline(parts: readonly Inline[]): PmJsonNode[] {
  const out: PmJsonNode[] = [];
  for (const part of parts) {
    const node: PmJsonNode = typeof part === 'string' ? { type: 'text', text: part } : part;
    if (node.type === 'text' && !node.text) continue;
    const last = out[out.length - 1];
    if (last && last.type === 'text' && node.type === 'text' && sameMarks(last.marks, node.marks)) {
      out[out.length - 1] = { ...last, text: `${last.text ?? ''}${node.text ?? ''}` };
    } else {
      out.push(node);
    }
  }
  return out;
}

function sameMarks(x: readonly PmJsonMark[] | undefined, y: readonly PmJsonMark[] | undefined): boolean {
  return JSON.stringify(x ?? []) === JSON.stringify(y ?? []);
}

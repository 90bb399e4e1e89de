/**
 * Between the flat chapter text and ProseMirror's tree.
 *
 * Reading: the items of the Y.Text become blocks (marker data + inline
 * content), and consecutive blocks that share container ids become shared
 * containers. Writing: a ProseMirror range becomes the flat tokens it stands
 * for — a marker for each textblock that starts in it, and its inline content.
 *
 * Reading never throws on what a peer wrote: an unknown block type reads as a
 * paragraph, an unknown container is left out of the path, an embed the
 * schema cannot build is skipped, and if the containers still do not fit the
 * schema the blocks are shown as top-level paragraphs. Text is never dropped.
 */
import { Fragment, type Node as PmNode, type NodeType, type Schema } from 'prosemirror-model';
import * as Y from 'yjs';
import { IMPLICIT_BLOCK, isMarker, readMarker, splitSuggestion, type BlockData, type ContainerRef } from './block-marker.ts';
import { applyFormat, forEachContent, internals } from './text-cursor.ts';
import { attributesToMarks } from './text-attributes.ts';

export interface ReadBlock {
  /** null for text before the first marker (or an empty chapter). */
  readonly marker: Y.Map<unknown> | null;
  readonly data: BlockData;
  /** Formatting in effect right after the marker. */
  readonly entry: ReadonlyMap<string, unknown>;
  readonly content: Fragment;
}

export const NO_FORMAT: ReadonlyMap<string, unknown> = new Map();

/** Every block of the text, in order; an empty text is one empty implicit paragraph. */
export function readAllBlocks(text: Y.Text, schema: Schema): ReadBlock[] {
  const blocks: ReadBlock[] = [];
  let marker: Y.Map<unknown> | null = null;
  let entry: ReadonlyMap<string, unknown> = NO_FORMAT;
  let inline = new InlineCollector(schema);
  let started = false;
  forEachContent(text, (item, attributes) => {
    const content = item.content;
    if (content instanceof Y.ContentType && isMarker(content.type)) {
      if (started) blocks.push({ marker, data: marker === null ? IMPLICIT_BLOCK : readMarker(marker), entry, content: inline.fragment() });
      started = true;
      marker = content.type;
      entry = attributes.size === 0 ? NO_FORMAT : new Map(attributes);
      inline = new InlineCollector(schema);
      return;
    }
    started = true;
    inline.add(content, attributes);
  });
  blocks.push({ marker, data: marker === null ? IMPLICIT_BLOCK : readMarker(marker), entry, content: inline.fragment() });
  return blocks;
}

/**
 * The inline content of one block: from its marker (or the start of the
 * text) to the next live marker. Returns the formatting in effect at its end.
 */
export function readBlockContent(
  text: Y.Text,
  schema: Schema,
  marker: Y.Map<unknown> | null,
  entry: ReadonlyMap<string, unknown>,
): { content: Fragment; exit: ReadonlyMap<string, unknown> } {
  const attributes = new Map(entry);
  const inline = new InlineCollector(schema);
  let item = marker === null ? internals(text)._start : requireItem(marker).right;
  for (; item !== null; item = item.right) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentFormat) applyFormat(attributes, content);
    else if (content instanceof Y.ContentType && isMarker(content.type)) break;
    else inline.add(content, attributes);
  }
  return { content: inline.fragment(), exit: attributes };
}

export function requireItem(type: { readonly _item: Y.Item | null }): Y.Item {
  if (type._item === null) throw new Error('a block marker that is not in a document');
  return type._item;
}

class InlineCollector {
  readonly #nodes: PmNode[] = [];
  readonly schema: Schema;

  constructor(schema: Schema) {
    this.schema = schema;
  }

  add(content: Y.Item['content'], attributes: ReadonlyMap<string, unknown>): void {
    if (content instanceof Y.ContentString) {
      if (content.str.length === 0) return;
      this.#push(this.schema.text(content.str, attributesToMarks(this.schema, attributes)));
    } else if (content instanceof Y.ContentEmbed) {
      const node = inlineNodeFromEmbed(this.schema, content.embed, attributes);
      if (node !== null) this.#push(node);
    }
    // other content (ContentAny, ContentJSON, non-marker types) is not ours: skipped
  }

  fragment(): Fragment {
    return Fragment.fromArray(this.#nodes);
  }

  #push(node: PmNode): void {
    const last = this.#nodes[this.#nodes.length - 1];
    if (last !== undefined && last.isText && node.isText && last.sameMarkup(node)) {
      this.#nodes[this.#nodes.length - 1] = this.schema.text((last.text ?? '') + (node.text ?? ''), last.marks);
    } else this.#nodes.push(node);
  }
}

/** Inline leaf nodes (hard breaks) are embeds `{ type, attrs }`. */
export function inlineEmbed(node: PmNode): Record<string, unknown> {
  return Object.keys(node.attrs).length === 0 ? { type: node.type.name } : { type: node.type.name, attrs: node.attrs };
}

function inlineNodeFromEmbed(schema: Schema, embed: unknown, attributes: ReadonlyMap<string, unknown>): PmNode | null {
  if (typeof embed !== 'object' || embed === null) return null;
  const { type, attrs } = embed as { type?: unknown; attrs?: unknown };
  const nodeType = typeof type === 'string' ? schema.nodes[type] : undefined;
  if (nodeType === undefined || !nodeType.isInline || !nodeType.isLeaf || nodeType.isText) return null;
  try {
    return nodeType.create(typeof attrs === 'object' ? (attrs as Record<string, unknown>) : null, null, attributesToMarks(schema, attributes));
  } catch {
    return null;
  }
}

/** The containers a marker's path may name: block nodes that are not textblocks. */
function containerType(schema: Schema, ref: ContainerRef): NodeType | null {
  const type = schema.nodes[ref.type];
  if (type === undefined || type.isTextblock || type.isInline || type === schema.topNodeType) return null;
  return type;
}

export function textblockNode(schema: Schema, data: BlockData, content: Fragment): PmNode {
  const type = schema.nodes[data.type];
  const blockType = type !== undefined && type.isTextblock ? type : schema.nodes.paragraph;
  if (blockType === undefined) throw new Error('the schema has no paragraph');
  try {
    return blockType.create(data.attrs, content);
  } catch {
    return blockType.create(null, content);
  }
}

/**
 * The block data for textblock `node` inside `path`, given what its marker
 * holds (`stored`): where the stored type and attrs already build `node`'s
 * (schema defaults filled in, attrs the type does not have left out, an
 * unknown type read as a paragraph), the stored ones, so the binding
 * writes nothing over them. Writing ProseMirror's form instead changes
 * nothing anyone sees, but it writes over fields that concurrent writes
 * left mixed (one writer's type with another's attrs, attrs an undo took
 * away) on whoever's block is near a change: on the server's copy, a
 * suggester changing the owner's block (block-field-rule.ts).
 */
export function asStored(schema: Schema, node: PmNode, path: readonly ContainerRef[], stored: BlockData | null): BlockData {
  const wanted: BlockData = { type: node.type.name, attrs: node.attrs, path };
  if (stored === null) return wanted;
  const { attrs, suggestion } = splitSuggestion(node.attrs);
  const built = textblockNode(schema, stored, Fragment.empty);
  if (built.type !== node.type || JSON.stringify(splitSuggestion(built.attrs).attrs) !== JSON.stringify(attrs)) return wanted;
  const kept = splitSuggestion(stored.attrs).attrs;
  return { type: stored.type, attrs: suggestion === null ? kept : { ...kept, suggestion }, path };
}

interface OpenContainer {
  readonly ref: ContainerRef;
  readonly type: NodeType;
  readonly children: PmNode[];
}

/** The document for `blocks` in order: one textblock per block, inside the containers its path names. */
export function buildDoc(schema: Schema, blocks: readonly { readonly data: BlockData; readonly content: Fragment }[]): PmNode {
  const root: PmNode[] = [];
  const stack: OpenContainer[] = [];
  const close = (depth: number): void => {
    while (stack.length > depth) {
      const open = stack.pop() as OpenContainer;
      const node = createContainer(open);
      (stack.length === 0 ? root : (stack[stack.length - 1] as OpenContainer).children).push(node);
    }
  };
  for (const block of blocks) {
    const path = block.data.path.flatMap((ref) => {
      const type = containerType(schema, ref);
      return type === null ? [] : [{ ref, type }];
    });
    let shared = 0;
    while (shared < stack.length && shared < path.length) {
      const open = stack[shared] as OpenContainer;
      const want = path[shared] as { ref: ContainerRef };
      if (open.ref.id !== want.ref.id || open.ref.type !== want.ref.type) break;
      shared++;
    }
    close(shared);
    for (const { ref, type } of path.slice(shared)) stack.push({ ref, type, children: [] });
    const node = textblockNode(schema, block.data, block.content);
    (stack.length === 0 ? root : (stack[stack.length - 1] as OpenContainer).children).push(node);
  }
  close(0);
  const doc = schema.topNodeType.create(null, root);
  try {
    doc.check();
    return doc;
  } catch {
    // Containers that do not fit the schema (a peer's bug or a hostile
    // update): show every block, as top-level paragraphs, rather than nothing.
    return schema.topNodeType.create(
      null,
      blocks.map((block) => textblockNode(schema, { ...block.data, path: [] }, block.content)),
    );
  }
}

function createContainer(open: OpenContainer): PmNode {
  try {
    return open.type.create(open.ref.attrs, open.children);
  } catch {
    return open.type.create(null, open.children);
  }
}

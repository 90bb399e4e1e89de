/**
 * The ProseMirror schema of a plan chapter.
 *
 * Content expressions use `*`, never `+` or a fixed first child, wherever a
 * merge could reach them: two edits that are each valid can merge into a
 * document that a stricter expression rejects (e.g. two people deleting the
 * last two items of a list), and y-prosemirror builds merged nodes with
 * Schema.node, which checks content, and *deletes* any node that fails —
 * text included, for every peer (y-prosemirror #39, #275). Where the editor
 * needs more than `*` promises (a cursor position inside an emptied list item
 * or table cell), `repair.ts` adds an empty paragraph after the merge; it never
 * removes content. (prosemirror-tables keeps `table_row+` for tables; an
 * emptied table holds no text, so losing it loses nothing.)
 *
 * Node and mark names are part of the stored format. Renaming one is a schema
 * change: bump SCHEMA_VERSION in version.ts.
 */
import { Schema, type DOMOutputSpec, type MarkSpec, type NodeSpec } from 'prosemirror-model';
import { tableNodes } from 'prosemirror-tables';

const nodes = {
  doc: { content: 'block*' },

  paragraph: {
    attrs: { suggestion: { default: null } },
    content: 'inline*',
    group: 'block',
    parseDOM: [{ tag: 'p' }],
    toDOM: (node): DOMOutputSpec => ['p', blockSuggestionDom(node.attrs.suggestion), 0],
  },

  heading: {
    attrs: { level: { default: 1, validate: 'number' }, suggestion: { default: null } },
    content: 'inline*',
    group: 'block',
    defining: true,
    parseDOM: [
      { tag: 'h1', attrs: { level: 1 } },
      { tag: 'h2', attrs: { level: 2 } },
      { tag: 'h3', attrs: { level: 3 } },
    ],
    toDOM: (node): DOMOutputSpec => [`h${clampHeadingLevel(node.attrs.level)}`, blockSuggestionDom(node.attrs.suggestion), 0],
  },

  bullet_list: {
    content: 'list_item*',
    group: 'block',
    parseDOM: [{ tag: 'ul' }],
    toDOM: (): DOMOutputSpec => ['ul', 0],
  },

  ordered_list: {
    attrs: { order: { default: 1, validate: 'number' } },
    content: 'list_item*',
    group: 'block',
    parseDOM: [
      {
        tag: 'ol',
        getAttrs: (dom) => ({ order: Number(asElement(dom).getAttribute('start') ?? 1) || 1 }),
      },
    ],
    toDOM: (node): DOMOutputSpec => (node.attrs.order === 1 ? ['ol', 0] : ['ol', { start: node.attrs.order }, 0]),
  },

  list_item: {
    // Not 'paragraph block*': prosemirror-model's Schema.node (used by
    // y-prosemirror to build merged content) checks content, and y-prosemirror
    // deletes a node that fails the check, with its text, for every peer. A
    // merge can leave an item starting with a heading (one drafter deletes the
    // first paragraph while another turns the second into a heading), so any
    // block may come first. tests/dom/known-binding-bugs.test.ts has the case.
    content: 'block*',
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: (): DOMOutputSpec => ['li', 0],
  },

  ...tableNodes({
    tableGroup: 'block',
    // 'block*' for the same reason: a merge can empty a cell; repair.ts then
    // gives it a paragraph instead of y-prosemirror deleting the whole cell.
    cellContent: 'block*',
    cellAttributes: {},
  }),

  text: { group: 'inline' },

  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: (): DOMOutputSpec => ['br'],
  },
} satisfies Record<string, NodeSpec>;

const marks = {
  link: {
    attrs: { href: { validate: 'string' }, title: { default: null } },
    inclusive: false,
    parseDOM: [
      {
        tag: 'a[href]',
        getAttrs: (dom) => ({
          href: asElement(dom).getAttribute('href'),
          title: asElement(dom).getAttribute('title'),
        }),
      },
    ],
    toDOM: (mark): DOMOutputSpec => [
      'a',
      { href: safeHref(String(mark.attrs.href)), title: mark.attrs.title, rel: 'noopener noreferrer nofollow' },
      0,
    ],
  },

  bold: {
    parseDOM: [
      { tag: 'strong' },
      { tag: 'b', getAttrs: (node) => asElement(node).style.fontWeight !== 'normal' && null },
      { style: 'font-weight=400', clearMark: (m) => m.type.name === 'bold' },
      { style: 'font-weight', getAttrs: (value) => /^(bold(er)?|[5-9]\d{2,})$/.test(value as string) && null },
    ],
    toDOM: (): DOMOutputSpec => ['strong', 0],
  },

  italic: {
    parseDOM: [{ tag: 'i' }, { tag: 'em' }, { style: 'font-style=italic' }],
    toDOM: (): DOMOutputSpec => ['em', 0],
  },

  underline: {
    parseDOM: [{ tag: 'u' }, { style: 'text-decoration=underline' }],
    toDOM: (): DOMOutputSpec => ['u', 0],
  },

  strike: {
    parseDOM: [{ tag: 's' }, { tag: 'del' }, { style: 'text-decoration=line-through' }],
    toDOM: (): DOMOutputSpec => ['s', 0],
  },

  /**
   * Anchor of a comment thread (DESIGN §6). `excludes: ''` lets threads
   * overlap, which y-prosemirror supports from 1.3 on by keying marks as
   * `name--hash`. Not inclusive: typing at the edge of a comment must not
   * extend it.
   */
  comment: {
    attrs: { threadId: { validate: 'string' } },
    excludes: '',
    inclusive: false,
    parseDOM: [
      {
        tag: 'span[data-thread-id]',
        getAttrs: (dom) => ({ threadId: asElement(dom).getAttribute('data-thread-id') }),
      },
    ],
    toDOM: (mark): DOMOutputSpec => ['span', { class: 'comment-anchor', 'data-thread-id': mark.attrs.threadId }, 0],
  },

  /**
   * Suggestions (track changes, docs/decisions/suggestions.md). The marks
   * carry only the suggestion's id; who made it and what became of it live in
   * the chapter's `suggestions` map. `excludes: ''` so that two suggestions
   * on the same words are two marks, not one that overwrites the other; not
   * inclusive, so that typing next to someone's suggestion does not join it.
   * Not parsed from HTML: pasted `<ins>`/`<del>` is ordinary text, never
   * someone else's suggestion.
   */
  suggestion_insert: {
    attrs: { id: { validate: 'string' } },
    excludes: '',
    inclusive: false,
    toDOM: (mark): DOMOutputSpec => ['ins', { class: 'suggestion suggestion--insert', 'data-suggestion-id': mark.attrs.id }, 0],
  },

  suggestion_delete: {
    attrs: { id: { validate: 'string' } },
    excludes: '',
    inclusive: false,
    toDOM: (mark): DOMOutputSpec => ['del', { class: 'suggestion suggestion--delete', 'data-suggestion-id': mark.attrs.id }, 0],
  },

  /** A formatting change: the text shows the new formatting; `add`/`remove` say what reject restores. */
  suggestion_format: {
    attrs: { id: { validate: 'string' }, add: { default: [] }, remove: { default: [] } },
    excludes: '',
    inclusive: false,
    toDOM: (mark): DOMOutputSpec => ['span', { class: 'suggestion suggestion--format', 'data-suggestion-id': mark.attrs.id }, 0],
  },

  /**
   * A citation of a source's passage (shared/sources/citation.ts): the
   * quoted words, with the source, the passage's Yjs relative positions and
   * the quote as it was. `excludes: ''` so a citation inside another keeps
   * both; not inclusive, so typing after a citation is the writer's own.
   * No schema version bump: a build without this mark reads the words as
   * plain text and keeps the formatting attribute it does not know
   * (text-attributes.ts), so nothing is lost (docs/decisions/sources.md).
   */
  citation: {
    attrs: {
      id: { validate: 'string' },
      sourceId: { validate: 'string' },
      start: { validate: 'string' },
      end: { validate: 'string' },
      quote: { validate: 'string' },
    },
    excludes: '',
    inclusive: false,
    parseDOM: [
      {
        tag: 'cite[data-citation-id]',
        getAttrs: (dom) => {
          const element = asElement(dom);
          const attrs = ['id', 'sourceId', 'start', 'end', 'quote'].map((name) => element.getAttribute(`data-citation-${name.toLowerCase()}`));
          if (attrs.some((value) => value === null)) return false;
          const [id, sourceId, start, end, quote] = attrs as string[];
          return { id, sourceId, start, end, quote };
        },
      },
    ],
    toDOM: (mark): DOMOutputSpec => [
      'cite',
      {
        class: 'citation',
        'data-citation-id': mark.attrs.id,
        'data-citation-sourceid': mark.attrs.sourceId,
        'data-citation-start': mark.attrs.start,
        'data-citation-end': mark.attrs.end,
        'data-citation-quote': mark.attrs.quote,
      },
      0,
    ],
  },
} satisfies Record<string, MarkSpec>;

export type NodeName = keyof typeof nodes;
export type MarkName = keyof typeof marks;

/**
 * shared/ is compiled without the DOM library, so parse rules see the DOM
 * node through the two members they use. ProseMirror only calls these rules
 * in a browser (or jsdom), where the node is a real element.
 */
interface ElementLike {
  getAttribute(name: string): string | null;
  readonly style: { readonly fontWeight: string };
}

function asElement(node: unknown): ElementLike {
  return node as ElementLike;
}

/** Typed by node and mark name, so `schema.nodes.paragraph` is never undefined. */
export const schema: Schema<NodeName, MarkName> = new Schema<NodeName, MarkName>({ nodes, marks });

export const HEADING_LEVELS = [1, 2, 3] as const;
export type HeadingLevel = (typeof HEADING_LEVELS)[number];

/**
 * A textblock whose marker carries a block-level suggestion (its boundary
 * suggested in or out, or its type or list changed): the kind and id as data
 * attributes for styling and the sidebar.
 */
function blockSuggestionDom(suggestion: unknown): Record<string, string> {
  if (typeof suggestion !== 'object' || suggestion === null) return {};
  const { id, kind } = suggestion as { id?: unknown; kind?: unknown };
  if (typeof id !== 'string' || typeof kind !== 'string') return {};
  return { class: `block-suggestion block-suggestion--${kind}`, 'data-suggestion-id': id };
}

function clampHeadingLevel(level: unknown): HeadingLevel {
  return level === 2 || level === 3 ? level : 1;
}

/**
 * Links come from other people's documents, so an href is untrusted. Only
 * web, mail and phone links are rendered as links; anything else (notably
 * `javascript:`) is rendered inert.
 */
export function safeHref(href: string): string {
  return isSafeHref(href) ? href : '#';
}

export function isSafeHref(href: string): boolean {
  return /^(https?:|mailto:|tel:)/i.test(href.trim());
}

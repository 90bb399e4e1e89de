/**
 * The chapter schema: every node and mark a drafter can use is valid and
 * survives the trip through Yjs (the chapter text, synced to another doc)
 * unchanged, comment anchors may overlap and never grow by typing at their
 * edge, and a link from someone else's document cannot run script.
 */
import { describe, expect, it } from 'vitest';
import type { Attrs, Mark, Node as PmNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import * as Y from 'yjs';
import { readChapterDoc, writeChapterDoc } from '../../../shared/chapter-text/chapter-text.ts';
import { isSafeHref, safeHref, schema } from '../../../shared/schema/schema.ts';
import { withCanonicalMarks } from '../../support/doc-builders.ts';

// Builders by name: `schema.node` and `schema.mark` throw on a name the
// schema does not have, so a renamed node fails here loudly.
function node(type: string, attrs: Attrs | null, ...content: PmNode[]): PmNode {
  return schema.node(type, attrs, content);
}
function text(value: string, ...marks: Mark[]): PmNode {
  return schema.text(value, marks);
}
function p(...content: PmNode[]): PmNode {
  return node('paragraph', null, ...content);
}
function li(...content: PmNode[]): PmNode {
  return node('list_item', null, ...content);
}
function mark(type: string, attrs: Attrs | null = null): Mark {
  return schema.mark(type, attrs);
}
function comment(threadId: string): Mark {
  return mark('comment', { threadId });
}

/** One chapter that uses every node and every mark of the schema. */
function everything(): PmNode {
  return node(
    'doc',
    null,
    node('heading', { level: 1 }, text('Åtgärder')),
    node('heading', { level: 2 }, text('Arbetsförmedlingen')),
    node('heading', { level: 3 }, text('Språkstöd')),
    p(
      text('Vanlig, '),
      text('fet', mark('bold')),
      text(', '),
      text('kursiv', mark('italic')),
      text(', '),
      text('understruken', mark('underline')),
      text(', '),
      text('struken', mark('strike')),
      node('hard_break', null),
      text('länk', mark('link', { href: 'https://www.arbetsformedlingen.se', title: 'AF' })),
      text(' och '),
      text('kommenterad', comment('thread-1'), mark('bold')),
      text(' text, '),
      text('föreslagen', mark('suggestion_insert', { id: '1.2' })),
      text(', '),
      text('föreslagen bort', mark('suggestion_delete', { id: '1.3' })),
      text(' och '),
      text('föreslaget fet', mark('bold'), mark('suggestion_format', { id: '1.4', add: [{ type: 'bold' }], remove: [] })),
      text(' och ”citerat”', mark('citation', { id: 'c1', sourceId: 's1', start: 'AA==', end: 'AA==', quote: 'citerat' })),
      text('.'),
    ),
    node('paragraph', { suggestion: { id: '1.5', kind: 'insert' } }, text('Ett föreslaget nytt stycke.')),
    node('bullet_list', null, li(p(text('Punkt')), node('ordered_list', { order: 3 }, li(p(text('Tre')))))),
    node(
      'table',
      null,
      node('table_row', null, node('table_header', null, p(text('Åtgärd'))), node('table_header', null, p(text('Ansvarig')))),
      node('table_row', null, node('table_cell', null, p(text('Mentorskap'))), node('table_cell', null, p(text('AF')))),
    ),
  );
}

/** The chapter as another peer reads it after it was stored in the chapter text of a Y.Doc. */
function throughYjs(chapter: PmNode): PmNode {
  const doc = new Y.Doc();
  writeChapterDoc(doc, chapter);
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  return readChapterDoc(replica);
}

describe('the chapter schema', () => {
  it('accepts a chapter that uses every node and every mark', () => {
    const doc = everything();
    expect(() => doc.check()).not.toThrow();

    const nodeTypes = new Set<string>([doc.type.name]);
    const markTypes = new Set<string>();
    doc.descendants((child) => {
      nodeTypes.add(child.type.name);
      for (const used of child.marks) markTypes.add(used.type.name);
    });
    expect([...nodeTypes].sort()).toEqual(Object.keys(schema.nodes).sort());
    expect([...markTypes].sort()).toEqual(Object.keys(schema.marks).sort());
  });

  it('stores such a chapter in Yjs and reads it back unchanged', () => {
    const doc = everything();
    const back = throughYjs(doc);
    expect(back.eq(doc)).toBe(true);
    expect(back.toJSON()).toEqual(doc.toJSON());
  });

  it('accepts the empty containers that concurrent deletions can leave behind', () => {
    const merged = node('doc', null, node('bullet_list', null), node('ordered_list', null), p());
    expect(() => merged.check()).not.toThrow();
    expect(() => node('doc', null).check()).not.toThrow();
  });

  it('lets two comment threads anchor on the same text, also after a trip through Yjs', () => {
    const doc = node('doc', null, p(text('före '), text('omstridd mening', comment('thread-a'), comment('thread-b')), text(' efter')));
    expect(() => doc.check()).not.toThrow();
    const anchored = doc.nodeAt(1 + 'före '.length);
    expect(anchored?.marks.map((anchor) => anchor.attrs.threadId)).toEqual(['thread-a', 'thread-b']);

    // Yjs keeps no order among them: they come back in canonical order.
    const back = throughYjs(doc);
    expect(back.toJSON()).toEqual(withCanonicalMarks(doc).toJSON());
    expect(back.nodeAt(1 + 'före '.length)?.marks.map((anchor) => anchor.attrs.threadId).sort()).toEqual(['thread-a', 'thread-b']);
  });

  it('lets comment threads overlap partly', () => {
    const doc = node('doc', null, p(text('ett ', comment('a')), text('två', comment('a'), comment('b')), text(' tre', comment('b'))));
    expect(() => doc.check()).not.toThrow();
    expect(throughYjs(doc).toJSON()).toEqual(doc.toJSON());
  });

  it('does not extend a comment or a link when typing right after it', () => {
    const doc = node(
      'doc',
      null,
      p(text('kommenterad', comment('thread-1'))),
      p(text('länk', mark('link', { href: 'https://example.se' }))),
    );
    const state = EditorState.create({ doc });
    const afterComment = 1 + 'kommenterad'.length;
    const afterLink = doc.child(0).nodeSize + 1 + 'länk'.length;
    const typed = state.tr.insertText('!', afterLink).insertText('!', afterComment).doc;

    expect(typed.nodeAt(afterComment)?.text).toBe('!');
    expect(typed.nodeAt(afterComment)?.marks).toEqual([]);
    const linkParagraph = typed.child(1);
    expect(linkParagraph.lastChild?.text).toBe('!');
    expect(linkParagraph.lastChild?.marks).toEqual([]);
  });

  it('renders a heading with an out-of-range level as a top-level heading, never as an unknown tag', () => {
    const heading = node('heading', { level: 9 }, text('Rubrik'));
    const spec = heading.type.spec.toDOM?.(heading) as unknown as unknown[];
    expect(spec[0]).toBe('h1');
  });
});

describe('links', () => {
  function renderedHref(href: string): unknown {
    const link = mark('link', { href });
    const spec = link.type.spec.toDOM?.(link, true) as unknown as [string, Record<string, unknown>, number];
    expect(spec[0]).toBe('a');
    expect(spec[1]['rel']).toContain('noopener');
    return spec[1]['href'];
  }

  it.each(['https://www.regeringen.se', 'http://example.se/sida?x=1', 'mailto:registrator@af.se', 'tel:+46771416416', 'HTTPS://EXAMPLE.SE'])(
    'keeps the web, mail or phone link %s',
    (href) => {
      expect(renderedHref(href)).toBe(href);
      expect(isSafeHref(href)).toBe(true);
    },
  );

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    '  javascript:alert(1)',
    '\u0000javascript:alert(1)',
    'java\nscript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    '//evil.example',
    '',
  ])('renders %j inert', (href) => {
    expect(renderedHref(href)).toBe('#');
    expect(safeHref(href)).toBe('#');
  });
});

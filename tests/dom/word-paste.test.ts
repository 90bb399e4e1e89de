/**
 * Pasting from Word (issue 10): Word's pseudo-bullets become lists, its
 * heading levels map onto ours, footnote markers stay text instead of links
 * to "#", pictures are left out with a notice, and unsafe links stay inert.
 * The clipboard HTML is what Word 365 puts there (a fixture written in its
 * format), pasted through ProseMirror's own paste path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorView } from 'prosemirror-view';
import type { Node as PmNode } from 'prosemirror-model';
import { chapterText, writeChapterDoc } from '../../shared/chapter-text/chapter-text.ts';
import { createChapterState } from '../../src-renderer/editor/editor-state.ts';
import { chapterOf } from './support/comment-editing.ts';

const WORD_HTML = readFileSync(join(import.meta.dirname, '../fixtures/word-paste/lists-headings-footnote.html'), 'utf8');

// jsdom has no ClipboardEvent; EditorView.pasteHTML only creates one to hand to handlePaste.
if (typeof globalThis.ClipboardEvent === 'undefined') {
  Object.defineProperty(globalThis, 'ClipboardEvent', {
    value: class ClipboardEvent extends Event {
      readonly clipboardData = null;
    },
    configurable: true,
  });
}

let views: EditorView[] = [];
afterEach(() => {
  for (const view of views) view.destroy();
  views = [];
});

function editorWithNotices(): { view: EditorView; notices: number[] } {
  const doc = new Y.Doc();
  writeChapterDoc(doc, chapterOf({ type: 'paragraph' }));
  const notices: number[] = [];
  const state = createChapterState(chapterText(doc), {
    openLinkDialog: () => false,
    hasThread: () => false,
    sync: { verify: true, onMismatch: (message) => { throw new Error(message); } },
    onDroppedImages: (count) => notices.push(count),
  });
  const view = new EditorView(document.createElement('div'), { state, handleScrollToSelection: () => true });
  views.push(view);
  return { view, notices };
}

/** The doc as nested [type, text or children] for readable expectations. */
function outline(node: PmNode): unknown {
  if (node.isTextblock) return node.type.name === 'heading' ? [`h${String(node.attrs.level)}`, node.textContent] : node.textContent;
  const children: unknown[] = [];
  node.forEach((child) => children.push(outline(child)));
  return node.type.name === 'doc' ? children : [node.type.name, children];
}

describe('pasting from Word', () => {
  it('turns list paragraphs into nested lists, maps headings, keeps footnotes as text', async () => {
    const { view } = editorWithNotices();
    expect(view.pasteHTML(WORD_HTML)).toBe(true);
    await Promise.resolve();
    expect(outline(view.state.doc)).toEqual([
      ['h1', 'Insatser'],
      'Myndigheterna samverkar[1] om etablering.',
      ['bullet_list', [
        ['list_item', ['Språkstöd på arbetsplatsen', ['bullet_list', [['list_item', ['Mentorer i varje kommun']]]]]],
        ['list_item', ['Validering av yrkeskunskaper']],
      ]],
      ['h3', 'Uppföljning'],
      ['ordered_list', [['list_item', ['Kartlägg']], ['list_item', ['Följ upp']]]],
      'Se skriptlänken och Migrationsverket.',
      '[1] Enligt regleringsbrevet 2025.',
    ]);
  });

  it('keeps the bold inside a list item and no link to a footnote', async () => {
    const { view } = editorWithNotices();
    view.pasteHTML(WORD_HTML);
    await Promise.resolve();
    const marks: string[] = [];
    view.state.doc.descendants((node) => {
      if (node.isText) for (const mark of node.marks) marks.push(`${mark.type.name}:${node.text ?? ''}${mark.type.name === 'link' ? ` → ${String(mark.attrs.href)}` : ''}`);
    });
    expect(marks).toContain('bold:varje');
    expect(marks.filter((m) => m.startsWith('link:'))).toEqual(['link:skriptlänken → javascript:alert(1)', 'link:Migrationsverket → https://www.migrationsverket.se/']);
    // The unsafe link is stored as written but never rendered as a link.
    const rendered = view.dom.querySelector('a[href^="javascript"]');
    expect(rendered).toBeNull();
  });

  it('says how many pictures it left out', async () => {
    const { view, notices } = editorWithNotices();
    view.pasteHTML(WORD_HTML);
    await Promise.resolve();
    expect(notices).toEqual([1]);
  });
});

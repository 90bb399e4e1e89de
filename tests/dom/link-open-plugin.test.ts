/**
 * Which clicks on a link in a chapter ask to open it (link-open-plugin.ts):
 * in a chapter being edited Ctrl+click and a middle click, in a read-only
 * chapter any click, since there the browser would otherwise follow the link
 * and replace the app. The browser never follows a link itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { schema } from '../../shared/schema/schema.ts';
import { linkOpenPlugin } from '../../src-renderer/editor/link-open-plugin.ts';

const ADDRESS = 'https://www.scb.se/statistik';
let view: EditorView | null = null;

afterEach(() => {
  view?.destroy();
  view = null;
});

function chapter(editable: boolean, href = ADDRESS): { link: HTMLAnchorElement; asked: string[] } {
  const asked: string[] = [];
  const doc = schema.node('doc', null, [schema.node('paragraph', null, [schema.text('Se '), schema.text('SCB', [schema.marks.link.create({ href })])])]);
  const mount = document.createElement('div');
  document.body.append(mount);
  view = new EditorView(mount, { state: EditorState.create({ schema, doc, plugins: [linkOpenPlugin((h) => asked.push(h))] }), editable: () => editable });
  return { link: view.dom.querySelector('a')!, asked };
}

/** Clicks `link`; true when the browser's own handling (following it) was prevented. */
function click(link: HTMLAnchorElement, init: MouseEventInit, type = 'click'): boolean {
  const event = new MouseEvent(type, { bubbles: true, cancelable: true, ...init });
  link.dispatchEvent(event);
  return event.defaultPrevented;
}

describe('a click on a link in a chapter', () => {
  it('being edited: a plain click asks nothing and is left to the editor', () => {
    const { link, asked } = chapter(true);
    expect(click(link, {})).toBe(false);
    expect(asked).toEqual([]);
  });

  it('being edited: Ctrl+click, ⌘+click and a middle click ask, and the browser follows nothing', () => {
    const { link, asked } = chapter(true);
    expect(click(link, { ctrlKey: true })).toBe(true);
    expect(click(link, { metaKey: true })).toBe(true);
    expect(click(link, { button: 1 }, 'auxclick')).toBe(true);
    expect(asked).toEqual([ADDRESS, ADDRESS, ADDRESS]);
  });

  it('read-only: any click asks, also Shift+click, and the app is not replaced', () => {
    const { link, asked } = chapter(false);
    expect(click(link, {})).toBe(true);
    expect(click(link, { shiftKey: true })).toBe(true);
    expect(asked).toEqual([ADDRESS, ADDRESS]);
  });

  it('a javascript: link (rendered inert) is not offered at all', () => {
    const { link, asked } = chapter(false, 'javascript:alert(1)');
    expect(click(link, {})).toBe(true);
    expect(asked).toEqual([]);
  });
});

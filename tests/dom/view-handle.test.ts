/**
 * The editor's view hangs on its DOM node (`pmView`) only for automation:
 * the e2e tests and benchmarks read it, a user's browser or Electron never
 * gets it (src-renderer/editor/view-handle.ts, issue 9).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { schema } from '../../shared/schema/schema.ts';
import { exposeViewToAutomation, type EditorHost } from '../../src-renderer/editor/view-handle.ts';

let view: EditorView | null = null;

function editor(): EditorView {
  view = new EditorView(document.createElement('div'), { state: EditorState.create({ schema }) });
  return view;
}

/** What the browser says; jsdom has no `navigator.webdriver` of its own. */
function automated(webdriver: boolean): void {
  Object.defineProperty(navigator, 'webdriver', { value: webdriver, configurable: true });
}

afterEach(() => {
  delete (navigator as { webdriver?: boolean }).webdriver;
  view?.destroy();
  view = null;
});

describe('the editor view on its DOM node', () => {
  it('is not there in a browser that nobody automates', () => {
    automated(false);
    const shown = editor();
    exposeViewToAutomation(shown);
    expect((shown.dom as EditorHost).pmView).toBeUndefined();
  });

  it('is there for the tests and benchmarks, whose browser says it is automated', () => {
    automated(true);
    const shown = editor();
    exposeViewToAutomation(shown);
    expect((shown.dom as EditorHost).pmView).toBe(shown);
  });
});

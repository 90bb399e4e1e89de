/**
 * Installs a chapter's comments controller (ChapterComments) in its editor
 * as a ProseMirror plugin view: the controller is attached when the view is
 * created, hears of every state update, and is detached when the view is
 * destroyed. Nothing in React has to remember to call it.
 *
 * The plugin has no state, so it is given to the EditorView (its `plugins`
 * prop) rather than to the EditorState: it then works the same for every
 * kind of chapter state — editable, a reader's, and the read-only copy of a
 * chapter written by a newer schema.
 */
import { Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { ChapterComments } from './chapter-comments.ts';

export function chapterCommentsPlugin(comments: ChapterComments, editable: boolean): Plugin {
  return new Plugin({
    view(view) {
      comments.attach(view, editable);
      return {
        update: (updated, previous) => comments.update(updated.state, previous),
        destroy: () => comments.detach(view),
      };
    },
    props: {
      // The handlers only watch: returning false leaves every event to
      // ProseMirror as before.
      handleDOMEvents: {
        mouseover(view, event) {
          comments.highlighter.set('pointer', threadsUnder(view, event.target));
          return false;
        },
        mouseleave() {
          comments.highlighter.set('pointer', []);
          return false;
        },
        // The caret highlights its threads only while the text has focus.
        focus() {
          comments.focusChanged();
          return false;
        },
        blur() {
          comments.focusChanged();
          return false;
        },
      },
    },
  });
}

/** The threads of the anchors the pointer is over, innermost first. */
function threadsUnder(view: EditorView, target: EventTarget | null): string[] {
  const ids: string[] = [];
  for (let el = target instanceof Element ? target : null; el && el !== view.dom; el = el.parentElement) {
    const id = el.getAttribute('data-thread-id');
    if (id !== null && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

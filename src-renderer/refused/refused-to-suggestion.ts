/**
 * "Gör om till förslag": the words of a refused change, suggested in the
 * chapter as it is now (the server's copy), by the member herself.
 *
 * The differences between the chapter now and the refused chapter
 * (block-diff.ts, which also says what is carried and what is not) are
 * replayed, each as one replace step, through the editor's own suggest
 * dispatch (`dispatchSuggesting`, suggest-mode.ts) in an editor that is not
 * on screen: exactly what typing those words in Föreslå makes, so the
 * server's chapter-text rule accepts it as her own suggestion.
 */
import type { Node as PmNode } from 'prosemirror-model';
import { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import { readChapterDoc } from '../../shared/chapter-text/chapter-text.ts';
import type { Member } from '../../shared/plan/member.ts';
import type { ChapterContext } from '../../shared/suggestions/suggestions.ts';
import { createChapterState } from '../editor/editor-state.ts';
import { dispatchSuggesting } from '../editor/suggest-mode.ts';
import type { ChapterHandle } from '../plan/plan-session.ts';
import { diffBlocks } from './block-diff.ts';

export interface SuggestedRefusal {
  /** Changes made as suggestions. */
  readonly suggested: number;
  /** Changes the suggest transform could not make (the reason it gave); nothing of those was changed. */
  readonly notSuggestible: readonly string[];
}

export function suggestRefusedChange(chapter: ChapterHandle, refusedUpdate: Uint8Array, member: Member, context: ChapterContext): SuggestedRefusal {
  const scratch = new Y.Doc();
  let refused: PmNode;
  try {
    Y.applyUpdate(scratch, refusedUpdate);
    refused = readChapterDoc(scratch);
  } finally {
    scratch.destroy();
  }
  const notSuggestible: string[] = [];
  const view = new EditorView(document.createElement('div'), {
    state: createChapterState(chapter.text, {
      openLinkDialog: () => false,
      hasThread: (id) => chapter.threads.snapshot.has(id),
      undoManager: chapter.undoManager(),
      suggest: { member, chapter: context, mode: 'suggest' },
    }),
    dispatchTransaction(this: EditorView, tr) {
      dispatchSuggesting(this, tr, (reason) => notSuggestible.push(reason));
    },
  });
  let suggested = 0;
  try {
    // Last first: an earlier hunk's positions are not moved by a later one.
    for (const hunk of diffBlocks(view.state.doc, refused).reverse()) {
      const before = notSuggestible.length;
      view.dispatch(view.state.tr.replace(hunk.from, hunk.to, hunk.slice));
      if (notSuggestible.length === before) suggested++;
    }
  } finally {
    view.destroy();
  }
  return { suggested, notSuggestible };
}

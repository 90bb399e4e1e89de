/**
 * For the suggest-mode benchmarks: makes the editor's (empty) chapter the
 * drafter's own suggested section, so that a trace typed into it, deletions
 * included, edits only her own suggestion, as a drafter writing a new
 * section into another agency's chapter does. Without it the chapter's first
 * empty paragraph belongs to the owner, a trace's first join with it is only
 * suggested (struck, kept), and the trace's positions no longer fit the doc.
 */
import * as Y from 'yjs';
import type { EditorView } from 'prosemirror-view';
import type { Member } from '../shared/plan/member.ts';
import { nextSuggestionId } from '../shared/suggestions/suggestion-ids.ts';
import { createSuggestion } from '../shared/suggestions/suggestions.ts';
import { chapterBinding } from '../src-renderer/editor/binding/sync-plugin.ts';

export function startAsOwnSection(view: EditorView, member: Member): void {
  const binding = chapterBinding(view.state);
  if (binding === null) throw new Error('the editor has no chapter binding');
  const id = nextSuggestionId(binding.ydoc);
  Y.transact(
    binding.ydoc,
    () => {
      createSuggestion(binding.ydoc, member, { id, kind: 'insert' });
      view.updateState(view.state.apply(view.state.tr.setNodeAttribute(0, 'suggestion', { id, kind: 'insert' })));
    },
    binding,
  );
}

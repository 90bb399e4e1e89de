/**
 * Opening a plan-wide search result in its chapter's editor: the match is
 * selected and scrolled to, and every match of the query in the chapter is
 * highlighted by prosemirror-search's decorations (the Ctrl+F bar's), which
 * never change the document. The highlights stay until the find bar is
 * opened and closed (Ctrl+F, Escape) or another result is opened; Enter in
 * the find bar steps through them.
 *
 * A result holds positions from when the search ran; the chapter may have
 * changed since (a colleague's edit arriving). The match is looked up again
 * in the editor's document: the same words at the same place, else the same
 * words nearest to it, else the nearest match.
 */
import { useEffect, useState } from 'react';
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { SearchQuery, setSearchState } from 'prosemirror-search';
import type { PlanQuery } from '../../shared/search/query.ts';
import { searchChapterDoc, type DocMatch } from '../../shared/search/plan-search.ts';
import type { ChapterComments } from '../comments/chapter-comments.ts';

export interface MatchTarget {
  readonly chapterId: string;
  readonly query: PlanQuery;
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** Selects the match in the view; false when the chapter no longer has one. */
export function showMatch(view: EditorView, target: MatchTarget): boolean {
  const matches = searchChapterDoc(target.query, view.state.doc);
  const distance = (m: DocMatch): number => Math.abs(m.from - target.from);
  const same = matches.filter((m) => m.context.match === target.text);
  const match = [...(same.length > 0 ? same : matches)].sort((a, b) => distance(a) - distance(b))[0];
  if (match === undefined) return false;
  const tr = setSearchState(view.state.tr, highlightQuery(matches));
  tr.setSelection(TextSelection.create(tr.doc, match.from, match.to)).scrollIntoView();
  view.dispatch(tr);
  view.focus();
  return true;
}

/**
 * The matched words as one prosemirror-search query, so its highlights are
 * exactly this search's matches (the Swedish matching is ours, not a
 * regular expression's): the distinct matched texts, whole words, any case.
 */
function highlightQuery(matches: readonly DocMatch[]): SearchQuery {
  const texts = [...new Set(matches.map((m) => m.context.match))].sort((a, b) => b.length - a.length);
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '\\s+');
  const word = '[\\p{L}\\p{M}\\p{N}]';
  return new SearchQuery({ search: `(?<!${word})(?:${texts.map(escape).join('|')})(?!${word})`, regexp: true });
}

/**
 * Shows `target` once its chapter is in the editor: the view is made after
 * the chapter is chosen, so this waits for the comments controller (which
 * the editor's plugin view attaches) to have it.
 */
export function useShowMatch(comments: ChapterComments | null, currentChapterId: string | null, onGone: () => void): (target: MatchTarget) => void {
  const [pending, setPending] = useState<MatchTarget | null>(null);
  useEffect(() => {
    if (pending === null || comments === null || currentChapterId !== pending.chapterId) return undefined;
    let done = false;
    const tryShow = (): boolean => {
      const view = comments.state.view;
      if (done || view === null) return done;
      done = true;
      setPending(null);
      if (!showMatch(view, pending)) onGone();
      return true;
    };
    if (tryShow()) return undefined;
    return comments.subscribe(() => void tryShow());
    // onGone is read when the view comes, not a reason to wait again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pending, comments, currentChapterId]);
  return setPending;
}

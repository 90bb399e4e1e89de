/**
 * Find in the open chapter (Ctrl+F / ⌘F), in the desktop app as in a
 * browser (issue 10: Electron has no find bar of its own). Matching,
 * highlighting and moving between matches are prosemirror-search's; this is
 * the bar around it.
 *
 * Focus stays in the search field while the selection moves from match to
 * match (Enter, Shift+Enter), so the user can keep typing; the count is
 * announced politely. Escape closes the bar, clears the highlights and puts
 * focus back in the text at the match it was on.
 *
 * Replace (issue 16), where the chapter can be changed: "Ersätt" replaces the
 * selected match and moves to the next (Enter in the replace field does the
 * same), "Ersätt alla" replaces every match in one transaction, so one undo
 * takes it back. Both are prosemirror-search's commands, and go through the
 * view's dispatch like typing: in Föreslå they become suggestions. There,
 * text already suggested for deletion is skipped, as it is on its way out
 * and would otherwise be found and replaced again.
 *
 * Opened after "Sök i planen" showed a result, the bar keeps that search's
 * highlights (its query is not text the user typed, so the field starts
 * empty) until the user types or closes the bar.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command, EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { findNext, findPrev, getMatchHighlights, getSearchState, replaceAll, replaceNext, SearchQuery, setSearchState, type SearchResult } from 'prosemirror-search';
import { useAnnounce } from '../app/announcer.tsx';
import { editModeOf } from './suggest-mode.ts';
import { chapterUndoKey } from './binding/undo-plugin.ts';

interface Props {
  readonly view: EditorView;
  /** The view's latest state, so the count follows edits and moves. */
  readonly state: EditorState;
  readonly onClose: () => void;
}

export function FindBar({ view, state, onClose }: Props): ReactElement {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const inputId = useId();
  const replaceId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(() => {
    const query = getSearchState(view.state)?.query;
    return query === undefined || query.regexp ? '' : query.search;
  });
  const [replacement, setReplacement] = useState(() => getSearchState(view.state)?.query.replace ?? '');
  const canReplace = view.editable;

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const search = (value: string, replace = replacement): void => {
    setText(value);
    setReplacement(replace);
    view.dispatch(setSearchState(view.state.tr, findQuery(view.state, value, replace)));
  };
  const replaceEvery = (): void => {
    const count = getMatchHighlights(view.state).find().length;
    // One undo step of its own, as in Word: not merged with typing just before or after.
    const undoManager = chapterUndoKey.getState(view.state)?.undoManager;
    undoManager?.stopCapturing();
    const replaced = replaceAll(view.state, view.dispatch);
    undoManager?.stopCapturing();
    if (!replaced) return;
    announce(t('find.replaced', { count }));
    // The buttons are disabled now that nothing matches: focus would fall to the page.
    input.current?.focus();
  };
  const run = (command: Command): void => {
    command(view.state, view.dispatch);
  };
  const close = (): void => {
    view.dispatch(setSearchState(view.state.tr, new SearchQuery({ search: '' })));
    onClose();
    view.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      run(event.shiftKey ? findPrev : findNext);
    }
  };
  // On the whole bar, so Escape also closes it from a button.
  const onBarKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    close();
  };
  const onReplaceKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      run(replaceNext);
    }
  };

  const matches = getMatchHighlights(state).find();
  const { from, to } = state.selection;
  const current = matches.findIndex((match) => match.from === from && match.to === to);
  const count = text === '' ? '' : matches.length === 0 ? t('find.none') : current < 0 ? t('find.total', { count: matches.length }) : t('find.count', { current: current + 1, total: matches.length });

  return (
    <div className="find-bar" role="search" onKeyDown={onBarKeyDown}>
      <label htmlFor={inputId} className="find-bar__label">
        {t('find.label')}
      </label>
      <input id={inputId} ref={input} type="search" className="find-bar__input" value={text} onChange={(event) => search(event.target.value)} onKeyDown={onKeyDown} />
      <span className="find-bar__count" aria-live="polite">
        {count}
      </span>
      <button type="button" className="button" disabled={matches.length === 0} onClick={() => run(findPrev)}>
        {t('find.previous')}
      </button>
      <button type="button" className="button" disabled={matches.length === 0} onClick={() => run(findNext)}>
        {t('find.next')}
      </button>
      <button type="button" className="button" onClick={close}>
        {t('find.close')}
      </button>
      {canReplace && (
        <div className="find-bar__replace">
          <label htmlFor={replaceId} className="find-bar__label">
            {t('find.replaceWith')}
          </label>
          <input id={replaceId} type="text" className="find-bar__input" value={replacement} onChange={(event) => search(text, event.target.value)} onKeyDown={onReplaceKeyDown} />
          <button
            type="button"
            className="button"
            disabled={matches.length === 0}
            onClick={() => {
              run(replaceNext);
              if (getMatchHighlights(view.state).find().length === 0) input.current?.focus();
            }}
          >
            {t('find.replace')}
          </button>
          <button type="button" className="button" disabled={matches.length === 0} onClick={replaceEvery}>
            {t('find.replaceAll')}
          </button>
        </div>
      )}
    </div>
  );
}

/** The bar's query: the text as typed, in any case; in Föreslå, not in text already suggested for deletion. */
export function findQuery(state: EditorState, search: string, replace: string): SearchQuery {
  const suggesting = editModeOf(state)?.mode === 'suggest';
  // `literal`: a drafter searching for "\n" means those two characters.
  return new SearchQuery({ search, literal: true, replace, ...(suggesting ? { filter: notStruck } : {}) });
}

/** A match not in text suggested for deletion. */
function notStruck(state: EditorState, result: SearchResult): boolean {
  return !state.doc.rangeHasMark(result.from, result.to, state.schema.marks.suggestion_delete!);
}

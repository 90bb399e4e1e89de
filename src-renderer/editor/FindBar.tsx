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
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command, EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { findNext, findPrev, getMatchHighlights, getSearchState, SearchQuery, setSearchState } from 'prosemirror-search';

interface Props {
  readonly view: EditorView;
  /** The view's latest state, so the count follows edits and moves. */
  readonly state: EditorState;
  readonly onClose: () => void;
}

export function FindBar({ view, state, onClose }: Props): ReactElement {
  const { t } = useTranslation();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(() => getSearchState(view.state)?.query.search ?? '');

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const search = (value: string): void => {
    setText(value);
    // `literal`: a drafter searching for "\n" means those two characters.
    view.dispatch(setSearchState(view.state.tr, new SearchQuery({ search: value, literal: true })));
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
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  const matches = getMatchHighlights(state).find();
  const { from, to } = state.selection;
  const current = matches.findIndex((match) => match.from === from && match.to === to);
  const count = text === '' ? '' : matches.length === 0 ? t('find.none') : current < 0 ? t('find.total', { count: matches.length }) : t('find.count', { current: current + 1, total: matches.length });

  return (
    <div className="find-bar" role="search">
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
    </div>
  );
}

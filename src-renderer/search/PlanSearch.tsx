/**
 * "Sök i planen" (Ctrl+Shift+F / ⌘⇧F): every match of a query in every
 * chapter's text, comments and replies on suggestions, and in every source
 * (shared/search/), grouped by chapter and source, each with its context.
 * The search runs in the index worker (plan-search-index.ts), and its
 * results follow the plan while the dialog is open. Choosing a result closes the
 * dialog and opens it in its chapter (show-match.ts); a comment reveals the
 * thread's card, a suggestion reply the chapter's suggestions.
 *
 * A modal dialog, as "Kommentarer i planen" is and for the same reasons:
 * focus goes into it and comes back, and there is no room for a third
 * column. Opened again, it comes back with the same query and focus on the
 * result that was opened, so the coordinator works through the results one
 * by one. Keyboard: the results are one Tab stop; ↑/↓, Home and End move
 * between them, ↓ or Enter in the field goes to the first; the number of
 * matches is announced politely as the query settles.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalDialog } from '../app/use-modal-dialog.ts';
import type { ChapterEntry } from '../../shared/plan/manifest.ts';
import { parseQuery, type PlanQuery } from '../../shared/search/query.ts';
import type { IndexResult, IndexResults } from '../../shared/search/search-index.ts';
import type { SourceEntry } from '../../shared/sources/source-list.ts';
import type { PlanSearchIndex } from './plan-search-index.ts';

/** Wait this long after the last keystroke before searching. */
const SETTLE_MS = 150;

/** Where the dialog was when a result was opened, to come back to. */
export interface SearchPlace {
  readonly text: string;
  readonly active: number;
}

interface Props {
  readonly chapters: readonly ChapterEntry[];
  /** The plan's sources; removed ones are not searched. */
  readonly sources: readonly SourceEntry[];
  readonly index: PlanSearchIndex;
  readonly place: SearchPlace | null;
  readonly onOpen: (result: IndexResult, query: PlanQuery, place: SearchPlace) => void;
  readonly onClose: () => void;
}

interface Searched {
  readonly text: string;
  readonly query: PlanQuery;
  readonly found: IndexResults;
}

export function PlanSearch({ chapters, sources, index, place, onOpen, onClose }: Props): ReactElement {
  const { t } = useTranslation();
  const dialogRef = useModalDialog({ restoreFocus: true });
  const titleId = useId();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const [text, setText] = useState(place?.text ?? '');
  const [searched, setSearched] = useState<Searched | null>(null);
  const [active, setActive] = useState(place?.active ?? 0);
  const returning = useRef(place !== null);

  // Enter or ↓ before the results came: go to the first result when they do.
  const focusFirst = useRef(false);
  const liveSources = useMemo(() => sources.filter((s) => s.removedAt === null), [sources]);
  const ask = (value: string): void => {
    const query = parseQuery(value);
    if (query === null) {
      index.stop();
      setSearched(null);
      return;
    }
    index.query(
      value,
      chapters.map((c) => c.id),
      liveSources.map((s) => s.id),
      (answered, found) => {
        if (answered !== value) return;
        setSearched({ text: value, query, found });
        if (focusFirst.current && found.results.length > 0) {
          focusFirst.current = false;
          setActive(0);
          requestAnimationFrame(() => focusResult(0));
        }
      },
    );
  };

  useEffect(() => {
    const timer = setTimeout(() => ask(text), returning.current ? 0 : SETTLE_MS);
    return () => clearTimeout(timer);
    // Ask again when the text settles or the plan's chapters or sources change; the worker answers again after every edit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, chapters, liveSources]);
  useEffect(() => () => index.stop(), [index]);

  const results = useMemo(() => searched?.found.results ?? [], [searched]);
  const focusResult = (index: number): void => {
    const buttons = list.current?.querySelectorAll<HTMLButtonElement>('[data-search-result]');
    const target = buttons?.[Math.max(0, Math.min(index, (buttons?.length ?? 1) - 1))];
    if (!target) return;
    setActive(Number(target.dataset.searchResult));
    target.focus();
  };

  useEffect(() => {
    if (!returning.current) input.current?.focus();
  }, []);
  useEffect(() => {
    if (!returning.current || searched === null) return;
    returning.current = false;
    focusResult(active);
    // Once, when the first results of a returning dialog are there.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [searched]);

  const onInputKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key !== 'ArrowDown' && event.key !== 'Enter') return;
    event.preventDefault();
    // Enter before the text settled: search now, then go to the results.
    if (searched?.text !== text) {
      focusFirst.current = true;
      ask(text);
      return;
    }
    if (searched.found.results.length === 0) return;
    // The results are on the page: move there in this key press, so the next key already reaches them.
    focusResult(0);
  };
  const onListKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, Home: 0, End: results.length - 1 };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    if (event.key === 'ArrowUp' && active === 0) input.current?.focus();
    else focusResult(to);
  };

  const groups = useMemo(() => {
    const byDoc = new Map<string, { index: number; result: IndexResult }[]>();
    results.forEach((result, index) => {
      const key = result.kind === 'source' ? `source:${result.sourceId}` : result.chapterId;
      const group = byDoc.get(key) ?? [];
      group.push({ index, result });
      byDoc.set(key, group);
    });
    return [
      ...chapters.filter((c) => byDoc.has(c.id)).map((chapter) => ({ id: chapter.id, title: chapter.title || '—', source: false, items: byDoc.get(chapter.id)! })),
      ...liveSources
        .filter((s) => byDoc.has(`source:${s.id}`))
        .map((source) => ({ id: `source-${source.id}`, title: t('search.sourceGroup', { title: source.title || '—' }), source: true, items: byDoc.get(`source:${source.id}`)! })),
    ];
  }, [results, chapters, liveSources, t]);
  const sourceGroups = groups.filter((g) => g.source).length;

  const summary =
    searched === null
      ? ''
      : searched.found.total === 0
        ? t('search.none')
        : searched.found.total > results.length
          ? t('search.truncated', { shown: results.length, count: searched.found.total })
          : t('search.count', {
              count: searched.found.total,
              chapters:
                sourceGroups === 0
                  ? t('search.chapters', { count: groups.length })
                  : sourceGroups === groups.length
                    ? t('search.sources', { count: sourceGroups })
                    : t('search.chaptersAndSources', { chapters: t('search.chapters', { count: groups.length - sourceGroups }), sources: t('search.sources', { count: sourceGroups }) }),
            });

  return (
    <dialog ref={dialogRef} className="overview-dialog search-dialog" aria-labelledby={titleId} onCancel={onClose} onClose={onClose}>
      <div className="overview-head">
        <h2 id={titleId}>{t('search.title')}</h2>
        <form role="search" className="overview-controls" onSubmit={(event) => event.preventDefault()}>
          <label htmlFor={inputId}>{t('search.label')}</label>
          <input
            id={inputId}
            ref={input}
            type="search"
            className="search-input"
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setActive(0);
            }}
            onKeyDown={onInputKeyDown}
          />
          <span className="comments-count" role="status">
            {summary}
          </span>
          <button type="button" className="button" onClick={onClose}>
            {t('search.close')}
          </button>
        </form>
      </div>
      <div className="overview-body" ref={list} onKeyDown={onListKeyDown}>
        {searched === null && <p className="comments-empty">{t('search.hint')}</p>}
        {groups.map(({ id, title, items }) => (
          <section key={id} className="overview-group" aria-labelledby={`search-${id}`}>
            <h3 id={`search-${id}`}>{title}</h3>
            <ul className="overview-list">
              {items.map(({ index, result }) => (
                <li key={index}>
                  <button
                    type="button"
                    className="search-result"
                    data-search-result={index}
                    tabIndex={index === Math.min(active, results.length - 1) ? 0 : -1}
                    onFocus={() => setActive(index)}
                    onClick={() => searched && onOpen(result, searched.query, { text, active: index })}
                  >
                    {result.kind === 'comment' && <span className="search-result-kind">{t('search.comment', { name: result.author })}</span>}
                    {result.kind === 'suggestion-reply' && <span className="search-result-kind">{t('search.suggestionReply', { name: result.author })}</span>}
                    {result.kind === 'text' && result.suggestedDeletion && <span className="search-result-kind">{t('search.suggestedDeletion')}</span>}
                    <span className="search-result-context">
                      {result.context.before}
                      <mark>{result.context.match}</mark>
                      {result.context.after}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </dialog>
  );
}

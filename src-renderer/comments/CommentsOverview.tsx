/**
 * "Kommentarer i planen": every thread of every chapter, for the coordinator
 * before submission (anyone may open it). Grouped by chapter or by assigned
 * agency, filtered by state (open by default). "Visa" jumps to the thread in
 * its chapter; "Lös" resolves it where the permission rule allows.
 *
 * "Visa" closes the overview and hands back where it was (`OverviewPlace`);
 * opened again with that place, it comes back with the same grouping, filter
 * and scroll position, and focus on the "Visa" button of the thread's row.
 * Why a modal dialog that returns, rather than a non-modal panel beside the
 * text: the coordinator works through the threads one by one, reading each
 * in its chapter and replying in its card. A panel that stays open would be a
 * third column beside the outline and the comment sidebar (too narrow at
 * 1280 px, and no reflow at 320 px / 400 % zoom, WCAG 1.4.10), and a keyboard
 * or screen-reader user would have to find their way between it and the card
 * by landmarks with nothing telling them where they were in the list. A modal
 * dialog keeps one well-known pattern: focus moves into it, stays there, and
 * comes back to the control that was used last (WCAG 2.4.3 focus order), and
 * the header button that reopens it says it goes back ("Tillbaka till …").
 */
import { useEffect, useId, useMemo, useRef, useState, type ReactElement } from 'react';
import { useModalDialog } from '../app/use-modal-dialog.ts';
import { useTranslation } from 'react-i18next';
import { AGENCIES, agencyByCode } from '../../shared/agencies/agencies.ts';
import { may } from '../../shared/comments/comment-permissions.ts';
import { resolveThread, type CommentThread } from '../../shared/comments/threads.ts';
import type { ChapterEntry } from '../../shared/plan/manifest.ts';
import { useAnnounce } from '../app/announcer.tsx';
import { AgencyBadge } from '../outline/AgencyBadge.tsx';
import type { ChapterHandle } from '../plan/plan-session.ts';
import { useProfile } from '../profile/profile-context.tsx';
import { agencyName, errorInWords, formatTime } from './comment-words.ts';
import { anchoredThreadIds, type PlanThreads } from './plan-threads.ts';
import type { StateFilter } from './thread-filters.ts';
import { readChapterSuggestions, type SuggestionView } from '../suggestions/chapter-suggestions.ts';
import { summaryOf } from '../suggestions/SuggestionPanel.tsx';

/** Where the overview was when "Visa" left it, to come back to. */
export interface OverviewPlace {
  readonly groupBy: 'chapter' | 'agency';
  readonly state: StateFilter;
  readonly scrollTop: number;
  readonly threadId: string;
}

interface Props {
  readonly chapters: readonly ChapterEntry[];
  readonly handles: ReadonlyMap<string, ChapterHandle>;
  readonly threads: PlanThreads;
  readonly canWrite: boolean;
  /** Where "Visa" last left the overview; null opens it fresh. */
  readonly place: OverviewPlace | null;
  readonly onShow: (chapterId: string, thread: CommentThread, place: OverviewPlace) => void;
  /** "Visa" on a suggestion: its chapter, with the sidebar on suggestions. */
  readonly onShowSuggestion?: (chapterId: string) => void;
  readonly onClose: () => void;
}

interface Item {
  readonly chapter: ChapterEntry;
  readonly thread: CommentThread;
  readonly detached: boolean;
}

interface SuggestionItem {
  readonly chapter: ChapterEntry;
  readonly view: SuggestionView;
}

export function CommentsOverview({ chapters, handles, threads, canWrite, place, onShow, onShowSuggestion, onClose }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const announce = useAnnounce();
  const { member, ensureMember } = useProfile();
  const dialogRef = useModalDialog();
  const [groupBy, setGroupBy] = useState<'chapter' | 'agency'>(place?.groupBy ?? 'chapter');
  const [state, setState] = useState<StateFilter>(place?.state ?? 'open');
  const bodyRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const groupName = useId();
  const stateId = useId();

  const items = useMemo(() => {
    const list: Item[] = [];
    for (const chapter of chapters) {
      const chapterThreads = threads.get(chapter.id);
      const handle = handles.get(chapter.id);
      if (!chapterThreads || !handle || chapterThreads.size === 0) continue;
      const anchored = anchoredThreadIds(handle.text);
      const sorted = [...chapterThreads.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      for (const thread of sorted) {
        if (state !== 'all' && thread.state !== state) continue;
        list.push({ chapter, thread, detached: !anchored.has(thread.id) });
      }
    }
    return list;
  }, [chapters, handles, threads, state]);

  // Suggestions still to decide, beside the threads: the coordinator's one
  // list of everything to handle. By agency, a suggestion counts for the
  // agency that made it (threads: the agency they are assigned to).
  const suggestions = useMemo(() => {
    const list: SuggestionItem[] = [];
    for (const chapter of chapters) {
      const handle = handles.get(chapter.id);
      if (!handle) continue;
      for (const view of readChapterSuggestions(handle.doc)) if (view.pending) list.push({ chapter, view });
    }
    return list;
    // Re-read when the threads change too: the dialog is modal, so nothing else changes meanwhile.
  }, [chapters, handles, threads]); // eslint-disable-line react-hooks/exhaustive-deps

  const groups = useMemo(() => {
    if (groupBy === 'chapter') {
      return chapters
        .map((chapter) => ({
          key: chapter.id,
          title: chapter.title || '—',
          items: items.filter((item) => item.chapter.id === chapter.id),
          suggestions: suggestions.filter((item) => item.chapter.id === chapter.id),
        }))
        .filter((group) => group.items.length + group.suggestions.length > 0);
    }
    const byAgency = AGENCIES.map((agency) => ({
      key: agency.code as string,
      title: language === 'en' ? agency.nameEn : agency.nameSv,
      items: items.filter((item) => item.thread.assignedAgency === agency.code),
      suggestions: suggestions.filter((item) => item.view.suggestion.author.agency === agency.code),
    }));
    byAgency.push({ key: 'none', title: t('comments.unassigned'), items: items.filter((item) => item.thread.assignedAgency === null), suggestions: [] });
    return byAgency.filter((group) => group.items.length + group.suggestions.length > 0);
  }, [groupBy, chapters, items, suggestions, language, t]);

  // Back at the place "Visa" left: after showModal (useModalDialog's effect
  // runs first), so this focus replaces the dialog's initial one. If the
  // thread is no longer listed (resolved meanwhile), focus stays where
  // showModal put it.
  useEffect(() => {
    if (place === null) return;
    const body = bodyRef.current;
    if (body === null) return;
    body.scrollTop = place.scrollTop;
    const row = body.querySelector(`[data-overview-thread="${CSS.escape(place.threadId)}"]`);
    row?.querySelector<HTMLButtonElement>('button[data-overview-show]')?.focus();
    // Only when the dialog opens: later changes to the list must not move focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function show(item: Item): void {
    onShow(item.chapter.id, item.thread, { groupBy, state, scrollTop: bodyRef.current?.scrollTop ?? 0, threadId: item.thread.id });
  }

  async function resolve(item: Item): Promise<void> {
    const who = member ?? (await ensureMember());
    const handle = handles.get(item.chapter.id);
    if (who === null || !handle) return;
    try {
      resolveThread(handle.doc, who, item.thread.id);
      announce(t('comments.announce.resolved'));
    } catch (error) {
      announce(errorInWords(error, t));
    }
  }

  return (
    <dialog ref={dialogRef} className="overview-dialog" aria-labelledby={titleId} onCancel={onClose} onClose={onClose}>
      <div className="overview-head">
        <h2 id={titleId}>{t('comments.overview.title')}</h2>
        <div className="overview-controls">
          <div className="segmented" role="radiogroup" aria-label={t('comments.overview.groupBy')}>
            {(['chapter', 'agency'] as const).map((g) => (
              <label key={g} className="segment">
                <input type="radio" name={groupName} checked={groupBy === g} onChange={() => setGroupBy(g)} />
                <span>{g === 'chapter' ? t('comments.overview.byChapter') : t('comments.overview.byAgency')}</span>
              </label>
            ))}
          </div>
          <label htmlFor={stateId}>{t('comments.overview.state')}</label>
          <select id={stateId} value={state} onChange={(e) => setState(e.target.value as StateFilter)}>
            {(['open', 'resolved', 'all'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`comments.state.${s}`)}
              </option>
            ))}
          </select>
          <span className="comments-count">{t('comments.overview.count', { count: items.length })}</span>
          <button type="button" className="button" onClick={onClose}>
            {t('comments.overview.close')}
          </button>
        </div>
      </div>
      <div className="overview-body" ref={bodyRef}>
        {groups.length === 0 && <p className="comments-empty">{t('comments.overview.empty')}</p>}
        {groups.map((group) => (
          <section key={group.key} className="overview-group" aria-labelledby={`overview-${group.key}`}>
            <h3 id={`overview-${group.key}`}>
              {group.title} <span className="comments-count">({group.items.length + group.suggestions.length})</span>
            </h3>
            {group.suggestions.length > 0 && (
              <ul className="overview-list" aria-label={t('suggestions.heading')}>
                {group.suggestions.map((item) => {
                  const author = item.view.suggestion.author;
                  const authorAgency = agencyByCode(author.agency);
                  return (
                    <li key={item.view.suggestion.id} className="overview-item overview-item--suggestion">
                      <div className="overview-item-text">
                        {groupBy === 'agency' && <p className="overview-chapter">{t('comments.overview.chapter', { title: item.chapter.title })}</p>}
                        <p className="overview-message">
                          <strong>{t('suggestions.heading')}:</strong> <span className="message-author">{author.name}</span>{' '}
                          <AgencyBadge agency={authorAgency} label={language === 'en' ? authorAgency.nameEn : authorAgency.nameSv} />{' '}
                          {summaryOf(item.view, t).join('; ') || t('suggestions.detached')}
                        </p>
                      </div>
                      {onShowSuggestion && (
                        <div className="overview-actions">
                          <button
                            type="button"
                            className="button button--small"
                            aria-label={t('comments.overview.showLabel', { chapter: item.chapter.title })}
                            onClick={() => onShowSuggestion(item.chapter.id)}
                          >
                            {t('comments.overview.show')}
                          </button>
                        </div>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
            <ul className="overview-list">
              {group.items.map((item) => {
                const first = item.thread.messages[0];
                const firstAgency = first ? agencyByCode(first.author.agency) : null;
                return (
                  <li key={item.thread.id} className="overview-item" data-overview-thread={item.thread.id}>
                    <div className="overview-item-text">
                      {groupBy === 'agency' && <p className="overview-chapter">{t('comments.overview.chapter', { title: item.chapter.title })}</p>}
                      {item.detached && <p className="thread-detached">{t('comments.detached')}</p>}
                      <blockquote className="thread-quote">{item.thread.quote}</blockquote>
                      {first && (
                        <p className="overview-message">
                          <span className="message-author">{first.author.name}</span>{' '}
                          {firstAgency && <AgencyBadge agency={firstAgency} label={language === 'en' ? firstAgency.nameEn : firstAgency.nameSv} />}{' '}
                          <span className="overview-first">{first.deletedAt ? t('comments.deletedMessage') : first.text}</span>
                        </p>
                      )}
                      <p className="overview-meta">
                        <span className={`thread-state thread-state--${item.thread.state}`}>
                          {item.thread.state === 'open' ? t('comments.open') : t('comments.resolved')}
                        </span>
                        {' · '}
                        {t('comments.overview.messages', { count: item.thread.messages.length })}
                        {item.thread.assignedAgency && ` · ${t('comments.assignedTo', { agency: agencyName(item.thread.assignedAgency, language) })}`}
                        {item.thread.resolution &&
                          ` · ${t('comments.resolvedBy', {
                            name: item.thread.resolution.by.name,
                            agency: agencyName(item.thread.resolution.by.agency, language),
                            time: formatTime(item.thread.resolution.at, language),
                          })}`}
                      </p>
                    </div>
                    <div className="overview-actions">
                      <button
                        type="button"
                        className="button button--small"
                        data-overview-show=""
                        aria-label={t('comments.overview.showLabel', { chapter: item.chapter.title })}
                        onClick={() => show(item)}
                      >
                        {t('comments.overview.show')}
                      </button>
                      {canWrite && item.thread.state === 'open' && member !== null && may(member, 'resolve', { thread: item.thread }) && (
                        <button type="button" className="button button--small" onClick={() => void resolve(item)}>
                          {t('comments.resolve')}
                        </button>
                      )}
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>
    </dialog>
  );
}

/**
 * "Kommentarer i planen": every thread of every chapter, for the coordinator
 * before submission (anyone may open it). Grouped by chapter or by assigned
 * agency, filtered by state (open by default). "Visa" jumps to the thread in
 * its chapter; "Lös" resolves it where the permission rule allows.
 */
import { useId, useMemo, useState, type ReactElement } from 'react';
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

interface Props {
  readonly chapters: readonly ChapterEntry[];
  readonly handles: ReadonlyMap<string, ChapterHandle>;
  readonly threads: PlanThreads;
  readonly canWrite: boolean;
  readonly onShow: (chapterId: string, thread: CommentThread) => void;
  readonly onClose: () => void;
}

interface Item {
  readonly chapter: ChapterEntry;
  readonly thread: CommentThread;
  readonly detached: boolean;
}

export function CommentsOverview({ chapters, handles, threads, canWrite, onShow, onClose }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const announce = useAnnounce();
  const { member, ensureMember } = useProfile();
  const dialogRef = useModalDialog();
  const [groupBy, setGroupBy] = useState<'chapter' | 'agency'>('chapter');
  const [state, setState] = useState<StateFilter>('open');
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

  const groups = useMemo(() => {
    if (groupBy === 'chapter') {
      return chapters
        .map((chapter) => ({ key: chapter.id, title: chapter.title || '—', items: items.filter((item) => item.chapter.id === chapter.id) }))
        .filter((group) => group.items.length > 0);
    }
    const byAgency = AGENCIES.map((agency) => ({
      key: agency.code as string,
      title: language === 'en' ? agency.nameEn : agency.nameSv,
      items: items.filter((item) => item.thread.assignedAgency === agency.code),
    }));
    byAgency.push({ key: 'none', title: t('comments.unassigned'), items: items.filter((item) => item.thread.assignedAgency === null) });
    return byAgency.filter((group) => group.items.length > 0);
  }, [groupBy, chapters, items, language, t]);

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
      <div className="overview-body">
        {groups.length === 0 && <p className="comments-empty">{t('comments.overview.empty')}</p>}
        {groups.map((group) => (
          <section key={group.key} className="overview-group" aria-labelledby={`overview-${group.key}`}>
            <h3 id={`overview-${group.key}`}>
              {group.title} <span className="comments-count">({group.items.length})</span>
            </h3>
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
                        aria-label={t('comments.overview.showLabel', { chapter: item.chapter.title })}
                        onClick={() => onShow(item.chapter.id, item.thread)}
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

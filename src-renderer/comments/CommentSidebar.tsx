/**
 * The comment sidebar: a complementary landmark named "Kommentarer" beside
 * the chapter, scrolling with it. Its header holds next/previous and the
 * filters; below, thread cards sit beside their anchors in document order,
 * with detached threads at the end. ChapterComments positions the cards
 * (outside React); this component only decides which cards exist.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, type KeyboardEvent, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isAgencyCode, type AgencyCode } from '../../shared/agencies/agencies.ts';
import type { CommentThread } from '../../shared/comments/threads.ts';
import { useAnnounce } from '../app/announcer.tsx';
import { ariaShortcut, displayShortcut, SHORTCUTS } from '../editor/keymap.ts';
import { useProfile } from '../profile/profile-context.tsx';
import { AgencyOptions } from '../app/AgencyOptions.tsx';
import { PreviousNext } from '../app/PreviousNext.tsx';
import type { ChapterComments } from './chapter-comments.ts';
import { NewThreadComposer } from './NewThreadComposer.tsx';
import { useChapterThreads, useCommentsView } from './sidebar-state.ts';
import { ThreadCard } from './ThreadCard.tsx';
import { matchesFilter, type StateFilter, type ThreadFilter } from './thread-filters.ts';

interface Props {
  readonly comments: ChapterComments;
  readonly owner: AgencyCode | null;
  readonly filter: ThreadFilter;
  readonly onFilterChange: (filter: ThreadFilter) => void;
  /** The chapter's suggestions (src-renderer/suggestions/SuggestionPanel.tsx), shown above the threads. */
  readonly suggestions?: ReactNode;
  /** False when the reader chose to see suggestions only. */
  readonly showThreads?: boolean;
  /**
   * Replies, resolving and assigning even though the editor is read-only: an
   * approved (locked) chapter still takes them (shared/workflow/chapter-status.ts).
   */
  readonly threadsWritable?: boolean;
}

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
const STATES: readonly StateFilter[] = ['open', 'resolved', 'all'];

export function CommentSidebar({ comments, owner, filter, onFilterChange, suggestions, showThreads = true, threadsWritable = false }: Props): ReactElement {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const { member, ensureMember } = useProfile();
  const view = useCommentsView(comments);
  const threads = useChapterThreads(comments.store);
  const stateName = useId();
  const agencyId = useId();
  const countId = useId();

  useEffect(() => comments.setMemberRequest(ensureMember), [comments, ensureMember]);
  // Resolved threads leave the text: their marks stay but are not highlighted.
  useEffect(() => comments.highlighter.setResolved([...threads.values()].filter((th) => th.state === 'resolved').map((th) => th.id)), [comments, threads]);
  const cardContainer = useCallback((el: HTMLDivElement | null) => comments.setCardContainer(el), [comments]);

  // Document order for anchored threads, then detached ones by age.
  const shown = useMemo(() => {
    const anchored = new Set(view.order);
    const inOrder: CommentThread[] = [];
    for (const id of view.order) {
      const thread = threads.get(id);
      if (thread) inOrder.push(thread);
    }
    const rest = [...threads.values()].filter((thread) => !anchored.has(thread.id)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return { list: [...inOrder, ...rest].filter((thread) => matchesFilter(thread, filter, member)), anchored };
  }, [view.order, threads, filter, member]);

  useEffect(() => comments.setVisible(shown.list.map((thread) => thread.id)), [comments, shown]);
  // Every commit may have added, removed or resized cards.
  useLayoutEffect(() => comments.scheduleLayout());

  const canWrite = view.editable || (threadsWritable && view.view !== null);

  function go(direction: 1 | -1, fromThreadId: string | null): void {
    const moved = comments.move(direction, fromThreadId);
    if (moved === null) announce(t('comments.announce.none'));
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>): void {
    if (!event.altKey || (event.key !== 'PageDown' && event.key !== 'PageUp')) return;
    event.preventDefault();
    const card = (event.target as Element).closest('[data-thread-card]');
    go(event.key === 'PageDown' ? 1 : -1, card?.getAttribute('data-thread-card') ?? null);
  }

  const set = (patch: Partial<ThreadFilter>): void => onFilterChange({ ...filter, ...patch });
  const nextKeys = displayShortcut(SHORTCUTS.nextComment, isMac);
  const previousKeys = displayShortcut(SHORTCUTS.previousComment, isMac);

  return (
    <aside className="comments-sidebar" aria-label={t('comments.sidebar')} onKeyDown={onKeyDown}>
      {suggestions}
      <div className="comments-header" hidden={!showThreads}>
        <div className="comments-title-row">
          <h2 className="comments-heading">{t('comments.sidebar')}</h2>
          <span id={countId} className="comments-count">
            {t('comments.count', { shown: shown.list.length, total: threads.size })}
          </span>
          <PreviousNext
            previous={{ label: t('comments.previous'), keys: { shown: previousKeys, aria: ariaShortcut(SHORTCUTS.previousComment, isMac) }, onClick: () => go(-1, focusedCard()) }}
            next={{ label: t('comments.next'), keys: { shown: nextKeys, aria: ariaShortcut(SHORTCUTS.nextComment, isMac) }, onClick: () => go(1, focusedCard()) }}
          />
        </div>
        <fieldset className="comments-filters">
          <legend className="visually-hidden">{t('comments.filters')}</legend>
          <div className="segmented" role="radiogroup" aria-label={t('comments.stateFilter')}>
            {STATES.map((state) => (
              <label key={state} className="segment">
                <input type="radio" name={stateName} value={state} checked={filter.state === state} onChange={() => set({ state })} />
                <span>{t(`comments.state.${state}`)}</span>
              </label>
            ))}
          </div>
          <label className="filter-check">
            <input type="checkbox" checked={filter.assignedToMine} disabled={member === null} onChange={(e) => set({ assignedToMine: e.target.checked })} />
            {t('comments.assignedToMine')}
          </label>
          <label className="filter-check">
            <input type="checkbox" checked={filter.writtenByMe} disabled={member === null} onChange={(e) => set({ writtenByMe: e.target.checked })} />
            {t('comments.writtenByMe')}
          </label>
          <span className="filter-agency">
            <label htmlFor={agencyId}>{t('comments.agencyFilter')}</label>
            <select
              id={agencyId}
              value={filter.agency ?? ''}
              onChange={(e) => {
                const value = e.target.value;
                set({ agency: value === 'none' ? 'none' : isAgencyCode(value) ? value : null });
              }}
            >
              <option value="">{t('comments.anyAgency')}</option>
              <AgencyOptions />
              <option value="none">{t('comments.unassigned')}</option>
            </select>
          </span>
        </fieldset>
        {!canWrite && view.view !== null && <p className="comments-readonly">{t('comments.readOnly')}</p>}
      </div>
      <div className="comment-cards" ref={cardContainer} hidden={!showThreads}>
        {view.composer && <NewThreadComposer comments={comments} composer={view.composer} defaultAssignee={owner} />}
        {shown.list.map((thread) => (
          <ThreadCard key={thread.id} thread={thread} member={member} canWrite={canWrite} anchored={shown.anchored.has(thread.id)} comments={comments} />
        ))}
      </div>
      {showThreads && shown.list.length === 0 && view.composer === null && <p className="comments-empty">{t('comments.empty')}</p>}
    </aside>
  );
}

function focusedCard(): string | null {
  return document.activeElement?.closest('[data-thread-card]')?.getAttribute('data-thread-card') ?? null;
}

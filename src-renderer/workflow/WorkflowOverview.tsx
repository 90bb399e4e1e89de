/**
 * "Översikt": the state of the whole plan at a glance, for the coordinator
 * (anyone may open it). A real table with column and row headers, so a
 * screen reader reads each cell with its chapter and column; sortable by
 * status, owner and deadline risk through buttons in the column headers,
 * with `aria-sort` on the sorted one. Counts are live (plan-workflow.ts).
 * A modal dialog like "Kommentarer i planen": the chapter name opens the
 * chapter and closes the overview.
 */
import { useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { agencyByCode } from '../../shared/agencies/agencies.ts';
import { readThreads } from '../../shared/comments/threads.ts';
import type { ChapterEntry } from '../../shared/plan/manifest.ts';
import { readSuggestions } from '../../shared/suggestions/suggestions.ts';
import { deadlineRisk, lastActivity, RISK_ORDER, STATUS_ORDER, type Activity, type DeadlineRisk } from '../../shared/workflow/chapter-overview.ts';
import { daysLeft } from '../../shared/workflow/plan-details.ts';
import { pendingSuggestions } from '../../shared/workflow/readiness.ts';
import type { StatusHistoryEntry } from '../../shared/workflow/status-history.ts';
import { WorkflowDialog } from './WorkflowDialog.tsx';
import { agencyName, formatTime } from '../comments/comment-words.ts';
import type { ChapterHandle } from '../plan/plan-session.ts';
import { today } from './plan-workflow.ts';

type SortKey = 'order' | 'status' | 'owner' | 'risk';

interface Row {
  readonly entry: ChapterEntry;
  readonly threads: number;
  readonly suggestions: number;
  readonly activity: Activity | null;
  readonly risk: DeadlineRisk;
}

interface Props {
  readonly chapters: readonly ChapterEntry[];
  readonly handles: ReadonlyMap<string, ChapterHandle>;
  readonly history: readonly StatusHistoryEntry[];
  readonly deadline: string | null;
  /** Changes whenever a doc of the plan changes (usePlanRevision), so the counts are re-read. */
  readonly revision: number;
  readonly onOpenChapter: (chapterId: string) => void;
  readonly onClose: () => void;
}

export function WorkflowOverview({ chapters, handles, history, deadline, revision, onOpenChapter, onClose }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'order', descending: false });
  const left = daysLeft(deadline, today());

  const rows = useMemo((): Row[] => {
    return chapters.map((entry) => {
      const handle = handles.get(entry.id);
      const threads = handle ? readThreads(handle.doc) : [];
      const suggestions = handle ? readSuggestions(handle.doc) : [];
      const openThreads = threads.filter((thread) => thread.state === 'open').length;
      const openSuggestions = handle ? pendingSuggestions(handle.doc).length : 0;
      return {
        entry,
        threads: openThreads,
        suggestions: openSuggestions,
        activity: lastActivity(entry, history, threads, suggestions),
        risk: deadlineRisk(entry.status, openThreads + openSuggestions, left),
      };
    });
    // `revision` stands for the chapter docs' content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chapters, handles, history, left, revision]);

  const sorted = useMemo(() => {
    const ownerName = (row: Row): string => (row.entry.owner === null ? '\uffff' : agencyName(row.entry.owner, language));
    const compare = (a: Row, b: Row): number => {
      switch (sort.key) {
        case 'status':
          return STATUS_ORDER.indexOf(a.entry.status) - STATUS_ORDER.indexOf(b.entry.status);
        case 'owner':
          return ownerName(a).localeCompare(ownerName(b), language === 'en' ? 'en' : 'sv');
        case 'risk':
          return RISK_ORDER.indexOf(a.risk) - RISK_ORDER.indexOf(b.risk);
        case 'order':
          return 0;
      }
    };
    // Stable, and ties keep the outline's order.
    return rows
      .map((row, index) => ({ row, index }))
      .sort((a, b) => (sort.descending ? -1 : 1) * compare(a.row, b.row) || a.index - b.index)
      .map(({ row }) => row);
  }, [rows, sort, language]);

  const totals = useMemo(
    () => ({
      approved: rows.filter((r) => r.entry.status === 'approved').length,
      threads: rows.reduce((sum, r) => sum + r.threads, 0),
      suggestions: rows.reduce((sum, r) => sum + r.suggestions, 0),
    }),
    [rows],
  );

  function sortButton(key: Exclude<SortKey, 'order'>, label: string): ReactElement {
    const active = sort.key === key;
    return (
      <button
        type="button"
        className="sort-button"
        onClick={() => setSort(active ? { key, descending: !sort.descending } : { key, descending: key === 'risk' })}
      >
        {label}
        <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ' ↕'}</span>
      </button>
    );
  }
  const ariaSort = (key: SortKey): 'ascending' | 'descending' | undefined => (sort.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined);

  return (
    <WorkflowDialog
      title={t('workflow.overview.title')}
      status={
        <>
          <p className="deadline-left" role="status">
            {left === null
              ? t('workflow.overview.noDeadline')
              : left >= 0
                ? t('workflow.overview.daysLeft', { count: left, date: deadline })
                : t('workflow.overview.daysPast', { count: -left, date: deadline })}
          </p>
          <p className="comments-count">
            {t('workflow.overview.totals', { approved: totals.approved, chapters: rows.length, threads: totals.threads, suggestions: totals.suggestions })}
          </p>
        </>
      }
      onClose={onClose}
    >
      <table className="workflow-table">
        <caption className="visually-hidden">{t('workflow.overview.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('workflow.overview.chapter')}</th>
            <th scope="col" aria-sort={ariaSort('owner')}>
              {sortButton('owner', t('workflow.overview.owner'))}
            </th>
            <th scope="col" aria-sort={ariaSort('status')}>
              {sortButton('status', t('workflow.overview.status'))}
            </th>
            <th scope="col">{t('workflow.overview.threads')}</th>
            <th scope="col">{t('workflow.overview.suggestions')}</th>
            <th scope="col">{t('workflow.overview.changed')}</th>
            <th scope="col" aria-sort={ariaSort('risk')}>
              {sortButton('risk', t('workflow.overview.risk'))}
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={row.entry.id}>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => onOpenChapter(row.entry.id)}>
                  {row.entry.title || '—'}
                </button>
              </th>
              <td>
                {row.entry.owner === null ? (
                  t('workflow.overview.noOwner')
                ) : (
                  <span className="agency-text" style={{ color: agencyByCode(row.entry.owner).colour }}>
                    {agencyName(row.entry.owner, language)}
                  </span>
                )}
              </td>
              <td>
                <span className={`status-badge status-badge--${row.entry.status}`}>{t(`workflow.status.${row.entry.status}`)}</span>
              </td>
              <td className="number">{row.threads}</td>
              <td className="number">{row.suggestions}</td>
              <td>
                {row.activity === null
                  ? t('workflow.overview.noActivity')
                  : t('workflow.overview.activity', {
                      time: formatTime(row.activity.at, language),
                      name: row.activity.by.name,
                      agency: agencyByCode(row.activity.by.agency).abbreviation,
                    })}
              </td>
              <td>
                <span className={`risk risk--${row.risk}`}>{t(`workflow.risk.${row.risk}`)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="workflow-note">{t('workflow.overview.activityNote')}</p>
    </WorkflowDialog>
  );
}

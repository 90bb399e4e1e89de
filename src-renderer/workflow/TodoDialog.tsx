/**
 * "Att göra för <myndighet>": what waits for the member's agency
 * (shared/workflow/todo.ts), each item a button that opens its place. The
 * same count is on the header button that opens it.
 */
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgencyCode } from '../../shared/agencies/agencies.ts';
import type { ChapterEntry } from '../../shared/plan/manifest.ts';
import type { TodoItem } from '../../shared/workflow/todo.ts';
import { WorkflowDialog } from './WorkflowDialog.tsx';
import { agencyName } from '../comments/comment-words.ts';
import { placeOfTodo, type WorkflowPlace } from './workflow-place.ts';

interface Props {
  readonly agency: AgencyCode;
  readonly items: readonly TodoItem[];
  readonly chapters: readonly ChapterEntry[];
  readonly onGo: (place: WorkflowPlace) => void;
  readonly onClose: () => void;
}

export function TodoDialog({ agency, items, chapters, onGo, onClose }: Props): ReactElement {
  const { t, i18n } = useTranslation();
  const titleOf = (chapterId: string): string => chapters.find((c) => c.id === chapterId)?.title || '—';

  function describe(item: TodoItem): string {
    const title = titleOf(item.chapterId);
    switch (item.kind) {
      case 'sent-back':
        return t('workflow.todo.sent-back', { title, reason: item.reason });
      case 'assigned-thread':
      case 'reply':
        return t(`workflow.todo.${item.kind}`, { title, quote: item.quote });
      case 'suggestion':
      case 'to-review':
        return t(`workflow.todo.${item.kind}`, { title });
    }
  }

  return (
    <WorkflowDialog
      title={t('workflow.todo.title', { agency: agencyName(agency, i18n.language) })}
      status={<p className="comments-count">{t('workflow.todo.count', { count: items.length })}</p>}
      onClose={onClose}
    >
      {items.length === 0 ? (
        <p className="comments-empty">{t('workflow.todo.empty')}</p>
      ) : (
        <ul className="overview-list">
          {items.map((item, index) => (
            <li key={`${item.kind}-${item.chapterId}-${index}`} className="overview-item">
              <p className="overview-item-text">{describe(item)}</p>
              <div className="overview-actions">
                <button type="button" className="button button--small" aria-label={t('workflow.showLabel', { what: describe(item) })} onClick={() => onGo(placeOfTodo(item))}>
                  {t('workflow.show')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </WorkflowDialog>
  );
}
